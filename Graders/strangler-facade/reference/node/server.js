// The strangler façade in front of BILLING 4.2. Reference solution.
// Every request goes to the legacy implementation except GET /quote, which the route's mode sends to the legacy
// one, the new one, both (shadow) or a stable share of customers (canary). Modes change at run time through
// /_facade/routes; the shadow comparison report is at /_facade/shadow.
"use strict";
const http = require("http");
const billing = require("./legacy/billing");
const newQuote = require("./new_quote");

let route = { mode: "legacy" };
let compared = 0;
let mismatches = [];

function send(res, status, headers, body) {
  res.writeHead(status, [...headers.flat(), "Content-Length", String(body.length)]);
  res.end(body);
}

function sendJson(res, status, doc, servedBy) {
  const headers = [["Content-Type", "application/json"]];
  if (servedBy) headers.push(["X-Served-By", servedBy]);
  send(res, status, headers, Buffer.from(JSON.stringify(doc)));
}

function setRoute(body) {
  let doc;
  try {
    doc = JSON.parse(body.toString("utf8"));
  } catch (error) {
    return [400, { error: "the body is not JSON" }];
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc) || !["legacy", "shadow", "canary", "new"].includes(doc.mode)) {
    return [400, { error: "mode must be legacy, shadow, canary or new" }];
  }
  const next = { mode: doc.mode };
  if (doc.mode === "canary") {
    if (!Number.isInteger(doc.percent) || doc.percent < 0 || doc.percent > 100) {
      return [400, { error: "a canary needs a whole percent from 0 to 100" }];
    }
    next.percent = doc.percent;
  }
  route = next;
  return [200, { quote: route }];
}

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const withoutNoise = ([status, doc]) => {
  if (!doc || typeof doc !== "object") return JSON.stringify([status, doc]);
  const { generated_at: ignored, ...rest } = doc;
  return JSON.stringify([status, Object.keys(rest).sort().map((k) => [k, rest[k]])]);
};

function handle(req, res, body) {
  const url = new URL(req.url, "http://facade");
  const legacy = () => {
    const answer = billing.handle(req.method, req.url, req.headers, body);
    return { ...answer, headers: [...answer.headers, ["X-Served-By", "legacy"]] };
  };
  if (url.pathname === "/_facade/routes" && req.method === "GET") return sendJson(res, 200, { quote: route });
  if (url.pathname.startsWith("/_facade/routes/")) {
    if (url.pathname !== "/_facade/routes/quote") return sendJson(res, 404, { error: "only the quote route can be migrated" });
    if (req.method !== "PUT") return sendJson(res, 405, { error: "use PUT" });
    return sendJson(res, ...setRoute(body));
  }
  if (url.pathname === "/_facade/shadow") {
    if (req.method === "DELETE") {
      compared = 0;
      mismatches = [];
      return send(res, 204, [], Buffer.alloc(0));
    }
    return sendJson(res, 200, { compared, matched: compared - mismatches.length, mismatches });
  }
  if (url.pathname !== "/quote" || req.method !== "GET") {
    const answer = legacy();
    return send(res, answer.status, answer.headers, answer.body);
  }
  let mode = route.mode;
  if (mode === "canary") {
    const customer = url.searchParams.get("customer");
    mode = customer && fnv1a(customer) % 100 < route.percent ? "new" : "legacy";
  }
  if (mode === "new") return sendJson(res, ...newQuote.quote(url.searchParams), "new");
  const answer = legacy();
  if (mode === "shadow") {
    let fresh;
    try {
      fresh = newQuote.quote(url.searchParams);
    } catch (error) { // the shadow must never hurt the client
      fresh = [500, { error: `new implementation failed: ${error.message}` }];
    }
    const old = [answer.status, JSON.parse(answer.body.toString("latin1"))];
    compared += 1;
    if (withoutNoise(old) !== withoutNoise(fresh)) {
      mismatches.push({ target: req.url, legacy: { status: old[0], body: old[1] }, new: { status: fresh[0], body: fresh[1] } });
    }
  }
  return send(res, answer.status, answer.headers, answer.body);
}

http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => handle(req, res, Buffer.concat(chunks)));
}).listen(Number(process.env.PORT || 8080), "127.0.0.1");
