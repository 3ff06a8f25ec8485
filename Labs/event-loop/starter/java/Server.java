// event-loop: a hashing service whose CPU work must not block the request path (see README.md).
//
// Build and run it with `javac -d out Server.java && PORT=8080 java -cp out Server`, and try
// `curl 'localhost:8080/hash?seed=abc&rounds=1000000'`.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

public class Server {
    static final int MAX_ROUNDS = 5_000_000;
    static final Pattern SEED = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    static final Pattern ROUNDS = Pattern.compile("^[0-9]+$");

    /** sha256 of the seed's bytes, then sha256 of each digest, `rounds` times in all; the last one in hex. */
    static String hashChain(String seed, int rounds) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest(seed.getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i < rounds; i++) {
                sha256.update(digest);
                sha256.digest(digest, 0, digest.length); // into the same array: no garbage per round
            }
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A job's parameters, or the error message when they are not valid. */
    record Job(String seed, int rounds, String problem) {}

    static Job parse(String rawQuery) {
        Map<String, List<String>> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                try {
                    params.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
                            .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    return new Job(null, 0, "the query string is not valid");
                }
            }
        }
        List<String> seeds = params.getOrDefault("seed", List.of());
        List<String> rounds = params.getOrDefault("rounds", List.of());
        if (seeds.size() != 1 || !SEED.matcher(seeds.get(0)).matches()) {
            return new Job(null, 0, "seed must be given once: 1 to 64 letters, digits, '-' or '_'");
        }
        // Digits only, so any length: a BigInteger holds it.
        BigInteger count = rounds.size() == 1 && ROUNDS.matcher(rounds.get(0)).matches() ? new BigInteger(rounds.get(0)) : null;
        if (count == null || count.compareTo(BigInteger.ONE) < 0 || count.compareTo(BigInteger.valueOf(MAX_ROUNDS)) > 0) {
            return new Job(null, 0, "rounds must be given once: a whole number from 1 to " + MAX_ROUNDS);
        }
        return new Job(seeds.get(0), count.intValue(), null);
    }

    /** A JSON string literal (the values here are messages and seeds of letters and digits). */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Sends a JSON body with the given status; `headers` are extra header name/value pairs. */
    static void sendJson(HttpExchange exchange, int status, String json, String... headers) throws IOException {
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
        exchange.sendResponseHeaders(status, data.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(data);
        }
    }

    // TODO (stage 3): read WORKERS (default 2) and QUEUE_LIMIT (default 4) from the environment.

    static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/healthz")) {
            sendJson(exchange, 200, "{\"status\": \"ok\"}");
            return;
        }
        if (!path.equals("/hash")) {
            sendJson(exchange, 404, "{\"error\": " + quote("no such path: " + path) + "}");
            return;
        }
        Job job = parse(exchange.getRequestURI().getRawQuery());
        if (job.problem() != null) {
            sendJson(exchange, 400, "{\"error\": " + quote(job.problem()) + "}");
            return;
        }
        // TODO (stage 2): this computes on the server's only thread (see main): while it runs, no other request
        //   is even read. Run it on a pool of WORKERS threads and send the answer from there when it is done;
        //   this handler only hands the job over and returns.
        // TODO (stage 3): admit at most WORKERS running + QUEUE_LIMIT waiting jobs; refuse others at once with
        //   503, {"error": ...} and the header Retry-After: 1.
        String digest = hashChain(job.seed(), job.rounds());
        sendJson(exchange, 200, "{\"seed\": " + quote(job.seed()) + ", \"rounds\": " + job.rounds()
                + ", \"hash\": " + quote(digest) + "}");
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            try {
                handle(exchange);
            } catch (IOException | RuntimeException e) {
                exchange.close();
                throw e;
            }
        });
        // No executor: HttpServer reads requests and runs this handler on one thread of its own, its event loop.
        server.setExecutor(null);
        server.start();
        System.out.println("listening on http://127.0.0.1:" + port);
    }
}
