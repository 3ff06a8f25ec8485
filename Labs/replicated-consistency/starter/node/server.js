// The replicated store's HTTP interface (see README.md): routing and JSON only; the logic is in store.js.
"use strict";
const http = require("http");
const { Cluster, Refused, loadDesign, encodeSession, decodeSession, REPLICAS } = require("./store");

const cluster = new Cluster(loadDesign());
const ACCOUNT = /^\/replicas\/([^/]+)\/accounts\/([^/]+)$/;
const CART = /^\/replicas\/([^/]+)\/carts\/([^/]+)$/;
const ITEMS = /^\/replicas\/([^/]+)\/carts\/([^/]+)\/items$/;
const ITEM = /^\/replicas\/([^/]+)\/carts\/([^/]+)\/items\/([^/]+)$/;

function parse(body) {
  try {
    return body.length ? JSON.parse(body.toString("utf8")) : null;
  } catch (error) {
    throw new Refused(400, "bad-json");
  }
}

function route(req, body) {
  const pathname = req.url.split("?")[0];
  if (pathname === "/_net") {
    if (req.method === "PUT") {
      const doc = parse(body);
      cluster.setGroups(doc && typeof doc === "object" ? doc.groups : null);
    }
    return [200, cluster.describe()];
  }
  if (pathname === "/_net/sync" && req.method === "POST") {
    cluster.sync();
    return [200, {}];
  }
  for (const pattern of [ACCOUNT, CART, ITEMS, ITEM]) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const [replica, ...names] = match.slice(1).map(decodeURIComponent);
    if (!REPLICAS.includes(replica)) throw new Refused(404, "no-such-replica");
    if (pattern === ACCOUNT) {
      if (req.method === "GET") return [200, cluster.readAccount(replica, names[0])];
      if (req.method !== "PUT") throw new Refused(405, "method-not-allowed");
      const doc = parse(body);
      const balance = doc && typeof doc === "object" ? doc.balance : undefined;
      if (!Number.isInteger(balance)) throw new Refused(400, "balance must be an integer");
      return [200, cluster.writeAccount(replica, names[0], balance)];
    }
    const session = decodeSession(req.headers["x-session"]);
    let operation = null;
    if (pattern === ITEMS && req.method === "POST") {
      const doc = parse(body);
      const item = doc && typeof doc === "object" ? doc.item : undefined;
      if (typeof item !== "string" || item === "") throw new Refused(400, "item must be a non-empty string");
      operation = ["add", item];
    } else if (pattern === ITEM && req.method === "DELETE") {
      operation = ["remove", names[1]];
    } else if (!(pattern === CART && req.method === "GET")) {
      throw new Refused(405, "method-not-allowed");
    }
    const [doc, after] = cluster.cart(replica, names[0], session, operation);
    return [200, doc, after];
  }
  throw new Refused(404, "not-found");
}

http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    let status;
    let doc;
    let session;
    try {
      [status, doc, session] = route(req, Buffer.concat(chunks));
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      [status, doc] = [error.status, { error: error.error }];
    }
    const headers = { "Content-Type": "application/json" };
    if (session) headers["X-Session"] = encodeSession(session);
    res.writeHead(status, headers);
    res.end(JSON.stringify(doc));
  });
}).listen(Number(process.env.PORT || 8080), "127.0.0.1");
