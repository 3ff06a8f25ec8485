// Reference solution for integration-pipeline: routes and transforms a legacy XML feed for the JSON API.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var eu = map[string]bool{
	"AT": true, "BE": true, "BG": true, "HR": true, "CY": true, "CZ": true, "DK": true, "EE": true, "FI": true,
	"FR": true, "DE": true, "GR": true, "HU": true, "IE": true, "IT": true, "LV": true, "LT": true, "LU": true,
	"MT": true, "NL": true, "PL": true, "PT": true, "RO": true, "SK": true, "SI": true, "ES": true, "SE": true,
}

const reviewCents = 1_000_000

var (
	ident    = regexp.MustCompile(`^[A-Z0-9-]+$`)
	price    = regexp.MustCompile(`^([0-9]+)\.([0-9]{2})$`)
	qty      = regexp.MustCompile(`^[0-9]+$`)
	when     = regexp.MustCompile(`^([0-9]{4})([0-9]{2})([0-9]{2}) ([0-9]{2})([0-9]{2})$`)
	currency = regexp.MustCompile(`^[A-Z]{3}$`)
	country  = regexp.MustCompile(`^[A-Z]{2}$`)
	cet      = time.FixedZone("CET", 3600) // the legacy system's clock: UTC+01:00 all year
)

// rejected is a message that goes to the dead-letter channel, with the reason.
type rejected string

func (r rejected) Error() string { return string(r) }

func text(element *Element, tag string) (string, error) {
	value := ""
	if child := element.Find(tag); child != nil {
		value = strings.TrimSpace(child.Text)
	}
	if value == "" {
		return "", rejected("missing-field:" + tag)
	}
	return value, nil
}

func attribute(element *Element, name, field string) (string, error) {
	value, _ := element.Attr(name)
	value = strings.TrimSpace(value)
	if value == "" {
		return "", rejected("missing-field:" + field)
	}
	return value, nil
}

// valid passes on a value that matches the pattern (and any error before it): valid(ident, "number")(text(...)).
func valid(pattern *regexp.Regexp, field string) func(string, error) (string, error) {
	return func(value string, err error) (string, error) {
		if err != nil {
			return "", err
		}
		if !pattern.MatchString(value) {
			return "", rejected("invalid-field:" + field)
		}
		return value, nil
	}
}

// utc turns the legacy time `YYYYMMDD HHMM` (UTC+01:00) into ISO 8601 UTC: utc("placed")(text(...)).
func utc(field string) func(string, error) (string, error) {
	return func(value string, err error) (string, error) {
		return legacyTime(value, err, field)
	}
}

func legacyTime(value string, err error, field string) (string, error) {
	if err != nil {
		return "", err
	}
	match := when.FindStringSubmatch(value)
	if match == nil {
		return "", rejected("invalid-field:" + field)
	}
	var n [5]int
	for i := range n {
		n[i], _ = strconv.Atoi(match[i+1])
	}
	year, month, day, hour, minute := n[0], n[1], n[2], n[3], n[4]
	// time.Date normalizes 31 April to 1 May: a date is valid when it comes back as given.
	at := time.Date(year, time.Month(month), day, hour, minute, 0, 0, cet)
	if month < 1 || month > 12 || at.Day() != day || at.Month() != time.Month(month) || hour > 23 || minute > 59 {
		return "", rejected("invalid-field:" + field)
	}
	return at.UTC().Format("2006-01-02T15:04:00Z"), nil
}

func part(message *Element, tag string) (*Element, error) {
	if body := message.Find(tag); body != nil {
		return body, nil
	}
	return nil, rejected("missing-field:" + tag)
}

type line struct {
	SKU            string `json:"sku"`
	Quantity       int64  `json:"quantity"`
	UnitPriceCents int64  `json:"unitPriceCents"`
	LineTotalCents int64  `json:"lineTotalCents"`
}

type orderBody struct {
	OrderID    string `json:"orderId"`
	CustomerID string `json:"customerId"`
	Country    string `json:"country"`
	PlacedAt   string `json:"placedAt"`
	Currency   string `json:"currency"`
	Lines      []line `json:"lines"`
	TotalCents int64  `json:"totalCents"`
}

type delivery struct {
	route, method, path string
	body                any
}

func order(message *Element) (delivery, error) {
	body, err := part(message, "order")
	if err != nil {
		return delivery{}, err
	}
	var o orderBody
	if o.OrderID, err = valid(ident, "number")(text(body, "number")); err != nil {
		return delivery{}, err
	}
	customer := body.Find("customer")
	if customer == nil {
		return delivery{}, rejected("missing-field:customer")
	}
	if o.CustomerID, err = valid(ident, "customer")(attribute(customer, "code", "customer")); err != nil {
		return delivery{}, err
	}
	if o.Country, err = valid(country, "country")(attribute(customer, "country", "country")); err != nil {
		return delivery{}, err
	}
	if o.PlacedAt, err = utc("placed")(text(body, "placed")); err != nil {
		return delivery{}, err
	}
	if o.Currency, err = valid(currency, "currency")(text(body, "currency")); err != nil {
		return delivery{}, err
	}
	var entries []*Element
	if items := body.Find("lines"); items != nil {
		entries = items.FindAll("line")
	}
	if len(entries) == 0 {
		return delivery{}, rejected("missing-field:lines")
	}
	o.Lines = []line{}
	for _, entry := range entries {
		sku, err := attribute(entry, "sku", "sku")
		if err != nil {
			return delivery{}, err
		}
		quantityText, err := valid(qty, "qty")(attribute(entry, "qty", "qty"))
		if err != nil {
			return delivery{}, err
		}
		quantity, err := strconv.ParseInt(quantityText, 10, 64)
		if err != nil || quantity < 1 {
			return delivery{}, rejected("invalid-field:qty")
		}
		priceText, err := attribute(entry, "price", "price")
		if err != nil {
			return delivery{}, err
		}
		match := price.FindStringSubmatch(priceText)
		if match == nil {
			return delivery{}, rejected("invalid-field:price")
		}
		whole, err := strconv.ParseInt(match[1], 10, 64)
		if err != nil {
			return delivery{}, rejected("invalid-field:price")
		}
		fraction, _ := strconv.ParseInt(match[2], 10, 64)
		unit := whole*100 + fraction
		o.Lines = append(o.Lines, line{SKU: sku, Quantity: quantity, UnitPriceCents: unit, LineTotalCents: quantity * unit})
		o.TotalCents += quantity * unit
	}
	if o.TotalCents >= reviewCents {
		return delivery{"review", "POST", "/api/v2/reviews", map[string]any{"reason": "high-value", "order": o}}, nil
	}
	if !eu[o.Country] {
		return delivery{"export-orders", "POST", "/api/v2/export-orders", o}, nil
	}
	return delivery{"orders", "POST", "/api/v2/orders", o}, nil
}

