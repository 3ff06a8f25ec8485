// A small HTTP service that must shut down gracefully. See README.md for the contract.
//
// Run it:   javac -d out Server.java && PORT=8080 java -cp out Server
// Try it:   curl -i localhost:8080/work?ms=2000 &  then  kill -TERM <pid>
//
// It already serves every route. What it does not do yet is stop well: today SIGTERM kills it on the spot,
// cutting off every request in flight. The TODOs below mark what the stages add.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

public class Server {
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    static final long DRAIN_DELAY_MS = Long.parseLong(System.getenv().getOrDefault("DRAIN_DELAY_MS", "0"));
    static final long SHUTDOWN_TIMEOUT_MS = Long.parseLong(System.getenv().getOrDefault("SHUTDOWN_TIMEOUT_MS", "10000"));
    static final int MAX_WORK_MS = 10000;
    static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    // TODO (stage 2): remember whether we are draining, and count the requests in flight
    // (synchronized methods with wait()/notifyAll() let the shutdown wait until the count reaches zero).

    static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        // TODO (stage 3): once draining, add `Connection: close` so keep-alive clients reconnect elsewhere.
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The values of one query parameter (blank values left out). */
    static List<String> queryValues(String rawQuery, String name) {
        List<String> values = new ArrayList<>();
        if (rawQuery == null) return values;
        for (String field : rawQuery.split("&")) {
            int equals = field.indexOf('=');
            if (equals > 0 && field.substring(0, equals).equals(name) && equals + 1 < field.length()) {
                values.add(field.substring(equals + 1));
            }
        }
        return values;
    }

    static void route(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getRawPath();
        switch (path) {
            case "/healthz" -> sendJson(exchange, 200, "{\"status\": \"ok\"}");
            // TODO (stage 2): 503 {"status": "draining"} once SIGTERM has arrived.
            case "/readyz" -> sendJson(exchange, 200, "{\"status\": \"ready\"}");
            case "/work" -> {
                List<String> values = queryValues(exchange.getRequestURI().getRawQuery(), "ms");
                if (values.size() != 1 || !DIGITS.matcher(values.get(0)).matches()
                        || Integer.parseInt(values.get(0)) > MAX_WORK_MS) {
                    sendJson(exchange, 400, "{\"error\": \"ms must be a whole number from 0 to " + MAX_WORK_MS + "\"}");
                    return;
                }
                int ms = Integer.parseInt(values.get(0));
                Thread.sleep(ms);
                sendJson(exchange, 200, "{\"slept_ms\": " + ms + "}");
            }
            default -> sendJson(exchange, 404, "{\"error\": \"no route for " + path + "\"}");
        }
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.createContext("/", exchange -> {
            try {
                route(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        System.err.println("listening on 127.0.0.1:" + PORT);
        // TODO (stage 2): SIGTERM and SIGINT run the JVM's shutdown hooks (Runtime.getRuntime().addShutdownHook).
        // In the hook: mark draining, wait DRAIN_DELAY_MS, stop accepting AND close the listening socket
        // (server.stop(seconds) closes it at once, then waits for the exchanges in flight, in its own thread),
        // and wait for the requests in flight.
        // TODO (stage 3): exit 0 when they are done, or 1 when SHUTDOWN_TIMEOUT_MS has passed since the signal.
        // Inside a hook, end with Runtime.getRuntime().halt(status): System.exit() would wait for the hook itself.
    }
}
