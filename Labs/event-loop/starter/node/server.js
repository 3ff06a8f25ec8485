// event-loop: a hashing service whose CPU work must not block the event loop (see README.md).
// Run it with `PORT=8080 node server.js` and try `curl 'localhost:8080/hash?seed=abc&rounds=1000000'`.
"use strict";
const http = require("http");
const crypto = require("crypto");

const MAX_ROUNDS = 5000000;

// sha256 of the seed's bytes, then sha256 of each digest, `rounds` times in all; the last one in hex.
function hashChain(seed, rounds) {
  let digest = crypto.createHash("sha256").update(seed, "utf8").digest();
  for (let i = 1; i < rounds; i++) digest = crypto.createHash("sha256").update(digest).digest();
  return digest.toString("hex");
}

// TODO (stage 3): read WORKERS (default 2) and QUEUE_LIMIT (default 4) from the environment.

function sendJSON(res, status, payload, headers = {}) {
  const data = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": data.length, ...headers });
  res.end(data);
}

// {seed, rounds} from the query, or {error}.
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
  // TODO (stage 2): this computes on the event loop: while it runs, no other request is even read.
  //   Run it on a pool of WORKERS worker threads (worker_threads) and answer when the result comes back.
  // TODO (stage 3): admit at most WORKERS running + QUEUE_LIMIT waiting jobs; refuse others at once with
  //   503, {"error": ...} and the header Retry-After: 1.
  const digest = hashChain(job.seed, job.rounds);
  sendJSON(res, 200, { seed: job.seed, rounds: job.rounds, hash: digest });
});

server.listen(Number(process.env.PORT || 8080), "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
