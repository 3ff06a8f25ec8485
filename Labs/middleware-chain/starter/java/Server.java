// middleware-chain: an orders API whose cross-cutting concerns belong in middleware (see README.md).
//
// Build and run it with `javac -d out Server.java Json.java && PORT=8080 java -cp out Server`, and try it with
// curl -i. Json.java (beside this file) reads and writes JSON, which Java's standard library cannot.
//
// The shape is the one every framework uses (servlet filters, Spring's HandlerInterceptor, Javalin's before/after,
// Express and Koa): a handler takes a request and returns a response; a middleware takes the request and `next`,
// the rest of the chain, and may act before it, after it, or instead of it.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    // --- middleware: (request, next) -> Response ---------------------------------------------------------------
    // TODO (stage 1): requestId (X-Request-Id kept when valid, else generated; echoed on every response) and
    //   accessLog (one JSON line per request on standard output).
    // TODO (stage 2): errors (every error as application/problem+json, a crash as a 500 that leaks nothing) and
    //   bodyLimit (413 from Content-Length, before the body is read).
    // TODO (stage 3): cors (CORS_ORIGINS; preflights; the headers on every response, errors included).

    // --- the application -------------------------------------------------------------------------------------

    static final Pattern ORDER_PATH = Pattern.compile("^/orders/([0-9]+)$");
    static final TreeMap<Long, Map<String, Object>> ORDERS = new TreeMap<>();
    static long nextId = 1;

    interface Route {
        Response handle(Request request, long id) throws Exception;
    }

    static Response createOrder(Request request, long unused) throws Exception {
        // TODO (stage 2): 415 unless the body is application/json, 400 unless it is a JSON object, 422 listing
        //   every invalid field (item, quantity, note, unknown fields) in "errors".
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) Json.parse(new String(request.readBody(), StandardCharsets.UTF_8));
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

    static Response getOrder(Request request, long id) {
        Map<String, Object> order;
        synchronized (ORDERS) {
            order = ORDERS.get(id);
        }
        if (order == null) return json(404, Map.of("error", "there is no order " + id));
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
            return json(404, Map.of("error", "there is nothing at " + request.path));
        }
        // TODO (stage 2): a method the path does not support is 405 with an Allow header.
        return routes.get(request.method).handle(request, id);
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

    static final List<Middleware> MIDDLEWARE = List.of(); // outermost first
    static final Handler APP = chain(MIDDLEWARE, Server::router);

    static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = APP.handle(new Request(exchange));
            } catch (Exception e) {
                throw new IOException(e); // nothing answers: HttpServer closes the connection
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
