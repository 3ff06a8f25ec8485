// Reference solution for incident-rca: finds an incident's window, endpoints, impact and cause in a bundle.
"use strict";
const fs = require("fs");
const path = require("path");

const ERROR_RATE = 0.05;
const MIN_REQUESTS = 20;
const MINUTE = 60 * 1000;
const MAX_GAP = 3 * MINUTE;
const PAIR = /(\w+)=("([^"]*)"|\S+)/g;

const instant = (text) => Date.parse(text); // ISO 8601 with Z or an offset, in milliseconds
const fields = (text) => Object.fromEntries([...text.matchAll(PAIR)].map((m) => [m[1], m[3] !== undefined ? m[3] : m[2]]));
const lines = (file) => fs.readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "");

function readMetrics(file) {
  const [header, ...rows] = lines(file);
  const names = header.split(",");
  return rows.map((row) => {
    const cells = Object.fromEntries(row.split(",").map((value, i) => [names[i], value]));
    return {
      minute: instant(cells.minute), endpoint: cells.endpoint, version: cells.version,
      requests: Number(cells.requests), errors: Number(cells.errors_5xx),
    };
  });
}

function analyse(directory) {
  const metrics = readMetrics(path.join(directory, "metrics.csv"));
  const perMinute = new Map();
  for (const row of metrics) {
    const key = `${row.minute}\u0000${row.endpoint}`;
    const cell = perMinute.get(key) || { minute: row.minute, endpoint: row.endpoint, requests: 0, errors: 0 };
    cell.requests += row.requests;
    cell.errors += row.errors;
    perMinute.set(key, cell);
  }
  const bad = [...perMinute.values()].filter((c) => c.requests >= MIN_REQUESTS && c.errors / c.requests > ERROR_RATE);
  if (bad.length === 0) return ["window: none", "failed-requests: 0", "cause: none"];
  const groups = [];
  for (const minute of [...new Set(bad.map((c) => c.minute))].sort((a, b) => a - b)) {
    const last = groups[groups.length - 1];
    if (last && minute - last[last.length - 1] <= MAX_GAP) last.push(minute);
    else groups.push([minute]);
  }
  const weight = (g) => bad.filter((c) => c.minute >= g[0] && c.minute <= g[g.length - 1]).length;
  let group = groups[0];
  for (const g of groups) if (weight(g) > weight(group)) group = g;
  const start = group[0];
  const end = group[group.length - 1] + MINUTE;
  const endpoints = [...new Set(bad.filter((c) => c.minute >= start && c.minute < end).map((c) => c.endpoint))]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const inWindow = metrics.filter((r) => r.minute >= start && r.minute < end && endpoints.includes(r.endpoint));
  const failed = inWindow.reduce((sum, r) => sum + r.errors, 0);
  const byVersion = new Map();
  for (const r of inWindow) {
    const v = byVersion.get(r.version) || [0, 0];
    v[0] += r.requests;
    v[1] += r.errors;
    byVersion.set(r.version, v);
  }
  const judged = [...byVersion].filter(([, [requests]]) => requests >= MIN_REQUESTS);
  const badVersions = new Set(judged.filter(([, [requests, errors]]) => errors / requests > ERROR_RATE).map(([v]) => v));
  let cause;
  if (badVersions.size > 0 && badVersions.size < judged.length) {
    const deployed = new Map();
    for (const line of lines(path.join(directory, "deploys.log"))) {
      const [when, kind, ...rest] = line.split(" ");
      if (kind !== "deploy") continue;
      const info = fields(rest.join(" "));
      const at = instant(when);
      if (badVersions.has(info.version) && (!deployed.has(info.version) || at < deployed.get(info.version)[0])) {
        deployed.set(info.version, [at, info.service]);
      }
    }
    const when = (v) => (deployed.has(v) ? deployed.get(v)[0] : -Infinity);
    const first = [...badVersions].sort((a, b) => when(a) - when(b) || (a < b ? -1 : 1))[0];
    cause = `cause: deploy ${deployed.has(first) ? deployed.get(first)[1] : "unknown"} ${first}`;
  } else {
    const upstreams = new Map();
    for (const line of lines(path.join(directory, "errors.log"))) {
      const space = line.indexOf(" ");
      const at = instant(line.slice(0, space));
      const info = fields(line.slice(space + 1));
      if (at >= start && at < end && endpoints.includes(info.endpoint) && info.upstream) {
        upstreams.set(info.upstream, (upstreams.get(info.upstream) || 0) + 1);
      }
    }
    if (upstreams.size === 0) cause = "cause: unknown";
    else {
      const top = Math.max(...upstreams.values());
      cause = "cause: dependency " + [...upstreams].filter(([, n]) => n === top).map(([name]) => name).sort()[0];
    }
  }
  const stamp = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return [`window: ${stamp(start)} ${stamp(end)}`, ...endpoints.map((e) => `endpoint: ${e}`), `failed-requests: ${failed}`, cause];
}

if (process.argv.length !== 3) {
  process.stderr.write("usage: rca.js INCIDENT_DIRECTORY\n");
  process.exitCode = 2;
} else {
  process.stdout.write(analyse(process.argv[2]).join("\n") + "\n");
}
