// A small HTTP service that must shut down gracefully. See README.md for the contract.
//
// Run it:   PORT=8080 node server.js
// Try it:   curl -i localhost:8080/work?ms=2000 &  then  kill -TERM <pid>
//
// It already serves every route. What it does not do yet is stop well: today SIGTERM kills it on the spot,
// cutting off every request in flight. The TODOs below mark what the stages add.
"use strict";
const http = require("http");

const PORT = Number(process.env.PORT || 8080);
const DRAIN_DELAY_MS = Number(process.env.DRAIN_DELAY_MS || 0);
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS || 10000);
const MAX_WORK_MS = 10000;

// TODO (stage 2): remember whether we are draining.

function sendJson(res, status, payload) {
  const body = JSON.stringify(payload);
  const headers = { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) };
  // TODO (stage 3): once draining, add `Connection: close` so keep-alive clients reconnect elsewhere.
  res.writeHead(status, headers);
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/healthz") {
    sendJson(res, 200, { status: "ok" });
  } else if (url.pathname === "/readyz") {
    // TODO (stage 2): 503 {"status": "draining"} once SIGTERM has arrived.
    sendJson(res, 200, { status: "ready" });
  } else if (url.pathname === "/work") {
    const values = url.searchParams.getAll("ms");
    if (values.length !== 1 || !/^[0-9]+$/.test(values[0]) || Number(values[0]) > MAX_WORK_MS) {
      sendJson(res, 400, { error: `ms must be a whole number from 0 to ${MAX_WORK_MS}` });
      return;
    }
    const ms = Number(values[0]);
    setTimeout(() => sendJson(res, 200, { slept_ms: ms }), ms);
  } else {
    sendJson(res, 404, { error: `no route for ${url.pathname}` });
  }
});

// TODO (stage 2): on SIGTERM and SIGINT (process.on): mark draining, wait DRAIN_DELAY_MS, then stop
// listening (server.close(callback) calls back once every connection has ended).
// TODO (stage 3): exit 0 from that callback, or 1 when SHUTDOWN_TIMEOUT_MS has passed since the signal;
// idle keep-alive connections must not hold the process open (server.closeIdleConnections()).

server.listen(PORT, "127.0.0.1", () => console.error(`listening on 127.0.0.1:${PORT}`));
