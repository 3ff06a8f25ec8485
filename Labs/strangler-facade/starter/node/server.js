// The strangler façade in front of BILLING 4.2 (see README.md). Listens on 127.0.0.1:$PORT.
"use strict";
const http = require("http");
const billing = require("./legacy/billing");
const newQuote = require("./new_quote"); // used once GET /quote can go to the new implementation

function send(res, status, headers, body) {
  res.writeHead(status, [...headers.flat(), "Content-Length", String(body.length)]);
  res.end(body);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    // TODO (stage 1): the admin API: GET /_facade/routes, PUT /_facade/routes/quote.
    // TODO (stage 1): say who served each answer: X-Served-By.
    // TODO (stage 2): GET /quote in new mode goes to newQuote.quote.
    // TODO (stage 3): shadow mode (and GET/DELETE /_facade/shadow), canary mode.
    const answer = billing.handle(req.method, req.url, req.headers, body);
    send(res, answer.status, answer.headers, answer.body);
  });
});

server.listen(Number(process.env.PORT || 8080), "127.0.0.1");
