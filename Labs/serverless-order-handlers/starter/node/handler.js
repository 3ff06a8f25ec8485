// The orders function: one handler for API Gateway, SQS and EventBridge events. See README.md.
//
// Run it by hand: node handler.js < events.jsonl  (one JSON event per line in, one JSON result per line out;
// STORE_DIR says where the durable store lives, ./store by default). The TODOs mark what each stage adds.
"use strict";
const readline = require("readline");
const { Table } = require("./store");

const EXPIRE_AFTER_MS = 15 * 60 * 1000;

const orders = new Table("orders");
// TODO (stage 1): a table for idempotency keys; (stage 2) a table for applied payments.

function handler(event, context) {
  if (Array.isArray(event.Records)) return handlePayments(event.Records);
  if ("httpMethod" in event) return handleApi(event);
  if (event.source === "aws.events" && event["detail-type"] === "Scheduled Event") return handleSchedule(event);
  throw new Error("unsupported event");
}

// --- API Gateway -------------------------------------------------------------------------------------------

function respond(statusCode, payload, headers = {}) {
  return {
    statusCode,
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(payload),
    isBase64Encoded: false,
  };
}

function handleApi(event) {
  const { resource, httpMethod: method } = event;
  if (resource === "/orders" && method === "POST") return createOrder(event);
  if (resource === "/orders/{id}" && method === "GET") {
    const order = orders.get(event.pathParameters.id);
    return order ? respond(200, order) : respond(404, { error: "no such order" });
  }
  // TODO (stage 1): GET /orders (with ?status=), 405 for other methods, 404 for other resources.
  return respond(404, { error: `no route for ${resource}` });
}

function createOrder(event) {
  // TODO (stage 1): base64 bodies, validation (400), Idempotency-Key (replay or 409), Location header.
  const request = JSON.parse(event.body);
  const order = {
    id: `ord-${event.requestContext.requestId}`,
    sku: request.sku,
    quantity: request.quantity,
    total_cents: request.total_cents,
    paid_cents: 0,
    status: "pending",
    created_ms: event.requestContext.requestTimeEpoch,
  };
  orders.put(order.id, order);
  return respond(201, order);
}

// --- SQS ---------------------------------------------------------------------------------------------------

function handlePayments(records) {
  // TODO (stage 2): apply each payment once (by payment_id), report only the records that failed.
  return { batchItemFailures: records.map((record) => ({ itemIdentifier: record.messageId })) };
}

// --- EventBridge schedule ----------------------------------------------------------------------------------

function handleSchedule(event) {
  // TODO (stage 3): expire pending orders at least 15 minutes older than the event's time.
  return { expired: [] };
}

// --- the runtime: one JSON event per line in, one JSON result per line out (see README). Do not change. ----

async function main() {
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let result;
    try {
      result = await handler(JSON.parse(line), null);
    } catch (failure) {
      console.error(failure);
      result = { errorType: failure.name, errorMessage: failure.message };
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

if (require.main === module) main();
