// capacity-plan: read a traffic and data sheet on standard input, print a capacity plan (see README.md).
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Plan {
    static final double DAY = 86400; // seconds

    /** Returns the sheet as a map of key -> number. */
    static Map<String, Double> readSheet(String text) {
        Map<String, Double> sheet = new HashMap<>();
        for (String raw : text.split("\n", -1)) {
            int hash = raw.indexOf('#'); // `#` starts a comment
            String line = (hash < 0 ? raw : raw.substring(0, hash)).strip();
            if (line.isEmpty()) continue;
            int equals = line.indexOf('=');
            String key = line.substring(0, Math.max(equals, 0)).strip();
            Matcher match = Pattern.compile("([0-9.eE+-]*)\\s*(.*)").matcher(line.substring(equals + 1).strip());
            match.matches();
            String number = match.group(1);
            // TODO (stage 2): sizes carry a unit (800B, 12KB, 3MiB): turn them into bytes.
            // TODO (stage 1): fractions may be written as percentages (35%).
            // TODO (stage 3): a missing or unknown key, an unknown unit or a value that is not a number is an
            //                 error: print `error: ...` on standard error and exit with status 2.
            sheet.put(key, Double.parseDouble(number));
        }
        return sheet;
    }

    record Line(String name, double value) {}

    /** Returns the plan as a list of (name, value) in the README's order. */
    static List<Line> plan(Map<String, Double> sheet) {
        // TODO (stage 1): the users at the horizon grow by monthly_growth every month, compounding.
        double users = sheet.get("daily_active_users");
        double qpsAverage = users * sheet.get("requests_per_user") / DAY;
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("users_at_horizon", users));
        lines.add(new Line("qps_average", qpsAverage));
        // TODO (stage 1): qps_peak, qps_peak_writes, qps_peak_reads, concurrency_peak
        // TODO (stage 2): ingress_mbps_peak, egress_mbps_peak, storage_added_tb, storage_total_tb
        // TODO (stage 3): app_servers, shards, replicas_per_shard, database_nodes (whole numbers)
        return lines;
    }

    public static void main(String[] args) throws IOException {
        Map<String, Double> sheet = readSheet(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        for (Line line : plan(sheet)) {
            System.out.println(line.name() + ": " + String.format(Locale.ROOT, "%.6f", line.value()));
        }
    }
}
