// An edge function: per-region routing and a shared HTTP cache per PoP. See README.md.
//
// handle() gets each client request with the edge's clock (`now`, whole seconds) and answers it, awaiting
// fetch() for the origin when it must. Today it sends everything to the PoP's own region and caches nothing:
// every answer is a MISS. The TODOs mark what each stage adds.
//
// Run it by hand: EDGE_CONFIG=edge-config.json node edge.js, then type the harness's JSON lines (README).
"use strict";
const fs = require("fs");
const readline = require("readline");

const CONFIG = JSON.parse(fs.readFileSync(process.env.EDGE_CONFIG || "edge-config.json", "utf8"));

// [origin name, cacheable by rule] for a request.
function route(request) {
  // TODO (stage 1): the first rule whose prefix the path starts with (and whose countries, if it has them,
  // include the client's country) decides the origin and whether the response may be cached.
  return [CONFIG.pops[request.pop], true];
}

function originUrl(origin, url) {
  // TODO (stage 1): drop the ignored query parameters and sort the rest by name, then value.
  const rest = url.includes("://") ? url.slice(url.indexOf("://") + 3) : url;
  return CONFIG.origins[origin] + rest.slice(rest.indexOf("/"));
}

async function handle(request, now) {
  const [origin, cacheable] = route(request);
  // TODO (stage 2): a cache per PoP: serve fresh stored responses (X-Cache: HIT, with Age), store what may be
  // stored, respect Vary, Authorization, no-store, private, Set-Cookie.
  // TODO (stage 3): revalidate stale responses (If-None-Match / If-Modified-Since, 304 -> REVALIDATED),
  // stale-if-error, invalidation by unsafe methods, LRU eviction at cache_entries.
  const response = await fetch(origin, request.method, originUrl(origin, request.url), request.headers);
  const outcome = cacheable && request.method === "GET" ? "MISS" : "BYPASS";
  return { status: response.status, headers: { ...response.headers, "x-cache": outcome }, body: response.body };
}

// --- the runtime: the harness protocol (README, "The harness"). Do not change. -----------------------------

const lines = [];
const waiting = [];
let ended = false;
const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on("line", (line) => (waiting.length ? waiting.shift()(line) : lines.push(line)));
input.on("close", () => {
  ended = true;
  while (waiting.length) waiting.shift()(null);
});
const nextLine = () => (lines.length ? Promise.resolve(lines.shift()) : ended ? Promise.resolve(null) : new Promise((resolve) => waiting.push(resolve)));

// Asks the platform to fetch from an origin; resolves to {status, headers, body}.
async function fetch(origin, method, url, headers) {
  process.stdout.write(`${JSON.stringify({ type: "fetch", origin, method, url, headers })}\n`);
  const reply = JSON.parse(await nextLine());
  return { status: reply.status, headers: reply.headers, body: reply.body };
}

async function main() {
  for (let line = await nextLine(); line !== null; line = await nextLine()) {
    if (!line.trim()) continue;
    const request = JSON.parse(line);
    const response = await handle(request, request.now);
    process.stdout.write(`${JSON.stringify({ type: "response", id: request.id, ...response })}\n`);
  }
}

main();
