// integration-pipeline: route a legacy XML feed (stdin) to calls on the JSON API and print them (see README.md).
//
// Json.java (beside this file) writes JSON, which Java's standard library cannot; XML is javax.xml's DOM.
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

public class Pipeline {
    record Delivery(String route, String method, String path, Map<String, Object> body) {}

    /** The first child element with this name, or null. */
    static Element child(Element parent, String tag) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && tag.equals(element.getTagName())) return element;
        }
        return null;
    }

    /** An ORDER message as (route, method, path, body). */
    static Delivery order(Element message) {
        Element body = child(message, "order");
        // TODO (stage 1): build the whole order body: customer, placedAt in UTC, currency, lines in exact cents, total.
        // TODO (stage 1): high-value orders go to `review`, orders from outside the EU to `export-orders`.
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("orderId", child(body, "number").getTextContent());
        return new Delivery("orders", "POST", "/api/v2/orders", document);
    }

    // TODO (stage 1): CANCEL and ADDRESS messages.

    static Map<String, Object> entry(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
        return map;
    }

    public static void main(String[] args) throws IOException, ParserConfigurationException {
        DocumentBuilder parser = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        List<Object> deliveries = new ArrayList<>();
        String[] raws = input.split("\n", -1);
        for (int i = 0; i < raws.length; i++) {
            int number = i + 1;
            String line = raws[i].replaceAll("\r+$", "");
            if (line.isBlank()) continue;
            Element message;
            try {
                message = parser.parse(new InputSource(new StringReader(line.strip()))).getDocumentElement();
            } catch (SAXException e) {
                continue; // TODO (stage 2): a malformed line goes to the dead-letter channel.
            }
            // TODO (stage 2): refuse DOCTYPEs before parsing; check the fields; unknown types are dead letters too.
            if (!message.getAttribute("type").equals("ORDER")) {
                continue; // TODO (stage 2): a type with no route is a dead letter.
            }
            Delivery delivery = order(message);
            // TODO (stage 3): a message whose id was already delivered is a duplicate.
            deliveries.add(entry("line", number, "messageId", message.getAttribute("id"), "route", delivery.route(),
                "method", delivery.method(), "path", delivery.path(), "body", delivery.body()));
            // TODO (stage 3): one audit entry for every non-blank line.
        }
        Map<String, Object> summary = entry("received", 0, "delivered", deliveries.size(), "deadLettered", 0,
            "duplicates", 0);
        System.out.println(Json.write(entry("deliveries", deliveries, "deadLetters", List.of(), "audit", List.of(),
            "summary", summary)));
    }
}
