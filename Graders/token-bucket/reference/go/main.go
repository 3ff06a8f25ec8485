// token-bucket reference: per-client token buckets with lazy refill in integer milli-tokens.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

const milli = 1000 // milli-tokens per token: one request costs milli

type bucket struct {
	tokens int64 // milli-tokens
	last   int64 // time of the last update in ms
}

// parseConfig reads `capacity=C refill=R`; R is tokens per second, which is milli-tokens per millisecond.
func parseConfig(line string) (capacity, refill int64) {
	for _, field := range strings.Fields(line) {
		name, value, _ := strings.Cut(field, "=")
		number, _ := strconv.ParseInt(value, 10, 64)
		switch name {
		case "capacity":
			capacity = number
		case "refill":
			refill = number
		}
	}
	return capacity, refill
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "token-bucket:", err)
		os.Exit(1)
	}
	var lines []string
	for _, raw := range strings.Split(string(data), "\n") {
		if line := strings.TrimSpace(raw); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return
	}
	capacity, refill := parseConfig(lines[0])
	full := capacity * milli
	buckets := map[string]*bucket{}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, line := range lines[1:] {
		fields := strings.Fields(line)
		if len(fields) != 2 {
			fmt.Fprintf(os.Stderr, "token-bucket: not a request: %q\n", line)
			os.Exit(1)
		}
		now, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "token-bucket: not a time: %q\n", fields[0])
			os.Exit(1)
		}
		b := buckets[fields[1]]
		if b == nil {
			b = &bucket{tokens: full, last: now}
			buckets[fields[1]] = b
		}
		b.tokens += (now - b.last) * refill
		if b.tokens > full {
			b.tokens = full
		}
		b.last = now
		if b.tokens >= milli {
			b.tokens -= milli
			fmt.Fprintln(out, "allow")
		} else {
			fmt.Fprintln(out, "deny")
		}
	}
}
