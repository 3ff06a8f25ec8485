// Verifies HS256 JSON Web Tokens: one JSON request per input line, one verdict per output line.
//
// Checks run in a fixed order and the first failure is the answer: malformed, unsupported-alg, bad-signature,
// expired, not-yet-valid. The header is never trusted to choose the algorithm: HS256 is the only one accepted,
// and the signature is recomputed and compared in constant time.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class Main {
    static final double LEEWAY = 30;
    static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]*");

    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason);
        }
    }

    /** Decodes unpadded base64url; anything else (padding, other alphabets, impossible lengths) is malformed. */
    static byte[] b64urlDecode(String segment) throws Invalid {
        if (!SEGMENT.matcher(segment).matches() || segment.length() % 4 == 1) throw new Invalid("malformed");
        try {
            return Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            throw new Invalid("malformed");
        }
    }

    static Map<?, ?> jsonObject(String segment) throws Invalid {
        Object value;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b64urlDecode(segment))).toString();
            value = Json.parse(text);
        } catch (CharacterCodingException | Json.ParseException e) {
            throw new Invalid("malformed");
        }
        if (!(value instanceof Map<?, ?> object)) throw new Invalid("malformed");
        return object;
    }

    static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof BigInteger
            || (value instanceof Double d && Double.isFinite(d));
    }

    static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    /** Returns the token's subject, or throws Invalid with the first reason it fails. */
    static String verify(String token, String secret, double now) throws Invalid, GeneralSecurityException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) throw new Invalid("malformed");
        String headerSegment = parts[0], payloadSegment = parts[1], signature = parts[2];
        Map<?, ?> header = jsonObject(headerSegment);
        Map<?, ?> payload = jsonObject(payloadSegment);
        if (!SEGMENT.matcher(signature).matches() || signature.length() % 4 == 1) throw new Invalid("malformed");
        if (!(header.get("alg") instanceof String alg)) throw new Invalid("malformed");
        Object sub = payload.get("sub"), exp = payload.get("exp"), nbf = payload.get("nbf");
        if (!(sub instanceof String subject) || subject.isEmpty() || !isNumber(exp)
                || (payload.containsKey("nbf") && !isNumber(nbf))) {
            throw new Invalid("malformed");
        }

        if (!alg.equals("HS256")) throw new Invalid("unsupported-alg");
        Mac mac = Mac.getInstance("HmacSHA256");
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        // SecretKeySpec refuses an empty key; HMAC pads every key with zero bytes, so one zero byte is the same key.
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
        byte[] digest = mac.doFinal((headerSegment + "." + payloadSegment).getBytes(StandardCharsets.US_ASCII));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new Invalid("bad-signature");
        }

        if (now >= number(exp) + LEEWAY) throw new Invalid("expired");
        if (nbf != null && now < number(nbf) - LEEWAY) throw new Invalid("not-yet-valid");
        return subject;
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            Map<?, ?> request;
            try {
                request = (Map<?, ?>) Json.parse(line);
            } catch (Json.ParseException e) {
                throw new IOException("an input line is not JSON: " + e.getMessage());
            }
            try {
                String subject = verify((String) request.get("token"), (String) request.get("secret"),
                    number(request.get("now")));
                out.append("valid ").append(subject).append('\n');
            } catch (Invalid invalid) {
                out.append("invalid ").append(invalid.getMessage()).append('\n');
            }
        }
        System.out.print(out);
    }
}
