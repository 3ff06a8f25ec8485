// A live event feed over Server-Sent Events. See README.md for the contract.
//
// Run it:   javac -d out Server.java && PORT=8080 HEARTBEAT_MS=2000 java -cp out Server
// Try it:   curl -N localhost:8080/stream          (in one terminal: -N turns curl's buffering off)
//           curl -d '{"data": "hello"}' localhost:8080/events      (in another)
// Test it:  ladder test    (or: python3 tests/check.py post frames --submission .)
//
// Today POST /events stores events and GET /stream is missing. The TODOs mark what the stages add.
// Json.java (beside this file) reads and writes JSON, which Java's standard library cannot.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

public class Server {
    // TODO (stage 3): HEARTBEAT_MS, default 15000.

    record Event(String name, String data) {}

    static final List<Event> EVENTS = new ArrayList<>(); // the event with id N is EVENTS.get(N - 1)

    static void sendJson(HttpExchange exchange, int status, Object payload) throws IOException {
        byte[] body = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static void postEvent(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<?, ?> posted;
        try {
            posted = (Map<?, ?>) Json.parse(body);
        } catch (Json.ParseException e) {
            throw new IOException(e);
        }
        // TODO (stage 1): answer 400 to a body that is not a valid event (README, rule 3).
        Object name = posted.get("event");
        int number;
        synchronized (EVENTS) {
            EVENTS.add(new Event(name == null ? "message" : name.toString(), String.valueOf(posted.get("data"))));
            number = EVENTS.size();
        }
        sendJson(exchange, 201, Map.of("id", number));
    }

    static void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (method.equals("POST") && path.equals("/events")) {
            postEvent(exchange);
            return;
        }
        // TODO (stage 1): GET /stream: the headers at once (`exchange.sendResponseHeaders(200, 0)` starts a body of
        //   unknown length), then one frame per event appended from now on (flush the stream after each).
        // TODO (stage 2): start after Last-Event-ID when the request has one.
        // TODO (stage 3): heartbeats; a subscriber that does not read must not block anyone else.
        exchange.getRequestBody().readAllBytes();
        sendJson(exchange, 404, Map.of("error", "no route for " + method + " " + path));
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange);
            }
        });
        // A thread per exchange: an open stream holds its thread for as long as it lasts.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        System.err.println("listening on 127.0.0.1:" + port);
    }
}