func cancel(message *Element) (delivery, error) {
	body, err := part(message, "cancel")
	if err != nil {
		return delivery{}, err
	}
	number, err := valid(ident, "number")(text(body, "number"))
	if err != nil {
		return delivery{}, err
	}
	at, err := utc("at")(text(body, "at"))
	if err != nil {
		return delivery{}, err
	}
	reason := ""
	if element := body.Find("reason"); element != nil {
		reason = strings.TrimSpace(element.Text)
	}
	return delivery{"cancellations", "POST", "/api/v2/orders/" + number + "/cancellation",
		map[string]string{"reason": reason, "cancelledAt": at}}, nil
}

func address(message *Element) (delivery, error) {
	body, err := part(message, "address")
	if err != nil {
		return delivery{}, err
	}
	code, err := valid(ident, "customer")(attribute(body, "customer", "customer"))
	if err != nil {
		return delivery{}, err
	}
	fields := map[string]string{}
	for _, name := range []string{"street", "city", "postcode"} {
		if fields[name], err = text(body, name); err != nil {
			return delivery{}, err
		}
	}
	if fields["country"], err = valid(country, "country")(text(body, "country")); err != nil {
		return delivery{}, err
	}
	return delivery{"addresses", "PUT", "/api/v2/customers/" + code + "/address", fields}, nil
}

var routes = map[string]func(*Element) (delivery, error){"ORDER": order, "CANCEL": cancel, "ADDRESS": address}

// process returns the message's id (nil when it has none yet) and its delivery, or a rejected error.
func process(text string) (any, delivery, error) {
	if strings.Contains(text, "<!DOCTYPE") || strings.Contains(text, "<!ENTITY") {
		return nil, delivery{}, rejected("forbidden-doctype")
	}
	root, err := ParseXML(strings.TrimSpace(text))
	if err != nil {
		return nil, delivery{}, rejected("malformed-xml")
	}
	if root.Tag != "message" {
		return nil, delivery{}, rejected("not-a-message")
	}
	id, err := attribute(root, "id", "id")
	if err != nil {
		return nil, delivery{}, err
	}
	kind, err := attribute(root, "type", "type")
	if err != nil {
		return id, delivery{}, err
	}
	route, ok := routes[kind]
	if !ok {
		return id, delivery{}, rejected("unroutable-type")
	}
	d, err := route(root)
	return id, d, err
}

// ordered is a JSON object whose keys keep the order they were added in.
type ordered []struct {
	key   string
	value any
}

func (o ordered) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, field := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(field.key)
		value, err := json.Marshal(field.value)
		if err != nil {
			return nil, err
		}
		b.Write(key)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

func object(pairs ...any) ordered {
	o := make(ordered, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		o = append(o, struct {
			key   string
			value any
		}{pairs[i].(string), pairs[i+1]})
	}
	return o
}

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
	deliveries, deadLetters, audit := []ordered{}, []ordered{}, []ordered{}
	deliveredIDs := map[any]bool{}
	duplicates := 0
	for index, raw := range strings.Split(string(input), "\n") {
		number := index + 1
		text := strings.TrimSuffix(raw, "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		id, d, err := process(text)
		if err != nil {
			reason := err.Error()
			deadLetters = append(deadLetters, object("line", number, "messageId", id, "reason", reason, "payload", text))
			audit = append(audit, object("line", number, "messageId", id, "outcome", "dead-letter", "reason", reason))
			continue
		}
		if deliveredIDs[id] {
			duplicates++
			audit = append(audit, object("line", number, "messageId", id, "outcome", "duplicate"))
			continue
		}
		deliveredIDs[id] = true
		deliveries = append(deliveries, object("line", number, "messageId", id, "route", d.route, "method", d.method,
			"path", d.path, "body", d.body))
		audit = append(audit, object("line", number, "messageId", id, "outcome", "delivered", "route", d.route))
	}
	document := object(
		"deliveries", deliveries,
		"deadLetters", deadLetters,
		"audit", audit,
		"summary", object("received", len(audit), "delivered", len(deliveries), "deadLettered", len(deadLetters),
			"duplicates", duplicates),
	)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	encoder.SetEscapeHTML(false)
	encoder.SetIndent("", " ")
	if err := encoder.Encode(document); err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
}
