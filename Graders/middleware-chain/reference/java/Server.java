// middleware-chain reference: an orders API whose cross-cutting concerns are a chain of middleware over
// com.sun.net.httpserver: request id, access log, CORS, errors, body limit, then the router.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Server {
    /** A request: its method, its path (without the query string), its headers and its unread body. */
    static final class Request {
        final String method;
        final String path;
        final Map<String, String> headers = new HashMap<>(); // names in lower case
        final InputStream body;
        final Map<String, Object> state = new HashMap<>();   // what middleware wants to hand on, e.g. the request id

        Request(HttpExchange exchange) {
            method = exchange.getRequestMethod();
            path = exchange.getRequestURI().getRawPath();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            body = exchange.getRequestBody();
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        /** Reads the whole body (Content-Length bytes) from the connection. */
        byte[] readBody() throws IOException {
            return body.readAllBytes();
        }
    }

    /** A response: a status, headers (in the order they were set) and a body. */
    static final class Response {
        int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;

        Response(int status, byte[] body, String contentType) {
            this.status = status;
            this.body = body;
            if (contentType != null) headers.put("Content-Type", contentType);
        }
    }

    static Response json(int status, Object payload) {
        return new Response(status, Json.write(payload).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    interface Handler {
        Response handle(Request request) throws Exception;
    }

    interface Middleware {
        Response handle(Request request, Handler next) throws Exception;
    }

    /** An error answered as application/problem+json; `extra` adds members such as "errors". */
    static final class Problem extends Exception {
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        final Map<String, Object> extra = new LinkedHashMap<>();

        Problem(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }
    }

    static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(422, "Unprocessable Content"), Map.entry(500, "Internal Server Error"));

    static Response problemResponse(Problem problem) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "about:blank");
        payload.put("title", TITLES.get(problem.status));
        payload.put("status", problem.status);
        payload.put("detail", problem.getMessage());
        payload.putAll(problem.extra);
        Response response = new Response(problem.status, Json.write(payload).getBytes(StandardCharsets.UTF_8),
                "application/problem+json");
        response.headers.putAll(problem.headers);
        return response;
    }

    // --- middleware: (request, next) -> Response ---------------------------------------------------------------

    static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    static Response requestId(Request request, Handler next) throws Exception {
        String given = request.header("X-Request-Id");
        String id = given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.state.put("requestId", id);
        Response response = next.handle(request);
        response.headers.put("X-Request-Id", id);
        return response;
    }

    static Response accessLog(Request request, Handler next) throws Exception {
        long started = System.nanoTime();
        Response response = next.handle(request);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("request_id", request.state.get("requestId"));
        line.put("method", request.method);
        line.put("path", request.path);
        line.put("status", response.status);
        line.put("duration_ms", (System.nanoTime() - started) / 1e6);
        synchronized (System.out) {
            System.out.println(Json.write(line)); // System.out flushes at each line
        }
        return response;
    }

    static Set<String> allowedOrigins() {
        String value = System.getenv().getOrDefault("CORS_ORIGINS", "https://app.example.com");
        Set<String> origins = new HashSet<>();
        for (String origin : value.split(",")) {
            if (!origin.strip().isEmpty()) origins.add(origin.strip());
        }
        return origins;
    }

    static final Set<String> ORIGINS = allowedOrigins();

    static Response cors(Request request, Handler next) throws Exception {
        String origin = request.header("Origin");
        boolean allowed = origin != null && ORIGINS.contains(origin);
        Response response;
        if (!request.method.equals("OPTIONS")) {
            response = next.handle(request);
        } else if (!allowed) {
            response = problemResponse(new Problem(403, "this origin may not call the API"));
        } else {
            response = new Response(204, null, null);
            response.headers.put("Access-Control-Allow-Methods", "GET, POST");
            response.headers.put("Access-Control-Allow-Headers", "Content-Type, X-Request-Id");
            response.headers.put("Access-Control-Max-Age", "600");
        }
        if (allowed) {
            response.headers.put("Access-Control-Allow-Origin", origin);
            response.headers.put("Access-Control-Expose-Headers", "X-Request-Id");
        }
        response.headers.put("Vary", "Origin");
        return response;
    }

    static Response errors(Request request, Handler next) {
        try {
            return next.handle(request);
        } catch (Problem problem) {
            return problemResponse(problem);
        } catch (Exception e) {
            System.err.println("request " + request.state.get("requestId") + " failed:");
            e.printStackTrace();
            return problemResponse(new Problem(500, "the server failed to answer; the request id identifies it in the logs"));
        }
    }

    static final long MAX_BODY_BYTES = maxBodyBytes();

    static long maxBodyBytes() {
        String value = System.getenv().getOrDefault("MAX_BODY_BYTES", "");
        return value.matches("[0-9]{1,15}") ? Long.parseLong(value) : 1024;
    }

    static Response bodyLimit(Request request, Handler next) throws Exception {
        String length = request.header("Content-Length");
        if (length != null) {
            if (!length.matches("[0-9]+")) throw new Problem(400, "Content-Length must be a number");
            if (length.length() > 15 || Long.parseLong(length) > MAX_BODY_BYTES) {
                Problem problem = new Problem(413, "the body may have at most " + MAX_BODY_BYTES + " bytes");
                problem.headers.put("Connection", "close");
                throw problem;
            }
        }
        return next.handle(request);
    }

    // --- the application -------------------------------------------------------------------------------------

    static final Pattern ORDER_PATH = Pattern.compile("^/orders/([0-9]+)$");
    static final TreeMap<Long, Map<String, Object>> ORDERS = new TreeMap<>();
    static long nextId = 1;

    interface Route {
        Response handle(Request request, long id) throws Exception;
    }

    static Map<String, Object> jsonBody(Request request) throws Exception {
        String contentType = request.header("Content-Type") == null ? "" : request.header("Content-Type");
        if (!contentType.split(";", 2)[0].strip().toLowerCase().equals("application/json")) {
            throw new Problem(415, "send the body as application/json");
        }
        Object data;
        try {
            data = Json.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(request.readBody())).toString());
        } catch (CharacterCodingException | Json.ParseException e) {
            throw new Problem(400, "the body is not valid JSON");
        }
        if (!(data instanceof Map<?, ?> object)) throw new Problem(400, "the body must be a JSON object");
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) object;
        return fields;
    }

    static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    static Map<String, Object> validate(Map<String, Object> data) {
        Map<String, Object> errors = new LinkedHashMap<>();
        if (!(data.get("item") instanceof String item) || characters(item) < 1 || characters(item) > 100) {
            errors.put("item", "required: a string of 1 to 100 characters");
        }
        if (!(data.get("quantity") instanceof Long quantity) || quantity < 1 || quantity > 1000) {
            errors.put("quantity", "required: a whole number from 1 to 1000");
        }
        if (data.containsKey("note") && (!(data.get("note") instanceof String note) || characters(note) > 200)) {
            errors.put("note", "a string of at most 200 characters");
        }
        for (String name : data.keySet()) {
            if (!Set.of("item", "quantity", "note").contains(name)) errors.put(name, "unknown field");
        }
        return errors;
    }

    static Response createOrder(Request request, long unused) throws Exception {
        Map<String, Object> data = jsonBody(request);
        Map<String, Object> errors = validate(data);
        if (!errors.isEmpty()) {
            Problem problem = new Problem(422, "the order is not valid");
            problem.extra.put("errors", errors);
            throw problem;
        }
        Map<String, Object> order = new LinkedHashMap<>();
        synchronized (ORDERS) {
            order.put("id", nextId);
            order.put("item", data.get("item"));
            order.put("quantity", data.get("quantity"));
            order.put("note", data.getOrDefault("note", ""));
            ORDERS.put(nextId, order);
            nextId++;
        }
        Response response = json(201, order);
        response.headers.put("Location", "/orders/" + order.get("id"));
        return response;
    }

    static Response listOrders(Request request, long unused) {
        synchronized (ORDERS) {
            return json(200, Map.of("orders", new ArrayList<>(ORDERS.values())));
        }
    }

    static Response getOrder(Request request, long id) throws Problem {
        Map<String, Object> order;
        synchronized (ORDERS) {
            order = ORDERS.get(id);
        }
        if (order == null) throw new Problem(404, "there is no order " + id);
        return json(200, order);
    }

    static Response crash(Request request, long unused) {
        // Stands for any bug deep in the code: the error handler must turn it into a 500 that reveals nothing.
        throw new IllegalStateException("database password is hunter2: connection to 10.0.0.7 refused");
    }

    static Response slow(Request request, long unused) throws InterruptedException {
        Thread.sleep(200);
        return json(200, Map.of("slept_ms", 200));
    }

    static Response health(Request request, long unused) {
        return json(200, Map.of("status", "ok"));
    }

    static Response router(Request request) throws Exception {
        Map<String, Route> routes = new LinkedHashMap<>();
        long id = 0;
        Matcher match = ORDER_PATH.matcher(request.path);
        if (request.path.equals("/orders")) {
            routes.put("GET", Server::listOrders);
            routes.put("POST", Server::createOrder);
        } else if (match.matches()) {
            routes.put("GET", Server::getOrder);
            id = match.group(1).length() > 18 ? -1 : Long.parseLong(match.group(1));
        } else if (request.path.equals("/healthz")) {
            routes.put("GET", Server::health);
        } else if (request.path.equals("/debug/crash")) {
            routes.put("GET", Server::crash);
        } else if (request.path.equals("/debug/slow")) {
            routes.put("GET", Server::slow);
        } else {
            throw new Problem(404, "there is nothing at " + request.path);
        }
        Route route = routes.get(request.method);
        if (route == null) {
            Problem problem = new Problem(405, request.method + " is not allowed here");
            problem.headers.put("Allow", String.join(", ", routes.keySet()));
            throw problem;
        }
        return route.handle(request, id);
    }

    /** One handler: the first middleware runs first and calls the next through `next`. */
    static Handler chain(List<Middleware> middleware, Handler endpoint) {
        Handler handler = endpoint;
        for (int i = middleware.size() - 1; i >= 0; i--) {
            Middleware layer = middleware.get(i);
            Handler inner = handler;
            handler = request -> layer.handle(request, inner);
        }
        return handler;
    }

    static final List<Middleware> MIDDLEWARE =
            List.of(Server::requestId, Server::accessLog, Server::cors, Server::errors, Server::bodyLimit);
    static final Handler APP = chain(MIDDLEWARE, Server::router);

    static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = APP.handle(new Request(exchange));
            } catch (Exception e) {
                throw new IOException(e); // the errors middleware answers every exception; this is a bug of its own
            }
            response.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            boolean empty = response.body == null || response.body.length == 0;
            exchange.sendResponseHeaders(response.status, empty ? -1 : response.body.length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body);
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", Server::serve);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }
}
