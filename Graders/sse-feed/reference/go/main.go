// An event feed over Server-Sent Events: POST /events appends, GET /stream streams. See README.md.
//
// Every subscriber is its own goroutine with its own position in the append-only log, so a subscriber that reads
// slowly only ever blocks its own goroutine, and resuming from Last-Event-ID is a matter of where that position
// starts. An append wakes every subscriber by closing a channel and making the next one.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

type feed struct {
	mu      sync.Mutex
	frames  [][]byte      // encoded frames; the event with id N is frames[N-1]
	changed chan struct{} // closed at the next append
}

func frame(number int, name, data string) []byte {
	var out strings.Builder
	fmt.Fprintf(&out, "id: %d\nevent: %s\n", number, name)
	for _, line := range strings.Split(data, "\n") {
		out.WriteString("data: " + line + "\n")
	}
	out.WriteString("\n")
	return []byte(out.String())
}

func (f *feed) append(name, data string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.frames = append(f.frames, frame(len(f.frames)+1, name, data))
	close(f.changed)
	f.changed = make(chan struct{})
	return len(f.frames)
}

// since is the frames after position, and a channel closed at the next append.
func (f *feed) since(position int) ([][]byte, <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.frames[position:len(f.frames):len(f.frames)], f.changed
}

// start is where a subscriber begins: after Last-Event-ID when it is a whole number, else at the end.
func (f *feed) start(lastEventID string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	last := strings.TrimSpace(lastEventID)
	if last == "" || strings.Trim(last, "0123456789") != "" {
		return len(f.frames)
	}
	if n, err := strconv.Atoi(last); err == nil && n < len(f.frames) {
		return n
	}
	return len(f.frames)
}

var (
	events    = &feed{changed: make(chan struct{})}
	heartbeat = 15 * time.Second
)

func sendJSON(w http.ResponseWriter, status int, payload any) {
	body, _ := json.Marshal(payload)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

func postEvent(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var posted map[string]any
	if json.Unmarshal(body, &posted) != nil || posted == nil {
		sendJSON(w, http.StatusBadRequest, map[string]string{"error": "the body must be a JSON object"})
		return
	}
	data, ok := posted["data"].(string)
	if !ok {
		sendJSON(w, http.StatusBadRequest, map[string]string{"error": "\"data\" must be a string"})
		return
	}
	name := "message"
	if value, present := posted["event"]; present {
		name, ok = value.(string)
		if !ok || name == "" || strings.ContainsAny(name, "\r\n") {
			sendJSON(w, http.StatusBadRequest, map[string]string{"error": "\"event\" must be a non-empty string on one line"})
			return
		}
	}
	sendJSON(w, http.StatusCreated, map[string]int{"id": events.append(name, data)})
}

func stream(w http.ResponseWriter, r *http.Request) {
	flusher, _ := w.(http.Flusher)
	position := events.start(r.Header.Get("Last-Event-ID"))
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher.Flush()
	timer := time.NewTimer(heartbeat)
	defer timer.Stop()
	for {
		frames, changed := events.since(position)
		if len(frames) > 0 {
			for _, f := range frames {
				if _, err := w.Write(f); err != nil {
					return // the subscriber went away
				}
			}
			flusher.Flush()
			position += len(frames)
			if !timer.Stop() {
				<-timer.C
			}
			timer.Reset(heartbeat)
			continue
		}
		select {
		case <-changed:
		case <-timer.C:
			if _, err := io.WriteString(w, ": heartbeat\n\n"); err != nil {
				return
			}
			flusher.Flush()
			timer.Reset(heartbeat)
		case <-r.Context().Done():
			return
		}
	}
}

func handle(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/events":
		postEvent(w, r)
	case r.Method == http.MethodGet && r.URL.Path == "/stream":
		stream(w, r)
	default:
		sendJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path)})
	}
}

func main() {
	if ms, err := strconv.Atoi(os.Getenv("HEARTBEAT_MS")); err == nil && ms > 0 {
		heartbeat = time.Duration(ms) * time.Millisecond
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(handle)))
}
