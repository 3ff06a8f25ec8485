// A small HTTP service that shuts down gracefully (reference solution of graceful-shutdown).
//
// On SIGTERM or SIGINT: /readyz turns 503 at once, new requests are still served for DRAIN_DELAY_MS (the load
// balancer has not noticed yet), then the server stops listening, requests in flight finish, and the process
// exits 0 when no connection is left -- or 1 when SHUTDOWN_TIMEOUT_MS after the signal some are still running.
"use strict";
const http = require("http");

const PORT = Number(process.env.PORT || 8080);
const DRAIN_DELAY_MS = Number(process.env.DRAIN_DELAY_MS || 0);
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS || 10000);
const MAX_WORK_MS = 10000;

let draining = false;

function sendJson(res, status, payload) {
  const body = JSON.stringify(payload);
  const headers = { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) };
  // Decided when the response is written, so a request that started before the signal still tells its
  // keep-alive client to reconnect elsewhere.
  if (draining) headers["Connection"] = "close";
  res.writeHead(status, headers);
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/healthz") {
    sendJson(res, 200, { status: "ok" });
  } else if (url.pathname === "/readyz") {
    if (draining) sendJson(res, 503, { status: "draining" });
    else sendJson(res, 200, { status: "ready" });
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

function shutdown(signal) {
  if (draining) return;
  draining = true;
  console.error(`${signal}: draining, readiness is now 503, still accepting for ${DRAIN_DELAY_MS} ms`);
  const deadline = setTimeout(() => {
    console.error("shutdown timeout: abandoning the requests still in flight");
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  setTimeout(() => {
    // close() stops accepting and calls back once every connection has ended; idle keep-alive connections
    // would otherwise hold it open until they time out.
    server.close(() => {
      clearTimeout(deadline);
      console.error("drained: exiting");
      process.exit(0);
    });
    server.closeIdleConnections();
  }, DRAIN_DELAY_MS);
}

process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
server.listen(PORT, "127.0.0.1", () => console.error(`listening on 127.0.0.1:${PORT}`));
