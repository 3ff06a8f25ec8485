// rest-notes reference: a notes resource over HTTP with Node's standard library only.
"use strict";
const http = require("http");

const notes = new Map(); // id -> note; ids start at 1 and are never reused
let nextId = 1;

class ValidationError extends Error {}

function parseNote(raw) {
  let data;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new ValidationError("the request body is not valid JSON");
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ValidationError("the request body must be a JSON object");
  }
  const { title, body = "" } = data;
  if (typeof title !== "string" || title === "") {
    throw new ValidationError("'title' is required and must be a non-empty string");
  }
  if (typeof body !== "string") throw new ValidationError("'body' must be a string");
  return { title, body };
}

function sendJSON(res, status, payload, headers = {}) {
  const data = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": data.length, ...headers });
  res.end(data);
}

function sendError(res, status, message, headers = {}) {
  sendJSON(res, status, { error: message }, headers);
}

const handlers = {
  collection: {
    GET(req, res) {
      const list = [...notes.keys()].sort((a, b) => a - b).map((id) => notes.get(id));
      sendJSON(res, 200, { notes: list });
    },
    POST(req, res, _id, raw) {
      let fields;
      try {
        fields = parseNote(raw);
      } catch (error) {
        if (error instanceof ValidationError) return sendError(res, 400, error.message);
        throw error;
      }
      const note = { id: nextId++, ...fields };
      notes.set(note.id, note);
      sendJSON(res, 201, note, { Location: `/notes/${note.id}` });
    },
  },
  note: {
    GET(req, res, id) {
      if (!notes.has(id)) return sendError(res, 404, `note ${id} not found`);
      sendJSON(res, 200, notes.get(id));
    },
    PUT(req, res, id, raw) {
      if (!notes.has(id)) return sendError(res, 404, `note ${id} not found`);
      let fields;
      try {
        fields = parseNote(raw);
      } catch (error) {
        if (error instanceof ValidationError) return sendError(res, 400, error.message);
        throw error;
      }
      const note = { id, ...fields };
      notes.set(id, note);
      sendJSON(res, 200, note);
    },
    DELETE(req, res, id) {
      if (!notes.delete(id)) return sendError(res, 404, `note ${id} not found`);
      res.writeHead(204);
      res.end();
    },
  },
};

function route(url) {
  const path = url.split("?")[0];
  if (path === "/notes") return ["collection", null];
  const match = /^\/notes\/([0-9]+)$/.exec(path);
  if (match) return ["note", Number(match[1])];
  return [null, null];
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const [kind, id] = route(req.url);
    if (kind === null) return sendError(res, 404, `no such resource: ${req.url}`);
    const methods = handlers[kind];
    const handler = Object.hasOwn(methods, req.method) ? methods[req.method] : undefined;
    if (!handler) {
      return sendError(res, 405, `${req.method} is not allowed here`, { Allow: Object.keys(methods).join(", ") });
    }
    handler(req, res, id, Buffer.concat(chunks).toString("utf8"));
  });
});

server.listen(Number(process.env.PORT || 8080), "127.0.0.1");
