// middleware-chain: an orders API whose cross-cutting concerns belong in middleware (see README.md).
// Run it with `PORT=8080 node server.js` and try it with curl -i.
//
// The shape is Koa's (and close to Express's app.use): a middleware is async (ctx, next) => { ... }, may act
// before `await next()`, after it, or instead of calling it; the router at the end sets ctx.response.
"use strict";
const http = require("http");

// --- middleware ----------------------------------------------------------------------------------------------
// TODO (stage 1): requestId (X-Request-Id kept when valid, else generated; echoed on every response) and
//   accessLog (one JSON line per request on standard output).
// TODO (stage 2): errors (every error as application/problem+json, a crash as a 500 that leaks nothing) and
//   bodyLimit (413 from Content-Length, before the body is read).
// TODO (stage 3): cors (CORS_ORIGINS; preflights; the headers on every response, errors included).

// --- the application -----------------------------------------------------------------------------------------

const orders = new Map();
let nextId = 1;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(status, body, headers = {}) {
  return { status, type: "application/json", body, headers };
}

const routes = {
  orders: {
    GET: async () => json(200, { orders: [...orders.keys()].sort((a, b) => a - b).map((id) => orders.get(id)) }),
    POST: async (ctx) => {
      // TODO (stage 2): 415 unless the body is application/json, 400 unless it is a JSON object, 422 listing
      //   every invalid field (item, quantity, note, unknown fields) in "errors".
      const data = JSON.parse(await readBody(ctx.req));
      const order = { id: nextId++, item: data.item, quantity: data.quantity, note: data.note === undefined ? "" : data.note };
      orders.set(order.id, order);
      return json(201, order, { Location: `/orders/${order.id}` });
    },
  },
  order: {
    GET: async (ctx, id) => {
      if (!orders.has(id)) return json(404, { error: `there is no order ${id}` });
      return json(200, orders.get(id));
    },
  },
  health: { GET: async () => json(200, { status: "ok" }) },
  slow: { GET: () => new Promise((resolve) => setTimeout(() => resolve(json(200, { slept_ms: 200 })), 200)) },
  crash: {
    // Stands for any bug deep in the code: the error handler must turn it into a 500 that reveals nothing.
    GET: async () => {
      throw new Error("database password is hunter2: connection to 10.0.0.7 refused");
    },
  },
};

async function router(ctx) {
  let methods;
  let argument = null;
  const match = /^\/orders\/([0-9]+)$/.exec(ctx.path);
  if (ctx.path === "/orders") methods = routes.orders;
  else if (match) [methods, argument] = [routes.order, Number(match[1])];
  else if (ctx.path === "/healthz") methods = routes.health;
  else if (ctx.path === "/debug/crash") methods = routes.crash;
  else if (ctx.path === "/debug/slow") methods = routes.slow;
  else {
    ctx.response = json(404, { error: `there is nothing at ${ctx.path}` });
    return;
  }
  // TODO (stage 2): a method the path does not support is 405 with an Allow header.
  ctx.response = await methods[ctx.req.method](ctx, argument);
}

// compose([a, b, c], endpoint): a runs first; each calls the rest of the chain with `await next()`.
function compose(middleware, endpoint) {
  return (ctx) => {
    const run = (index) => (index === middleware.length ? endpoint(ctx) : middleware[index](ctx, () => run(index + 1)));
    return run(0);
  };
}

const app = compose([/* outermost first */], router);

const server = http.createServer(async (req, res) => {
  const ctx = { req, path: new URL(req.url, "http://localhost").pathname, response: null };
  await app(ctx);
  const { status, type, body, headers } = ctx.response;
  const data = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...(type ? { "Content-Type": type } : {}), "Content-Length": data.length, ...headers });
  res.end(data);
});

server.listen(Number(process.env.PORT || 8080), "127.0.0.1");
