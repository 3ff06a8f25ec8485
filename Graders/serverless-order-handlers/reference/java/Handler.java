// The orders function (reference solution of serverless-order-handlers).
//
// One handler for three event sources: API Gateway (REST proxy) requests for the orders API, SQS batches of
// payments, and an EventBridge schedule that expires unpaid orders. Every piece of state lives in the durable
// store (Store.java), never in the instance's memory, so redeliveries and retries are harmless whichever
// instance they reach.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class Handler {
    static final long EXPIRE_AFTER_MS = 15 * 60 * 1000;
    static final List<String> STATUSES = List.of("pending", "paid", "expired");

    static final Store.Table ORDERS = new Store.Table("orders");
    static final Store.Table IDEMPOTENCY_KEYS = new Store.Table("idempotency-keys");
    static final Store.Table PAYMENTS = new Store.Table("payments");

    static Object handler(Map<?, ?> event) {
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

    static Map<String, Object> error(int status, String message) {
        return respond(status, Map.of("error", message));
    }

    /** A request header by name, whatever case the client sent it in. */
    static Object header(Map<?, ?> event, String name) {
        if (event.get("headers") instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> entry : headers.entrySet()) {
                if (String.valueOf(entry.getKey()).equalsIgnoreCase(name)) return entry.getValue();
            }
        }
        return null;
    }

    static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value) && !"".equals(value) && !Long.valueOf(0).equals(value);
    }

    static Object handleApi(Map<?, ?> event) {
        Object resource = event.get("resource"), method = event.get("httpMethod");
        if ("/orders".equals(resource)) {
            if ("POST".equals(method)) return createOrder(event);
            if ("GET".equals(method)) return listOrders(event);
            return error(405, method + " is not allowed on /orders");
        }
        if ("/orders/{id}".equals(resource)) {
            if ("GET".equals(method)) {
                Object id = event.get("pathParameters") instanceof Map<?, ?> parameters ? parameters.get("id") : null;
                Map<String, Object> order = ORDERS.get(id == null ? "" : String.valueOf(id));
                return order != null ? respond(200, order) : error(404, "no such order");
            }
            return error(405, method + " is not allowed on /orders/{id}");
        }
        return error(404, "no route for " + resource);
    }

    static boolean isCount(Object value, long low, Long high) {
        if (value instanceof BigInteger big) return big.signum() > 0 && high == null && low <= 1;
        return value instanceof Long n && n >= low && (high == null || n <= high);
    }

    /** The same text for the same parsed JSON, whatever its key order or spacing. */
    static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(canonical(item)));
            return items;
        }
        return value;
    }

    static String fingerprint(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(Json.write(canonical(request)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object createOrder(Map<?, ?> event) {
        Object request;
        try {
            Object raw = event.get("body");
            String body = raw instanceof String s ? s : "";
            if (truthy(event.get("isBase64Encoded"))) {
                byte[] bytes = Base64.getDecoder().decode(body);
                body = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            }
            request = Json.parse(body);
        } catch (IllegalArgumentException | CharacterCodingException | Json.ParseException e) {
            return error(400, "the body is not JSON");
        }
        if (!(request instanceof Map<?, ?> fields)) return error(400, "the body must be a JSON object");
        if (!(fields.get("sku") instanceof String sku) || sku.isEmpty()) {
            return error(400, "sku must be a non-empty string");
        }
        if (!isCount(fields.get("quantity"), 1, 100L)) {
            return error(400, "quantity must be a whole number from 1 to 100");
        }
        if (!isCount(fields.get("total_cents"), 1, null)) {
            return error(400, "total_cents must be a whole number of at least 1");
        }

        Object key = header(event, "Idempotency-Key");
        String keyText = key instanceof String s && !s.isEmpty() ? s : null;
        String fingerprint = fingerprint(request);
        if (keyText != null) {
            Map<String, Object> earlier = IDEMPOTENCY_KEYS.get(keyText);
            if (earlier != null) {
                if (!fingerprint.equals(earlier.get("fingerprint"))) {
                    return error(409, "this Idempotency-Key was used for a different request");
                }
                return earlier.get("response");
            }
        }

        Map<?, ?> context = (Map<?, ?>) event.get("requestContext");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "ord-" + context.get("requestId"));
        order.put("sku", sku);
        order.put("quantity", fields.get("quantity"));
        order.put("total_cents", fields.get("total_cents"));
        order.put("paid_cents", 0L);
        order.put("status", "pending");
        order.put("created_ms", context.get("requestTimeEpoch"));
        Map<String, Object> response = respond(201, order, Map.of("Location", "/orders/" + order.get("id")));
        if (keyText != null) {
            Map<String, Object> remembered = new LinkedHashMap<>();
            remembered.put("fingerprint", fingerprint);
            remembered.put("response", response);
            if (!IDEMPOTENCY_KEYS.putIfAbsent(keyText, remembered)) {
                // Another instance won the race for this key: its order is the one, ours is never stored.
                Map<String, Object> earlier = IDEMPOTENCY_KEYS.get(keyText);
                return fingerprint.equals(earlier.get("fingerprint")) ? earlier.get("response") : error(409, "key reused");
            }
        }
        ORDERS.put((String) order.get("id"), order);
        return response;
    }

    static Object listOrders(Map<?, ?> event) {
        Object status = event.get("queryStringParameters") instanceof Map<?, ?> query ? query.get("status") : null;
        if (status != null && !STATUSES.contains(status)) {
            return error(400, "status must be one of " + String.join(", ", STATUSES));
        }
        List<Map<String, Object>> found = new ArrayList<>();
        for (Store.Row row : ORDERS.scan()) {
            if (status == null || status.equals(row.item().get("status"))) found.add(row.item());
        }
        found.sort(Comparator.<Map<String, Object>>comparingLong(item -> ((Number) item.get("created_ms")).longValue())
            .thenComparing(item -> (String) item.get("id")));
        return respond(200, Map.of("orders", found));
    }

    // --- SQS -------------------------------------------------------------------------------------------------

    static Object handlePayments(List<?> records) {
        List<Object> failures = new ArrayList<>();
        for (Object record : records) {
            boolean ok;
            try {
                ok = applyPayment((Map<?, ?>) record);
            } catch (RuntimeException e) { // one bad record must not fail the batch: report it, go on
                e.printStackTrace();
                ok = false;
            }
            if (!ok) failures.add(Map.of("itemIdentifier", ((Map<?, ?>) record).get("messageId")));
        }
        return Map.of("batchItemFailures", failures);
    }

    /** True when the payment is applied or was already; false when it must be retried (or dead-lettered). */
    static boolean applyPayment(Map<?, ?> record) {
        Object payment;
        try {
            payment = Json.parse(record.get("body") instanceof String s ? s : "");
        } catch (Json.ParseException e) {
            return false;
        }
        if (!(payment instanceof Map<?, ?> fields && fields.get("payment_id") instanceof String paymentId
                && !paymentId.isEmpty() && fields.get("order_id") instanceof String orderId
                && isCount(fields.get("amount_cents"), 1, null) && fields.get("amount_cents") instanceof Long amount)) {
            return false;
        }
        if (PAYMENTS.get(paymentId) != null) return true; // a duplicate: the payment was applied before
        Map<String, Object> order = ORDERS.get(orderId);
        if (order == null) return false; // the order may not exist yet: let SQS deliver it again later
        long paid = ((Number) order.get("paid_cents")).longValue() + amount;
        order.put("paid_cents", paid);
        if ("pending".equals(order.get("status")) && paid >= ((Number) order.get("total_cents")).longValue()) {
            order.put("status", "paid");
        }
        // Record the payment first with a conditional write: if another instance got there first, do nothing.
        Map<String, Object> applied = new LinkedHashMap<>();
        applied.put("order_id", order.get("id"));
        applied.put("message_id", record.get("messageId"));
        if (!PAYMENTS.putIfAbsent(paymentId, applied)) return true;
        ORDERS.put((String) order.get("id"), order);
        return true;
    }

    // --- EventBridge schedule --------------------------------------------------------------------------------

    static long epochMillis(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant().toEpochMilli();
        } catch (DateTimeParseException noOffset) {
            return LocalDateTime.parse(time).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
    }

    static Object handleSchedule(Map<?, ?> event) {
        long nowMs = epochMillis((String) event.get("time"));
        List<String> expired = new ArrayList<>();
        for (Store.Row row : ORDERS.scan()) {
            Map<String, Object> order = row.item();
            if ("pending".equals(order.get("status"))
                    && ((Number) order.get("created_ms")).longValue() + EXPIRE_AFTER_MS <= nowMs) {
                order.put("status", "expired");
                ORDERS.put((String) order.get("id"), order);
                expired.add((String) order.get("id"));
            }
        }
        expired.sort(null);
        return Map.of("expired", expired);
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
