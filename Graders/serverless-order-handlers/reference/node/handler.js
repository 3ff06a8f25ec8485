// The orders function (reference solution of serverless-order-handlers).
//
// One handler for three event sources: API Gateway (REST proxy) requests for the orders API, SQS batches of
// payments, and an EventBridge schedule that expires unpaid orders. Every piece of state lives in the durable
// store (store.js), never in the instance's memory, so redeliveries and retries are harmless whichever instance
// they reach.
"use strict";
const crypto = require("crypto");
const readline = require("readline");
const { Table } = require("./store");

const EXPIRE_AFTER_MS = 15 * 60 * 1000;
const STATUSES = ["pending", "paid", "expired"];

const orders = new Table("orders");
const idempotencyKeys = new Table("idempotency-keys");
const payments = new Table("payments");

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

const error = (status, message) => respond(status, { error: message });

// A request header by name, whatever case the client sent it in.
function header(event, name) {
  const entry = Object.entries(event.headers || {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return entry ? entry[1] : null;
}

function requestBody(event) {
  const body = event.body || "";
  return event.isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
}

function handleApi(event) {
  const { resource, httpMethod: method } = event;
  if (resource === "/orders") {
    if (method === "POST") return createOrder(event);
    if (method === "GET") return listOrders(event);
    return error(405, `${method} is not allowed on /orders`);
  }
  if (resource === "/orders/{id}") {
    if (method !== "GET") return error(405, `${method} is not allowed on /orders/{id}`);
    const order = orders.get((event.pathParameters || {}).id || "");
    return order ? respond(200, order) : error(404, "no such order");
  }
  return error(404, `no route for ${resource}`);
}

const isCount = (value, low, high = Infinity) => Number.isInteger(value) && value >= low && value <= high;

// The same request whatever the key order or spacing: the canonical JSON of the parsed body.
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function createOrder(event) {
  let request;
  try {
    request = JSON.parse(requestBody(event));
  } catch {
    return error(400, "the body is not JSON");
  }
  if (!request || typeof request !== "object" || Array.isArray(request)) return error(400, "the body must be a JSON object");
  if (typeof request.sku !== "string" || request.sku === "") return error(400, "sku must be a non-empty string");
  if (!isCount(request.quantity, 1, 100)) return error(400, "quantity must be a whole number from 1 to 100");
  if (!isCount(request.total_cents, 1)) return error(400, "total_cents must be a whole number of at least 1");

  const key = header(event, "Idempotency-Key");
  const fingerprint = crypto.createHash("sha256").update(canonical(request)).digest("hex");
  if (key) {
    const earlier = idempotencyKeys.get(key);
    if (earlier) {
      return earlier.fingerprint === fingerprint
        ? earlier.response
        : error(409, "this Idempotency-Key was used for a different request");
    }
  }
  const order = {
    id: `ord-${event.requestContext.requestId}`,
    sku: request.sku,
    quantity: request.quantity,
    total_cents: request.total_cents,
    paid_cents: 0,
    status: "pending",
    created_ms: event.requestContext.requestTimeEpoch,
  };
  const response = respond(201, order, { Location: `/orders/${order.id}` });
  if (key && !idempotencyKeys.putIfAbsent(key, { fingerprint, response })) {
    // Another instance won the race for this key: its order is the one, ours is never stored.
    const earlier = idempotencyKeys.get(key);
    return earlier.fingerprint === fingerprint ? earlier.response : error(409, "key reused");
  }
  orders.put(order.id, order);
  return response;
}

function listOrders(event) {
  const status = (event.queryStringParameters || {}).status;
  if (status !== undefined && !STATUSES.includes(status)) return error(400, `status must be one of ${STATUSES.join(", ")}`);
  const found = orders.scan().map(([, item]) => item).filter((item) => status === undefined || item.status === status);
  found.sort((a, b) => a.created_ms - b.created_ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return respond(200, { orders: found });
}

// --- SQS ---------------------------------------------------------------------------------------------------

function handlePayments(records) {
  const batchItemFailures = [];
  for (const record of records) {
    let ok;
    try {
      ok = applyPayment(record);
    } catch (failure) { // one bad record must not fail the batch: report it, go on with the next
      console.error(failure);
      ok = false;
    }
    if (!ok) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
}

// True when the payment is applied or was already; false when it must be retried (or dead-lettered).
function applyPayment(record) {
  let payment;
  try {
    payment = JSON.parse(record.body || "");
  } catch {
    return false;
  }
  if (!payment || typeof payment !== "object" || typeof payment.payment_id !== "string" || payment.payment_id === ""
      || typeof payment.order_id !== "string" || !isCount(payment.amount_cents, 1)) return false;
  if (payments.get(payment.payment_id)) return true; // a duplicate: the payment was applied before
  const order = orders.get(payment.order_id);
  if (!order) return false; // the order may not exist yet: let SQS deliver it again later
  order.paid_cents += payment.amount_cents;
  if (order.status === "pending" && order.paid_cents >= order.total_cents) order.status = "paid";
  // Record the payment first with a conditional write: if another instance got there first, do nothing.
  if (!payments.putIfAbsent(payment.payment_id, { order_id: order.id, message_id: record.messageId })) return true;
  orders.put(order.id, order);
  return true;
}

// --- EventBridge schedule ----------------------------------------------------------------------------------

function handleSchedule(event) {
  const now = Date.parse(event.time);
  const expired = [];
  for (const [, order] of orders.scan()) {
    if (order.status === "pending" && order.created_ms + EXPIRE_AFTER_MS <= now) {
      order.status = "expired";
      orders.put(order.id, order);
      expired.push(order.id);
    }
  }
  return { expired: expired.sort() };
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
