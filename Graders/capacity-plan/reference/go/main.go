// Reference solution for capacity-plan: reads a traffic and data sheet on stdin, prints a capacity plan.
package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var sizeUnits = map[string]float64{
	"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15,
	"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40, "PiB": 1 << 50,
}

const (
	plain = iota
	size
	fraction
	count
)

var keys = map[string]int{
	"request_size": size, "response_size": size, "object_size": size, "existing_data": size,
	"shard_max_storage": size,
	"write_fraction":    fraction, "monthly_growth": fraction, "target_utilization": fraction,
	"months": count, "replication": count, "cores_per_server": count,
	"daily_active_users": plain, "requests_per_user": plain, "peak_factor": plain, "objects_per_user": plain,
	"cpu_ms_per_request": plain, "latency_ms": plain, "shard_max_write_qps": plain, "replica_max_read_qps": plain,
}

var number = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z%]*)$`)

const (
	day       = 86400
	monthDays = 30
)

func parse(text string) (map[string]float64, error) {
	sheet := map[string]float64{}
	for index, raw := range strings.Split(text, "\n") {
		n := index + 1
		line, _, _ := strings.Cut(raw, "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		key, value, equals := strings.Cut(line, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !equals || key == "" {
			return nil, fmt.Errorf("line %d: expected `key = value`", n)
		}
		kind, known := keys[key]
		if !known {
			return nil, fmt.Errorf("line %d: unknown key `%s`", n, key)
		}
		if _, twice := sheet[key]; twice {
			return nil, fmt.Errorf("line %d: `%s` is given twice", n, key)
		}
		match := number.FindStringSubmatch(value)
		if match == nil {
			return nil, fmt.Errorf("line %d: `%s` needs a number, got `%s`", n, key, value)
		}
		amount, err := strconv.ParseFloat(match[1], 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, fmt.Errorf("line %d: `%s` needs a number, got `%s`", n, key, value)
		}
		unit := match[2]
		switch {
		case kind == size:
			factor, ok := sizeUnits[unit]
			if !ok {
				return nil, fmt.Errorf("line %d: `%s` has unknown unit `%s` (use B, KB, MB, GB, TB, PB or KiB, MiB, GiB, TiB, PiB)", n, key, unit)
			}
			amount *= factor
		case kind == fraction && unit == "%":
			amount /= 100
		case unit != "":
			return nil, fmt.Errorf("line %d: `%s` takes no unit, got `%s`", n, key, unit)
		}
		if kind == count && (math.IsInf(amount, 0) || amount != math.Trunc(amount)) {
			return nil, fmt.Errorf("line %d: `%s` must be a whole number", n, key)
		}
		sheet[key] = amount
	}
	var missing []string
	for key := range keys {
		if _, ok := sheet[key]; !ok {
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		plural := ""
		if len(missing) > 1 {
			plural = "s"
		}
		return nil, fmt.Errorf("missing key%s: %s", plural, strings.Join(missing, ", "))
	}
	return sheet, nil
}

// ceil rounds up, treating a ratio within 1e-9 of a whole number as that number (floating point noise).
func ceil(x float64) int {
	nearest := math.Round(x)
	if math.Abs(x-nearest) <= 1e-9*math.Max(1, math.Abs(x)) {
		return int(nearest)
	}
	return int(math.Ceil(x))
}

func maxInt(first int, rest ...int) int {
	for _, v := range rest {
		if v > first {
			first = v
		}
	}
	return first
}

type line struct {
	name  string
	value float64
	whole bool
}

func plan(s map[string]float64) []line {
	growth := 1 + s["monthly_growth"]
	months := int(s["months"])
	users := s["daily_active_users"] * math.Pow(growth, float64(months))
	qpsAverage := users * s["requests_per_user"] / day
	qpsPeak := qpsAverage * s["peak_factor"]
	writes := qpsPeak * s["write_fraction"]
	reads := qpsPeak - writes
	concurrency := qpsPeak * s["latency_ms"] / 1000
	ingress := qpsPeak * s["request_size"] * 8 / 1e6
	egress := qpsPeak * s["response_size"] * 8 / 1e6
	userDays := 0.0
	for m := 1; m <= months; m++ {
		userDays += s["daily_active_users"] * math.Pow(growth, float64(m-1)) * monthDays
	}
	added := userDays * s["objects_per_user"] * s["object_size"]
	logical := s["existing_data"] + added
	total := logical * s["replication"]
	cpuCores := qpsPeak * s["cpu_ms_per_request"] / 1000
	servers := ceil(cpuCores/(s["cores_per_server"]*s["target_utilization"])) + 1
	shards := maxInt(1, ceil(logical/s["shard_max_storage"]), ceil(writes/s["shard_max_write_qps"]))
	replicas := maxInt(int(s["replication"]), ceil(reads/(float64(shards)*s["replica_max_read_qps"])))
	return []line{
		{"users_at_horizon", users, false},
		{"qps_average", qpsAverage, false},
		{"qps_peak", qpsPeak, false},
		{"qps_peak_writes", writes, false},
		{"qps_peak_reads", reads, false},
		{"concurrency_peak", concurrency, false},
		{"ingress_mbps_peak", ingress, false},
		{"egress_mbps_peak", egress, false},
		{"storage_added_tb", added / 1e12, false},
		{"storage_total_tb", total / 1e12, false},
		{"app_servers", float64(servers), true},
		{"shards", float64(shards), true},
		{"replicas_per_shard", float64(replicas), true},
		{"database_nodes", float64(shards * replicas), true},
	}
}

func main() {
	text, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
	sheet, err := parse(string(text))
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
	for _, l := range plan(sheet) {
		if l.whole {
			fmt.Printf("%s: %d\n", l.name, int(l.value))
		} else {
			fmt.Printf("%s: %.6f\n", l.name, l.value)
		}
	}
}
