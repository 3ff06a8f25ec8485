// token-bucket: print allow or deny for each request on standard input (see README.md).
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Main {
    static final long MILLI = 1000; // one token is 1000 milli-tokens; a request costs one token

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
        long capacity = Long.parseLong(settings.get("capacity")); // tokens a bucket holds at most
        long refill = Long.parseLong(settings.get("refill")); // tokens per second = milli-tokens per millisecond

        // TODO (stage 1): keep a bucket (milli-tokens and the time of its last update) and refill it lazily:
        //   on each request, add the tokens earned since the last update, then spend one token if there is one.
        // TODO (stage 2): one bucket per client.
        // TODO (stage 3): a bucket never holds more than `capacity` tokens.
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split("\\s+");
            long now = Long.parseLong(fields[0]);
            String client = fields[1];
            out.append("allow\n");
        }
        System.out.print(out);
    }
}
