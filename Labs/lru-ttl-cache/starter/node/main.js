// lru-ttl-cache: an in-memory cache with LRU eviction and a time to live (see README.md).
"use strict";
const fs = require("fs");

function main() {
  const lines = fs.readFileSync(0, "utf8").split("\n").map((line) => line.trim()).filter((line) => line !== "");
  if (lines.length === 0) return;
  const capacity = Number(lines[0].split("=")[1]);
  let now = 0;
  const entries = new Map(); // key -> value
  const out = [];
  for (const line of lines.slice(1)) {
    const words = line.split(/\s+/);
    const command = words[0];
    if (command === "set") {
      const [key, value, ttl] = [words[1], words[2], Number(words[3])];
      // TODO (stage 1): when a new key arrives and the cache is full, evict the least recently used entry.
      // TODO (stage 2): remember when the entry expires (now + ttl).
      entries.set(key, value);
    } else if (command === "get") {
      // TODO (stage 1): a hit makes the entry the most recently used.
      // TODO (stage 2): an expired entry is a miss.
      out.push(entries.has(words[1]) ? entries.get(words[1]) : "miss");
    } else if (command === "tick") {
      now += Number(words[1]);
    } else if (command === "size") {
      // TODO (stage 3): count only the entries that have not expired.
      out.push(String(entries.size));
    }
  }
  process.stdout.write(out.map((line) => line + "\n").join(""));
}

main();
