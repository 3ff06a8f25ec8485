// A live event feed over Server-Sent Events. See README.md for the contract.
//
// Run it, try it (curl's -N turns its buffering off) and test it:
//
//	go build -o server . && PORT=8080 HEARTBEAT_MS=2000 ./server
//	curl -N localhost:8080/stream                          # in one terminal
//	curl -d '{"data": "hello"}' localhost:8080/events      # in another
//	ladder test                                            # or: python3 tests/check.py post frames --submission .
//
// Today POST /events stores events and GET /stream is missing. The TODOs mark what the stages add.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
)

// TODO (stage 3): HEARTBEAT_MS, default 15000.

type event struct {
	name string
	data string
}

var (
	mu     sync.Mutex
	events []event // the event with id N is events[N-1]
)

func sendJSON(w http.ResponseWriter, status int, payload any) {
	body, _ := json.Marshal(payload)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

func postEvent(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var posted struct {
		Event string `json:"event"`
		Data  string `json:"data"`
	}
	json.Unmarshal(body, &posted)
	// TODO (stage 1): answer 400 to a body that is not a valid event (README, rule 3).
	name := posted.Event
	if name == "" {
		name = "message"
	}
	mu.Lock()
	events = append(events, event{name: name, data: posted.Data})
	number := len(events)
	mu.Unlock()
	sendJSON(w, http.StatusCreated, map[string]int{"id": number})
}

func handle(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == "/events" {
		postEvent(w, r)
		return
	}
	// TODO (stage 1): GET /stream: the headers at once, then one frame per event appended from now on
	//   (w.(http.Flusher).Flush() sends what was written so far).
	// TODO (stage 2): start after Last-Event-ID when the request has one.
	// TODO (stage 3): heartbeats; a subscriber that does not read must not block anyone else.
	sendJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path)})
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	fmt.Fprintf(os.Stderr, "listening on 127.0.0.1:%s\n", port)
	// Every request is served in a goroutine of its own; the handler sees every request as it came (no ServeMux).
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(handle)))
}
