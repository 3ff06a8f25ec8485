// An event feed over Server-Sent Events: POST /events appends, GET /stream streams. See README.md.
//
// Every subscriber keeps its own position in the append-only log and is written to only while its socket takes
// more ('drain' resumes it), so a subscriber that reads slowly holds back nobody else and buffers nothing extra;
// resuming from Last-Event-ID is a matter of where that position starts.
'use strict';
const http = require('http');

const PORT = parseInt(process.env.PORT || '8080', 10);
const HEARTBEAT_MS = parseInt(process.env.HEARTBEAT_MS || '15000', 10);

const log = []; // encoded frames; the event with id N is log[N - 1]
const subscribers = new Set();

function frame(number, name, data) {
  const lines = data.split('\n').map((line) => `data: ${line}\n`).join('');
  return `id: ${number}\nevent: ${name}\n${lines}\n`;
}

function sendJson(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

class Subscriber {
  constructor(res, position) {
    this.res = res;
    this.position = position;
    this.waiting = false; // for 'drain'
    this.lastWrite = Date.now();
    res.on('drain', () => { this.waiting = false; this.pump(); });
    this.timer = setInterval(() => {
      if (!this.waiting && Date.now() - this.lastWrite >= HEARTBEAT_MS) this.write(': heartbeat\n\n');
    }, Math.max(1, Math.min(HEARTBEAT_MS, 1000)));
  }

  write(text) {
    this.lastWrite = Date.now();
    if (!this.res.write(text)) this.waiting = true;
  }

  pump() {
    while (!this.waiting && this.position < log.length) {
      this.write(log[this.position]);
      this.position += 1;
    }
  }

  close() {
    clearInterval(this.timer);
    subscribers.delete(this);
  }
}

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/events') {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let event = null;
      try { event = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch (error) { event = null; }
      if (event === null || typeof event !== 'object' || Array.isArray(event) || typeof event.data !== 'string') {
        sendJson(res, 400, { error: 'the body must be a JSON object with a string "data"' });
        return;
      }
      const name = event.event === undefined ? 'message' : event.event;
      if (typeof name !== 'string' || name === '' || /[\r\n]/.test(name)) {
        sendJson(res, 400, { error: '"event" must be a non-empty string on one line' });
        return;
      }
      log.push(frame(log.length + 1, name, event.data));
      sendJson(res, 201, { id: log.length });
      for (const subscriber of subscribers) subscriber.pump();
    });
    return;
  }
  if (req.method === 'GET' && req.url === '/stream') {
    const last = (req.headers['last-event-id'] || '').trim();
    const position = /^[0-9]+$/.test(last) ? Math.min(Number(last), log.length) : log.length;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'close' });
    res.flushHeaders();
    const subscriber = new Subscriber(res, position);
    subscribers.add(subscriber);
    res.on('close', () => subscriber.close());
    res.on('error', () => subscriber.close());
    subscriber.pump();
    return;
  }
  req.resume();
  sendJson(res, 404, { error: `no route for ${req.method} ${req.url}` });
});

server.listen(PORT, '127.0.0.1', () => console.error(`listening on 127.0.0.1:${PORT}`));
