// checkout-api, the service you are deploying (you do not need to change it; the lab is about k8s/).
//
// What matters for the manifests:
// - it listens on port 8080;
// - GET /healthz/live answers 200 while the process can serve at all (it checks nothing else);
// - GET /healthz/ready answers 200 once the price cache is warm (up to 45 s after start) and while the
//   database answers; 503 otherwise;
// - it writes temporary files (request bodies over 1 MiB) to /tmp, and nothing else to disk;
// - it never calls the Kubernetes API.
"use strict";
const http = require("http");
const fs = require("fs");
const os = require("os");
const path = require("path");

const WARM_UP_MS = Number(process.env.WARM_UP_SECONDS || 45) * 1000;
const started = Date.now();
const databaseAnswers = () => true; // the real service pings PostgreSQL here, with a 200 ms timeout

function answer(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/healthz/live") return answer(res, 200, { status: "alive" });
  if (req.method === "GET" && req.url === "/healthz/ready") {
    const warm = Date.now() - started >= WARM_UP_MS;
    const ready = warm && databaseAnswers();
    return answer(res, ready ? 200 : 503, { ready, cache_warm: warm });
  }
  if (req.method === "POST") {
    const spool = path.join(os.tmpdir(), `body-${process.pid}-${Date.now()}`);
    const out = fs.createWriteStream(spool);
    req.pipe(out);
    out.on("finish", () => fs.unlink(spool, () => answer(res, 202, { accepted: out.bytesWritten })));
    return undefined;
  }
  return answer(res, 404, { error: "not found" });
}).listen(8080, "0.0.0.0");
