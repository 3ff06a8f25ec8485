// integration-pipeline: route a legacy XML feed (stdin) to calls on the JSON API and print them (see README.md).
"use strict";
const fs = require("fs");
const { parseXml, XmlError } = require("./xml"); // a small strict XML parser: see the comment at the top of xml.js

// An ORDER message as [route, method, path, body].
function order(message) {
  const body = message.find("order");
  // TODO (stage 1): build the whole order body: customer, placedAt in UTC, currency, lines in exact cents, total.
  // TODO (stage 1): high-value orders go to `review`, orders from outside the EU to `export-orders`.
  return ["orders", "POST", "/api/v2/orders", { orderId: body.find("number").text }];
}

// TODO (stage 1): CANCEL and ADDRESS messages.
const ROUTES = { ORDER: order };

function main() {
  const deliveries = [];
  fs.readFileSync(0, "utf8").split("\n").forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    let message;
    try {
      message = parseXml(line.trim());
    } catch (error) {
      if (error instanceof XmlError) return; // TODO (stage 2): a malformed line goes to the dead-letter channel.
      throw error;
    }
    // TODO (stage 2): refuse DOCTYPEs before parsing; check the fields; unknown types are dead letters too.
    if (!(message.attributes.type in ROUTES)) return; // TODO (stage 2): a type with no route is a dead letter.
    const [route, method, path, body] = ROUTES[message.attributes.type](message);
    // TODO (stage 3): a message whose id was already delivered is a duplicate.
    deliveries.push({ line: index + 1, messageId: message.attributes.id, route, method, path, body });
    // TODO (stage 3): one audit entry for every non-blank line.
  });

  const document = {
    deliveries,
    deadLetters: [],
    audit: [],
    summary: { received: 0, delivered: deliveries.length, deadLettered: 0, duplicates: 0 },
  };
  process.stdout.write(JSON.stringify(document, null, 1) + "\n");
}

main();
