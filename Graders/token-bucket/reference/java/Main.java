// token-bucket reference: per-client token buckets with lazy refill in integer milli-tokens.
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Main {
    static final long MILLI = 1000; // milli-tokens per token: one request costs MILLI

    /** A client's bucket: milli-tokens and the time of the last update in ms. */
    static final class Bucket {
        long tokens;
        long last;

        Bucket(long tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    public static void main(String[] args) throws IOException {
        String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String raw : input.split("\n", -1)) {
            String line = raw.strip();
            if (!line.isEmpty()) lines.add(line);
        }
        if (lines.isEmpty()) return;
        Map<String, String> settings = new HashMap<>();
        for (String field : lines.get(0).split("\\s+")) {
            String[] pair = field.split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        long capacity = Long.parseLong(settings.get("capacity"));
        long refill = Long.parseLong(settings.get("refill")); // tokens per second = milli-tokens per millisecond
        long full = capacity * MILLI;

        Map<String, Bucket> buckets = new HashMap<>();
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split("\\s+");
            long now = Long.parseLong(fields[0]);
            Bucket bucket = buckets.computeIfAbsent(fields[1], client -> new Bucket(full, now));
            long elapsed = now - bucket.last;
            long missing = full - bucket.tokens;
            // Compare before multiplying, so a long idle time cannot overflow: past the time to fill, it is full.
            if (refill > 0 && elapsed >= (missing + refill - 1) / refill) {
                bucket.tokens = full;
            } else {
                bucket.tokens += elapsed * refill;
            }
            if (bucket.tokens >= MILLI) {
                bucket.tokens -= MILLI;
                out.append("allow\n");
            } else {
                out.append("deny\n");
            }
            bucket.last = now;
        }
        System.out.print(out);
    }
}
