// An event feed over Server-Sent Events: POST /events appends, GET /stream streams. See README.md.
//
// Every subscriber has its own thread (HttpServer's executor is a cached pool) and its own position in the
// append-only log, so a subscriber that reads slowly only ever blocks its own thread, and resuming from
// Last-Event-ID is a matter of where that position starts. An append wakes every subscriber with notifyAll.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

public class Server {
    static final long HEARTBEAT_MS = heartbeat();
    static final List<byte[]> LOG = new ArrayList<>(); // encoded frames; the event with id N is LOG.get(N - 1)

    static long heartbeat() {
        String value = System.getenv().getOrDefault("HEARTBEAT_MS", "");
        return value.matches("[0-9]{1,9}") && Long.parseLong(value) > 0 ? Long.parseLong(value) : 15000;
    }

    static byte[] frame(int number, String name, String data) {
        StringBuilder out = new StringBuilder("id: " + number + "\nevent: " + name + "\n");
        for (String line : data.split("\n", -1)) out.append("data: ").append(line).append('\n');
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    static void sendJson(HttpExchange exchange, int status, Object payload) throws IOException {
        byte[] body = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static void postEvent(HttpExchange exchange) throws IOException {
        Object posted;
        try {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            posted = Json.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString());
        } catch (CharacterCodingException | Json.ParseException e) {
            posted = null;
        }
        if (!(posted instanceof Map<?, ?> event) || !(event.get("data") instanceof String data)) {
            sendJson(exchange, 400, Map.of("error", "the body must be a JSON object with a string \"data\""));
            return;
        }
        Object name = event.containsKey("event") ? event.get("event") : "message";
        if (!(name instanceof String text) || text.isEmpty() || text.contains("\n") || text.contains("\r")) {
            sendJson(exchange, 400, Map.of("error", "\"event\" must be a non-empty string on one line"));
            return;
        }
        int number;
        synchronized (LOG) {
            LOG.add(frame(LOG.size() + 1, text, data));
            number = LOG.size();
            LOG.notifyAll();
        }
        sendJson(exchange, 201, Map.of("id", number));
    }

    static void stream(HttpExchange exchange) throws IOException {
        String last = String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")).strip();
        int position;
        synchronized (LOG) {
            position = last.matches("[0-9]+") && new BigInteger(last).compareTo(BigInteger.valueOf(LOG.size())) < 0
                    ? Integer.parseInt(last) : LOG.size();
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0); // a body of unknown length: chunked; the headers go out now
        OutputStream out = exchange.getResponseBody();
        try {
            while (true) {
                List<byte[]> frames;
                synchronized (LOG) {
                    long deadline = System.currentTimeMillis() + HEARTBEAT_MS;
                    while (position == LOG.size() && System.currentTimeMillis() < deadline) {
                        LOG.wait(Math.max(1, deadline - System.currentTimeMillis()));
                    }
                    frames = new ArrayList<>(LOG.subList(position, LOG.size()));
                }
                position += frames.size();
                if (frames.isEmpty()) out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                for (byte[] frame : frames) out.write(frame);
                out.flush(); // the chunk goes out now
            }
        } catch (IOException | InterruptedException e) {
            // the subscriber went away
        }
    }

    static void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (method.equals("POST") && path.equals("/events")) {
            postEvent(exchange);
        } else if (method.equals("GET") && path.equals("/stream")) {
            stream(exchange);
        } else {
            exchange.getRequestBody().readAllBytes();
            sendJson(exchange, 404, Map.of("error", "no route for " + method + " " + path));
        }
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }
}
