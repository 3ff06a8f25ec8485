// review-bot: read a unified diff on standard input, print the defects on its added lines (see README.md).
"use strict";
const fs = require("fs");

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

// Returns [{path, lines: [[kind, new line number or null, text]]}]: kind is "+", "-" or " ".
function parseDiff(text) {
  const files = [];
  let current = null;
  let number = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("+++ ")) {
      // TODO (stage 1): a file header can be faked by an added line starting with "++"; read each hunk by
      //                 the counts in its header instead of by looking at prefixes.
      // TODO (stage 1): `+++ /dev/null` is a deleted file; paths start with `b/`.
      current = { path: line.slice(4), lines: [] };
      files.push(current);
    } else if (line.startsWith("@@ ") && current !== null) {
      number = Number(HUNK.exec(line)[3]);
    } else if (current !== null && ["+", "-", " "].includes(line.slice(0, 1))) {
      // TODO (stage 1): removed lines have no number in the new file.
      current.lines.push([line.slice(0, 1), number, line.slice(1)]);
      number += 1;
    }
  }
  return files;
}

// The defect categories of one added line, in alphabetical order. `line` is its text; `visible` is every added
// and context line of the file, for rules that need more than one line (async declarations, a later close).
function categories(path, line, visible) {
  const found = [];
  // TODO (stage 1): hardcoded-secret
  // TODO (stage 3): missing-await, off-by-one, resource-leak
  // TODO (stage 2): sql-injection
  return found;
}

function main() {
  for (const { path, lines } of parseDiff(fs.readFileSync(0, "utf8"))) {
    // TODO (stage 1): only .py and .js files are reviewed.
    const visible = lines.filter(([kind]) => kind !== "-").map(([, , text]) => text);
    for (const [kind, number, text] of lines) {
      if (kind !== "+") continue;
      for (const category of categories(path, text, visible)) console.log(`${path}:${number} ${category}`);
    }
  }
}

main();
