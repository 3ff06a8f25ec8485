// A three-replica key-value store with a simulated network (see README.md).
// Everything lives in this one process; "replicas" are three copies of the data, and the "network" is the list
// of groups of replicas that can reach each other, set by the grader through PUT /_net.
"use strict";
const fs = require("fs");
const path = require("path");

const REPLICAS = ["a", "b", "c"];

// An answer other than 200: throw new Refused(503, "no-quorum") and the server sends {"error": "no-quorum"}.
class Refused extends Error {
  constructor(status, error) {
    super(error);
    this.status = status;
    this.error = error;
  }
}

const loadDesign = () => JSON.parse(fs.readFileSync(path.join(__dirname, "consistency.json"), "utf8"));

class Cluster {
  constructor(design) {
    this.design = design;
    this.groups = [new Set(REPLICAS)];
    this.accounts = Object.fromEntries(REPLICAS.map((r) => [r, new Map()])); // account id -> balance
    this.carts = Object.fromEntries(REPLICAS.map((r) => [r, new Map()])); // cart id -> Set of items
  }

  // The replicas `replica` can reach, itself included.
  reachable(replica) {
    return [...this.groups.find((g) => g.has(replica))];
  }

  setGroups(groups) {
    // TODO (stage 1): refuse (400) anything but a list of non-empty groups naming a, b and c exactly once.
    this.groups = groups.map((g) => new Set(g));
  }

  describe() {
    return { groups: this.groups.map((g) => [...g].sort()).sort((x, y) => (x.join() < y.join() ? -1 : 1)) };
  }

  sync() {
    // TODO (stage 2): anti-entropy: replicas that can reach each other exchange what they are missing.
  }

  writeAccount(replica, account, balance) {
    // TODO (stage 2): a write quorum (consistency.json), versions, and 503 without a quorum.
    this.accounts[replica].set(account, balance);
    return { balance };
  }

  readAccount(replica, account) {
    // TODO (stage 2): a read quorum: the highest version among the replicas you reach.
    if (!this.accounts[replica].has(account)) throw new Refused(404, "not-found");
    return { balance: this.accounts[replica].get(account) };
  }

  // operation: null (read), ["add", item] or ["remove", item]. Returns [body, new session].
  // `session` is what the client's X-Session token decodes to (decodeSession), {} for a new session.
  cart(replica, cart, session, operation = null) {
    // TODO (stage 3): synchronize the reachable replicas, check the session (409), merge add-wins.
    if (!this.carts[replica].has(cart)) this.carts[replica].set(cart, new Set());
    const items = this.carts[replica].get(cart);
    if (operation !== null) {
      const [kind, item] = operation;
      if (kind === "add") items.add(item);
      else items.delete(item);
    }
    return [{ items: [...items].sort() }, session];
  }
}

// TODO (stage 3): a token the client sends back in X-Session; it must carry what the session has observed.
const encodeSession = (session) => JSON.stringify(session);

// TODO (stage 3): a malformed token is refused: throw new Refused(400, "bad-session").
const decodeSession = (token) => (token ? JSON.parse(token) : {});

module.exports = { Cluster, Refused, loadDesign, encodeSession, decodeSession, REPLICAS };
