// Models: validation that stops at the first invalid field, so a client fixes one field per round trip.
// middleware-chain reference: an orders API whose cross-cutting concerns are a pipeline of middleware,
// on Node's http module (the shape of Koa: each middleware is async (ctx, next) => { ... await next() ... }).
"use strict";
const http = require("http");
const crypto = require("crypto");

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_BODY_BYTES = Number(process.env.MAX_BODY_BYTES || 1024);
const ORIGINS = new Set(
  (process.env.CORS_ORIGINS === undefined ? "https://app.example.com" : process.env.CORS_ORIGINS)
    .split(",").map((origin) => origin.trim()).filter((origin) => origin !== ""));

class Problem extends Error {
  constructor(status, detail, { headers = {}, extra = {} } = {}) {
    super(detail);
    Object.assign(this, { status, detail, headers, extra });
  }
}

function problemBody(problem) {
  const payload = { type: "about:blank", title: http.STATUS_CODES[problem.status], status: problem.status,
    detail: problem.detail };
  return { status: problem.status, type: "application/problem+json", body: { ...payload, ...problem.extra },
    headers: { ...problem.headers } };
}

// --- middleware --------------------------------------------------------------------------------------------

async function requestId(ctx, next) {
  const given = ctx.req.headers["x-request-id"];
  ctx.id = given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  await next();
  ctx.response.headers["X-Request-Id"] = ctx.id;
}

async function accessLog(ctx, next) {
  const started = process.hrtime.bigint();
  await next();
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ request_id: ctx.id, method: ctx.req.method, path: ctx.path,
    status: ctx.response.status, duration_ms: durationMs }) + "\n");
}

async function cors(ctx, next) {
  const origin = ctx.req.headers.origin;
  const allowed = origin !== undefined && ORIGINS.has(origin);
  if (ctx.req.method === "OPTIONS") {
    ctx.response = allowed
      ? { status: 204, headers: { "Access-Control-Allow-Methods": "GET, POST",
          "Access-Control-Allow-Headers": "Content-Type, X-Request-Id", "Access-Control-Max-Age": "600" } }
      : problemBody(new Problem(403, "this origin may not call the API"));
  } else {
    await next();
  }
  if (allowed) {
    ctx.response.headers["Access-Control-Allow-Origin"] = origin;
    ctx.response.headers["Access-Control-Expose-Headers"] = "X-Request-Id";
  }
  ctx.response.headers.Vary = "Origin";
}

async function errors(ctx, next) {
  try {
    await next();
  } catch (error) {
    if (error instanceof Problem) {
      ctx.response = problemBody(error);
    } else {
      console.error(error);
      ctx.response = problemBody(new Problem(500, "the server failed to answer; the request id identifies it in the logs"));
    }
  }
}

async function bodyLimit(ctx, next) {
  const length = ctx.req.headers["content-length"];
  if (length !== undefined) {
    if (!/^[0-9]+$/.test(length)) throw new Problem(400, "Content-Length must be a number");
    if (Number(length) > MAX_BODY_BYTES) {
      throw new Problem(413, `the body may have at most ${MAX_BODY_BYTES} bytes`, { headers: { Connection: "close" } });
    }
  }
  await next();
}

// --- the application ---------------------------------------------------------------------------------------

const orders = new Map();
let nextId = 1;
const FIELDS = new Set(["item", "quantity", "note"]);

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function jsonBody(ctx) {
  const contentType = (ctx.req.headers["content-type"] || "").split(";")[0].trim().toLowerCase();
  if (contentType !== "application/json") throw new Problem(415, "send the body as application/json");
  const raw = await readBody(ctx.req);
  let data;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new Problem(400, "the body is not valid JSON");
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new Problem(400, "the body must be a JSON object");
  }
  return data;
}

function validate(data) {
  const problems = {};
  const { item, quantity, note } = data;
  if (typeof item !== "string" || item.length < 1 || [...item].length > 100) {
    return { item: "required: a string of 1 to 100 characters" };
  }
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1000) {
    problems.quantity = "required: a whole number from 1 to 1000";
  }
  if ("note" in data && (typeof note !== "string" || [...note].length > 200)) {
    problems.note = "a string of at most 200 characters";
  }
  for (const name of Object.keys(data)) if (!FIELDS.has(name)) problems[name] = "unknown field";
  return problems;
}

function json(status, body, headers = {}) {
  return { status, type: "application/json", body, headers };
}

const routes = {
  orders: {
    GET: async () => json(200, { orders: [...orders.keys()].sort((a, b) => a - b).map((id) => orders.get(id)) }),
    POST: async (ctx) => {
      const data = await jsonBody(ctx);
      const problems = validate(data);
      if (Object.keys(problems).length > 0) throw new Problem(422, "the order is not valid", { extra: { errors: problems } });
      const order = { id: nextId++, item: data.item, quantity: data.quantity, note: data.note === undefined ? "" : data.note };
      orders.set(order.id, order);
      return json(201, order, { Location: `/orders/${order.id}` });
    },
  },
  order: {
    GET: async (ctx, id) => {
      if (!orders.has(id)) throw new Problem(404, `there is no order ${id}`);
      return json(200, orders.get(id));
    },
  },
  health: { GET: async () => json(200, { status: "ok" }) },
  slow: { GET: () => new Promise((resolve) => setTimeout(() => resolve(json(200, { slept_ms: 200 })), 200)) },
  crash: {
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
  else throw new Problem(404, `there is nothing at ${ctx.path}`);
  if (!Object.hasOwn(methods, ctx.req.method)) {
    throw new Problem(405, `${ctx.req.method} is not allowed here`, { headers: { Allow: Object.keys(methods).join(", ") } });
  }
  ctx.response = await methods[ctx.req.method](ctx, argument);
}

// compose([a, b, c], endpoint): a runs first; each calls the rest of the chain with `await next()`.
function compose(middleware, endpoint) {
  return (ctx) => {
    const run = (index) => (index === middleware.length ? endpoint(ctx) : middleware[index](ctx, () => run(index + 1)));
    return run(0);
  };
}

const app = compose([requestId, accessLog, cors, errors, bodyLimit], router);

const server = http.createServer(async (req, res) => {
  const ctx = { req, path: new URL(req.url, "http://localhost").pathname, response: null };
  await app(ctx);
  const { status, type, body, headers } = ctx.response;
  const data = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...(type ? { "Content-Type": type } : {}), "Content-Length": data.length, ...headers });
  res.end(data);
});

server.listen(Number(process.env.PORT || 8080), "127.0.0.1");
