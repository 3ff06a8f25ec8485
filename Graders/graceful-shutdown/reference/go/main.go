// A small HTTP service that shuts down gracefully (reference solution of graceful-shutdown).
//
// On SIGTERM or SIGINT: /readyz turns 503 at once, new requests are still served for DRAIN_DELAY_MS (the load
// balancer has not noticed yet), then the listening socket is closed, requests in flight finish, and the
// process exits 0 when none is left -- or 1 when SHUTDOWN_TIMEOUT_MS after the signal some are still running.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

const maxWorkMS = 10000

func envMS(name string, fallback int) time.Duration {
	ms, err := strconv.Atoi(os.Getenv(name))
	if err != nil {
		ms = fallback
	}
	return time.Duration(ms) * time.Millisecond
}

var (
	drainDelay      = envMS("DRAIN_DELAY_MS", 0)
	shutdownTimeout = envMS("SHUTDOWN_TIMEOUT_MS", 10000)
	draining        atomic.Bool
)

func sendJSON(w http.ResponseWriter, status int, payload any) {
	body, _ := json.Marshal(payload)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if draining.Load() {
		// Decided when the response is written: a request that began before the signal still carries it, and
		// net/http closes the connection after a response that says so.
		w.Header().Set("Connection", "close")
	}
	w.WriteHeader(status)
	w.Write(body)
}

var digits = regexp.MustCompile(`^[0-9]+$`)

func handle(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		sendJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	case "/readyz":
		if draining.Load() {
			sendJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
		} else {
			sendJSON(w, http.StatusOK, map[string]string{"status": "ready"})
		}
	case "/work":
		values := r.URL.Query()["ms"]
		ms := -1
		if len(values) == 1 && digits.MatchString(values[0]) {
			if n, err := strconv.Atoi(values[0]); err == nil && n <= maxWorkMS {
				ms = n
			}
		}
		if ms < 0 {
			sendJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("ms must be a whole number from 0 to %d", maxWorkMS)})
			return
		}
		time.Sleep(time.Duration(ms) * time.Millisecond)
		sendJSON(w, http.StatusOK, map[string]int{"slept_ms": ms})
	default:
		sendJSON(w, http.StatusNotFound, map[string]string{"error": "no route for " + r.URL.Path})
	}
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	listener, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		log.Fatal(err)
	}
	server := &http.Server{Handler: http.HandlerFunc(handle)}
	go func() {
		if err := server.Serve(listener); err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	log.Printf("listening on 127.0.0.1:%s", port)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	<-stop
	deadline := time.Now().Add(shutdownTimeout)
	draining.Store(true)
	// Idle keep-alive connections are closed now, and busy ones after their response.
	server.SetKeepAlivesEnabled(false)
	log.Printf("draining: readiness is now 503, still accepting for %v", drainDelay)
	time.Sleep(drainDelay)

	// Shutdown closes the listening socket (new connections are refused at once), closes idle connections and
	// waits for the requests in flight, until the deadline counted from the signal.
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if err := server.Shutdown(ctx); err != nil {
		log.Printf("shutdown timeout: abandoning the requests in flight")
		os.Exit(1)
	}
	log.Printf("drained: exiting")
}
