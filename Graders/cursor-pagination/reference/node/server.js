// cursor-pagination reference: keyset pagination with opaque cursors over (created_at, id).
"use strict";
const http = require("http");

const BASE_TIME = 1735689600; // 2025-01-01T00:00:00Z
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

function seedItems() {
  const items = [];
  for (let i = 1; i <= 200; i++) {
    items.push({ id: i, name: `item-${String(i).padStart(3, "0")}`, created_at: BASE_TIME + 60 * ((i * 37) % 100) });
  }
  return items;
}

// Compares two sort keys [created_at, id] element by element, as Python compares tuples.
function compareKeys(a, b) {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

const key = (item) => [item.created_at, item.id];

// Items kept sorted by their sort key, so a page is a binary search and a slice.
const items = seedItems().sort((a, b) => compareKeys(key(a), key(b)));
let nextId = 201;

// The index of the first item whose key is strictly greater than `after`.
function firstAfter(after) {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareKeys(key(items[mid]), after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function encodeCursor(item) {
  return Buffer.from(`${item.created_at}:${item.id}`, "ascii").toString("base64url");
}

// The [created_at, id] a cursor stands for, or null when it is not one of ours.
function decodeCursor(cursor) {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const raw = Buffer.from(cursor, "base64url").toString("latin1");
  // Decoding is lenient; only a cursor that encodes back to itself is one we made.
  if (Buffer.from(raw, "latin1").toString("base64url") !== cursor) return null;
  const match = /^([0-9]+):([0-9]+)$/.exec(raw);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

function parseLimit(query) {
  if (!query.has("limit")) return DEFAULT_LIMIT;
  const values = query.getAll("limit");
  const text = values[values.length - 1];
  if (!/^[0-9]+$/.test(text)) return null;
  const limit = Number(text);
  return limit >= 1 && limit <= MAX_LIMIT ? limit : null;
}

function sendJSON(res, status, payload) {
  const data = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": data.length });
  res.end(data);
}

function getItems(res, query) {
  const limit = parseLimit(query);
  if (limit === null) {
    return sendJSON(res, 400, { error: `limit must be an integer from 1 to ${MAX_LIMIT}` });
  }
  let start = 0;
  if (query.has("cursor")) {
    const values = query.getAll("cursor");
    const after = decodeCursor(values[values.length - 1]);
    if (after === null) {
      return sendJSON(res, 400, { error: "cursor is not valid; use a next_cursor this service returned" });
    }
    start = firstAfter(after);
  }
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  sendJSON(res, 200, { items: page, next_cursor: more && page.length > 0 ? encodeCursor(page[page.length - 1]) : null });
}

function postItem(res, body) {
  let data;
  try {
    data = JSON.parse(body);
  } catch {
    return sendJSON(res, 400, { error: "the request body is not valid JSON" });
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return sendJSON(res, 400, { error: "the request body must be a JSON object" });
  }
  const { name, created_at: createdAt } = data;
  if (typeof name !== "string" || name === "") {
    return sendJSON(res, 400, { error: "'name' must be a non-empty string" });
  }
  if (!Number.isSafeInteger(createdAt) || createdAt < 0) {
    return sendJSON(res, 400, { error: "'created_at' must be a non-negative integer (Unix seconds)" });
  }
  const item = { id: nextId++, name, created_at: createdAt };
  items.splice(firstAfter(key(item)), 0, item);
  sendJSON(res, 201, item);
}

function handle(req, res, body) {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname !== "/items") {
    return sendJSON(res, 404, { error: `no such resource: ${url.pathname}` });
  }
  if (req.method === "GET") return getItems(res, url.searchParams);
  if (req.method === "POST") return postItem(res, body);
  res.setHeader("Allow", "GET, POST");
  sendJSON(res, 405, { error: "method not allowed" });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
});

const port = Number(process.env.PORT || 8080);
server.listen(port, "127.0.0.1");
