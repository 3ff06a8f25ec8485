// A quote service in front of a flaky pricing upstream. See README.md for the contract.
//
// Run it:   UPSTREAM_URL=http://127.0.0.1:9090 PORT=8080 node server.js
//           (python3 tests/check.py all --submission . runs it against a scripted fake upstream)
//
// Today it makes one call per request and passes the answer through. The TODOs mark what the stages add.
"use strict";
const http = require("http");

const setting = (name, fallback) => Number(process.env[name] || fallback);
const PORT = setting("PORT", 8080);
const UPSTREAM = new URL(process.env.UPSTREAM_URL || "http://127.0.0.1:9090");
const MAX_ATTEMPTS = setting("MAX_ATTEMPTS", 4);
const BACKOFF_BASE_MS = setting("BACKOFF_BASE_MS", 100);
const BACKOFF_MAX_MS = setting("BACKOFF_MAX_MS", 2000);
const ATTEMPT_TIMEOUT_MS = setting("ATTEMPT_TIMEOUT_MS", 1000);
const REQUEST_BUDGET_MS = setting("REQUEST_BUDGET_MS", 10000);
const BREAKER_THRESHOLD = setting("BREAKER_THRESHOLD", 5);
const BREAKER_COOLDOWN_MS = setting("BREAKER_COOLDOWN_MS", 5000);

// Resolves to {status, headers, body} or {status: null, problem} for a transport failure; never rejects.
function callUpstream(sku) {
  return new Promise((resolve) => {
    const base = UPSTREAM.pathname.replace(/\/$/, "");
    const req = http.get(
      { hostname: UPSTREAM.hostname, port: UPSTREAM.port || 80, path: `${base}/price/${sku}`, agent: false },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", (error) => resolve({ status: null, problem: error.message }));
      },
    );
    req.setTimeout(ATTEMPT_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS} ms`)));
    req.on("error", (error) => resolve({ status: null, problem: error.message }));
  });
}

// TODO (stage 3): a circuit breaker, ONE for the whole service (shared by every request and SKU):
// closed / open / half-open, counting failed attempts in a row.

const error = (status, message) => ({ status, body: JSON.stringify({ error: message }), headers: {} });

async function quote(sku) {
  // TODO (stage 1): retry 429, 500, 502, 503, 504 and transport errors, up to MAX_ATTEMPTS calls in all; answer
  // 502 when they are used up; honour Retry-After and REQUEST_BUDGET_MS (504).
  // TODO (stage 2): wait before each retry: capped exponential backoff with equal jitter.
  // TODO (stage 3): ask the breaker before every attempt, tell it how the attempt went.
  const outcome = await callUpstream(sku);
  if (outcome.status === null) return error(502, `the upstream failed: ${outcome.problem}`);
  return { status: outcome.status, body: outcome.body, headers: {} };
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, "http://localhost").pathname;
  const answer = path.startsWith("/quote/") && path.length > "/quote/".length
    ? await quote(path.slice("/quote/".length))
    : error(404, `no route for ${path}`);
  res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
  res.end(answer.body);
});

server.listen(PORT, "127.0.0.1", () => console.error(`listening on 127.0.0.1:${PORT}, upstream ${UPSTREAM}`));
