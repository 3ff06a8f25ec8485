// lru-ttl-cache reference: an LRU cache whose entries also expire after a time to live.
"use strict";
const fs = require("fs");

// A binary min-heap of [expiresAt, key].
class ExpiryHeap {
  constructor() {
    this.items = [];
  }

  get size() {
    return this.items.length;
  }

  peek() {
    return this.items[0];
  }

  push(item) {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent][0] <= items[i][0]) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left][0] < items[smallest][0]) smallest = left;
        if (right < items.length && items[right][0] < items[smallest][0]) smallest = right;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i], items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}

class Cache {
  constructor(capacity) {
    this.capacity = capacity;
    // key -> node of a doubly linked list, least recently used first after the sentinel. (A Map alone keeps
    // insertion order too, but finding its first key again after many deletions is not constant time.)
    this.entries = new Map();
    this.head = { prev: null, next: null };
    this.head.prev = this.head;
    this.head.next = this.head;
    this.expiries = new ExpiryHeap(); // [expiresAt, key]; stale when the key was set again since
    this.now = 0;
  }

  unlink(node) {
    node.prev.next = node.next;
    node.next.prev = node.prev;
  }

  append(node) {
    node.prev = this.head.prev;
    node.next = this.head;
    this.head.prev.next = node;
    this.head.prev = node;
  }

  remove(key) {
    const node = this.entries.get(key);
    if (node !== undefined) {
      this.unlink(node);
      this.entries.delete(key);
    }
  }

  live(key) {
    const node = this.entries.get(key);
    return node !== undefined && this.now < node.expiresAt;
  }

  purgeExpired() {
    while (this.expiries.size > 0 && this.expiries.peek()[0] <= this.now) {
      const [expiresAt, key] = this.expiries.pop();
      const node = this.entries.get(key);
      if (node !== undefined && node.expiresAt === expiresAt) this.remove(key);
    }
  }

  get(key) {
    if (!this.live(key)) {
      this.remove(key);
      return null;
    }
    const node = this.entries.get(key);
    this.unlink(node);
    this.append(node);
    return node.value;
  }

  set(key, value, ttl) {
    if (!this.live(key)) {
      this.remove(key);
      this.purgeExpired();
      if (this.entries.size >= this.capacity) this.remove(this.head.next.key);
    }
    const expiresAt = this.now + ttl;
    let node = this.entries.get(key);
    if (node === undefined) {
      node = { key, value, expiresAt, prev: null, next: null };
      this.entries.set(key, node);
    } else {
      this.unlink(node);
      node.value = value;
      node.expiresAt = expiresAt;
    }
    this.append(node);
    this.expiries.push([expiresAt, key]);
  }

  size() {
    this.purgeExpired();
    return this.entries.size;
  }
}

function main() {
  const lines = fs.readFileSync(0, "utf8").split("\n").map((line) => line.trim()).filter((line) => line !== "");
  if (lines.length === 0) return;
  const cache = new Cache(Number(lines[0].split("=")[1]));
  const out = [];
  for (const line of lines.slice(1)) {
    const words = line.split(/\s+/);
    const command = words[0];
    if (command === "set") {
      cache.set(words[1], words[2], Number(words[3]));
    } else if (command === "get") {
      const value = cache.get(words[1]);
      out.push(value === null ? "miss" : value);
    } else if (command === "tick") {
      cache.now += Number(words[1]);
    } else if (command === "size") {
      out.push(String(cache.size()));
    }
  }
  process.stdout.write(out.map((line) => line + "\n").join(""));
}

main();
