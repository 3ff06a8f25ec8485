// Verifies HS256 JSON Web Tokens: one JSON request per input line, one verdict per output line.
//
// Each input line is {"token": ..., "secret": ..., "now": ...}; each output line is `valid SUB` or
// `invalid REASON`. See README.md for the exact rules and the order the checks run in.
//
// This starter splits and decodes tokens and prints the subject, but it checks nothing yet: as it stands it
// accepts any token anyone makes up. The TODOs say what each stage adds. Json.java (beside this file) reads
// JSON, which Java's standard library cannot; HMAC-SHA256 is javax.crypto.Mac ("HmacSHA256").
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

public class Main {
    static final double LEEWAY = 30;

    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason);
        }
    }

    static byte[] b64urlDecode(String segment) throws Invalid {
        // TODO (stage 1): JWT segments are base64url WITHOUT the '=' padding. Java's URL decoder accepts them,
        //       but it also accepts padded ones: reject anything that is not unpadded base64url.
        try {
            return Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            throw new Invalid("malformed");
        }
    }

    static Map<?, ?> jsonObject(String segment) throws Invalid {
        Object value;
        try {
            value = Json.parse(new String(b64urlDecode(segment), StandardCharsets.UTF_8));
        } catch (Json.ParseException e) {
            throw new Invalid("malformed");
        }
        if (!(value instanceof Map<?, ?> object)) throw new Invalid("malformed");
        return object;
    }

    /** Returns the token's subject, or throws Invalid with the first reason it fails. */
    static Object verify(String token, String secret, double now) throws Invalid {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) throw new Invalid("malformed");
        String headerSegment = parts[0], payloadSegment = parts[1], signature = parts[2];
        Map<?, ?> header = jsonObject(headerSegment);
        Map<?, ?> payload = jsonObject(payloadSegment);
        // TODO (stage 1): check the claims the README requires, then recompute the HMAC-SHA256 signature
        //       of "headerSegment.payloadSegment" with the secret and compare it with `signature`.
        // TODO (stage 2): only HS256 is acceptable, whatever the header says.
        // TODO (stage 3): exp and nbf, with the leeway.
        return payload.get("sub");
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            Map<?, ?> request;
            try {
                request = (Map<?, ?>) Json.parse(line);
            } catch (Json.ParseException e) {
                throw new IOException("an input line is not JSON: " + e.getMessage());
            }
            try {
                Object subject = verify((String) request.get("token"), (String) request.get("secret"),
                    ((Number) request.get("now")).doubleValue());
                System.out.println("valid " + subject);
            } catch (Invalid invalid) {
                System.out.println("invalid " + invalid.getMessage());
            }
        }
    }
}
