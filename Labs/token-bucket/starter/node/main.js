// token-bucket: print allow or deny for each request on standard input (see README.md).
"use strict";
const fs = require("fs");

const MILLI = 1000; // one token is 1000 milli-tokens; a request costs one token

function main() {
  const lines = fs.readFileSync(0, "utf8").split("\n").map((line) => line.trim()).filter((line) => line !== "");
  if (lines.length === 0) return;
  const settings = Object.fromEntries(lines[0].split(/\s+/).map((field) => field.split("=")));
  const capacity = Number(settings.capacity); // tokens a bucket holds at most
  const refill = Number(settings.refill); // tokens per second = milli-tokens per millisecond

  // TODO (stage 1): keep a bucket (milli-tokens and the time of its last update) and refill it lazily:
  //   on each request, add the tokens earned since the last update, then spend one token if there is one.
  // TODO (stage 2): one bucket per client.
  // TODO (stage 3): a bucket never holds more than `capacity` tokens.
  const out = [];
  for (const line of lines.slice(1)) {
    const [timeText, client] = line.split(/\s+/);
    const now = Number(timeText);
    out.push("allow");
  }
  process.stdout.write(out.map((decision) => decision + "\n").join(""));
}

main();
