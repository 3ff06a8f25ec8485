// token-bucket: print allow or deny for each request on standard input (see README.md).
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

const milli = 1000 // one token is 1000 milli-tokens; a request costs one token

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
	settings := map[string]int64{}
	for _, field := range strings.Fields(lines[0]) {
		name, value, _ := strings.Cut(field, "=")
		settings[name], _ = strconv.ParseInt(value, 10, 64)
	}
	capacity := settings["capacity"] // tokens a bucket holds at most
	refill := settings["refill"]     // tokens per second = milli-tokens per millisecond
	_, _ = capacity, refill // Go rejects unused variables: delete this line once the TODOs use them.

	// TODO (stage 1): keep a bucket (milli-tokens and the time of its last update) and refill it lazily:
	//   on each request, add the tokens earned since the last update, then spend one token if there is one.
	// TODO (stage 2): one bucket per client.
	// TODO (stage 3): a bucket never holds more than `capacity` tokens.
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, line := range lines[1:] {
		fields := strings.Fields(line)
		now, _ := strconv.ParseInt(fields[0], 10, 64)
		client := fields[1]
		_, _ = now, client // delete once the TODOs use them
		fmt.Fprintln(out, "allow")
	}
}
