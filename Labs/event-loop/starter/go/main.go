// event-loop: a hashing service whose CPU work must be bounded (see README.md).
//
// Build and run it with `go build -o server . && PORT=8080 ./server`, and try
// `curl 'localhost:8080/hash?seed=abc&rounds=3000000'`.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"regexp"
	"strconv"
)

const maxRounds = 5000000

var (
	seedPattern   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	roundsPattern = regexp.MustCompile(`^[0-9]+$`)
)

// hashChain is sha256 of the seed's bytes, then sha256 of each digest, rounds times in all; the last one in hex.
func hashChain(seed string, rounds int) string {
	digest := sha256.Sum256([]byte(seed))
	for i := 1; i < rounds; i++ {
		digest = sha256.Sum256(digest[:])
	}
	return hex.EncodeToString(digest[:])
}

// parse reads seed and rounds from the query string; problem is an error message when they are not valid.
func parse(r *http.Request) (seed string, rounds int, problem string) {
	query := r.URL.Query()
	seeds, counts := query["seed"], query["rounds"]
	if len(seeds) != 1 || !seedPattern.MatchString(seeds[0]) {
		return "", 0, "seed must be given once: 1 to 64 letters, digits, '-' or '_'"
	}
	if len(counts) != 1 || !roundsPattern.MatchString(counts[0]) {
		return "", 0, fmt.Sprintf("rounds must be given once: a whole number from 1 to %d", maxRounds)
	}
	rounds, err := strconv.Atoi(counts[0])
	if err != nil || rounds < 1 || rounds > maxRounds {
		return "", 0, fmt.Sprintf("rounds must be given once: a whole number from 1 to %d", maxRounds)
	}
	return seeds[0], rounds, ""
}

// TODO (stage 3): read WORKERS (default 2) and QUEUE_LIMIT (default 4) from the environment.

// sendJSON sends payload as a JSON response with the given status and extra headers.
func sendJSON(w http.ResponseWriter, status int, payload any, headers map[string]string) {
	data, _ := json.Marshal(payload)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	for name, value := range headers {
		w.Header().Set(name, value)
	}
	w.WriteHeader(status)
	w.Write(data)
}

func handle(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		sendJSON(w, http.StatusOK, map[string]string{"status": "ok"}, nil)
		return
	case "/hash":
	default:
		sendJSON(w, http.StatusNotFound, map[string]string{"error": "no such path: " + r.URL.Path}, nil)
		return
	}
	seed, rounds, problem := parse(r)
	if problem != "" {
		sendJSON(w, http.StatusBadRequest, map[string]string{"error": problem}, nil)
		return
	}
	// TODO (stage 2): this computes in the request's own goroutine, so every request computes at once: ten jobs
	//   share the CPUs and all of them finish late. Hand the job to a pool of WORKERS goroutines, started once
	//   in main, that take jobs from a channel, and wait for the result on a channel of the job's own.
	// TODO (stage 3): admit at most WORKERS running + QUEUE_LIMIT waiting jobs; refuse others at once with
	//   503, {"error": ...} and the header Retry-After: 1.
	digest := hashChain(seed, rounds)
	sendJSON(w, http.StatusOK, map[string]any{"seed": seed, "rounds": rounds, "hash": digest}, nil)
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	fmt.Printf("listening on http://127.0.0.1:%s\n", port)
	// The handler sees every request as it came: no ServeMux, so no redirects for paths like //hash.
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(handle)))
}
