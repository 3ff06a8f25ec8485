// cursor-pagination reference: keyset pagination with opaque cursors over (created_at, id).
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Server {
    static final long BASE_TIME = 1735689600; // 2025-01-01T00:00:00Z
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final Pattern CURSOR = Pattern.compile("([0-9]+):([0-9]+)");
    static final Pattern DIGITS = Pattern.compile("[0-9]+");

    record Item(long id, String name, long createdAt) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("name", name);
            json.put("created_at", createdAt);
            return json;
        }
    }

    static final Comparator<Item> ORDER = Comparator.comparingLong(Item::createdAt).thenComparingLong(Item::id);

    /** Items kept sorted by their sort key (created_at, id), so a page is a search and a walk of `limit` items. */
    static final TreeSet<Item> ITEMS = new TreeSet<>(ORDER);
    static long nextId = 201;

    static {
        for (long id = 1; id <= 200; id++) {
            ITEMS.add(new Item(id, String.format("item-%03d", id), BASE_TIME + 60 * ((id * 37) % 100)));
        }
    }

    static String encodeCursor(Item item) {
        byte[] raw = (item.createdAt() + ":" + item.id()).getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The position a cursor stands for (an item key with an empty name), or null when it is not one of ours. */
    static Item decodeCursor(String cursor) {
        String raw;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            raw = StandardCharsets.US_ASCII.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
        Matcher match = CURSOR.matcher(raw);
        if (!match.matches()) return null;
        try {
            return new Item(Long.parseLong(match.group(2)), "", Long.parseLong(match.group(1)));
        } catch (NumberFormatException tooBig) {
            return null;
        }
    }

    /** The query's parameters, each with its last value; a name without `=` has the value "". */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null) return query;
        for (String field : raw.split("&")) {
            if (field.isEmpty()) continue;
            int equals = field.indexOf('=');
            String name = equals < 0 ? field : field.substring(0, equals);
            String value = equals < 0 ? "" : field.substring(equals + 1);
            try {
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                query.put(name, value);
            }
        }
        return query;
    }

    static Integer parseLimit(String text) {
        if (text == null) return DEFAULT_LIMIT;
        if (!DIGITS.matcher(text).matches()) return null;
        BigInteger limit = new BigInteger(text); // "0100" is 100, and a hundred digits is simply too many
        return limit.signum() > 0 && limit.compareTo(BigInteger.valueOf(MAX_LIMIT)) <= 0 ? limit.intValue() : null;
    }

    static void sendJson(HttpExchange exchange, int status, Object payload) throws IOException {
        byte[] data = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, data.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(data);
        }
    }

    static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        sendJson(exchange, status, Map.of("error", message));
    }

    static void getItems(HttpExchange exchange) throws IOException {
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        Integer limit = parseLimit(query.get("limit"));
        if (limit == null) {
            sendError(exchange, 400, "limit must be an integer from 1 to " + MAX_LIMIT);
            return;
        }
        Item after = null;
        if (query.containsKey("cursor")) {
            after = decodeCursor(query.get("cursor"));
            if (after == null) {
                sendError(exchange, 400, "cursor is not valid; use a next_cursor this service returned");
                return;
            }
        }
        List<Object> items = new ArrayList<>();
        Item last = null;
        boolean more;
        synchronized (ITEMS) {
            Iterator<Item> rest = (after == null ? ITEMS : ITEMS.tailSet(after, false)).iterator();
            while (items.size() < limit && rest.hasNext()) {
                last = rest.next();
                items.add(last.json());
            }
            more = rest.hasNext();
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("next_cursor", more && last != null ? encodeCursor(last) : null);
        sendJson(exchange, 200, page);
    }

    static void postItem(HttpExchange exchange) throws IOException {
        Object data;
        try {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            data = Json.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString());
        } catch (CharacterCodingException | Json.ParseException e) {
            sendError(exchange, 400, "the request body is not valid JSON");
            return;
        }
        if (!(data instanceof Map<?, ?> object)) {
            sendError(exchange, 400, "the request body must be a JSON object");
            return;
        }
        if (!(object.get("name") instanceof String name) || name.isEmpty()) {
            sendError(exchange, 400, "'name' must be a non-empty string");
            return;
        }
        if (!(object.get("created_at") instanceof Long createdAt) || createdAt < 0) {
            sendError(exchange, 400, "'created_at' must be a non-negative integer (Unix seconds)");
            return;
        }
        Item item;
        synchronized (ITEMS) {
            item = new Item(nextId++, name, createdAt);
            ITEMS.add(item);
        }
        sendJson(exchange, 201, item.json());
    }

    static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals("/items")) {
            sendError(exchange, 404, "no such resource: " + path);
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "GET" -> getItems(exchange);
            case "POST" -> postItem(exchange);
            default -> {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                sendError(exchange, 405, exchange.getRequestMethod() + " is not allowed here");
            }
        }
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
