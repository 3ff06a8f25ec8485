// middleware-chain: an orders API whose cross-cutting concerns belong in middleware (see README.md).
//
// Build and run it with `go build -o server . && PORT=8080 ./server`, and try it with curl -i.
//
// The shape is Go's own (net/http, and chi, gorilla/handlers and alice on top of it): a handler is an
// http.Handler; a middleware is a func(http.Handler) http.Handler that wraps the rest of the chain, `next`, and may
// act before calling next.ServeHTTP, after it, or instead of it.
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
	"sync"
	"time"
)

// Middleware wraps the rest of the chain.
type Middleware func(next http.Handler) http.Handler

// --- middleware ------------------------------------------------------------------------------------------------
// TODO (stage 1): requestID (X-Request-Id kept when valid, else generated; echoed on every response) and
//   accessLog (one JSON line per request on standard output).
// TODO (stage 2): recoverErrors (every error as application/problem+json, a panic as a 500 that leaks nothing) and
//   bodyLimit (413 from Content-Length, before the body is read).
// TODO (stage 3): cors (CORS_ORIGINS; preflights; the headers on every response, errors included).

// --- the application -------------------------------------------------------------------------------------------

type order struct {
	ID       int    `json:"id"`
	Item     string `json:"item"`
	Quantity int    `json:"quantity"`
	Note     string `json:"note"`
}

var (
	ordersMu  sync.Mutex
	orders    = map[int]order{}
	nextID    = 1
	orderPath = regexp.MustCompile(`^/orders/([0-9]+)$`)
)

// writeJSON sends payload as a JSON response with the given status (set any other header before calling it).
func writeJSON(w http.ResponseWriter, status int, payload any) {
	data, _ := json.Marshal(payload)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}

func createOrder(w http.ResponseWriter, r *http.Request, _ int) {
	// TODO (stage 2): 415 unless the body is application/json, 400 unless it is a JSON object, 422 listing every
	//   invalid field (item, quantity, note, unknown fields) in "errors".
	body, _ := io.ReadAll(r.Body)
	var data struct {
		Item     string `json:"item"`
		Quantity int    `json:"quantity"`
		Note     string `json:"note"`
	}
	json.Unmarshal(body, &data)
	ordersMu.Lock()
	created := order{ID: nextID, Item: data.Item, Quantity: data.Quantity, Note: data.Note}
	orders[created.ID] = created
	nextID++
	ordersMu.Unlock()
	w.Header().Set("Location", fmt.Sprintf("/orders/%d", created.ID))
	writeJSON(w, http.StatusCreated, created)
}

func listOrders(w http.ResponseWriter, r *http.Request, _ int) {
	ordersMu.Lock()
	list := make([]order, 0, len(orders))
	for _, o := range orders {
		list = append(list, o)
	}
	ordersMu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	writeJSON(w, http.StatusOK, map[string]any{"orders": list})
}

func getOrder(w http.ResponseWriter, r *http.Request, id int) {
	ordersMu.Lock()
	found, ok := orders[id]
	ordersMu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("there is no order %d", id)})
		return
	}
	writeJSON(w, http.StatusOK, found)
}

func crash(w http.ResponseWriter, r *http.Request, _ int) {
	// Stands for any bug deep in the code: the error handling must turn it into a 500 that reveals nothing.
	panic("database password is hunter2: connection to 10.0.0.7 refused")
}

func slow(w http.ResponseWriter, r *http.Request, _ int) {
	time.Sleep(200 * time.Millisecond)
	writeJSON(w, http.StatusOK, map[string]int{"slept_ms": 200})
}

func health(w http.ResponseWriter, r *http.Request, _ int) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

type route func(w http.ResponseWriter, r *http.Request, id int)

func router(w http.ResponseWriter, r *http.Request) {
	var routes map[string]route
	id := 0
	if match := orderPath.FindStringSubmatch(r.URL.Path); match != nil {
		routes = map[string]route{"GET": getOrder}
		id, _ = strconv.Atoi(match[1])
	} else {
		switch r.URL.Path {
		case "/orders":
			routes = map[string]route{"GET": listOrders, "POST": createOrder}
		case "/healthz":
			routes = map[string]route{"GET": health}
		case "/debug/crash":
			routes = map[string]route{"GET": crash}
		case "/debug/slow":
			routes = map[string]route{"GET": slow}
		default:
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "there is nothing at " + r.URL.Path})
			return
		}
	}
	// TODO (stage 2): a method the path does not support is 405 with an Allow header.
	routes[r.Method](w, r, id)
}

// chain wraps endpoint in the middleware, the first one outermost: chain(h, a, b) is a(b(h)), and a request
// meets a first.
func chain(endpoint http.Handler, middleware ...Middleware) http.Handler {
	for i := len(middleware) - 1; i >= 0; i-- {
		endpoint = middleware[i](endpoint)
	}
	return endpoint
}

var middleware = []Middleware{} // outermost first

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	app := chain(http.HandlerFunc(router), middleware...)
	// The handler sees every request as it came: no ServeMux, so no redirects for paths like //orders.
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, app))
}
