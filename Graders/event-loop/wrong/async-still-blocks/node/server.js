// Models: believing `async` moves work off the event loop. The hashing runs inside an async function, but a
// synchronous loop blocks the event loop all the same: no other request is read until it finishes.
"use strict";
const http = require("http");
const crypto = require("crypto");

const MAX_ROUNDS = 5000000;

async function hashChain(seed, rounds) {
  let digest = crypto.createHash("sha256").update(seed, "utf8").digest();
  for (let i = 1; i < rounds; i++) digest = crypto.createHash("sha256").update(digest).digest();
  return digest.toString("hex");
}

function setting(name, fallback) {
  const value = process.env[name] || "";
  return /^[0-9]+$/.test(value) ? Number(value) : fallback;
}

const CAPACITY = setting("WORKERS", 2) + setting("QUEUE_LIMIT", 4);
let admitted = 0;

function sendJSON(res, status, payload, headers = {}) {
  const data = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": data.length, ...headers });
  res.end(data);
}

function parse(params) {
  const seeds = params.getAll("seed");
  const rounds = params.getAll("rounds");
  if (seeds.length !== 1 || !/^[A-Za-z0-9_-]{1,64}$/.test(seeds[0])) return { error: "bad seed" };
  if (rounds.length !== 1 || !/^[0-9]+$/.test(rounds[0]) || Number(rounds[0]) < 1 || Number(rounds[0]) > MAX_ROUNDS) {
    return { error: "bad rounds" };
  }
  return { seed: seeds[0], rounds: Number(rounds[0]) };
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/healthz") return sendJSON(res, 200, { status: "ok" });
  if (url.pathname !== "/hash") return sendJSON(res, 404, { error: `no such path: ${url.pathname}` });
  const job = parse(url.searchParams);
  if (job.error) return sendJSON(res, 400, { error: job.error });
  if (admitted >= CAPACITY) return sendJSON(res, 503, { error: "busy" }, { "Retry-After": "1" });
  admitted++;
  try {
    const digest = await hashChain(job.seed, job.rounds);
    sendJSON(res, 200, { seed: job.seed, rounds: job.rounds, hash: digest });
  } finally {
    admitted--;
  }
});

server.listen(Number(process.env.PORT || 8080), "127.0.0.1");
