// Reference solution for capacity-plan: reads a traffic and data sheet on stdin, prints a capacity plan.
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Plan {
    static final Map<String, Double> SIZE_UNITS = Map.ofEntries(
        Map.entry("B", 1.0), Map.entry("KB", 1e3), Map.entry("MB", 1e6), Map.entry("GB", 1e9),
        Map.entry("TB", 1e12), Map.entry("PB", 1e15),
        Map.entry("KiB", Math.pow(2, 10)), Map.entry("MiB", Math.pow(2, 20)), Map.entry("GiB", Math.pow(2, 30)),
        Map.entry("TiB", Math.pow(2, 40)), Map.entry("PiB", Math.pow(2, 50)));
    static final Set<String> SIZES =
        Set.of("request_size", "response_size", "object_size", "existing_data", "shard_max_storage");
    static final Set<String> FRACTIONS = Set.of("write_fraction", "monthly_growth", "target_utilization");
    static final Set<String> COUNTS = Set.of("months", "replication", "cores_per_server");
    static final Set<String> PLAIN = Set.of(
        "daily_active_users", "requests_per_user", "peak_factor", "objects_per_user", "cpu_ms_per_request",
        "latency_ms", "shard_max_write_qps", "replica_max_read_qps");
    static final Pattern NUMBER = Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\\s*([A-Za-z%]*)");
    static final double DAY = 86400;
    static final int MONTH_DAYS = 30;

    static final class SheetError extends Exception {
        SheetError(String message) {
            super(message);
        }
    }

    static Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        keys.addAll(SIZES);
        keys.addAll(FRACTIONS);
        keys.addAll(COUNTS);
        keys.addAll(PLAIN);
        return keys;
    }

    static Map<String, Double> parse(String text) throws SheetError {
        Set<String> known = keys();
        Map<String, Double> sheet = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            line = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (line.isEmpty()) continue;
            int equals = line.indexOf('=');
            String key = equals < 0 ? line : line.substring(0, equals).strip();
            String value = equals < 0 ? "" : line.substring(equals + 1).strip();
            if (equals < 0 || key.isEmpty()) throw new SheetError("line " + number + ": expected `key = value`");
            if (!known.contains(key)) throw new SheetError("line " + number + ": unknown key `" + key + "`");
            if (sheet.containsKey(key)) throw new SheetError("line " + number + ": `" + key + "` is given twice");
            Matcher match = NUMBER.matcher(value);
            if (!match.matches()) {
                throw new SheetError("line " + number + ": `" + key + "` needs a number, got `" + value + "`");
            }
            double amount = Double.parseDouble(match.group(1));
            String unit = match.group(2);
            if (SIZES.contains(key)) {
                Double scale = SIZE_UNITS.get(unit);
                if (scale == null) {
                    throw new SheetError("line " + number + ": `" + key + "` has unknown unit `" + unit
                        + "` (use B, KB, MB, GB, TB, PB or KiB, MiB, GiB, TiB, PiB)");
                }
                amount *= scale;
            } else if (FRACTIONS.contains(key) && unit.equals("%")) {
                amount /= 100;
            } else if (!unit.isEmpty()) {
                throw new SheetError("line " + number + ": `" + key + "` takes no unit, got `" + unit + "`");
            }
            if (COUNTS.contains(key) && amount != Math.rint(amount)) {
                throw new SheetError("line " + number + ": `" + key + "` must be a whole number");
            }
            sheet.put(key, amount);
        }
        List<String> missing = new ArrayList<>();
        for (String key : known) {
            if (!sheet.containsKey(key)) missing.add(key);
        }
        if (!missing.isEmpty()) {
            throw new SheetError("missing key" + (missing.size() > 1 ? "s" : "") + ": " + String.join(", ", missing));
        }
        return sheet;
    }

    /** Rounds up, treating a ratio within 1e-9 of a whole number as that number (floating point noise). */
    static long ceil(double x) {
        double nearest = Math.rint(x);
        if (Math.abs(x - nearest) <= 1e-9 * Math.max(1.0, Math.abs(x))) return (long) nearest;
        return (long) Math.ceil(x);
    }

    record Line(String name, double value, boolean whole) {}

    static List<Line> plan(Map<String, Double> s) {
        double growth = 1 + s.get("monthly_growth");
        int months = (int) (double) s.get("months");
        double users = s.get("daily_active_users") * Math.pow(growth, months);
        double qpsAverage = users * s.get("requests_per_user") / DAY;
        double qpsPeak = qpsAverage * s.get("peak_factor");
        double writes = qpsPeak * s.get("write_fraction");
        double reads = qpsPeak - writes;
        double concurrency = qpsPeak * s.get("latency_ms") / 1000;
        double ingress = qpsPeak * s.get("request_size") * 8 / 1e6;
        double egress = qpsPeak * s.get("response_size") * 8 / 1e6;
        double userDays = 0;
        for (int m = 1; m <= months; m++) {
            userDays += s.get("daily_active_users") * Math.pow(growth, m - 1) * MONTH_DAYS;
        }
        double added = userDays * s.get("objects_per_user") * s.get("object_size");
        double logical = s.get("existing_data") + added;
        double total = logical * s.get("replication");
        double cpuCores = qpsPeak * s.get("cpu_ms_per_request") / 1000;
        long servers = ceil(cpuCores / (s.get("cores_per_server") * s.get("target_utilization"))) + 1;
        long shards = Math.max(1, Math.max(ceil(logical / s.get("shard_max_storage")),
            ceil(writes / s.get("shard_max_write_qps"))));
        long replicas = Math.max((long) (double) s.get("replication"),
            ceil(reads / (shards * s.get("replica_max_read_qps"))));
        return List.of(
            new Line("users_at_horizon", users, false),
            new Line("qps_average", qpsAverage, false),
            new Line("qps_peak", qpsPeak, false),
            new Line("qps_peak_writes", writes, false),
            new Line("qps_peak_reads", reads, false),
            new Line("concurrency_peak", concurrency, false),
            new Line("ingress_mbps_peak", ingress, false),
            new Line("egress_mbps_peak", egress, false),
            new Line("storage_added_tb", added / 1e12, false),
            new Line("storage_total_tb", total / 1e12, false),
            new Line("app_servers", servers, true),
            new Line("shards", shards, true),
            new Line("replicas_per_shard", replicas, true),
            new Line("database_nodes", shards * replicas, true));
    }

    public static void main(String[] args) throws IOException {
        Map<String, Double> sheet;
        try {
            sheet = parse(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (SheetError error) {
            System.err.println("error: " + error.getMessage());
            System.exit(2);
            return;
        }
        StringBuilder out = new StringBuilder();
        for (Line line : plan(sheet)) {
            String value = line.whole() ? String.valueOf((long) line.value())
                : String.format(Locale.ROOT, "%.6f", line.value());
            out.append(line.name()).append(": ").append(value).append('\n');
        }
        System.out.print(out);
    }
}
