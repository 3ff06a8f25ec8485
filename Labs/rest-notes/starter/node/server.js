// rest-notes: a notes service over HTTP, standard library only (see README.md).
// Run it with `PORT=8080 node server.js` and try it with curl.
"use strict";
const http = require("http");

// The notes, in memory: id -> {id, title, body}. Ids start at 1 and are never reused.
const notes = new Map();
let nextId = 1;

function sendJSON(res, status, payload, headers = {}) {
  const data = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": data.length, ...headers });
  res.end(data);
}

function handle(req, res, body) {
  if (req.method === "GET" && req.url === "/notes") {
    return sendJSON(res, 200, { notes: [...notes.values()] });
  }
  if (req.method === "POST" && req.url === "/notes") {
    // TODO (stage 1): store a new note and answer 201 Created, a `Location: /notes/ID` header and the note.
    // TODO (stage 3): a body that is not JSON, or has no valid title, is 400 with {"error": "..."}.
    return sendJSON(res, 200, JSON.parse(body));
  }
  // TODO (stage 1): GET /notes/ID answers 200 with the note, or 404 with {"error": "..."}.
  // TODO (stage 2): PUT /notes/ID replaces a note (200, or 404); DELETE removes it (204, empty body, or 404).
  // TODO (stage 3): a method a path does not support is 405 with an `Allow` header.
  sendJSON(res, 404, { error: "not found" });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
});

const port = Number(process.env.PORT || 8080);
server.listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
