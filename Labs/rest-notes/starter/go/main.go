// rest-notes: a notes service over HTTP, standard library only (see README.md).
//
// Run it with `go build -o server . && PORT=8080 ./server` and try it with curl.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sort"
	"sync"
)

// Note is one note; the field tags give its JSON names.
type Note struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// The notes, in memory: id -> note. Ids start at 1 and are never reused.
var (
	mu     sync.Mutex
	notes  = map[int]Note{}
	nextID = 1
)

// sendJSON sends payload as a JSON response with the given status and extra headers.
func sendJSON(w http.ResponseWriter, status int, payload any, headers map[string]string) {
	data, err := json.Marshal(payload)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	for name, value := range headers {
		w.Header().Set(name, value)
	}
	w.WriteHeader(status)
	w.Write(data)
}

func handle(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		if r.URL.Path == "/notes" {
			mu.Lock()
			list := make([]Note, 0, len(notes))
			for _, note := range notes {
				list = append(list, note)
			}
			mu.Unlock()
			sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
			sendJSON(w, http.StatusOK, map[string]any{"notes": list}, nil)
			return
		}
		// TODO (stage 1): GET /notes/ID answers 200 with the note, or 404 with {"error": "..."}.
		sendJSON(w, http.StatusNotFound, map[string]string{"error": "not found"}, nil)
	case http.MethodPost:
		// TODO (stage 1): POST /notes with {"title": ..., "body": ...} stores a new note and answers
		//   201 Created, a `Location: /notes/ID` header and the note as JSON.
		// TODO (stage 3): a body that is not JSON, or has no valid title, is 400 with {"error": "..."}.
		raw, _ := io.ReadAll(r.Body)
		var body any
		json.Unmarshal(raw, &body)
		sendJSON(w, http.StatusOK, body, nil)
	// TODO (stage 2): PUT replaces a note (200, or 404); DELETE removes it (204 and an empty body, or 404).
	default:
		// TODO (stage 3): a method a path does not support is 405 with an `Allow` header.
		sendJSON(w, http.StatusNotImplemented, map[string]string{"error": "not implemented"}, nil)
	}
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	fmt.Printf("listening on http://127.0.0.1:%s\n", port)
	// The handler sees every request as it came: no ServeMux, so no redirects for paths like //notes.
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(handle)))
}
