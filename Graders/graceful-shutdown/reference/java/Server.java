// A small HTTP service that shuts down gracefully (reference solution of graceful-shutdown).
//
// On SIGTERM or SIGINT: /readyz turns 503 at once, new requests are still served for DRAIN_DELAY_MS (the load
// balancer has not noticed yet), then the listening socket is closed, requests in flight finish, and the
// process exits 0 when none is left -- or 1 when SHUTDOWN_TIMEOUT_MS after the signal some are still running.
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
    static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** Whether we are draining, and how many requests are being handled right now. */
    static final class Lifecycle {
        private int inFlight = 0;
        volatile boolean draining = false;

        synchronized void begin() {
            inFlight++;
        }

        synchronized void end() {
            inFlight--;
            notifyAll();
        }

        synchronized int inFlight() {
            return inFlight;
        }

        /** True when no request is in flight before `deadline` (System.nanoTime()). */
        synchronized boolean waitIdle(long deadline) throws InterruptedException {
            while (inFlight > 0) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) return false;
                wait(leftMs);
            }
            return true;
        }
    }

    static final Lifecycle LIFECYCLE = new Lifecycle();

    static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (LIFECYCLE.draining) {
            // Tell keep-alive clients to reconnect: the next connection should go to another instance.
            exchange.getResponseHeaders().set("Connection", "close");
        }
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
            case "/readyz" -> {
                if (LIFECYCLE.draining) sendJson(exchange, 503, "{\"status\": \"draining\"}");
                else sendJson(exchange, 200, "{\"status\": \"ready\"}");
            }
            case "/work" -> {
                List<String> values = queryValues(exchange.getRequestURI().getRawQuery(), "ms");
                if (values.size() != 1 || !DIGITS.matcher(values.get(0)).matches() || values.get(0).length() > 9
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
            LIFECYCLE.begin();
            try {
                route(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                LIFECYCLE.end();
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();

        // SIGTERM and SIGINT run the shutdown hooks. The hook decides the exit status itself with halt():
        // System.exit() from inside a hook would wait for the hooks, that is for itself.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long started = System.nanoTime();
            LIFECYCLE.draining = true;
            System.err.printf("draining: readiness is now 503, still accepting for %d ms%n", DRAIN_DELAY_MS);
            try {
                Thread.sleep(DRAIN_DELAY_MS);
                // stop() closes the listening socket at once (new connections are refused), then waits for the
                // exchanges in flight; it runs beside us so that we, not it, decide when to give up.
                Thread stopper = new Thread(() -> server.stop((int) (SHUTDOWN_TIMEOUT_MS / 1000) + 1));
                stopper.setDaemon(true);
                stopper.start();
                if (LIFECYCLE.waitIdle(started + SHUTDOWN_TIMEOUT_MS * 1_000_000)) {
                    System.err.println("drained: exiting");
                    System.err.flush();
                    Runtime.getRuntime().halt(0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.printf("shutdown timeout: abandoning %d request(s)%n", LIFECYCLE.inFlight());
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }));
    }
}
