// cursor-pagination: page through items with opaque cursors (see README.md).
//
// Run it with `go build -o server . && PORT=8080 ./server` and try `curl 'localhost:8080/items?limit=3'`.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"sort"
	"strconv"
)

const baseTime = 1735689600 // 2025-01-01T00:00:00Z, in Unix seconds

type Item struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	CreatedAt int64  `json:"created_at"`
}

// seedItems returns the 200 fixed items: id 1..200, created_at = baseTime + 60 * ((id * 37) % 100).
// Do not change this.
func seedItems() []Item {
	items := make([]Item, 0, 200)
	for i := 1; i <= 200; i++ {
		items = append(items, Item{ID: i, Name: fmt.Sprintf("item-%03d", i), CreatedAt: baseTime + 60*int64((i*37)%100)})
	}
	return items
}

var items = seedItems()

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

func handle(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/items" {
		sendJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	// TODO (stage 3): POST /items with {"name": ..., "created_at": ...} adds an item (id 201, 202, ...) and
	//   answers 201 with it. Items added while a client pages must not be repeated or skipped.
	query := r.URL.Query()
	// TODO (stage 2): validate limit (1 to 100, default 20); anything else is 400 with {"error": ...}.
	limit := 20
	if query.Has("limit") {
		limit, _ = strconv.Atoi(query.Get("limit"))
	}
	// TODO (stage 1): sort by (created_at, id), not by id.
	ordered := append([]Item(nil), items...)
	sort.Slice(ordered, func(i, j int) bool { return ordered[i].ID < ordered[j].ID })
	// TODO (stage 1): when a cursor is given, start right after the item it stands for.
	// TODO (stage 2): a cursor this service did not issue is 400.
	if limit > len(ordered) {
		limit = len(ordered)
	}
	page := ordered[:limit]
	// TODO (stage 1): next_cursor is an opaque string that leads to the next page, or null on the last page.
	sendJSON(w, http.StatusOK, map[string]any{"items": page, "next_cursor": nil})
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	fmt.Printf("listening on http://127.0.0.1:%s\n", port)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(handle)))
}
