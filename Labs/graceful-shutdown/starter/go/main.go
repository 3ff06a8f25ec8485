// A small HTTP service that must shut down gracefully. See README.md for the contract.
//
// Run it:   go build -o server . && PORT=8080 ./server
// Try it:   curl -i localhost:8080/work?ms=2000 &  then  kill -TERM <pid>
//
// It already serves every route. What it does not do yet is stop well: today SIGTERM kills it on the spot,
// cutting off every request in flight. The TODOs below mark what the stages add.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"time"
)

const maxWorkMS = 10000

// envMS reads a duration in milliseconds from the environment, or returns the default.
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
)

// TODO (stage 2): remember whether we are draining (sync/atomic's atomic.Bool is safe to share between the
// handlers and main).

func sendJSON(w http.ResponseWriter, status int, payload any) {
	body, _ := json.Marshal(payload)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	// TODO (stage 3): once draining, add `Connection: close` so keep-alive clients reconnect elsewhere.
	w.WriteHeader(status)
	w.Write(body)
}

var digits = regexp.MustCompile(`^[0-9]+$`)

func handle(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		sendJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	case "/readyz":
		// TODO (stage 2): 503 {"status": "draining"} once SIGTERM has arrived.
		sendJSON(w, http.StatusOK, map[string]string{"status": "ready"})
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
	server := &http.Server{Addr: "127.0.0.1:" + port, Handler: http.HandlerFunc(handle)}
	log.Printf("listening on 127.0.0.1:%s", port)
	// TODO (stage 2): serve in a goroutine, and let main wait for SIGTERM or SIGINT (os/signal's
	// signal.Notify). Then: mark draining, wait drainDelay, stop accepting AND close the listening socket,
	// wait for the requests in flight (http.Server's Shutdown does the last two).
	// TODO (stage 3): exit 0 when they are done, or 1 when shutdownTimeout has passed since the signal.
	_ = shutdownTimeout + drainDelay // delete once the TODOs use them
	log.Fatal(server.ListenAndServe())
}
