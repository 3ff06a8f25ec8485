// Known-wrong (shallow-checkpoint): copies the Consumer struct by value, which shares its maps (balances, seen ids, queues) with the live state.
// idempotent-consumer: exactly-once effects from at-least-once delivery.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Message is one delivery: a deposit to Account, or a transfer from Account to To.
type Message struct {
	ID      string `json:"id"`
	Account string `json:"account"`
	Seq     int64  `json:"seq"`
	Type    string `json:"type"`
	To      string `json:"to"`
	Amount  int64  `json:"amount"`
}

// Consumer is everything the consumer knows. A checkpoint saves a copy of all of it; a crash brings the copy back.
type Consumer struct {
	balances   map[string]int64             // account -> balance
	seen       map[string]bool              // ids of every message applied, rejected or waiting
	nextSeq    map[string]int64             // account -> the seq that account's stream needs next
	waiting    map[string]map[int64]Message // account -> seq -> a message that arrived before its turn
	duplicates int
	rejected   int
}

func newConsumer() *Consumer {
	return &Consumer{
		balances: map[string]int64{},
		seen:     map[string]bool{},
		nextSeq:  map[string]int64{},
		waiting:  map[string]map[int64]Message{},
	}
}

// clone is a deep copy: no map of the copy is shared with the original.
func (c *Consumer) clone() *Consumer {
	copied := newConsumer()
	for account, balance := range c.balances {
		copied.balances[account] = balance
	}
	for id := range c.seen {
		copied.seen[id] = true
	}
	for account, seq := range c.nextSeq {
		copied.nextSeq[account] = seq
	}
	for account, queue := range c.waiting {
		copiedQueue := make(map[int64]Message, len(queue))
		for seq, message := range queue {
			copiedQueue[seq] = message
		}
		copied.waiting[account] = copiedQueue
	}
	copied.duplicates = c.duplicates
	copied.rejected = c.rejected
	return copied
}

func (c *Consumer) receive(message Message) {
	if c.seen[message.ID] {
		c.duplicates++
		return
	}
	c.seen[message.ID] = true
	queue := c.waiting[message.Account]
	if queue == nil {
		queue = map[int64]Message{}
		c.waiting[message.Account] = queue
	}
	queue[message.Seq] = message
	expected, ok := c.nextSeq[message.Account]
	if !ok {
		expected = 1
	}
	for {
		next, ok := queue[expected]
		if !ok {
			break
		}
		delete(queue, expected)
		c.apply(next)
		expected++
	}
	c.nextSeq[message.Account] = expected
}

func (c *Consumer) apply(message Message) {
	c.balances[message.Account] += 0 // the account exists from now on
	if message.Type == "deposit" {
		c.balances[message.Account] += message.Amount
		return
	}
	c.balances[message.To] += 0
	if c.balances[message.Account] < message.Amount {
		c.rejected++
		return
	}
	c.balances[message.Account] -= message.Amount
	c.balances[message.To] += message.Amount
}

func (c *Consumer) report(out io.Writer) {
	accounts := make([]string, 0, len(c.balances))
	for account := range c.balances {
		accounts = append(accounts, account)
	}
	sort.Strings(accounts)
	for _, account := range accounts {
		fmt.Fprintf(out, "%s %d\n", account, c.balances[account])
	}
	pending := 0
	for _, queue := range c.waiting {
		pending += len(queue)
	}
	fmt.Fprintf(out, "duplicates: %d\n", c.duplicates)
	fmt.Fprintf(out, "rejected: %d\n", c.rejected)
	fmt.Fprintf(out, "pending: %d\n", pending)
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "idempotent-consumer:", err)
		os.Exit(1)
	}
	consumer := newConsumer()
	checkpoint := consumer.clone()
	for _, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSpace(raw)
		switch line {
		case "":
		case "checkpoint":
			saved := *consumer
			checkpoint = &saved
		case "crash":
			restored := *checkpoint
			consumer = &restored
		default:
			var message Message
			if err := json.Unmarshal([]byte(line), &message); err != nil {
				fmt.Fprintf(os.Stderr, "idempotent-consumer: not a message: %s: %v\n", line, err)
				os.Exit(1)
			}
			consumer.receive(message)
		}
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	consumer.report(out)
}
