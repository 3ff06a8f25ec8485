// integration-pipeline: route a legacy XML feed (stdin) to calls on the JSON API and print them (see README.md).
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

type delivery struct {
	route, method, path string
	body                any
}

// order turns an ORDER message into its delivery.
func order(message *Element) delivery {
	body := message.Find("order")
	// TODO (stage 1): build the whole order body: customer, placedAt in UTC, currency, lines in exact cents, total.
	// TODO (stage 1): high-value orders go to `review`, orders from outside the EU to `export-orders`.
	number := ""
	if body != nil && body.Find("number") != nil {
		number = body.Find("number").Text
	}
	return delivery{"orders", "POST", "/api/v2/orders", map[string]any{"orderId": number}}
}

// TODO (stage 1): CANCEL and ADDRESS messages.
var routes = map[string]func(*Element) delivery{"ORDER": order}

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
	deliveries := []map[string]any{}
	for index, raw := range strings.Split(string(input), "\n") {
		number := index + 1
		line := strings.TrimSuffix(raw, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		message, err := ParseXML(strings.TrimSpace(line))
		if err != nil {
			continue // TODO (stage 2): a malformed line goes to the dead-letter channel.
		}
		// TODO (stage 2): refuse DOCTYPEs before parsing; check the fields; unknown types are dead letters too.
		kind, _ := message.Attr("type")
		route, ok := routes[kind]
		if !ok {
			continue // TODO (stage 2): a type with no route is a dead letter.
		}
		d := route(message)
		id, _ := message.Attr("id")
		// TODO (stage 3): a message whose id was already delivered is a duplicate.
		deliveries = append(deliveries, map[string]any{"line": number, "messageId": id, "route": d.route,
			"method": d.method, "path": d.path, "body": d.body})
		// TODO (stage 3): one audit entry for every non-blank line.
	}

	document := map[string]any{
		"deliveries":  deliveries,
		"deadLetters": []any{},
		"audit":       []any{},
		"summary":     map[string]int{"received": 0, "delivered": len(deliveries), "deadLettered": 0, "duplicates": 0},
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", " ")
	if err := encoder.Encode(document); err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
}
