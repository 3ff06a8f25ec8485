// Reference solution for the log-stats lab: reads an access log on stdin, prints the report.
package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

type entry struct {
	status  int
	path    string
	seconds float64
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parse returns the entry of a well-formed line, and false for a malformed one.
func parse(line string) (entry, bool) {
	fields := strings.Split(line, " ")
	if len(fields) != 11 {
		return entry{}, false
	}
	for _, field := range fields {
		if field == "" {
			return entry{}, false
		}
	}
	when, zone, method, target, protocol, status, size, elapsed :=
		fields[3], fields[4], fields[5], fields[6], fields[7], fields[8], fields[9], fields[10]
	if !strings.HasPrefix(when, "[") || !strings.HasSuffix(zone, "]") {
		return entry{}, false
	}
	if len(method) < 2 || method[0] != '"' {
		return entry{}, false
	}
	for i := 1; i < len(method); i++ {
		if method[i] < 'A' || method[i] > 'Z' {
			return entry{}, false
		}
	}
	if !strings.HasPrefix(target, "/") {
		return entry{}, false
	}
	if !strings.HasPrefix(protocol, "HTTP/") || !strings.HasSuffix(protocol, `"`) {
		return entry{}, false
	}
	if len(status) != 3 || !isDigits(status) || status[0] < '1' || status[0] > '5' {
		return entry{}, false
	}
	if size != "-" && !isDigits(size) {
		return entry{}, false
	}
	whole, fraction, dotted := strings.Cut(elapsed, ".")
	if !isDigits(whole) {
		return entry{}, false
	}
	if dotted && (len(fraction) < 1 || len(fraction) > 3 || !isDigits(fraction)) {
		return entry{}, false
	}
	code, _ := strconv.Atoi(status)
	seconds, err := strconv.ParseFloat(elapsed, 64)
	if err != nil {
		return entry{}, false
	}
	path, _, _ := strings.Cut(target, "?")
	return entry{status: code, path: path, seconds: seconds}, true
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "log-stats:", err)
		os.Exit(1)
	}

	statuses := map[int]int{}
	paths := map[string]int{}
	var times []float64
	malformed := 0
	for _, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSuffix(raw, "\r")
		if line == "" {
			continue
		}
		e, ok := parse(line)
		if !ok {
			malformed++
			continue
		}
		statuses[e.status]++
		paths[e.path]++
		times = append(times, e.seconds)
	}

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fmt.Fprintf(out, "requests: %d\n", len(times))

	codes := make([]int, 0, len(statuses))
	for code := range statuses {
		codes = append(codes, code)
	}
	sort.Ints(codes)
	for _, code := range codes {
		fmt.Fprintf(out, "status %d: %d\n", code, statuses[code])
	}

	names := make([]string, 0, len(paths))
	for name := range paths {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		if paths[names[i]] != paths[names[j]] {
			return paths[names[i]] > paths[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > 3 {
		names = names[:3]
	}
	for _, name := range names {
		fmt.Fprintf(out, "path %s: %d\n", name, paths[name])
	}

	fmt.Fprintf(out, "malformed: %d\n", malformed)
	if len(times) == 0 {
		fmt.Fprintln(out, "p95: n/a")
		return
	}
	sort.Float64s(times)
	rank := int(math.Ceil(0.95 * float64(len(times))))
	fmt.Fprintf(out, "p95: %.3f\n", times[rank-1])
}
