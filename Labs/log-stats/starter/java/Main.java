// log-stats: read an access log on standard input and print a report (see README.md).
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class Main {
    public static void main(String[] args) throws IOException {
        String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        int requests = 0;
        for (String raw : input.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                continue; // Empty lines are not requests and not malformed: skip them.
            }

            // TODO (stage 3): check that the line is a well-formed log entry; if not, count it and skip it.

            requests++;

            // TODO (stage 1): take the status code from the line and count it.
            // TODO (stage 2): take the path, drop its query string ("?..."), and count it.
            // TODO (stage 3): take the response time (the last field, in seconds) and keep it.
        }

        System.out.println("requests: " + requests);
        // TODO (stage 1): print "status CODE: COUNT" for each status code seen, lowest code first.
        // TODO (stage 2): print "path PATH: COUNT" for the three busiest paths.
        // TODO (stage 3): print "malformed: COUNT" and "p95: SECONDS" (three decimals, or "n/a").
    }
}
