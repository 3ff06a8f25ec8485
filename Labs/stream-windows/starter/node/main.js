// Windowed aggregation over an event stream. See README.md for the rules.
//
// Run it:   WINDOW_MS=10 ALLOWED_LATENESS_MS=10 node main.js < tests/02-allowed-lateness.in
// Test it:  ladder test    (or: python3 tests/check.py streaming --submission .)
//
// Today it reads the events and writes only the END line. The TODOs mark what the stages add.
'use strict';
const readline = require('readline');

function setting(name, fallback) {
  const text = (process.env[name] || '').trim();
  return text === '' ? fallback : parseInt(text, 10);
}

const WINDOW_MS = setting('WINDOW_MS', 60000);
const MAX_DELAY_MS = setting('MAX_DELAY_MS', 0);
const ALLOWED_LATENESS_MS = setting('ALLOWED_LATENESS_MS', 0);

async function main() {
  let late = 0, duplicates = 0, invalid = 0;
  // TODO (stage 1): the windows you keep (per window end and key: count and sum), and the watermark.
  // TODO (stage 2): which windows were emitted already, and the ids seen in each window you keep.
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const raw of input) { // line by line: the input may never end
    const text = raw.trim();
    if (text === '') continue;
    let event;
    try {
      event = JSON.parse(text);
    } catch (error) {
      invalid += 1;
      continue;
    }
    // TODO (stage 1): check the event's fields (README, "Input"); put it in its window; advance the watermark
    // and write a WINDOW line for every window it reached, in order.
    // TODO (stage 2): late events, UPDATE lines, duplicates; forget closed windows.
    // TODO (stage 3): write as you go (process.stdout.write), and wait for 'drain' when it returns false.
  }
  // TODO (stage 1): at the end of the input, write every window not written yet.
  process.stdout.write(`END late=${late} duplicates=${duplicates} invalid=${invalid}\n`);
}

main();
