// rest-notes: a notes service over HTTP, Java's standard library only (see README.md).
//
// Build and run it with `javac -d out Server.java && PORT=8080 java -cp out Server`, and try it with curl.
// Json.java (beside this file) reads and writes JSON, which Java's standard library cannot.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

public class Server {
    // The notes, in memory: id -> {"id": ..., "title": ..., "body": ...}. Ids start at 1 and are never reused.
    private static final Map<Long, Map<String, Object>> NOTES = new LinkedHashMap<>();
    private static long nextId = 1;

    /** Sends `payload` as a JSON response with the given status (set any extra headers before calling it). */
    private static void sendJson(HttpExchange exchange, int status, Object payload) throws IOException {
        byte[] data = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, data.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(data);
        }
    }

    /** The request body as text (empty when there is none). */
    private static String readBody(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (method.equals("GET")) {
            if (path.equals("/notes")) {
                sendJson(exchange, 200, Map.of("notes", new ArrayList<>(NOTES.values())));
                return;
            }
            // TODO (stage 1): GET /notes/ID answers 200 with the note, or 404 with {"error": "..."}.
            sendJson(exchange, 404, Map.of("error", "not found"));
        } else if (method.equals("POST")) {
            // TODO (stage 1): POST /notes with {"title": ..., "body": ...} stores a new note and answers
            //   201 Created, a `Location: /notes/ID` header and the note as JSON.
            // TODO (stage 3): a body that is not JSON, or has no valid title, is 400 with {"error": "..."}.
            Object body;
            try {
                body = Json.parse(readBody(exchange));
            } catch (Json.ParseException e) {
                throw new IOException(e);
            }
            sendJson(exchange, 200, body);
        }
        // TODO (stage 2): PUT replaces a note (200, or 404); DELETE removes it (204 and an empty body, or 404:
        //   `exchange.sendResponseHeaders(204, -1)` sends no body).
        // TODO (stage 3): a method a path does not support is 405 with an `Allow` header. Every method reaches
        //   this handler, so decide the resource from the path first, then the method.
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
