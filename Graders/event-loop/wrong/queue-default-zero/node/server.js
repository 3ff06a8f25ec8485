// Models: a queue limit that defaults to 0 instead of 4 when QUEUE_LIMIT is not set.
// event-loop reference: CPU-heavy hashing runs on a fixed pool of worker threads, so the event loop stays free.
"use strict";
const http = require("http");
const { Worker, isMainThread, parentPort } = require("worker_threads");
const crypto = require("crypto");

const MAX_ROUNDS = 5000000;

function hashChain(seed, rounds) {
  let digest = crypto.createHash("sha256").update(seed, "utf8").digest();
  for (let i = 1; i < rounds; i++) digest = crypto.createHash("sha256").update(digest).digest();
  return digest.toString("hex");
}

if (!isMainThread) {
  parentPort.on("message", ({ seed, rounds }) => parentPort.postMessage(hashChain(seed, rounds)));
  return;
}

function setting(name, fallback) {
  const value = process.env[name] || "";
  return /^[0-9]+$/.test(value) ? Number(value) : fallback;
}

const WORKERS = setting("WORKERS", 2);
const QUEUE_LIMIT = setting("QUEUE_LIMIT", 0);

// Each worker runs one job at a time; jobs beyond the idle workers wait in `waiting`, at most QUEUE_LIMIT of them.
const idle = [];
const waiting = [];
for (let i = 0; i < WORKERS; i++) idle.push(new Worker(__filename));

function dispatch() {
  while (idle.length > 0 && waiting.length > 0) {
    const worker = idle.pop();
    const job = waiting.shift();
    worker.once("message", (digest) => {
      idle.push(worker);
      dispatch();
      job.done(digest);
    });
    worker.postMessage({ seed: job.seed, rounds: job.rounds });
  }
}

// Returns false when the service is full.
function submit(seed, rounds, done) {
  const busy = WORKERS - idle.length;
  if (busy + waiting.length >= WORKERS + QUEUE_LIMIT) return false;
  waiting.push({ seed, rounds, done });
  dispatch();
  return true;
}

function sendJSON(res, status, payload, headers = {}) {
  const data = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": data.length, ...headers });
  res.end(data);
}

function parse(params) {
  const seeds = params.getAll("seed");
  const rounds = params.getAll("rounds");
  if (seeds.length !== 1 || !/^[A-Za-z0-9_-]{1,64}$/.test(seeds[0])) {
    return { error: "seed must be given once: 1 to 64 letters, digits, '-' or '_'" };
  }
  if (rounds.length !== 1 || !/^[0-9]+$/.test(rounds[0]) || Number(rounds[0]) < 1 || Number(rounds[0]) > MAX_ROUNDS) {
    return { error: `rounds must be given once: a whole number from 1 to ${MAX_ROUNDS}` };
  }
  return { seed: seeds[0], rounds: Number(rounds[0]) };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/healthz") return sendJSON(res, 200, { status: "ok" });
  if (url.pathname !== "/hash") return sendJSON(res, 404, { error: `no such path: ${url.pathname}` });
  const job = parse(url.searchParams);
  if (job.error) return sendJSON(res, 400, { error: job.error });
  const accepted = submit(job.seed, job.rounds, (digest) =>
    sendJSON(res, 200, { seed: job.seed, rounds: job.rounds, hash: digest }));
  if (!accepted) sendJSON(res, 503, { error: "too many jobs: try again later" }, { "Retry-After": "1" });
});

server.listen(Number(process.env.PORT || 8080), "127.0.0.1");
