// rest-notes reference: a notes resource over HTTP with Java's standard library only (com.sun.net.httpserver).
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Server {
    private static final Pattern NOTE_PATH = Pattern.compile("^/notes/([0-9]+)$");

    /** Notes in memory. Ids start at 1 and are never reused, even after a delete. */
    private static final TreeMap<Long, Map<String, Object>> NOTES = new TreeMap<>();
    private static long nextId = 1;

    private static final class ValidationError extends Exception {
        ValidationError(String message) {
            super(message);
        }
    }

    private record Fields(String title, String body) {}

    /** The title and body of a request body, or a ValidationError with a message for the client. */
    private static Fields parseNote(byte[] raw) throws ValidationError {
        Object data;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
            data = Json.parse(text);
        } catch (CharacterCodingException | Json.ParseException e) {
            throw new ValidationError("the request body is not valid JSON");
        }
        if (!(data instanceof Map<?, ?> object)) throw new ValidationError("the request body must be a JSON object");
        if (!(object.get("title") instanceof String title) || title.isEmpty()) {
            throw new ValidationError("'title' is required and must be a non-empty string");
        }
        Object body = object.containsKey("body") ? object.get("body") : "";
        if (!(body instanceof String text)) throw new ValidationError("'body' must be a string");
        return new Fields(title, text);
    }

    private static Map<String, Object> note(long id, Fields fields) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("id", id);
        note.put("title", fields.title());
        note.put("body", fields.body());
        return note;
    }

    private static void sendJson(HttpExchange exchange, int status, Object payload) throws IOException {
        byte[] data = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, data.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(data);
        }
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        sendJson(exchange, status, Map.of("error", message));
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        Matcher match = NOTE_PATH.matcher(path);
        if (path.equals("/notes")) {
            switch (method) {
                case "GET" -> listNotes(exchange);
                case "POST" -> createNote(exchange, raw);
                default -> notAllowed(exchange, method, "GET, POST");
            }
        } else if (match.matches()) {
            long id;
            try {
                id = Long.parseLong(match.group(1));
            } catch (NumberFormatException tooLong) {
                id = -1; // More digits than any id we could have handed out: no such note.
            }
            switch (method) {
                case "GET" -> getNote(exchange, id);
                case "PUT" -> putNote(exchange, id, raw);
                case "DELETE" -> deleteNote(exchange, id);
                default -> notAllowed(exchange, method, "GET, PUT, DELETE");
            }
        } else {
            sendError(exchange, 404, "no such resource: " + path);
        }
    }

    private static void notAllowed(HttpExchange exchange, String method, String allow) throws IOException {
        exchange.getResponseHeaders().set("Allow", allow);
        sendError(exchange, 405, method + " is not allowed here");
    }

    private static void listNotes(HttpExchange exchange) throws IOException {
        List<Object> notes;
        synchronized (NOTES) {
            notes = new ArrayList<>(NOTES.values());
        }
        sendJson(exchange, 200, Map.of("notes", notes));
    }

    private static void createNote(HttpExchange exchange, byte[] raw) throws IOException {
        Fields fields;
        try {
            fields = parseNote(raw);
        } catch (ValidationError e) {
            sendError(exchange, 400, e.getMessage());
            return;
        }
        Map<String, Object> note;
        synchronized (NOTES) {
            note = note(nextId++, fields);
            NOTES.put((Long) note.get("id"), note);
        }
        exchange.getResponseHeaders().set("Location", "/notes/" + note.get("id"));
        sendJson(exchange, 201, note);
    }

    private static void getNote(HttpExchange exchange, long id) throws IOException {
        Map<String, Object> note;
        synchronized (NOTES) {
            note = NOTES.get(id);
        }
        if (note == null) sendError(exchange, 404, "note " + id + " not found");
        else sendJson(exchange, 200, note);
    }

    private static void putNote(HttpExchange exchange, long id, byte[] raw) throws IOException {
        synchronized (NOTES) {
            if (!NOTES.containsKey(id)) {
                sendError(exchange, 404, "note " + id + " not found");
                return;
            }
        }
        Fields fields;
        try {
            fields = parseNote(raw);
        } catch (ValidationError e) {
            sendError(exchange, 400, e.getMessage());
            return;
        }
        Map<String, Object> note = note(id, fields);
        synchronized (NOTES) {
            NOTES.put(id, note);
        }
        sendJson(exchange, 200, note);
    }

    private static void deleteNote(HttpExchange exchange, long id) throws IOException {
        Map<String, Object> note;
        synchronized (NOTES) {
            note = NOTES.remove(id);
        }
        if (note == null) {
            sendError(exchange, 404, "note " + id + " not found");
            return;
        }
        exchange.sendResponseHeaders(204, -1); // -1: no body at all.
        exchange.close();
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
    }
}
