// Reference solution for capacity-plan: reads a traffic and data sheet on stdin, prints a capacity plan.
"use strict";
const fs = require("fs");

const SIZE_UNITS = {
  B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, PiB: 2 ** 50,
};
const SIZES = new Set(["request_size", "response_size", "object_size", "existing_data", "shard_max_storage"]);
const FRACTIONS = new Set(["write_fraction", "monthly_growth", "target_utilization"]);
const COUNTS = new Set(["months", "replication", "cores_per_server"]);
const PLAIN = new Set([
  "daily_active_users", "requests_per_user", "peak_factor", "objects_per_user", "cpu_ms_per_request",
  "latency_ms", "shard_max_write_qps", "replica_max_read_qps",
]);
const KEYS = new Set([...SIZES, ...FRACTIONS, ...COUNTS, ...PLAIN]);
const NUMBER = /^([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z%]*)$/;
const DAY = 86400;
const MONTH_DAYS = 30;

class SheetError extends Error {}

function parse(text) {
  const sheet = new Map();
  text.split("\n").forEach((raw, index) => {
    const where = `line ${index + 1}`;
    const line = raw.split("#")[0].trim();
    if (line === "") return;
    const equals = line.indexOf("=");
    if (equals <= 0) throw new SheetError(`${where}: expected \`key = value\``);
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (!KEYS.has(key)) throw new SheetError(`${where}: unknown key \`${key}\``);
    if (sheet.has(key)) throw new SheetError(`${where}: \`${key}\` is given twice`);
    const match = NUMBER.exec(value);
    if (!match) throw new SheetError(`${where}: \`${key}\` needs a number, got \`${value}\``);
    let amount = Number(match[1]);
    const unit = match[2];
    if (SIZES.has(key)) {
      if (!(unit in SIZE_UNITS)) throw new SheetError(`${where}: \`${key}\` has unknown unit \`${unit}\``);
      amount *= SIZE_UNITS[unit];
    } else if (FRACTIONS.has(key) && unit === "%") {
      amount /= 100;
    } else if (unit !== "") {
      throw new SheetError(`${where}: \`${key}\` takes no unit, got \`${unit}\``);
    }
    if (COUNTS.has(key) && !Number.isInteger(amount)) throw new SheetError(`${where}: \`${key}\` must be a whole number`);
    sheet.set(key, amount);
  });
  const missing = [...KEYS].filter((k) => !sheet.has(k)).sort();
  if (missing.length > 0) throw new SheetError(`missing key${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);
  return Object.fromEntries(sheet);
}

// Rounds up, treating a ratio within 1e-9 of a whole number as that number (floating point noise).
function ceil(x) {
  const nearest = Math.round(x);
  if (Math.abs(x - nearest) <= 1e-9 * Math.max(1, Math.abs(x))) return nearest;
  return Math.ceil(x);
}

function plan(s) {
  const growth = 1 + s.monthly_growth;
  const users = s.daily_active_users * growth ** s.months;
  const qpsAverage = (users * s.requests_per_user) / DAY;
  const qpsPeak = qpsAverage * s.peak_factor;
  const writes = qpsPeak * s.write_fraction;
  const reads = qpsPeak - writes;
  let userDays = 0;
  for (let m = 1; m <= s.months; m++) userDays += s.daily_active_users * growth ** (m - 1) * MONTH_DAYS;
  const added = userDays * s.objects_per_user * s.object_size;
  const logical = s.existing_data + added;
  const cpuCores = (qpsPeak * s.cpu_ms_per_request) / 1000;
  const servers = ceil(cpuCores / (s.cores_per_server * s.target_utilization)) + 1;
  const shards = Math.max(1, ceil(logical / s.shard_max_storage), ceil(writes / s.shard_max_write_qps));
  const replicas = Math.max(s.replication, ceil(reads / (shards * s.replica_max_read_qps)));
  return [
    ["users_at_horizon", users],
    ["qps_average", qpsAverage],
    ["qps_peak", qpsPeak],
    ["qps_peak_writes", writes],
    ["qps_peak_reads", reads],
    ["concurrency_peak", (qpsPeak * s.latency_ms) / 1000],
    ["ingress_mbps_peak", (qpsPeak * s.request_size * 8) / 1e6],
    ["egress_mbps_peak", (qpsPeak * s.response_size * 8) / 1e6],
    ["storage_added_tb", added / 1e12],
    ["storage_total_tb", (logical * s.replication) / 1e12],
    ["app_servers", { count: servers }],
    ["shards", { count: shards }],
    ["replicas_per_shard", { count: replicas }],
    ["database_nodes", { count: shards * replicas }],
  ];
}

function main() {
  let sheet;
  try {
    sheet = parse(fs.readFileSync(0, "utf8"));
  } catch (error) {
    if (!(error instanceof SheetError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const out = plan(sheet).map(([name, value]) =>
    typeof value === "object" ? `${name}: ${value.count}` : `${name}: ${value.toFixed(6)}`);
  process.stdout.write(out.join("\n") + "\n");
}

main();
