// lru-ttl-cache reference: an LRU cache whose entries also expire after a time to live.
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.PriorityQueue;

public class Main {
    record Entry(String value, long expiresAt) {}

    record Expiry(long expiresAt, String key) {}

    static final class Cache {
        final long capacity;
        // Least recently used first. Insertion order, not access order: looking an entry up must not touch it,
        // so a hit moves it to the end explicitly (remove and put again).
        final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
        // Stale when the key was set again since.
        final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.comparingLong(Expiry::expiresAt));
        long now = 0;

        Cache(long capacity) {
            this.capacity = capacity;
        }

        boolean live(String key) {
            Entry entry = entries.get(key);
            return entry != null && now < entry.expiresAt();
        }

        void purgeExpired() {
            while (!expiries.isEmpty() && expiries.peek().expiresAt() <= now) {
                Expiry expiry = expiries.poll();
                Entry entry = entries.get(expiry.key());
                if (entry != null && entry.expiresAt() == expiry.expiresAt()) entries.remove(expiry.key());
            }
        }

        String get(String key) {
            if (!live(key)) {
                entries.remove(key);
                return null;
            }
            Entry entry = entries.remove(key);
            entries.put(key, entry);
            return entry.value();
        }

        void set(String key, String value, long ttl) {
            if (!live(key)) {
                entries.remove(key);
                purgeExpired();
                if (entries.size() >= capacity) {
                    Iterator<String> oldest = entries.keySet().iterator();
                    if (oldest.hasNext()) {
                        oldest.next();
                        oldest.remove();
                    }
                }
            }
            long expiresAt = now + ttl;
            entries.remove(key);
            entries.put(key, new Entry(value, expiresAt));
            expiries.add(new Expiry(expiresAt, key));
        }

        int size() {
            purgeExpired();
            return entries.size();
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
        Cache cache = new Cache(Long.parseLong(lines.get(0).split("=", 2)[1].strip()));
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "set" -> cache.set(words[1], words[2], Long.parseLong(words[3]));
                case "get" -> {
                    String value = cache.get(words[1]);
                    out.append(value == null ? "miss" : value).append('\n');
                }
                case "tick" -> cache.now += Long.parseLong(words[1]);
                case "size" -> out.append(cache.size()).append('\n');
                default -> { }
            }
        }
        System.out.print(out);
    }
}
