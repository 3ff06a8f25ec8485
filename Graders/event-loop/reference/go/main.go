// event-loop reference: CPU-heavy hashing runs on a fixed pool of WORKERS goroutines fed by a channel, and a
// semaphore admits at most WORKERS + QUEUE_LIMIT jobs, so the work is bounded and the rest is refused at once.
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

func hashChain(seed string, rounds int) string {
	digest := sha256.Sum256([]byte(seed))
	for i := 1; i < rounds; i++ {
		digest = sha256.Sum256(digest[:])
	}
	return hex.EncodeToString(digest[:])
}

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

// setting is the environment variable's whole number, or fallback when it is not set (or not a number).
func setting(name string, fallback int) int {
	if value, err := strconv.Atoi(os.Getenv(name)); err == nil && value >= 0 {
		return value
	}
	return fallback
}

type job struct {
	seed   string
	rounds int
	result chan string
}

// pool: `slots` holds a token per admitted job (running or waiting), so a full channel means a full service;
// `jobs` feeds the WORKERS goroutines that compute.
type pool struct {
	slots chan struct{}
	jobs  chan job
}

func newPool(workers, queueLimit int) *pool {
	p := &pool{slots: make(chan struct{}, workers+queueLimit), jobs: make(chan job, workers+queueLimit)}
	for i := 0; i < workers; i++ {
		go func() {
			for j := range p.jobs {
				j.result <- hashChain(j.seed, j.rounds)
			}
		}()
	}
	return p
}

var jobs *pool

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
	select {
	case jobs.slots <- struct{}{}:
	default:
		sendJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "too many jobs: try again later"},
			map[string]string{"Retry-After": "1"})
		return
	}
	// The place is given back once the answer is written, whatever happens.
	defer func() { <-jobs.slots }()
	j := job{seed: seed, rounds: rounds, result: make(chan string, 1)}
	jobs.jobs <- j
	digest := <-j.result
	sendJSON(w, http.StatusOK, map[string]any{"seed": seed, "rounds": rounds, "hash": digest}, nil)
}

func main() {
	jobs = newPool(setting("WORKERS", 2), setting("QUEUE_LIMIT", 4))
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(handle)))
}
