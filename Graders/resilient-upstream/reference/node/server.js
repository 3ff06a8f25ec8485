// A quote service that calls a flaky pricing upstream safely (reference solution of resilient-upstream).
//
// GET /quote/SKU calls GET $UPSTREAM_URL/price/SKU with a per-attempt timeout; failures worth retrying are retried
// with capped exponential backoff and equal jitter, honouring Retry-After and the request's time budget; a circuit
// breaker shared by all requests stops calling an upstream that keeps failing and lets one probe through after
// its cooldown.
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

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

// One event loop, so the breaker needs no lock: each method runs to completion.
class Breaker {
  constructor(threshold, cooldownMs) {
    this.threshold = threshold;
    this.cooldownMs = cooldownMs;
    this.state = "closed";
    this.failures = 0;
    this.openedAt = 0;
    this.probing = false;
  }

  permit() {
    if (this.state === "open") {
      if (Date.now() - this.openedAt < this.cooldownMs) return "reject";
      this.state = "half-open";
    }
    if (this.state === "half-open") {
      if (this.probing) return "reject";
      this.probing = true;
      return "probe";
    }
    return "call";
  }

  record(permit, healthy) {
    if (permit === "probe") {
      this.probing = false;
      if (healthy) {
        this.state = "closed";
        this.failures = 0;
      } else {
        this.state = "open";
        this.openedAt = Date.now();
      }
    } else if (this.state === "closed") {
      // A call that started while closed but ends after the circuit opened changes nothing.
      if (healthy) {
        this.failures = 0;
      } else if (++this.failures >= this.threshold) {
        this.state = "open";
        this.openedAt = Date.now();
      }
    }
  }

  retryAfter() {
    return Math.max(1, Math.ceil((this.cooldownMs - (Date.now() - this.openedAt)) / 1000));
  }
}

const breaker = new Breaker(BREAKER_THRESHOLD, BREAKER_COOLDOWN_MS);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

const retryable = (outcome) => outcome.status === null || RETRYABLE.has(outcome.status);

function retryAfterMs(outcome) {
  const value = String((outcome.headers || {})["retry-after"] || "").trim();
  return /^[0-9]+$/.test(value) ? Number(value) * 1000 : 0;
}

// The wait before retry number `retry` (1 for the second attempt): equal jitter under a capped exponential.
function backoffMs(retry) {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

const error = (status, message) => ({ status, body: JSON.stringify({ error: message }), headers: {} });

function circuitOpen() {
  const answer = error(503, "circuit open: the upstream is failing");
  answer.headers["Retry-After"] = String(breaker.retryAfter());
  return answer;
}

async function quote(sku) {
  const started = Date.now();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const permit = breaker.permit();
    if (permit === "reject") return circuitOpen();
    const outcome = await callUpstream(sku);
    breaker.record(permit, !retryable(outcome));
    if (!retryable(outcome)) return { status: outcome.status, body: outcome.body, headers: {} };
    console.error(`${sku}: attempt ${attempt} failed: ${outcome.status || outcome.problem}`);
    if (permit === "probe" || breaker.state === "open") return circuitOpen();
    if (attempt === MAX_ATTEMPTS) break;
    const wait = Math.max(backoffMs(attempt), retryAfterMs(outcome));
    if (Date.now() + wait - started > REQUEST_BUDGET_MS) {
      return error(504, `the next attempt would start after the ${REQUEST_BUDGET_MS} ms budget`);
    }
    await sleep(wait);
  }
  return error(502, `the upstream failed ${MAX_ATTEMPTS} attempts`);
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
