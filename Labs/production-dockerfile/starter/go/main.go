// The quotes service: a small HTTP server on port 8080.
//
// You do not need to change this file: the lab is about the Dockerfile and .dockerignore next to it. Run with
// -healthcheck, the program asks a running service's /healthz and exits 0 when it answers 200: a HEALTHCHECK for
// an image that has no shell, curl or wget.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"acme.internal/quotes/internal/store"
)

func main() {
	healthcheck := flag.Bool("healthcheck", false, "request /healthz of the running service and exit 0 if it answers 200")
	flag.Parse()
	port := getenv("PORT", "8080")
	if *healthcheck {
		client := http.Client{Timeout: 2 * time.Second}
		response, err := client.Get("http://127.0.0.1:" + port + "/healthz")
		if err != nil || response.StatusCode != http.StatusOK {
			os.Exit(1)
		}
		os.Exit(0)
	}

	quotes := store.New(getenv("DATABASE_URL", "sqlite:///tmp/quotes.db"))
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/healthz":
			reply(w, http.StatusOK, map[string]string{"status": "ok"})
		case strings.HasPrefix(r.URL.Path, "/quote/"):
			if quote, ok := quotes.Quote(strings.TrimPrefix(r.URL.Path, "/quote/")); ok {
				reply(w, http.StatusOK, quote)
			} else {
				reply(w, http.StatusNotFound, map[string]string{"error": "no such sku"})
			}
		default:
			reply(w, http.StatusNotFound, map[string]string{"error": "no route for " + r.URL.Path})
		}
	})
	log.Fatal(http.ListenAndServe("0.0.0.0:"+port, mux))
}

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func getenv(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
