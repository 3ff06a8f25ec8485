// The orders function (reference solution of serverless-order-handlers).
//
// One handler for three event sources: API Gateway (REST proxy) requests for the orders API, SQS batches of
// payments, and an EventBridge schedule that expires unpaid orders. Every piece of state lives in the durable
// store (store.go), never in the instance's memory, so redeliveries and retries are harmless whichever
// instance they reach.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const expireAfterMS = 15 * 60 * 1000

var statuses = []string{"pending", "paid", "expired"}

type Event = map[string]any

type Order struct {
	ID         string `json:"id"`
	SKU        string `json:"sku"`
	Quantity   int64  `json:"quantity"`
	TotalCents int64  `json:"total_cents"`
	PaidCents  int64  `json:"paid_cents"`
	Status     string `json:"status"`
	CreatedMS  int64  `json:"created_ms"`
}

// remembered is what an Idempotency-Key stands for: the request's fingerprint and the answer it got.
type remembered struct {
	Fingerprint string   `json:"fingerprint"`
	Response    Response `json:"response"`
}

type appliedPayment struct {
	OrderID   string `json:"order_id"`
	MessageID any    `json:"message_id"`
}

var (
	orders          = NewTable("orders")
	idempotencyKeys = NewTable("idempotency-keys")
	payments        = NewTable("payments")
)

func handler(event Event) (any, error) {
	if records, ok := event["Records"].([]any); ok {
		return handlePayments(records), nil
	}
	if _, ok := event["httpMethod"]; ok {
		return handleAPI(event)
	}
	if event["source"] == "aws.events" && event["detail-type"] == "Scheduled Event" {
		return handleSchedule(event)
	}
	return nil, errors.New("unsupported event")
}

// decodeJSON parses one JSON value and nothing after it, keeping numbers as written (json.Number).
func decodeJSON(text []byte) (any, error) {
	decoder := json.NewDecoder(bytes.NewReader(text))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		return nil, err
	}
	if _, err := decoder.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON value")
	}
	return value, nil
}

var integer = regexp.MustCompile(`^-?[0-9]+$`)

// wholeNumber returns value as an integer when it is a JSON integer (not 1.5, not "2", not true) of at least low.
func wholeNumber(value any, low int64) (int64, bool) {
	number, ok := value.(json.Number)
	if !ok || !integer.MatchString(string(number)) {
		return 0, false
	}
	n, err := strconv.ParseInt(string(number), 10, 64)
	return n, err == nil && n >= low
}

// --- API Gateway -------------------------------------------------------------------------------------------

type Response struct {
	StatusCode      int               `json:"statusCode"`
	Headers         map[string]string `json:"headers"`
	Body            string            `json:"body"`
	IsBase64Encoded bool              `json:"isBase64Encoded"`
}

func respond(status int, payload any, headers map[string]string) Response {
	body, _ := json.Marshal(payload)
	all := map[string]string{"Content-Type": "application/json"}
	for name, value := range headers {
		all[name] = value
	}
	return Response{StatusCode: status, Headers: all, Body: string(body)}
}

func failure(status int, message string) Response {
	return respond(status, map[string]string{"error": message}, nil)
}

// header returns a request header by name, whatever case the client sent it in.
func header(event Event, name string) string {
	headers, _ := event["headers"].(map[string]any)
	keys := make([]string, 0, len(headers))
	for key := range headers {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		if value, ok := headers[key].(string); ok && strings.EqualFold(key, name) {
			return value
		}
	}
	return ""
}

func requestBody(event Event) ([]byte, error) {
	body, _ := event["body"].(string)
	if event["isBase64Encoded"] == true {
		decoded, err := base64.StdEncoding.DecodeString(body)
		if err != nil {
			return nil, err
		}
		return decoded, nil
	}
	return []byte(body), nil
}

func handleAPI(event Event) (any, error) {
	resource, _ := event["resource"].(string)
	method, _ := event["httpMethod"].(string)
	switch resource {
	case "/orders":
		switch method {
		case "POST":
			return createOrder(event)
		case "GET":
			return listOrders(event)
		}
		return failure(405, method+" is not allowed on /orders"), nil
	case "/orders/{id}":
		if method != "GET" {
			return failure(405, method+" is not allowed on /orders/{id}"), nil
		}
		parameters, _ := event["pathParameters"].(map[string]any)
		id, _ := parameters["id"].(string)
		var order Order
		found, err := orders.Get(id, &order)
		if err != nil {
			return nil, err
		}
		if !found {
			return failure(404, "no such order"), nil
		}
		return respond(200, order, nil), nil
	}
	return failure(404, "no route for "+resource), nil
}

