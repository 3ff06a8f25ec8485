// Reference solution for the log-stats lab: reads an access log on stdin, prints the report.
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class Main {
    record Entry(int status, String path, double seconds) {}

    static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** Returns the entry of a well-formed line, or null. */
    static Entry parse(String line) {
        String[] fields = line.split(" ", -1);
        if (fields.length != 11) return null;
        for (String field : fields) {
            if (field.isEmpty()) return null;
        }
        String when = fields[3], zone = fields[4], method = fields[5], target = fields[6];
        String protocol = fields[7], status = fields[8], size = fields[9], elapsed = fields[10];
        if (!when.startsWith("[") || !zone.endsWith("]")) return null;
        if (method.length() < 2 || method.charAt(0) != '"') return null;
        for (int i = 1; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') return null;
        }
        if (!target.startsWith("/")) return null;
        if (!protocol.startsWith("HTTP/") || !protocol.endsWith("\"")) return null;
        if (status.length() != 3 || !isDigits(status) || status.charAt(0) < '1' || status.charAt(0) > '5') return null;
        if (!size.equals("-") && !isDigits(size)) return null;
        int dot = elapsed.indexOf('.');
        String whole = dot < 0 ? elapsed : elapsed.substring(0, dot);
        if (!isDigits(whole)) return null;
        if (dot >= 0) {
            String fraction = elapsed.substring(dot + 1);
            if (fraction.length() > 3 || !isDigits(fraction)) return null;
        }
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        return new Entry(Integer.parseInt(status), path, Double.parseDouble(elapsed));
    }

    public static void main(String[] args) throws IOException {
        String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        TreeMap<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> paths = new HashMap<>();
        double[] times = new double[16];
        int requests = 0;
        int malformed = 0;
        for (String raw : input.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) continue;
            Entry entry = parse(line);
            if (entry == null) {
                malformed++;
                continue;
            }
            statuses.merge(entry.status(), 1, Integer::sum);
            paths.merge(entry.path(), 1, Integer::sum);
            if (requests == times.length) times = Arrays.copyOf(times, times.length * 2);
            times[requests++] = entry.seconds();
        }

        StringBuilder out = new StringBuilder();
        out.append("requests: ").append(requests).append('\n');
        statuses.forEach((status, count) -> out.append("status ").append(status).append(": ").append(count).append('\n'));
        List<Map.Entry<String, Integer>> busiest = new ArrayList<>(paths.entrySet());
        busiest.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Integer> path : busiest.subList(0, Math.min(3, busiest.size()))) {
            out.append("path ").append(path.getKey()).append(": ").append(path.getValue()).append('\n');
        }
        out.append("malformed: ").append(malformed).append('\n');
        if (requests == 0) {
            out.append("p95: n/a\n");
        } else {
            double[] sorted = Arrays.copyOf(times, requests);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(0.95 * requests);
            String p95 = new BigDecimal(sorted[rank - 1]).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
            out.append("p95: ").append(p95).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}
