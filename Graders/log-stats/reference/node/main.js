// Reference solution for the log-stats lab: reads an access log on stdin, prints the report.
"use strict";
const fs = require("fs");

const DIGITS = /^[0-9]+$/;

// Returns {status, path, seconds} for a well-formed line, or null.
function parse(line) {
  const fields = line.split(" ");
  if (fields.length !== 11 || fields.some((field) => field === "")) return null;
  const [, , , when, zone, method, target, protocol, status, size, elapsed] = fields;
  if (!when.startsWith("[") || !zone.endsWith("]")) return null;
  if (!/^"[A-Z]+$/.test(method)) return null;
  if (!target.startsWith("/")) return null;
  if (!protocol.startsWith("HTTP/") || !protocol.endsWith('"')) return null;
  if (!/^[1-5][0-9][0-9]$/.test(status)) return null;
  if (size !== "-" && !DIGITS.test(size)) return null;
  if (!/^[0-9]+(\.[0-9]{1,3})?$/.test(elapsed)) return null;
  return { status: Number(status), path: target.split("?")[0], seconds: Number(elapsed) };
}

function main() {
  const statuses = new Map();
  const paths = new Map();
  const times = [];
  let malformed = 0;
  for (const raw of fs.readFileSync(0, "utf8").split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "") continue;
    const entry = parse(line);
    if (entry === null) {
      malformed += 1;
      continue;
    }
    statuses.set(entry.status, (statuses.get(entry.status) || 0) + 1);
    paths.set(entry.path, (paths.get(entry.path) || 0) + 1);
    times.push(entry.seconds);
  }

  const out = [`requests: ${times.length}`];
  for (const status of [...statuses.keys()].sort((a, b) => a - b)) {
    out.push(`status ${status}: ${statuses.get(status)}`);
  }
  const ranked = [...paths.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [path, count] of ranked.slice(0, 3)) out.push(`path ${path}: ${count}`);
  out.push(`malformed: ${malformed}`);
  if (times.length > 0) {
    times.sort((a, b) => a - b);
    const rank = Math.ceil(0.95 * times.length);
    out.push(`p95: ${times[rank - 1].toFixed(3)}`);
  } else {
    out.push("p95: n/a");
  }
  process.stdout.write(out.join("\n") + "\n");
}

main();
