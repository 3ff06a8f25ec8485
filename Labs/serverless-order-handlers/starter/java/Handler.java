// The orders function: one handler for API Gateway, SQS and EventBridge events. See README.md.
//
// Run it by hand: javac -d out Handler.java && java -cp out Handler < events.jsonl  (one JSON event per line in,
// one JSON result per line out; STORE_DIR says where the durable store lives, ./store by default). Store.java is
// the store, Json.java reads and writes JSON (Java's standard library has no JSON). The TODOs mark what each
// stage adds.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class Handler {
    static final long EXPIRE_AFTER_MS = 15 * 60 * 1000;

    static final Store.Table ORDERS = new Store.Table("orders");
    // TODO (stage 1): a table for idempotency keys; (stage 2) a table for applied payments.

    static Object handler(Map<?, ?> event) throws Json.ParseException {
        if (event.get("Records") instanceof List<?> records) return handlePayments(records);
        if (event.containsKey("httpMethod")) return handleApi(event);
        if ("aws.events".equals(event.get("source")) && "Scheduled Event".equals(event.get("detail-type"))) {
            return handleSchedule(event);
        }
        throw new IllegalArgumentException("unsupported event");
    }

    // --- API Gateway -----------------------------------------------------------------------------------------

    static Map<String, Object> respond(int status, Object payload, Map<String, Object> headers) {
        Map<String, Object> allHeaders = new LinkedHashMap<>();
        allHeaders.put("Content-Type", "application/json");
        allHeaders.putAll(headers);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", status);
        response.put("headers", allHeaders);
        response.put("body", Json.write(payload));
        response.put("isBase64Encoded", false);
        return response;
    }

    static Map<String, Object> respond(int status, Object payload) {
        return respond(status, payload, Map.of());
    }

    static Object handleApi(Map<?, ?> event) throws Json.ParseException {
        Object resource = event.get("resource"), method = event.get("httpMethod");
        if ("/orders".equals(resource) && "POST".equals(method)) return createOrder(event);
        if ("/orders/{id}".equals(resource) && "GET".equals(method)) {
            Map<String, Object> order = ORDERS.get((String) ((Map<?, ?>) event.get("pathParameters")).get("id"));
            return order != null ? respond(200, order) : respond(404, Map.of("error", "no such order"));
        }
        // TODO (stage 1): GET /orders (with ?status=), 405 for other methods, 404 for other resources.
        return respond(404, Map.of("error", "no route for " + resource));
    }

    static Object createOrder(Map<?, ?> event) throws Json.ParseException {
        // TODO (stage 1): base64 bodies, validation (400), Idempotency-Key (replay or 409), Location header.
        Map<?, ?> request = (Map<?, ?>) Json.parse((String) event.get("body"));
        Map<?, ?> context = (Map<?, ?>) event.get("requestContext");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "ord-" + context.get("requestId"));
        order.put("sku", request.get("sku"));
        order.put("quantity", request.get("quantity"));
        order.put("total_cents", request.get("total_cents"));
        order.put("paid_cents", 0L);
        order.put("status", "pending");
        order.put("created_ms", context.get("requestTimeEpoch"));
        ORDERS.put((String) order.get("id"), order);
        return respond(201, order);
    }

    // --- SQS -------------------------------------------------------------------------------------------------

    static Object handlePayments(List<?> records) {
        // TODO (stage 2): apply each payment once (by payment_id), report only the records that failed.
        List<Object> failures = new ArrayList<>();
        for (Object record : records) failures.add(Map.of("itemIdentifier", ((Map<?, ?>) record).get("messageId")));
        return Map.of("batchItemFailures", failures);
    }

    // --- EventBridge schedule --------------------------------------------------------------------------------

    static Object handleSchedule(Map<?, ?> event) {
        // TODO (stage 3): expire pending orders at least 15 minutes older than the event's time.
        return Map.of("expired", List.of());
    }

    // --- the runtime: one JSON event per line in, one JSON result per line out (see README). Do not change. --

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            Object result;
            try {
                result = handler((Map<?, ?>) Json.parse(line));
            } catch (Exception failure) {
                failure.printStackTrace();
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("errorType", failure.getClass().getSimpleName());
                error.put("errorMessage", String.valueOf(failure.getMessage()));
                result = error;
            }
            out.println(Json.write(result));
        }
    }
}
