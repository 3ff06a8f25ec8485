// capacity-plan: read a traffic and data sheet on standard input, print a capacity plan (see README.md).
"use strict";
const fs = require("fs");

const DAY = 86400; // seconds

// Returns the sheet as an object of key -> number.
function readSheet(text) {
  const sheet = {};
  for (const raw of text.split("\n")) {
    const line = raw.split("#")[0].trim(); // `#` starts a comment
    if (line === "") continue;
    const equals = line.indexOf("=");
    const key = line.slice(0, equals).trim();
    const [, number, unit] = /^([0-9.eE+-]*)\s*(.*)$/.exec(line.slice(equals + 1).trim());
    // TODO (stage 2): sizes carry a unit (800B, 12KB, 3MiB): turn them into bytes.
    // TODO (stage 1): fractions may be written as percentages (35%).
    // TODO (stage 3): a missing or unknown key, an unknown unit or a value that is not a number is an
    //                 error: print `error: ...` on standard error and exit with status 2.
    sheet[key] = Number(number);
  }
  return sheet;
}

// Returns the plan as a list of [name, value] in the README's order.
function plan(sheet) {
  // TODO (stage 1): the users at the horizon grow by monthly_growth every month, compounding.
  const users = sheet.daily_active_users;
  const qpsAverage = (users * sheet.requests_per_user) / DAY;
  return [
    ["users_at_horizon", users],
    ["qps_average", qpsAverage],
    // TODO (stage 1): qps_peak, qps_peak_writes, qps_peak_reads, concurrency_peak
    // TODO (stage 2): ingress_mbps_peak, egress_mbps_peak, storage_added_tb, storage_total_tb
    // TODO (stage 3): app_servers, shards, replicas_per_shard, database_nodes (whole numbers)
  ];
}

function main() {
  const sheet = readSheet(fs.readFileSync(0, "utf8"));
  for (const [name, value] of plan(sheet)) console.log(`${name}: ${value.toFixed(6)}`);
}

main();
