// A live event feed over Server-Sent Events. See README.md for the contract.
//
// Run it:   PORT=8080 HEARTBEAT_MS=2000 node server.js
// Try it:   curl -N localhost:8080/stream          (in one terminal: -N turns curl's buffering off)
//           curl -d '{"data": "hello"}' localhost:8080/events      (in another)
// Test it:  ladder test    (or: python3 tests/check.py post frames --submission .)
//
// Today POST /events stores events and GET /stream is missing. The TODOs mark what the stages add.
'use strict';
const http = require('http');

const PORT = parseInt(process.env.PORT || '8080', 10);
// TODO (stage 3): HEARTBEAT_MS, default 15000.

const events = []; // {name, data}; the event with id N is events[N - 1]

function sendJson(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/events') {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      // TODO (stage 1): answer 400 to a body that is not a valid event (README, rule 3).
      events.push({ name: event.event || 'message', data: event.data });
      sendJson(res, 201, { id: events.length });
    });
    return;
  }
  // TODO (stage 1): GET /stream: the headers at once, then one frame per event appended from now on.
  // TODO (stage 2): start after Last-Event-ID when the request has one.
  // TODO (stage 3): heartbeats; a subscriber that does not read must not block anyone else ('drain').
  req.resume();
  sendJson(res, 404, { error: `no route for ${req.method} ${req.url}` });
});

server.listen(PORT, '127.0.0.1', () => console.error(`listening on 127.0.0.1:${PORT}`));
