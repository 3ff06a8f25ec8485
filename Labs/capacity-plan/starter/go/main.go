// capacity-plan: read a traffic and data sheet on standard input, print a capacity plan (see README.md).
package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

const day = 86400 // seconds

var value = regexp.MustCompile(`^([0-9.eE+-]*)\s*(.*)$`)

// readSheet returns the sheet as a map of key -> number.
func readSheet(text string) map[string]float64 {
	sheet := map[string]float64{}
	for _, raw := range strings.Split(text, "\n") {
		line, _, _ := strings.Cut(raw, "#") // `#` starts a comment
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		key, rest, _ := strings.Cut(line, "=")
		parts := value.FindStringSubmatch(strings.TrimSpace(rest))
		number, _ := parts[1], parts[2]
		// TODO (stage 2): sizes carry a unit (800B, 12KB, 3MiB): turn them into bytes.
		// TODO (stage 1): fractions may be written as percentages (35%).
		// TODO (stage 3): a missing or unknown key, an unknown unit or a value that is not a number is an
		//                 error: print `error: ...` on standard error and exit with status 2.
		amount, _ := strconv.ParseFloat(number, 64)
		sheet[strings.TrimSpace(key)] = amount
	}
	return sheet
}

type line struct {
	name  string
	value float64
}

// plan returns the plan's lines in the README's order.
func plan(sheet map[string]float64) []line {
	// TODO (stage 1): the users at the horizon grow by monthly_growth every month, compounding.
	users := sheet["daily_active_users"]
	qpsAverage := users * sheet["requests_per_user"] / day
	return []line{
		{"users_at_horizon", users},
		{"qps_average", qpsAverage},
		// TODO (stage 1): qps_peak, qps_peak_writes, qps_peak_reads, concurrency_peak
		// TODO (stage 2): ingress_mbps_peak, egress_mbps_peak, storage_added_tb, storage_total_tb
		// TODO (stage 3): app_servers, shards, replicas_per_shard, database_nodes (whole numbers)
	}
}

func main() {
	text, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
	for _, l := range plan(readSheet(string(text))) {
		fmt.Printf("%s: %.6f\n", l.name, l.value)
	}
}
