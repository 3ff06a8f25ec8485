// An edge function: per-region routing and a shared HTTP cache per PoP (reference solution of edge-cache-router).
//
// handle() gets each client request with the edge's clock (`now`, whole seconds) and answers it, awaiting
// fetch() for the origin when it must. The runtime at the bottom speaks the harness protocol of README.md.
"use strict";
const fs = require("fs");
const readline = require("readline");

const CONFIG = JSON.parse(fs.readFileSync(process.env.EDGE_CONFIG || "edge-config.json", "utf8"));
const STORABLE = new Set([200, 301, 404]);
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// --- routing ---------------------------------------------------------------------------------------------

// [path, query] of "https://host/path?query".
function splitUrl(url) {
  const rest = url.includes("://") ? url.slice(url.indexOf("://") + 3) : url;
  const slash = rest.indexOf("/");
  const target = slash >= 0 ? rest.slice(slash) : "/";
  const mark = target.indexOf("?");
  return mark >= 0 ? [target.slice(0, mark), target.slice(mark + 1)] : [target, ""];
}

// The query without the ignored parameters, its parameters sorted by name, then value.
function normalizedQuery(query) {
  const ignored = new Set(CONFIG.ignored_query_params || []);
  const kept = query.split("&").filter(Boolean).map((part) => {
    const at = part.indexOf("=");
    return at >= 0 ? [part.slice(0, at), "=", part.slice(at + 1)] : [part, "", ""];
  }).filter(([name]) => !ignored.has(name));
  const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  kept.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]) || compare(a[2], b[2]));
  return kept.map((parts) => parts.join("")).join("&");
}

// [origin name, cacheable by rule] for a request.
function route(request) {
  const [path] = splitUrl(request.url);
  const region = CONFIG.pops[request.pop];
  for (const rule of CONFIG.rules || []) {
    if (path.startsWith(rule.prefix) && (!rule.countries || rule.countries.includes(request.country))) {
      return [rule.origin || region, rule.cache !== false];
    }
  }
  return [region, true];
}

// --- HTTP caching ----------------------------------------------------------------------------------------

// Cache-Control as a Map of name -> value (or true), names lower case.
function directives(headers) {
  const found = new Map();
  for (const part of String(headers["cache-control"] || "").split(",")) {
    const at = part.indexOf("=");
    const name = (at >= 0 ? part.slice(0, at) : part).trim().toLowerCase();
    if (name) found.set(name, at >= 0 ? part.slice(at + 1).trim().replace(/^"|"$/g, "") : true);
  }
  return found;
}

const seconds = (value) => (/^\s*[0-9]+\s*$/.test(String(value)) ? Number(value) : null);

function httpTime(value) {
  const parsed = value === undefined ? NaN : Date.parse(value);
  return Number.isNaN(parsed) ? null : Math.floor(parsed / 1000);
}

function freshnessLifetime(headers) {
  const cc = directives(headers);
  for (const name of ["s-maxage", "max-age"]) {
    if (cc.has(name) && seconds(cc.get(name)) !== null) return seconds(cc.get(name));
  }
  const expires = httpTime(headers.expires);
  const date = httpTime(headers.date);
  return expires !== null && date !== null ? Math.max(0, expires - date) : null;
}

function storable(request, response) {
  const cc = directives(response.headers);
  if (!STORABLE.has(response.status) || cc.has("no-store") || cc.has("private")) return false;
  if ("set-cookie" in response.headers || String(response.headers.vary || "").trim() === "*") return false;
  if ("authorization" in request.headers && !cc.has("public") && !cc.has("s-maxage")) return false;
  return freshnessLifetime(response.headers) !== null || cc.has("no-cache");
}

class Entry {
  constructor(request, response, now) {
    this.status = response.status;
    this.headers = { ...response.headers };
    this.body = response.body;
    this.storedAt = now;
    const vary = String(this.headers.vary || "").split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
    this.varied = Object.fromEntries(vary.map((name) => [name, request.headers[name]]));
  }

