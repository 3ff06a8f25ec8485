// middleware-chain reference: an orders API whose cross-cutting concerns are a chain of func(http.Handler)
// http.Handler: request id, access log, CORS, panic recovery, body limit, then the router.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
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
	"time"
	"unicode/utf8"
)

// Middleware wraps the rest of the chain.
type Middleware func(next http.Handler) http.Handler

// --- problems: every error answer ---------------------------------------------------------------------------------

// writeProblem answers status as application/problem+json; extra adds members such as "errors".
func writeProblem(w http.ResponseWriter, status int, detail string, extra map[string]any) {
	payload := map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail}
	for key, value := range extra {
		payload[key] = value
	}
	data, _ := json.Marshal(payload)
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}

// --- middleware ------------------------------------------------------------------------------------------------

var requestIDShape = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

type contextKey struct{}

func requestIDOf(r *http.Request) string {
	id, _ := r.Context().Value(contextKey{}).(string)
	return id
}

func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !requestIDShape.MatchString(id) {
			random := make([]byte, 16)
			rand.Read(random)
			id = hex.EncodeToString(random)
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), contextKey{}, id)))
	})
}

// statusRecorder remembers the status the rest of the chain sent.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusRecorder) Write(data []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(data)
}

var logMu sync.Mutex

func accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		recorder := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(recorder, r)
		if recorder.status == 0 {
			recorder.status = http.StatusOK
		}
		line, _ := json.Marshal(map[string]any{
			"request_id":  requestIDOf(r),
			"method":      r.Method,
			"path":        r.URL.Path,
			"status":      recorder.status,
			"duration_ms": float64(time.Since(started).Microseconds()) / 1000,
		})
		logMu.Lock()
		os.Stdout.Write(append(line, '\n'))
		logMu.Unlock()
	})
}

func allowedOrigins() map[string]bool {
	value, set := os.LookupEnv("CORS_ORIGINS")
	if !set {
		value = "https://app.example.com"
	}
	origins := map[string]bool{}
	for _, origin := range strings.Split(value, ",") {
		if origin = strings.TrimSpace(origin); origin != "" {
			origins[origin] = true
		}
	}
	return origins
}

func cors(origins map[string]bool) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			origin := r.Header.Get("Origin")
			allowed := origin != "" && origins[origin]
			w.Header().Set("Vary", "Origin")
			if allowed {
				w.Header().Set("Access-Control-Allow-Origin", origin)
				w.Header().Set("Access-Control-Expose-Headers", "X-Request-Id")
			}
			if r.Method != http.MethodOptions {
				next.ServeHTTP(w, r)
				return
			}
			if !allowed {
				writeProblem(w, http.StatusForbidden, "this origin may not call the API", nil)
				return
			}
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, X-Request-Id")
			w.Header().Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
		})
	}
}

func recoverErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if failure := recover(); failure != nil {
				log.Printf("request %s: panic: %v", requestIDOf(r), failure)
				w.Header().Del("Location")
				writeProblem(w, http.StatusInternalServerError,
					"the server failed to answer; the request id identifies it in the logs", nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func bodyLimit(limit int64) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// net/http has parsed Content-Length already (a value that is not a number is its own 400).
			if r.ContentLength > limit {
				w.Header().Set("Connection", "close")
				writeProblem(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body may have at most %d bytes", limit), nil)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

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
	wholeNum  = regexp.MustCompile(`^-?[0-9]+$`)
)

func writeJSON(w http.ResponseWriter, status int, payload any) {
	data, _ := json.Marshal(payload)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}

// jsonObject reads the body as a JSON object, or answers 415 or 400 and returns nil.
func jsonObject(w http.ResponseWriter, r *http.Request) map[string]any {
	mediaType := strings.ToLower(strings.TrimSpace(strings.SplitN(r.Header.Get("Content-Type"), ";", 2)[0]))
	if mediaType != "application/json" {
		writeProblem(w, http.StatusUnsupportedMediaType, "send the body as application/json", nil)
		return nil
	}
	raw, err := io.ReadAll(r.Body)
	var value any
	if err == nil && utf8.Valid(raw) {
		decoder := json.NewDecoder(bytes.NewReader(raw))
		decoder.UseNumber()
		if err = decoder.Decode(&value); err == nil {
			if _, more := decoder.Token(); more != io.EOF {
				err = fmt.Errorf("text after the JSON value")
			}
		}
	} else if err == nil {
		err = fmt.Errorf("not UTF-8")
	}
	if err != nil {
		writeProblem(w, http.StatusBadRequest, "the body is not valid JSON", nil)
		return nil
	}
	object, ok := value.(map[string]any)
	if !ok {
		writeProblem(w, http.StatusBadRequest, "the body must be a JSON object", nil)
		return nil
	}
	return object
}

func validate(data map[string]any) map[string]string {
	problems := map[string]string{}
	if item, ok := data["item"].(string); !ok || utf8.RuneCountInString(item) < 1 || utf8.RuneCountInString(item) > 100 {
		problems["item"] = "required: a string of 1 to 100 characters"
	}
	quantity, ok := data["quantity"].(json.Number)
	if n, err := strconv.Atoi(string(quantity)); !ok || !wholeNum.MatchString(string(quantity)) || err != nil || n < 1 || n > 1000 {
		problems["quantity"] = "required: a whole number from 1 to 1000"
	}
	if note, present := data["note"]; present {
		if text, ok := note.(string); !ok || utf8.RuneCountInString(text) > 200 {
			problems["note"] = "a string of at most 200 characters"
		}
	}
	for name := range data {
		if name != "item" && name != "quantity" && name != "note" {
			problems[name] = "unknown field"
		}
	}
	return problems
}

func createOrder(w http.ResponseWriter, r *http.Request, _ int) {
	data := jsonObject(w, r)
	if data == nil {
		return
	}
	if problems := validate(data); len(problems) > 0 {
		writeProblem(w, http.StatusUnprocessableEntity, "the order is not valid", map[string]any{"errors": problems})
		return
	}
	quantity, _ := strconv.Atoi(string(data["quantity"].(json.Number)))
	note, _ := data["note"].(string)
	ordersMu.Lock()
	created := order{ID: nextID, Item: data["item"].(string), Quantity: quantity, Note: note}
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
		writeProblem(w, http.StatusNotFound, fmt.Sprintf("there is no order %d", id), nil)
		return
	}
	writeJSON(w, http.StatusOK, found)
}

func crash(w http.ResponseWriter, r *http.Request, _ int) {
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
	allow := "GET"
	id := 0
	if match := orderPath.FindStringSubmatch(r.URL.Path); match != nil {
		routes = map[string]route{"GET": getOrder}
		var err error
		if id, err = strconv.Atoi(match[1]); err != nil {
			id = -1 // more digits than an int holds: no such order
		}
	} else {
		switch r.URL.Path {
		case "/orders":
			routes, allow = map[string]route{"GET": listOrders, "POST": createOrder}, "GET, POST"
		case "/healthz":
			routes = map[string]route{"GET": health}
		case "/debug/crash":
			routes = map[string]route{"GET": crash}
		case "/debug/slow":
			routes = map[string]route{"GET": slow}
		default:
			writeProblem(w, http.StatusNotFound, "there is nothing at "+r.URL.Path, nil)
			return
		}
	}
	handle, ok := routes[r.Method]
	if !ok {
		w.Header().Set("Allow", allow)
		writeProblem(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here", nil)
		return
	}
	handle(w, r, id)
}

func chain(endpoint http.Handler, middleware ...Middleware) http.Handler {
	for i := len(middleware) - 1; i >= 0; i-- {
		endpoint = middleware[i](endpoint)
	}
	return endpoint
}

func main() {
	limit, err := strconv.ParseInt(os.Getenv("MAX_BODY_BYTES"), 10, 64)
	if err != nil {
		limit = 1024
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	app := chain(http.HandlerFunc(router), requestID, accessLog, cors(allowedOrigins()), recoverErrors, bodyLimit(limit))
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, app))
}