func createOrder(event Event) (any, error) {
	raw, err := requestBody(event)
	if err != nil || !utf8.Valid(raw) {
		return failure(400, "the body is not JSON"), nil
	}
	parsed, err := decodeJSON(raw)
	if err != nil {
		return failure(400, "the body is not JSON"), nil
	}
	request, ok := parsed.(map[string]any)
	if !ok {
		return failure(400, "the body must be a JSON object"), nil
	}
	sku, _ := request["sku"].(string)
	if sku == "" {
		return failure(400, "sku must be a non-empty string"), nil
	}
	quantity, ok := wholeNumber(request["quantity"], 1)
	if !ok || quantity > 100 {
		return failure(400, "quantity must be a whole number from 1 to 100"), nil
	}
	total, ok := wholeNumber(request["total_cents"], 1)
	if !ok {
		return failure(400, "total_cents must be a whole number of at least 1"), nil
	}

	key := header(event, "Idempotency-Key")
	// json.Marshal writes a map's keys sorted, so key order and spacing in the request do not matter.
	canonical, _ := json.Marshal(request)
	digest := sha256.Sum256(canonical)
	fingerprint := hex.EncodeToString(digest[:])
	if key != "" {
		var earlier remembered
		found, err := idempotencyKeys.Get(key, &earlier)
		if err != nil {
			return nil, err
		}
		if found {
			if earlier.Fingerprint != fingerprint {
				return failure(409, "this Idempotency-Key was used for a different request"), nil
			}
			return earlier.Response, nil
		}
	}

	context, _ := event["requestContext"].(map[string]any)
	requestID, ok := context["requestId"].(string)
	if !ok {
		return nil, errors.New("the event has no requestContext.requestId")
	}
	createdMS, ok := wholeNumber(context["requestTimeEpoch"], 0)
	if !ok {
		return nil, errors.New("the event has no requestContext.requestTimeEpoch")
	}
	order := Order{ID: "ord-" + requestID, SKU: sku, Quantity: quantity, TotalCents: total, Status: "pending", CreatedMS: createdMS}
	response := respond(201, order, map[string]string{"Location": "/orders/" + order.ID})
	if key != "" {
		stored, err := idempotencyKeys.PutIfAbsent(key, remembered{Fingerprint: fingerprint, Response: response})
		if err != nil {
			return nil, err
		}
		if !stored {
			// Another instance won the race for this key: its order is the one, ours is never stored.
			var earlier remembered
			if _, err := idempotencyKeys.Get(key, &earlier); err != nil {
				return nil, err
			}
			if earlier.Fingerprint != fingerprint {
				return failure(409, "key reused"), nil
			}
			return earlier.Response, nil
		}
	}
	if err := orders.Put(order.ID, order); err != nil {
		return nil, err
	}
	return response, nil
}

func allOrders() ([]Order, error) {
	items, err := orders.Scan()
	if err != nil {
		return nil, err
	}
	all := make([]Order, 0, len(items))
	for _, raw := range items {
		var order Order
		if err := json.Unmarshal(raw, &order); err != nil {
			return nil, err
		}
		all = append(all, order)
	}
	return all, nil
}

func listOrders(event Event) (any, error) {
	query, _ := event["queryStringParameters"].(map[string]any)
	wanted, given := query["status"]
	if wanted == nil {
		given = false
	}
	if given {
		text, _ := wanted.(string)
		known := false
		for _, status := range statuses {
			known = known || text == status
		}
		if !known {
			return failure(400, "status must be one of "+strings.Join(statuses, ", ")), nil
		}
	}
	all, err := allOrders()
	if err != nil {
		return nil, err
	}
	found := []Order{}
	for _, order := range all {
		if !given || order.Status == wanted {
			found = append(found, order)
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].CreatedMS != found[j].CreatedMS {
			return found[i].CreatedMS < found[j].CreatedMS
		}
		return found[i].ID < found[j].ID
	})
	return respond(200, map[string]any{"orders": found}, nil), nil
}

