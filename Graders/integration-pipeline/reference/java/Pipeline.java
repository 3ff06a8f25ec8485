// Reference solution for integration-pipeline: routes and transforms a legacy XML feed for the JSON API.
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

public class Pipeline {
    static final Set<String> EU = Set.of(
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");
    static final BigInteger REVIEW_CENTS = BigInteger.valueOf(1_000_000);
    static final Pattern IDENT = Pattern.compile("[A-Z0-9-]+");
    static final Pattern PRICE = Pattern.compile("([0-9]+)\\.([0-9]{2})");
    static final Pattern QTY = Pattern.compile("[0-9]+");
    static final Pattern WHEN = Pattern.compile("([0-9]{4})([0-9]{2})([0-9]{2}) ([0-9]{2})([0-9]{2})");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** A message that goes to the dead-letter channel, with the reason. */
    static final class Rejected extends Exception {
        String messageId;

        Rejected(String reason) {
            super(reason);
        }
    }

    record Delivery(String route, String method, String path, Map<String, Object> body) {}

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** Strips whitespace as the feed's other consumers do: every Unicode space, the no-break space included. */
    static String strip(String s) {
        int start = 0, end = s.length();
        while (start < end && isSpace(s.charAt(start))) start++;
        while (end > start && isSpace(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    /** The first child element with this name and no namespace, or null. */
    static Element child(Element parent, String tag) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getNamespaceURI() == null
                    && tag.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getNamespaceURI() == null
                    && tag.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    /** An element's own leading text: the text before its first child element (comments do not count). */
    static String leadingText(Element element) {
        StringBuilder text = new StringBuilder();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeType() == Node.ELEMENT_NODE) break;
            if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(node.getNodeValue());
            }
        }
        return text.toString();
    }

    static String text(Element element, String tag) throws Rejected {
        Element child = child(element, tag);
        String value = child == null ? "" : strip(leadingText(child));
        if (value.isEmpty()) throw new Rejected("missing-field:" + tag);
        return value;
    }

    static String attribute(Element element, String name, String field) throws Rejected {
        String value = element.hasAttribute(name) ? strip(element.getAttribute(name)) : "";
        if (value.isEmpty()) throw new Rejected("missing-field:" + field);
        return value;
    }

    static String attribute(Element element, String name) throws Rejected {
        return attribute(element, name, name);
    }

    static String valid(String value, Pattern pattern, String field) throws Rejected {
        if (!pattern.matcher(value).matches()) throw new Rejected("invalid-field:" + field);
        return value;
    }

    /** Legacy time `YYYYMMDD HHMM` in CET (UTC+01:00 all year) as ISO 8601 UTC. */
    static String utc(String value, String field) throws Rejected {
        Matcher match = WHEN.matcher(value);
        if (!match.matches()) throw new Rejected("invalid-field:" + field);
        int year = Integer.parseInt(match.group(1)), month = Integer.parseInt(match.group(2));
        int day = Integer.parseInt(match.group(3)), hour = Integer.parseInt(match.group(4));
        int minute = Integer.parseInt(match.group(5));
        if (month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth() || hour >= 24
                || minute >= 60) {
            throw new Rejected("invalid-field:" + field);
        }
        LocalDateTime at = LocalDateTime.of(year, month, day, hour, minute).atOffset(ZoneOffset.ofHours(1))
            .withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        return String.format("%04d-%02d-%02dT%02d:%02d:00Z", at.getYear(), at.getMonthValue(), at.getDayOfMonth(),
            at.getHour(), at.getMinute());
    }

    static BigInteger cents(String price) throws Rejected {
        Matcher match = PRICE.matcher(price);
        if (!match.matches()) throw new Rejected("invalid-field:price");
        return new BigInteger(match.group(1)).multiply(BigInteger.valueOf(100)).add(new BigInteger(match.group(2)));
    }

    static Element part(Element message, String tag) throws Rejected {
        Element body = child(message, tag);
        if (body == null) throw new Rejected("missing-field:" + tag);
        return body;
    }

    static Delivery order(Element message) throws Rejected {
        Element body = part(message, "order");
        String number = valid(text(body, "number"), IDENT, "number");
        Element customer = child(body, "customer");
        if (customer == null) throw new Rejected("missing-field:customer");
        String code = valid(attribute(customer, "code", "customer"), IDENT, "customer");
        String country = valid(attribute(customer, "country"), COUNTRY, "country");
        String placed = utc(text(body, "placed"), "placed");
        String currency = valid(text(body, "currency"), CURRENCY, "currency");
        Element items = child(body, "lines");
        List<Element> entries = items == null ? List.of() : children(items, "line");
        if (entries.isEmpty()) throw new Rejected("missing-field:lines");
        List<Object> lines = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        for (Element entry : entries) {
            String sku = attribute(entry, "sku");
            BigInteger qty = new BigInteger(valid(attribute(entry, "qty"), QTY, "qty"));
            if (qty.signum() < 1) throw new Rejected("invalid-field:qty");
            BigInteger unit = cents(attribute(entry, "price"));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", sku);
            line.put("quantity", qty);
            line.put("unitPriceCents", unit);
            line.put("lineTotalCents", qty.multiply(unit));
            lines.add(line);
            total = total.add(qty.multiply(unit));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("orderId", number);
        document.put("customerId", code);
        document.put("country", country);
        document.put("placedAt", placed);
        document.put("currency", currency);
        document.put("lines", lines);
        document.put("totalCents", total);
        if (total.compareTo(REVIEW_CENTS) >= 0) {
            Map<String, Object> review = new LinkedHashMap<>();
            review.put("reason", "high-value");
            review.put("order", document);
            return new Delivery("review", "POST", "/api/v2/reviews", review);
        }
        if (!EU.contains(country)) return new Delivery("export-orders", "POST", "/api/v2/export-orders", document);
        return new Delivery("orders", "POST", "/api/v2/orders", document);
    }

    static Delivery cancel(Element message) throws Rejected {
        Element body = part(message, "cancel");
        String number = valid(text(body, "number"), IDENT, "number");
        String at = utc(text(body, "at"), "at");
        Element reason = child(body, "reason");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("reason", reason == null ? "" : strip(leadingText(reason)));
        document.put("cancelledAt", at);
        return new Delivery("cancellations", "POST", "/api/v2/orders/" + number + "/cancellation", document);
    }

    static Delivery address(Element message) throws Rejected {
        Element body = part(message, "address");
        String code = valid(attribute(body, "customer"), IDENT, "customer");
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : List.of("street", "city", "postcode")) fields.put(name, text(body, name));
        fields.put("country", valid(text(body, "country"), COUNTRY, "country"));
        return new Delivery("addresses", "PUT", "/api/v2/customers/" + code + "/address", fields);
    }

    static final DocumentBuilder PARSER = parser();

    static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() { // the default one prints every error on stderr
                public void warning(SAXParseException e) {}

                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    record Processed(String messageId, Delivery delivery) {}

    static Processed process(String line) throws Rejected {
        String messageId = null;
        try {
            if (line.contains("<!DOCTYPE") || line.contains("<!ENTITY")) throw new Rejected("forbidden-doctype");
            Element root;
            try {
                root = PARSER.parse(new InputSource(new StringReader(strip(line)))).getDocumentElement();
            } catch (SAXException | IOException e) {
                throw new Rejected("malformed-xml");
            }
            if (root.getNamespaceURI() != null || !"message".equals(root.getLocalName())) {
                throw new Rejected("not-a-message");
            }
            messageId = attribute(root, "id");
            String kind = attribute(root, "type");
            Delivery delivery = switch (kind) {
                case "ORDER" -> order(root);
                case "CANCEL" -> cancel(root);
                case "ADDRESS" -> address(root);
                default -> throw new Rejected("unroutable-type");
            };
            return new Processed(messageId, delivery);
        } catch (Rejected rejected) {
            rejected.messageId = messageId;
            throw rejected;
        }
    }

    static Map<String, Object> entry(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
        return map;
    }

    public static void main(String[] args) throws IOException {
        String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        List<Object> deliveries = new ArrayList<>(), deadLetters = new ArrayList<>(), audit = new ArrayList<>();
        Set<String> deliveredIds = new HashSet<>();
        int duplicates = 0;
        String[] raws = input.split("\n", -1);
        for (int i = 0; i < raws.length; i++) {
            int number = i + 1;
            String line = raws[i].replaceAll("\r+$", "");
            if (strip(line).isEmpty()) continue;
            Processed processed;
            try {
                processed = process(line);
            } catch (Rejected rejected) {
                String reason = rejected.getMessage();
                deadLetters.add(entry("line", number, "messageId", rejected.messageId, "reason", reason, "payload", line));
                audit.add(entry("line", number, "messageId", rejected.messageId, "outcome", "dead-letter", "reason", reason));
                continue;
            }
            String id = processed.messageId();
            if (!deliveredIds.add(id)) {
                duplicates++;
                audit.add(entry("line", number, "messageId", id, "outcome", "duplicate"));
                continue;
            }
            Delivery delivery = processed.delivery();
            deliveries.add(entry("line", number, "messageId", id, "route", delivery.route(), "method", delivery.method(),
                "path", delivery.path(), "body", delivery.body()));
            audit.add(entry("line", number, "messageId", id, "outcome", "delivered", "route", delivery.route()));
        }
        Map<String, Object> summary = entry("received", audit.size(), "delivered", deliveries.size(),
            "deadLettered", deadLetters.size(), "duplicates", duplicates);
        System.out.println(Json.write(entry("deliveries", deliveries, "deadLetters", deadLetters, "audit", audit,
            "summary", summary)));
    }
}
