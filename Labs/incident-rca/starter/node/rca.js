// incident-rca: analyse an incident bundle and print the window, endpoints, impact and cause (see README.md).
// Usage: node rca.js DIRECTORY   (the directory holds metrics.csv, errors.log and deploys.log)
"use strict";
const fs = require("fs");
const path = require("path");

const PAIR = /(\w+)=("([^"]*)"|\S+)/g;

// An ISO 8601 time with Z or an offset (+02:00), as milliseconds since the epoch.
const instant = (text) => Date.parse(text);

// The key=value pairs of a log line as an object; values may be quoted: endpoint="GET /api/cart".
const fields = (text) => Object.fromEntries([...text.matchAll(PAIR)].map((m) => [m[1], m[3] !== undefined ? m[3] : m[2]]));

// metrics.csv as objects: minute, service, endpoint, version, requests, errors_4xx, ... (all strings).
function readMetrics(directory) {
  const [header, ...rows] = fs.readFileSync(path.join(directory, "metrics.csv"), "utf8").trim().split("\n");
  const names = header.split(",");
  return rows.map((row) => Object.fromEntries(row.split(",").map((value, i) => [names[i], value])));
}

function main() {
  if (process.argv.length !== 3) {
    process.stderr.write("usage: node rca.js DIRECTORY\n");
    process.exit(2);
  }
  const directory = process.argv[2];
  const metrics = readMetrics(directory);
  // TODO (stage 1): find the bad minutes of each endpoint (sum the versions' rows of that minute), group them
  //                 (at most 3 minutes apart), take the heaviest group: its window and its endpoints.
  // TODO (stage 2): count the failed requests; judge each version on the affected endpoints in the window;
  //                 blame the bad version deployed first (deploys.log).
  // TODO (stage 3): if no judged version is good, blame the upstream named most often in errors.log.
  console.log("window: none");
  console.log("failed-requests: 0");
  console.log("cause: none");
}

main();
