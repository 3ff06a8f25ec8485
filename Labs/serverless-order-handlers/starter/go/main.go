// The orders function: one handler for API Gateway, SQS and EventBridge events. See README.md.
//
// Run it by hand: go build -o handler . && ./handler < events.jsonl  (one JSON event per line in, one JSON
// result per line out; STORE_DIR says where the durable store lives, ./store by default). The TODOs mark
// what each stage adds.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
)

const expireAfterMS = 15 * 60 * 1000

// An event as the platform sends it: decoded with UseNumber, so every JSON number is a json.Number.
type Event = map[string]any

// Order is an order as the API returns it and the store keeps it.
type Order struct {
	ID         string `json:"id"`
	SKU        string `json:"sku"`
	Quantity   int64  `json:"quantity"`
	TotalCents int64  `json:"total_cents"`
	PaidCents  int64  `json:"paid_cents"`
	Status     string `json:"status"`
	CreatedMS  int64  `json:"created_ms"`
}

var orders = NewTable("orders")

// TODO (stage 1): a table for idempotency keys; (stage 2) a table for applied payments.

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

// --- API Gateway -------------------------------------------------------------------------------------------

// Response is an API Gateway proxy response.
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

func handleAPI(event Event) (any, error) {
	resource, _ := event["resource"].(string)
	method, _ := event["httpMethod"].(string)
	if resource == "/orders" && method == "POST" {
		return createOrder(event)
	}
	if resource == "/orders/{id}" && method == "GET" {
		parameters, _ := event["pathParameters"].(map[string]any)
		id, _ := parameters["id"].(string)
		var order Order
		found, err := orders.Get(id, &order)
		if err != nil {
			return nil, err
		}
		if !found {
			return respond(404, map[string]string{"error": "no such order"}, nil), nil
		}
		return respond(200, order, nil), nil
	}
	// TODO (stage 1): GET /orders (with ?status=), 405 for other methods, 404 for other resources.
	return respond(404, map[string]string{"error": "no route for " + resource}, nil), nil
}

func createOrder(event Event) (any, error) {
	// TODO (stage 1): base64 bodies, validation (400), Idempotency-Key (replay or 409), Location header.
	body, _ := event["body"].(string)
	var request struct {
		SKU        string `json:"sku"`
		Quantity   int64  `json:"quantity"`
		TotalCents int64  `json:"total_cents"`
	}
	if err := json.Unmarshal([]byte(body), &request); err != nil {
		return nil, err
	}
	context, _ := event["requestContext"].(map[string]any)
	requestID, _ := context["requestId"].(string)
	createdMS, _ := context["requestTimeEpoch"].(json.Number).Int64()
	order := Order{
		ID:         "ord-" + requestID,
		SKU:        request.SKU,
		Quantity:   request.Quantity,
		TotalCents: request.TotalCents,
		PaidCents:  0,
		Status:     "pending",
		CreatedMS:  createdMS,
	}
	if err := orders.Put(order.ID, order); err != nil {
		return nil, err
	}
	return respond(201, order, nil), nil
}

// --- SQS ---------------------------------------------------------------------------------------------------

func handlePayments(records []any) any {
	// TODO (stage 2): apply each payment once (by payment_id), report only the records that failed.
	failures := []map[string]any{}
	for _, item := range records {
		record, _ := item.(map[string]any)
		failures = append(failures, map[string]any{"itemIdentifier": record["messageId"]})
	}
	return map[string]any{"batchItemFailures": failures}
}

// --- EventBridge schedule ----------------------------------------------------------------------------------

func handleSchedule(event Event) (any, error) {
	// TODO (stage 3): expire pending orders at least 15 minutes older than the event's time.
	return map[string]any{"expired": []string{}}, nil
}

// --- the runtime: one JSON event per line in, one JSON result per line out (see README). Do not change. ----

// invoke runs the handler on one event; a failure becomes {"errorType", "errorMessage"}, as on the platform.
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
