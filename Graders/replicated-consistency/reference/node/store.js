// A three-replica key-value store with a simulated network. Reference solution.
// Accounts are registers kept linearizable by quorums (consistency.json sets W and R); carts are observed-remove
// sets (add wins) that every replica serves, with session guarantees carried by a token the client sends back.
"use strict";
const fs = require("fs");
const path = require("path");

const REPLICAS = ["a", "b", "c"];

class Refused extends Error {
  constructor(status, error) {
    super(error);
    this.status = status;
    this.error = error;
  }
}

const loadDesign = () => JSON.parse(fs.readFileSync(path.join(__dirname, "consistency.json"), "utf8"));
const newer = (x, y) => x[0] > y[0] || (x[0] === y[0] && x[1] > y[1]); // versions are [counter, origin]

class Cluster {
  constructor(design) {
    this.writeQuorum = design.accounts["write-quorum"];
    this.readQuorum = design.accounts["read-quorum"];
    this.groups = [new Set(REPLICAS)];
    this.accounts = Object.fromEntries(REPLICAS.map((r) => [r, new Map()])); // id -> [counter, origin, balance]
    // carts[replica] = Map cart -> Map tag -> op; tag "origin:counter"; op {kind: "add", item} or {kind: "remove", tags}
    this.carts = Object.fromEntries(REPLICAS.map((r) => [r, new Map()]));
    this.counters = Object.fromEntries(REPLICAS.map((r) => [r, 0]));
  }

  reachable(replica) {
    return [...this.groups.find((g) => g.has(replica))];
  }

  setGroups(groups) {
    const ok = Array.isArray(groups) && groups.every((g) => Array.isArray(g) && g.length > 0)
      && JSON.stringify(groups.flat().sort()) === JSON.stringify([...REPLICAS]);
    if (!ok) throw new Refused(400, "groups must list every replica (a, b, c) exactly once, in non-empty groups");
    this.groups = groups.map((g) => new Set(g));
  }

  describe() {
    return { groups: this.groups.map((g) => [...g].sort()).sort((x, y) => (x.join() < y.join() ? -1 : 1)) };
  }

  // Anti-entropy: replicas that can reach each other exchange everything they are missing.
  sync() {
    for (const group of this.groups) {
      const members = [...group];
      const ids = new Set(members.flatMap((r) => [...this.accounts[r].keys()]));
      for (const id of ids) {
        let best = null;
        for (const r of members) {
          const v = this.accounts[r].get(id);
          if (v && (!best || newer(v, best))) best = v;
        }
        for (const r of members) this.accounts[r].set(id, best);
      }
      for (const cart of new Set(members.flatMap((r) => [...this.carts[r].keys()]))) this.syncCart(members, cart);
    }
  }

  writeAccount(replica, account, balance) {
    const group = this.reachable(replica);
    if (group.length < this.writeQuorum) throw new Refused(503, "no-quorum");
    const counter = Math.max(0, ...group.map((r) => (this.accounts[r].get(account) || [0])[0])) + 1;
    for (const r of group) this.accounts[r].set(account, [counter, replica, balance]);
    return { balance };
  }

  readAccount(replica, account) {
    const group = this.reachable(replica);
    if (group.length < this.readQuorum) throw new Refused(503, "no-quorum");
    let best = null;
    for (const r of group) {
      const v = this.accounts[r].get(account);
      if (v && (!best || newer(v, best))) best = v;
    }
    if (!best) throw new Refused(404, "not-found");
    for (const r of group) this.accounts[r].set(account, best); // read repair
    return { balance: best[2] };
  }

  syncCart(group, cart) {
    const merged = new Map();
    for (const r of group) for (const [tag, op] of this.carts[r].get(cart) || []) merged.set(tag, op);
    for (const r of group) this.carts[r].set(cart, new Map(merged));
    return merged;
  }

  cart(replica, cart, session, operation = null) {
    const group = this.reachable(replica);
    let ops = this.syncCart(group, cart);
    const have = vector(ops);
    const seen = session[cart] || {};
    if (Object.entries(seen).some(([origin, counter]) => (have[origin] || 0) < counter)) {
      throw new Refused(409, "session-not-caught-up");
    }
    if (operation !== null) {
      this.counters[replica] += 1;
      const tag = `${replica}:${this.counters[replica]}`;
      const [kind, item] = operation;
      const gone = removedTags(ops);
      const op = kind === "add" ? { kind, item }
        : { kind, tags: [...ops].filter(([t, o]) => o.kind === "add" && o.item === item && !gone.has(t)).map(([t]) => t) };
      for (const r of group) this.carts[r].get(cart).set(tag, op);
      ops = this.carts[replica].get(cart);
    }
    return [{ items: items(ops) }, { ...session, [cart]: vector(ops) }];
  }
}

function removedTags(ops) {
  const gone = new Set();
  for (const op of ops.values()) if (op.kind === "remove") for (const t of op.tags) gone.add(t);
  return gone;
}

function items(ops) {
  const gone = removedTags(ops);
  return [...new Set([...ops].filter(([t, o]) => o.kind === "add" && !gone.has(t)).map(([, o]) => o.item))].sort();
}

function vector(ops) {
  const out = {};
  for (const tag of ops.keys()) {
    const [origin, counter] = tag.split(":");
    out[origin] = Math.max(out[origin] || 0, Number(counter));
  }
  return out;
}

const encodeSession = (session) => Buffer.from(JSON.stringify(session)).toString("base64url");

function decodeSession(token) {
  if (!token) return {};
  let session;
  try {
    session = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch (error) {
    throw new Refused(400, "bad-session");
  }
  const valid = session && typeof session === "object" && !Array.isArray(session)
    && Object.values(session).every((v) => v && typeof v === "object"
      && Object.entries(v).every(([r, c]) => REPLICAS.includes(r) && Number.isInteger(c)));
  if (!valid) throw new Refused(400, "bad-session");
  return session;
}

module.exports = { Cluster, Refused, loadDesign, encodeSession, decodeSession, REPLICAS };
