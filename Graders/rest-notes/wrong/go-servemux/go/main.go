// Known-wrong (go-servemux): routes through an http.ServeMux, which answers a path like /./notes with a 301 redirect to /notes instead of 404.
// rest-notes reference: a notes resource over HTTP with the standard library only.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

type Note struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Store keeps the notes in memory. Ids start at 1 and are never reused, even after a delete.
type Store struct {
	mu     sync.Mutex
	notes  map[int]Note
	nextID int
}

func (s *Store) create(title, body string) Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	note := Note{ID: s.nextID, Title: title, Body: body}
	s.notes[note.ID] = note
	s.nextID++
	return note
}

var store = &Store{notes: map[int]Note{}, nextID: 1}

var notePath = regexp.MustCompile(`^/notes/([0-9]+)$`)

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

func sendError(w http.ResponseWriter, status int, message string, headers map[string]string) {
	sendJSON(w, status, map[string]string{"error": message}, headers)
}

// parseNote returns the title and body of a request body, or a message for the client.
// It decodes into a map, not a struct: encoding/json matches struct fields case-insensitively ("TITLE").
func parseNote(raw []byte) (title, body string, problem string) {
	if !utf8.Valid(raw) {
		return "", "", "the request body is not valid UTF-8"
	}
	var data any
	if err := json.Unmarshal(raw, &data); err != nil {
		return "", "", "the request body is not valid JSON"
	}
	object, ok := data.(map[string]any)
	if !ok {
		return "", "", "the request body must be a JSON object"
	}
	title, ok = object["title"].(string)
	if !ok || title == "" {
		return "", "", "'title' is required and must be a non-empty string"
	}
	if value, present := object["body"]; present {
		if body, ok = value.(string); !ok {
			return "", "", "'body' must be a string"
		}
	}
	return title, body, ""
}

func handle(w http.ResponseWriter, r *http.Request) {
	path := r.URL.EscapedPath()
	var allowed []string
	noteID := 0
	if path == "/notes" {
		allowed = []string{"GET", "POST"}
	} else if match := notePath.FindStringSubmatch(path); match != nil {
		id, err := strconv.Atoi(match[1])
		if err != nil {
			sendError(w, http.StatusNotFound, "no such note: "+match[1], nil)
			return
		}
		noteID = id
		allowed = []string{"GET", "PUT", "DELETE"}
	} else {
		sendError(w, http.StatusNotFound, "no such resource: "+path, nil)
		return
	}
	known := false
	for _, method := range allowed {
		known = known || method == r.Method
	}
	if !known {
		sendError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here",
			map[string]string{"Allow": strings.Join(allowed, ", ")})
		return
	}

	switch {
	case path == "/notes" && r.Method == "GET":
		store.mu.Lock()
		list := make([]Note, 0, len(store.notes))
		for _, note := range store.notes {
			list = append(list, note)
		}
		store.mu.Unlock()
		sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
		sendJSON(w, http.StatusOK, map[string]any{"notes": list}, nil)
	case path == "/notes": // POST
		raw, _ := io.ReadAll(r.Body)
		title, body, problem := parseNote(raw)
		if problem != "" {
			sendError(w, http.StatusBadRequest, problem, nil)
			return
		}
		note := store.create(title, body)
		sendJSON(w, http.StatusCreated, note, map[string]string{"Location": fmt.Sprintf("/notes/%d", note.ID)})
	case r.Method == "GET":
		store.mu.Lock()
		note, ok := store.notes[noteID]
		store.mu.Unlock()
		if !ok {
			sendError(w, http.StatusNotFound, fmt.Sprintf("note %d not found", noteID), nil)
			return
		}
		sendJSON(w, http.StatusOK, note, nil)
	case r.Method == "PUT":
		raw, _ := io.ReadAll(r.Body)
		store.mu.Lock()
		_, ok := store.notes[noteID]
		store.mu.Unlock()
		if !ok {
			sendError(w, http.StatusNotFound, fmt.Sprintf("note %d not found", noteID), nil)
			return
		}
		title, body, problem := parseNote(raw)
		if problem != "" {
			sendError(w, http.StatusBadRequest, problem, nil)
			return
		}
		note := Note{ID: noteID, Title: title, Body: body}
		store.mu.Lock()
		store.notes[noteID] = note
		store.mu.Unlock()
		sendJSON(w, http.StatusOK, note, nil)
	default: // DELETE
		store.mu.Lock()
		_, ok := store.notes[noteID]
		delete(store.notes, noteID)
		store.mu.Unlock()
		if !ok {
			sendError(w, http.StatusNotFound, fmt.Sprintf("note %d not found", noteID), nil)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", handle)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, mux))
}
