// lru-ttl-cache: an in-memory cache with LRU eviction and a time to live (see README.md).
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lru-ttl-cache:", err)
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
	_, capacityText, _ := strings.Cut(lines[0], "=")
	capacity, _ := strconv.Atoi(capacityText)
	_ = capacity // Go rejects unused variables: delete this line once the TODOs use it.
	var now int64
	entries := map[string]string{} // key -> value
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, line := range lines[1:] {
		words := strings.Fields(line)
		switch words[0] {
		case "set":
			key, value := words[1], words[2]
			ttl, _ := strconv.ParseInt(words[3], 10, 64)
			_ = ttl // delete once the TODOs use it
			// TODO (stage 1): when a new key arrives and the cache is full, evict the least recently used entry.
			// TODO (stage 2): remember when the entry expires (now + ttl).
			entries[key] = value
		case "get":
			// TODO (stage 1): a hit makes the entry the most recently used.
			// TODO (stage 2): an expired entry is a miss.
			if value, ok := entries[words[1]]; ok {
				fmt.Fprintln(out, value)
			} else {
				fmt.Fprintln(out, "miss")
			}
		case "tick":
			ms, _ := strconv.ParseInt(words[1], 10, 64)
			now += ms
		case "size":
			// TODO (stage 3): count only the entries that have not expired.
			fmt.Fprintln(out, len(entries))
		}
	}
}