// --- SQS ---------------------------------------------------------------------------------------------------

func handlePayments(records []any) any {
	failures := []map[string]any{}
	for _, item := range records {
		record, _ := item.(map[string]any)
		ok, err := applyPayment(record)
		if err != nil { // one bad record must not fail the batch: report it, go on with the next
			fmt.Fprintln(os.Stderr, "payment failed:", err)
		}
		if !ok {
			failures = append(failures, map[string]any{"itemIdentifier": record["messageId"]})
		}
	}
	return map[string]any{"batchItemFailures": failures}
}

// applyPayment is true when the payment is applied or was already; false when it must be retried (or
// dead-lettered).
func applyPayment(record map[string]any) (bool, error) {
	body, _ := record["body"].(string)
	parsed, err := decodeJSON([]byte(body))
	if err != nil {
		return false, nil
	}
	payment, _ := parsed.(map[string]any)
	paymentID, _ := payment["payment_id"].(string)
	orderID, isString := payment["order_id"].(string)
	amount, ok := wholeNumber(payment["amount_cents"], 1)
	if paymentID == "" || !isString || !ok {
		return false, nil
	}
	var applied appliedPayment
	if found, err := payments.Get(paymentID, &applied); err != nil || found {
		return found, err // found: a duplicate, the payment was applied before
	}
	var order Order
	found, err := orders.Get(orderID, &order)
	if err != nil || !found {
		return false, err // the order may not exist yet: let SQS deliver it again later
	}
	order.PaidCents += amount
	if order.Status == "pending" && order.PaidCents >= order.TotalCents {
		order.Status = "paid"
	}
	// Record the payment first with a conditional write: if another instance got there first, do nothing.
	stored, err := payments.PutIfAbsent(paymentID, appliedPayment{OrderID: order.ID, MessageID: record["messageId"]})
	if err != nil || !stored {
		return err == nil, err
	}
	return true, orders.Put(order.ID, order)
}

// --- EventBridge schedule ----------------------------------------------------------------------------------

func handleSchedule(event Event) (any, error) {
	text, _ := event["time"].(string)
	at, err := time.Parse(time.RFC3339, text)
	if err != nil {
		return nil, fmt.Errorf("the event's time %q is not an RFC 3339 time", text)
	}
	nowMS := at.UnixMilli()
	all, err := allOrders()
	if err != nil {
		return nil, err
	}
	expired := []string{}
	for _, order := range all {
		if order.Status == "pending" && order.CreatedMS+expireAfterMS <= nowMS {
			order.Status = "expired"
			if err := orders.Put(order.ID, order); err != nil {
				return nil, err
			}
			expired = append(expired, order.ID)
		}
	}
	sort.Strings(expired)
	return map[string]any{"expired": expired}, nil
}

// --- the runtime: one JSON event per line in, one JSON result per line out (see README). Do not change. ----

func invoke(line string) (result any) {
	failed := func(kind string, message string) map[string]string {
		return map[string]string{"errorType": kind, "errorMessage": message}
	}
	defer func() {
		if failure := recover(); failure != nil {
			fmt.Fprintf(os.Stderr, "panic: %v\n%s", failure, debug.Stack())
			result = failed("panic", fmt.Sprint(failure))
		}
	}()
	decoder := json.NewDecoder(strings.NewReader(line))
	decoder.UseNumber()
	var event Event
	if err := decoder.Decode(&event); err != nil {
		return failed(fmt.Sprintf("%T", err), err.Error())
	}
	result, err := handler(event)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return failed(fmt.Sprintf("%T", err), err.Error())
	}
	return result
}

func main() {
	in := bufio.NewReader(os.Stdin)
	for {
		line, readErr := in.ReadString('\n')
		if strings.TrimSpace(line) != "" {
			data, err := json.Marshal(invoke(line))
			if err != nil {
				data, _ = json.Marshal(map[string]string{"errorType": "MarshalError", "errorMessage": err.Error()})
			}
			os.Stdout.Write(append(data, '\n'))
		}
		if readErr != nil {
			return
		}
	}
}
