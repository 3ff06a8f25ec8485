// cursor-pagination: page through items with opaque cursors (see README.md).
//
// Run it with `PORT=8080 node server.js` and try `curl 'localhost:8080/items?limit=3'`.
"use strict";
const http = require("http");

const BASE_TIME = 1735689600; // 2025-01-01T00:00:00Z, in Unix seconds

// The 200 fixed items: id 1..200, created_at = BASE_TIME + 60 * ((id * 37) % 100). Do not change this.
function seedItems() {
  const items = [];
  for (let i = 1; i <= 200; i++) {
    items.push({ id: i, name: `item-${String(i).padStart(3, "0")}`, created_at: BASE_TIME + 60 * ((i * 37) % 100) });
  }
  return items;
}

const items = seedItems();

function sendJSON(res, status, payload) {
  const data = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": data.length });
  res.end(data);
}

function handle(req, res, body) {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname !== "/items") {
    return sendJSON(res, 404, { error: "not found" });
  }
  // TODO (stage 3): POST /items with {"name": ..., "created_at": ...} adds an item (id 201, 202, ...) and
  //   answers 201 with it. Items added while a client pages must not be repeated or skipped.
  const query = url.searchParams;
  // TODO (stage 2): validate limit (1 to 100, default 20); anything else is 400 with {"error": ...}.
  const limit = query.has("limit") ? parseInt(query.get("limit"), 10) : 20;
  // TODO (stage 1): sort by (created_at, id), not by id.
  const ordered = [...items].sort((a, b) => a.id - b.id);
  // TODO (stage 1): when a cursor is given, start right after the item it stands for.
  // TODO (stage 2): a cursor this service did not issue is 400.
  const page = ordered.slice(0, limit);
  // TODO (stage 1): next_cursor is an opaque string that leads to the next page, or null on the last page.
  sendJSON(res, 200, { items: page, next_cursor: null });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
});

const port = Number(process.env.PORT || 8080);
server.listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
