// cursor-pagination: page through items with opaque cursors (see README.md).
//
// Build and run it with `javac -d out Server.java && PORT=8080 java -cp out Server`, and try
// `curl 'localhost:8080/items?limit=3'`. Json.java (beside this file) reads and writes JSON, which Java's
// standard library cannot.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

public class Server {
    static final long BASE_TIME = 1735689600; // 2025-01-01T00:00:00Z, in Unix seconds

    /** The 200 fixed items: id 1..200, created_at = BASE_TIME + 60 * ((id * 37) % 100). Do not change this. */
    static List<Map<String, Object>> seedItems() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (long id = 1; id <= 200; id++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", id);
            item.put("name", String.format("item-%03d", id));
            item.put("created_at", BASE_TIME + 60 * ((id * 37) % 100));
            items.add(item);
        }
        return items;
    }

    static final List<Map<String, Object>> ITEMS = seedItems();

    static void sendJson(HttpExchange exchange, int status, Object payload) throws IOException {
        byte[] data = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, data.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(data);
        }
    }

    /** The query's parameters, each with its last value; a name without `=` has the value "". */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null) return query;
        for (String field : raw.split("&")) {
            int equals = field.indexOf('=');
            String name = equals < 0 ? field : field.substring(0, equals);
            String value = equals < 0 ? "" : field.substring(equals + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    static synchronized void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getRawPath().equals("/items")) {
            sendJson(exchange, 404, Map.of("error", "not found"));
            return;
        }
        // TODO (stage 3): POST /items with {"name": ..., "created_at": ...} adds an item (id 201, 202, ...) and
        //   answers 201 with it. Items added while a client pages must not be repeated or skipped.
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        // TODO (stage 2): validate limit (1 to 100, default 20); anything else is 400 with {"error": ...}.
        int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
        // TODO (stage 1): sort by (created_at, id), not by id.
        List<Map<String, Object>> ordered = new ArrayList<>(ITEMS);
        ordered.sort(Comparator.comparingLong(item -> (Long) item.get("id")));
        // TODO (stage 1): when a cursor is given, start right after the item it stands for.
        // TODO (stage 2): a cursor this service did not issue is 400.
        List<Map<String, Object>> page = ordered.subList(0, Math.min(limit, ordered.size()));
        // TODO (stage 1): next_cursor is an opaque string that leads to the next page, or null on the last page.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page);
        body.put("next_cursor", null);
        sendJson(exchange, 200, body);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            try {
                handle(exchange);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("listening on http://127.0.0.1:" + port);
    }
}
