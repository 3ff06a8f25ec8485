// The quotes service: a small HTTP server on port 8080, on the JDK's own com.sun.net.httpserver.
//
// You do not need to change this file: the lab is about the Dockerfile and .dockerignore next to it. Run with
// --healthcheck (java -jar quotes.jar --healthcheck), the program asks a running service's /healthz and exits 0
// when it answers 200: a HEALTHCHECK for an image that has no curl or wget.
package com.acme.quotes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

public final class App {
    private App() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        if (args.length > 0 && args[0].equals("--healthcheck")) {
            System.exit(healthy(port) ? 0 : 1);
        }
        QuoteStore store = new QuoteStore(System.getenv().getOrDefault("DATABASE_URL", "sqlite:///tmp/quotes.db"));
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/healthz")) {
                reply(exchange, 200, "{\"status\":\"ok\"}");
            } else if (path.startsWith("/quote/")) {
                Optional<String> quote = store.quote(path.substring("/quote/".length()));
                if (quote.isPresent()) {
                    reply(exchange, 200, quote.get());
                } else {
                    reply(exchange, 404, "{\"error\":\"no such sku\"}");
                }
            } else {
                reply(exchange, 404, "{\"error\":\"no route\"}");
            }
        });
        server.start();
    }

    private static boolean healthy(int port) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/healthz").toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
