// A small JSON reader and writer, because Java's standard library has none. You do not need to change it.
//
// Json.parse turns JSON text into Java values: an object becomes a Map<String, Object> (keys in order), an array
// a List<Object>, a string a String, a number a Long (no fraction or exponent; a BigInteger when it does not fit)
// or a Double, true/false a Boolean, and null Java's null. It throws Json.ParseException on anything that is not exactly one JSON value.
// Json.write does the reverse for the same kinds of values.
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class Json {
    static final class ParseException extends Exception {
        ParseException(String message, int position) {
            super(message + " at character " + position);
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    static Object parse(String text) throws ParseException {
        Json reader = new Json(text);
        reader.skipSpace();
        Object value = reader.value();
        reader.skipSpace();
        if (reader.pos != text.length()) throw reader.error("unexpected text after the JSON value");
        return value;
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(separator);
                writeString(String.valueOf(entry.getKey()), out);
                out.append(": ");
                write(entry.getValue(), out);
                separator = ", ";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            String separator = "";
            for (Object item : list) {
                out.append(separator);
                write(item, out);
                separator = ", ";
            }
            out.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    private ParseException error(String message) {
        return new ParseException(message, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) pos++;
    }

    private boolean consume(String literal) {
        if (text.startsWith(literal, pos)) {
            pos += literal.length();
            return true;
        }
        return false;
    }

    private Object value() throws ParseException {
        if (pos >= text.length()) throw error("unexpected end of the JSON text");
        char c = text.charAt(pos);
        if (c == '{') return object();
        if (c == '[') return array();
        if (c == '"') return string();
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        if (consume("true")) return Boolean.TRUE;
        if (consume("false")) return Boolean.FALSE;
        if (consume("null")) return null;
        throw error("unexpected character '" + c + "'");
    }

    private Map<String, Object> object() throws ParseException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (consume("}")) return map;
        while (true) {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '"') throw error("expected a string key");
            String key = string();
            skipSpace();
            if (!consume(":")) throw error("expected ':'");
            skipSpace();
            map.put(key, value());
            skipSpace();
            if (consume("}")) return map;
            if (!consume(",")) throw error("expected ',' or '}'");
        }
    }

    private List<Object> array() throws ParseException {
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (consume("]")) return list;
        while (true) {
            skipSpace();
            list.add(value());
            skipSpace();
            if (consume("]")) return list;
            if (!consume(",")) throw error("expected ',' or ']'");
        }
    }

    private String string() throws ParseException {
        StringBuilder out = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return out.toString();
            if (c < 0x20) throw error("control character in a string");
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("unterminated string");
            char escape = text.charAt(pos++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int code = 0;
                    for (int end = pos + 4; pos < end; pos++) {
                        char hex = pos < text.length() ? text.charAt(pos) : 'x';
                        int digit = "0123456789abcdefABCDEF".indexOf(hex) >= 0 ? Character.digit(hex, 16) : -1;
                        if (digit < 0) throw error("bad \\u escape");
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                }
                default -> throw error("bad escape '\\" + escape + "'");
            }
        }
    }

    private Number number() throws ParseException {
        int start = pos;
        consume("-");
        if (consume("0")) {
            // A leading zero stands alone: 0, 0.5, but not 01.
        } else if (!digits()) {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (consume(".")) {
            integral = false;
            if (!digits()) throw error("expected a digit after '.'");
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (!consume("+")) consume("-");
            if (!digits()) throw error("expected a digit in the exponent");
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBig) {
                return new BigInteger(literal);
            }
        }
        return Double.parseDouble(literal);
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
        return pos > start;
    }
}