  matches(request) {
    return Object.entries(this.varied).every(([name, value]) => request.headers[name] === value);
  }

  age(now) {
    return (seconds(this.headers.age) || 0) + (now - this.storedAt);
  }

  fresh(now) {
    const lifetime = freshnessLifetime(this.headers);
    return !directives(this.headers).has("no-cache") && lifetime !== null && lifetime > this.age(now);
  }

  answer(now, outcome) {
    return { status: this.status, headers: { ...this.headers, age: String(this.age(now)), "x-cache": outcome }, body: this.body };
  }
}

// One PoP's cache: variants under each key, least recently used first (a Map keeps insertion order).
class PopCache {
  constructor(capacity) {
    this.capacity = capacity;
    this.entries = new Map(); // slot -> {key, entry}
    this.slots = new Map(); // key -> Set of slots
    this.serial = 0;
  }

  find(key, request) {
    for (const slot of this.slots.get(key) || []) {
      const { entry } = this.entries.get(slot);
      if (entry.matches(request)) return [slot, entry];
    }
    return [null, null];
  }

  touch(slot) {
    const value = this.entries.get(slot);
    this.entries.delete(slot);
    this.entries.set(slot, value);
  }

  store(key, slot, entry) {
    if (slot === null) {
      slot = ++this.serial;
      if (!this.slots.has(key)) this.slots.set(key, new Set());
      this.slots.get(key).add(slot);
    }
    this.entries.delete(slot);
    this.entries.set(slot, { key, entry });
    while (this.entries.size > this.capacity) {
      const [oldest, { key: oldKey }] = this.entries.entries().next().value;
      this.entries.delete(oldest);
      this.slots.get(oldKey).delete(oldest);
    }
  }

  invalidate(key) {
    for (const slot of this.slots.get(key) || []) this.entries.delete(slot);
    this.slots.delete(key);
  }
}

const caches = new Map();

function cache(pop) {
  if (!caches.has(pop)) caches.set(pop, new PopCache(CONFIG.cache_entries || 1000));
  return caches.get(pop);
}

const tagged = (response, outcome) => ({ status: response.status, headers: { ...response.headers, "x-cache": outcome }, body: response.body });

async function handle(request, now) {
  const [origin, cacheable] = route(request);
  const [path, query] = splitUrl(request.url);
  const normalized = normalizedQuery(query);
  const url = CONFIG.origins[origin] + path + (normalized ? `?${normalized}` : "");
  const { method } = request;
  if (!cacheable || method !== "GET") {
    const response = await fetch(origin, method, url, request.headers);
    if (UNSAFE.has(method) && response.status >= 200 && response.status < 400) cache(request.pop).invalidate(`${origin} ${url}`);
    return tagged(response, "BYPASS");
  }
  const pop = cache(request.pop);
  const key = `${origin} ${url}`;
  const [slot, entry] = pop.find(key, request);
  if (entry && entry.fresh(now)) {
    pop.touch(slot);
    return entry.answer(now, "HIT");
  }
  const headers = { ...request.headers };
  if (entry && "etag" in entry.headers) headers["if-none-match"] = entry.headers.etag;
  if (entry && "last-modified" in entry.headers) headers["if-modified-since"] = entry.headers["last-modified"];
  const response = await fetch(origin, "GET", url, headers);
  const conditional = "if-none-match" in headers || "if-modified-since" in headers;
  if (entry && response.status === 304 && conditional) {
    Object.assign(entry.headers, response.headers);
    if (!("age" in response.headers)) delete entry.headers.age;
    entry.storedAt = now;
    pop.touch(slot);
    return entry.answer(now, "REVALIDATED");
  }
  if (entry && response.status >= 500) {
    const window = seconds(directives(entry.headers).get("stale-if-error"));
    if (window !== null && entry.age(now) <= (freshnessLifetime(entry.headers) || 0) + window) {
      pop.touch(slot);
      return entry.answer(now, "STALE");
    }
  }
  if (storable(request, response)) pop.store(key, slot, new Entry(request, response, now));
  return tagged(response, "MISS");
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
