// lru-ttl-cache: an in-memory cache with LRU eviction and a time to live (see README.md).
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Main {
    public static void main(String[] args) throws IOException {
        String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String raw : input.split("\n", -1)) {
            String line = raw.strip();
            if (!line.isEmpty()) lines.add(line);
        }
        if (lines.isEmpty()) return;
        long capacity = Long.parseLong(lines.get(0).split("=", 2)[1].strip());
        long now = 0;
        Map<String, String> entries = new HashMap<>(); // key -> value
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "set" -> {
                    String key = words[1], value = words[2];
                    long ttl = Long.parseLong(words[3]);
                    // TODO (stage 1): when a new key arrives and the cache is full, evict the least recently used entry.
                    // TODO (stage 2): remember when the entry expires (now + ttl).
                    entries.put(key, value);
                }
                case "get" -> {
                    // TODO (stage 1): a hit makes the entry the most recently used.
                    // TODO (stage 2): an expired entry is a miss.
                    out.append(entries.getOrDefault(words[1], "miss")).append('\n');
                }
                case "tick" -> now += Long.parseLong(words[1]);
                case "size" -> {
                    // TODO (stage 3): count only the entries that have not expired.
                    out.append(entries.size()).append('\n');
                }
                default -> { }
            }
        }
        System.out.print(out);
    }
}
