// log-stats: read an access log on standard input and print a report (see README.md).
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "log-stats:", err)
		os.Exit(1)
	}

	requests := 0
	for _, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSuffix(raw, "\r")
		if line == "" {
			continue // Empty lines are not requests and not malformed: skip them.
		}

		// TODO (stage 3): check that the line is a well-formed log entry; if not, count it and skip it.

		requests++

		// TODO (stage 1): take the status code from the line and count it.
		// TODO (stage 2): take the path, drop its query string ("?..."), and count it.
		// TODO (stage 3): take the response time (the last field, in seconds) and keep it.
	}

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fmt.Fprintf(out, "requests: %d\n", requests)
	// TODO (stage 1): print "status CODE: COUNT" for each status code seen, lowest code first.
	// TODO (stage 2): print "path PATH: COUNT" for the three busiest paths.
	// TODO (stage 3): print "malformed: COUNT" and "p95: SECONDS" (three decimals, or "n/a").
}
