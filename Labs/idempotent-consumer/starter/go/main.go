// idempotent-consumer: apply account transfers exactly once from an at-least-once stream (see README.md).
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

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "idempotent-consumer:", err)
		os.Exit(1)
	}
	balances := map[string]int64{} // account -> balance
	duplicates, rejected, pending := 0, 0, 0

	for _, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if line == "checkpoint" {
			// TODO (stage 2): save the consumer's whole state.
			continue
		}
		if line == "crash" {
			// TODO (stage 2): go back to the state saved at the last checkpoint (or the initial state).
			continue
		}
		var message Message
		if err := json.Unmarshal([]byte(line), &message); err != nil {
			fmt.Fprintf(os.Stderr, "idempotent-consumer: not a message: %s: %v\n", line, err)
			os.Exit(1)
		}
		// TODO (stage 1): a message whose id was seen before is a duplicate: count it and skip it.
		// TODO (stage 3): apply each account's messages in seq order (1, 2, 3, ...); hold back early ones.
		if _, ok := balances[message.Account]; !ok {
			balances[message.Account] = 0
		}
		if message.Type == "deposit" {
			balances[message.Account] += message.Amount
		} else {
			// TODO (stage 1): a transfer moves Amount from Account to To, and is rejected (counted,
			//   no effect) when Account has less than Amount.
		}
	}

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	accounts := make([]string, 0, len(balances))
	for account := range balances {
		accounts = append(accounts, account)
	}
	sort.Strings(accounts)
	for _, account := range accounts {
		fmt.Fprintf(out, "%s %d\n", account, balances[account])
	}
	fmt.Fprintf(out, "duplicates: %d\n", duplicates)
	fmt.Fprintf(out, "rejected: %d\n", rejected)
	fmt.Fprintf(out, "pending: %d\n", pending)
}
