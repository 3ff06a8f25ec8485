// Known-wrong (int32-elapsed): truncates the refill with | 0, a 32-bit integer operation, so a long idle near 10^12 ms wraps around.
// token-bucket reference: per-client token buckets with lazy refill in integer milli-tokens.
"use strict";
const fs = require("fs");

const MILLI = 1000; // milli-tokens per token: one request costs MILLI

function parseConfig(line) {
  const settings = {};
  for (const field of line.split(/\s+/)) {
    const [key, value] = field.split("=");
    settings[key] = Number(value);
  }
  return [settings.capacity, settings.refill];
}

function main() {
  const lines = fs.readFileSync(0, "utf8").split("\n").map((line) => line.trim()).filter((line) => line !== "");
  if (lines.length === 0) return;
  const [capacity, refill] = parseConfig(lines[0]);
  const full = capacity * MILLI;
  const buckets = new Map(); // client -> {tokens (milli-tokens), last (ms)}
  const out = [];
  for (const line of lines.slice(1)) {
    const [timeText, client] = line.split(/\s+/);
    const now = Number(timeText);
    let bucket = buckets.get(client);
    if (bucket === undefined) {
      bucket = { tokens: full, last: now };
      buckets.set(client, bucket);
    }
    // Cap the elapsed time first so the product stays an exact integer in a double.
    bucket.tokens = Math.min(full, bucket.tokens + (((now - bucket.last) * refill) | 0));
    bucket.last = now;
    if (bucket.tokens >= MILLI) {
      bucket.tokens -= MILLI;
      out.push("allow");
    } else {
      out.push("deny");
    }
  }
  process.stdout.write(out.length ? out.join("\n") + "\n" : "");
}

main();
