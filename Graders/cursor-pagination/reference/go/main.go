// cursor-pagination reference: keyset pagination with opaque cursors over (created_at, id).
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"unicode/utf8"
)

const (
	baseTime     = 1735689600 // 2025-01-01T00:00:00Z
	defaultLimit = 20
	maxLimit     = 100
)

type Item struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	CreatedAt int64  `json:"created_at"`
}

// key is an item's place in the order: created_at, then id.
type key struct{ createdAt, id int64 }

func (a key) less(b key) bool {
	return a.createdAt < b.createdAt || (a.createdAt == b.createdAt && a.id < b.id)
}

func keyOf(item Item) key { return key{item.CreatedAt, item.ID} }

func seedItems() []Item {
	items := make([]Item, 0, 200)
	for i := int64(1); i <= 200; i++ {
		items = append(items, Item{ID: i, Name: fmt.Sprintf("item-%03d", i), CreatedAt: baseTime + 60*((i*37)%100)})
	}
	return items
}

// Store keeps the items sorted by their key, so a page is a binary search and a slice.
type Store struct {
	mu     sync.Mutex
	items  []Item
	nextID int64
}

func newStore(items []Item) *Store {
	sort.Slice(items, func(i, j int) bool { return keyOf(items[i]).less(keyOf(items[j])) })
	s := &Store{items: items}
	for _, item := range items {
		if item.ID >= s.nextID {
			s.nextID = item.ID + 1
		}
	}
	return s
}

// after returns the position of the first item whose key is strictly greater than k.
func (s *Store) after(k key) int {
	return sort.Search(len(s.items), func(i int) bool { return k.less(keyOf(s.items[i])) })
}

func (s *Store) add(name string, createdAt int64) Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	item := Item{ID: s.nextID, Name: name, CreatedAt: createdAt}
	s.nextID++
	position := s.after(keyOf(item))
	s.items = append(s.items, Item{})
	copy(s.items[position+1:], s.items[position:])
	s.items[position] = item
	return item
}

// page returns up to limit items after the key (nil: from the start), and whether more follow.
func (s *Store) page(after *key, limit int) ([]Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := 0
	if after != nil {
		start = s.after(*after)
	}
	end := start + limit
	if end > len(s.items) {
		end = len(s.items)
	}
	return append([]Item{}, s.items[start:end]...), start+limit < len(s.items)
}

var store = newStore(seedItems())

func encodeCursor(item Item) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d:%d", item.CreatedAt, item.ID)))
}

var cursorText = regexp.MustCompile(`^([0-9]+):([0-9]+)$`)

// decodeCursor returns the key a cursor stands for, or false when it is not one of ours.
func decodeCursor(cursor string) (key, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return key{}, false
	}
	match := cursorText.FindSubmatch(raw)
	if match == nil {
		return key{}, false
	}
	createdAt, err1 := strconv.ParseInt(string(match[1]), 10, 64)
	id, err2 := strconv.ParseInt(string(match[2]), 10, 64)
	if err1 != nil || err2 != nil {
		return key{}, false
	}
	return key{createdAt, id}, true
}

var digits = regexp.MustCompile(`^[0-9]+$`)

// parseLimit reads the last limit given; false when it is not a whole number from 1 to maxLimit.
func parseLimit(query url.Values) (int, bool) {
	values, given := query["limit"]
	if !given {
		return defaultLimit, true
	}
	text := values[len(values)-1]
	if !digits.MatchString(text) {
		return 0, false
	}
	limit, err := strconv.Atoi(text)
	if err != nil || limit < 1 || limit > maxLimit {
		return 0, false
	}
	return limit, true
}

func sendJSON(w http.ResponseWriter, status int, payload any) {
	data, err := json.Marshal(payload)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(data)
}

func sendError(w http.ResponseWriter, status int, message string) {
	sendJSON(w, status, map[string]string{"error": message})
}

func list(w http.ResponseWriter, r *http.Request) {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		sendError(w, http.StatusBadRequest, "the query string is not valid: "+err.Error())
		return
	}
	limit, ok := parseLimit(query)
	if !ok {
		sendError(w, http.StatusBadRequest, fmt.Sprintf("limit must be an integer from 1 to %d", maxLimit))
		return
	}
	var after *key
	if values, given := query["cursor"]; given {
		k, ok := decodeCursor(values[len(values)-1])
		if !ok {
			sendError(w, http.StatusBadRequest, "cursor is not valid; use a next_cursor this service returned")
			return
		}
		after = &k
	}
	items, more := store.page(after, limit)
	var next any
	if more && len(items) > 0 {
		next = encodeCursor(items[len(items)-1])
	}
	sendJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
}

var wholeNumber = regexp.MustCompile(`^-?[0-9]+$`)

func create(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	if !utf8.Valid(raw) {
		sendError(w, http.StatusBadRequest, "the request body is not valid UTF-8")
		return
	}
	// UseNumber keeps created_at as written, so 5.0 and 1e3 can be told from the integer 5.
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	var data any
	if err := decoder.Decode(&data); err != nil || decoder.More() {
		sendError(w, http.StatusBadRequest, "the request body is not valid JSON")
		return
	}
	if _, err := decoder.Token(); err != io.EOF {
		sendError(w, http.StatusBadRequest, "the request body is not valid JSON")
		return
	}
	object, ok := data.(map[string]any)
	if !ok {
		sendError(w, http.StatusBadRequest, "the request body must be a JSON object")
		return
	}
	name, ok := object["name"].(string)
	if !ok || name == "" {
		sendError(w, http.StatusBadRequest, "'name' must be a non-empty string")
		return
	}
	number, ok := object["created_at"].(json.Number)
	createdAt, err := strconv.ParseInt(string(number), 10, 64)
	if !ok || !wholeNumber.MatchString(string(number)) || err != nil || createdAt < 0 {
		sendError(w, http.StatusBadRequest, "'created_at' must be a non-negative integer (Unix seconds)")
		return
	}
	sendJSON(w, http.StatusCreated, store.add(name, createdAt))
}

func handle(w http.ResponseWriter, r *http.Request) {
	if r.URL.EscapedPath() != "/items" {
		sendError(w, http.StatusNotFound, "no such resource: "+r.URL.EscapedPath())
		return
	}
	switch r.Method {
	case http.MethodGet:
		list(w, r)
	case http.MethodPost:
		create(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		sendError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here")
	}
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(handle)))
}
