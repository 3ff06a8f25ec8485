// Reference solution for review-bot: reads a unified diff on stdin, prints the defects on its added lines.
"use strict";
const fs = require("fs");

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const SQL = /\bselect\b.*\bfrom\b|\binsert\s+into\b|\bupdate\b.*\bset\b|\bdelete\s+from\b/i;
const SECRET_NAMES = ["password", "passwd", "pwd", "secret", "secretkey", "token", "apikey", "accesskey", "privatekey"];
const AWS_KEY = /AKIA[0-9A-Z]{16}/;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const NAME_AT_END = /([A-Za-z_$][\w$]*)$/;
const PY_RANGE = /\brange\(\s*(?:0\s*,\s*)?len\([^()]*\)\s*\+\s*1\s*\)/;
const PY_WHILE = /^\s*while\b.*<=\s*len\(/;
const JS_FOR = /\bfor\s*\([^;]*;[^;]*<=\s*[\w$.[\]]+\.length\s*;/;
const PY_OPEN = /^\s*([A-Za-z_]\w*)\s*=\s*open\(/;
const JS_OPEN = /^\s*(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*=\s*fs\.openSync\(/;
const PY_ASYNC = [/\basync\s+def\s+([A-Za-z_]\w*)/g];
const JS_ASYNC = [
  /\basync\s+function\s*\*?\s*([A-Za-z_$][\w$]*)/g,
  /([A-Za-z_$][\w$]*)\s*=\s*async\b/g,
  /^\s*(?:static\s+)?async\s+(?!function\b)([A-Za-z_$][\w$]*)\s*\(/g,
];
const HANDED_OVER = /\.then\(|\.catch\(|\basyncio\.|\bPromise\./;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Every file the diff changes and keeps: {path, lines: [[kind, new line number, text]]}.
function parseDiff(text) {
  const files = [];
  let current = null;
  const lines = text.split("\n");
  let i = 0;
  const at = (k) => (lines[k].endsWith("\r") ? lines[k].slice(0, -1) : lines[k]);
  while (i < lines.length) {
    const line = at(i++);
    if (line.startsWith("diff --git ")) {
      current = null;
    } else if (line.startsWith("+++ ")) {
      const target = line.slice(4).split("\t")[0];
      current = null;
      if (target !== "/dev/null") {
        current = { path: target.startsWith("b/") ? target.slice(2) : target, lines: [] };
        files.push(current);
      }
    } else if (line.startsWith("@@ ") && current !== null) {
      const match = HUNK.exec(line);
      let oldLeft = match[2] !== undefined ? Number(match[2]) : 1;
      let newLeft = match[4] !== undefined ? Number(match[4]) : 1;
      let number = Number(match[3]);
      while ((oldLeft > 0 || newLeft > 0) && i < lines.length) {
        const body = at(i++);
        const tag = body.slice(0, 1);
        const content = body.slice(1);
        if (tag === "\\") continue;
        if (tag === "+") {
          current.lines.push(["+", number++, content]);
          newLeft--;
        } else if (tag === "-") {
          current.lines.push(["-", null, content]);
          oldLeft--;
        } else {
          current.lines.push([" ", number++, content]);
          oldLeft--;
          newLeft--;
        }
      }
    }
  }
  return files;
}

// Splits a line into its string literals and the code around them: [code with comments removed and literal
// contents blanked, literals], each literal {start, end (offsets of the quotes), content, interpolated}.
function scan(code, language) {
  const literals = [];
  let out = "";
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if ((language === "py" && c === "#") || (language === "js" && code.startsWith("//", i))) break;
    let prefix = "";
    let quoteAt = -1;
    if (language === "py") {
      const match = /^([rRbBuUfF]{1,2})?(['"])/.exec(code.slice(i));
      if (match && (i === 0 || !/[A-Za-z0-9_]/.test(code[i - 1]))) {
        prefix = (match[1] || "").toLowerCase();
        quoteAt = i + (match[1] || "").length;
      }
    } else if ("'\"`".includes(c)) {
      quoteAt = i;
    }
    if (quoteAt < 0) {
      out += c;
      i++;
      continue;
    }
    const quote = code[quoteAt];
    let j = quoteAt + 1;
    let content = "";
    while (j < code.length && code[j] !== quote) {
      if (code[j] === "\\" && j + 1 < code.length) {
        content += code.slice(j, j + 2);
        j += 2;
        continue;
      }
      content += code[j++];
    }
    const interpolated = (prefix.includes("f") && /\{[^{}]*\}/.test(content)) || (quote === "`" && content.includes("${"));
    literals.push({ start: i, end: j, content, interpolated });
    out += code.slice(i, quoteAt + 1) + " ".repeat(j - quoteAt - 1) + (j < code.length ? quote : "");
    i = j + 1;
  }
  return [out, literals];
}

// Whether a `+` chain through this literal has an operand that is not a string literal.
function concatenatedWithCode(blanked, literals, literal) {
  const byStart = new Map(literals.map((l) => [l.start, l]));
  const byEnd = new Map(literals.map((l) => [l.end, l]));
  let current = literal;
  for (;;) {
    const after = blanked.slice(current.end + 1).trimStart();
    if (!after.startsWith("+") || after.startsWith("+=")) break;
    const operand = after.slice(1).trimStart();
    const at = blanked.length - operand.length;
    if (!byStart.has(at)) return true;
    current = byStart.get(at);
  }
  current = literal;
  for (;;) {
    const before = blanked.slice(0, current.start).trimEnd();
    if (!before.endsWith("+") || before.endsWith("++")) break;
    const operand = before.slice(0, -1).trimEnd();
    if (!byEnd.has(operand.length - 1)) return true;
    current = byEnd.get(operand.length - 1);
  }
  return false;
}

// The line's string literals, read together, hold SQL, and one of them is built from code.
function sqlInjection(blanked, literals) {
  if (!SQL.test(literals.map((l) => l.content).join(" "))) return false;
  return literals.some((literal) => {
    const after = blanked.slice(literal.end + 1).trimStart();
    if (literal.interpolated || after.startsWith(".format(")) return true;
    if (after.startsWith("%") && !after.startsWith("%=")) return true;
    return concatenatedWithCode(blanked, literals, literal);
  });
}

function secretName(name) {
  const normalized = name.toLowerCase().replace(/[_-]/g, "");
  return SECRET_NAMES.some((word) => normalized.endsWith(word));
}

// The name a literal is assigned to (`name = "..."`, `name: "..."`, `"name": "..."`), or null.
function assignedName(blanked, literals, literal) {
  const before = blanked.slice(0, literal.start).trimEnd();
  if (before === "" || !":=".includes(before[before.length - 1]) || "=!<>".includes(before[before.length - 2] || " ")) return null;
  const head = before.slice(0, -1).trimEnd();
  const key = literals.find((l) => l.end === head.length - 1);
  if (key) return key.content;
  const match = NAME_AT_END.exec(head);
  return match ? match[1] : null;
}

function hardcodedSecret(blanked, literals) {
  return literals.some((literal) => {
    if (AWS_KEY.test(literal.content) || PRIVATE_KEY.test(literal.content)) return true;
    if (literal.interpolated || literal.content.length < 8) return false;
    const name = assignedName(blanked, literals, literal);
    return name !== null && secretName(name);
  });
}

function offByOne(blanked, language) {
  if (language === "py") return PY_RANGE.test(blanked) || PY_WHILE.test(blanked);
  return JS_FOR.test(blanked);
}

function resourceLeak(blanked, language, later) {
  const match = (language === "py" ? PY_OPEN : JS_OPEN).exec(blanked);
  if (!match || blanked.trimStart().startsWith("with ")) return false;
  const name = escape(match[1]);
  const closing = language === "py" ? new RegExp(`(?<![\\w$.])${name}\\.close\\(\\)`) : new RegExp(`\\bfs\\.closeSync\\(\\s*${name}\\s*\\)`);
  return !later.some((line) => closing.test(line));
}

function declaredAsync(blanked, language) {
  const names = [];
  for (const pattern of language === "py" ? PY_ASYNC : JS_ASYNC) {
    for (const match of blanked.matchAll(pattern)) names.push(match[1]);
  }
  return names;
}

function missingAwait(blanked, language, asyncNames) {
  if (HANDED_OVER.test(blanked)) return false;
  const declaredHere = new Set(declaredAsync(blanked, language));
  for (const name of asyncNames) {
    if (declaredHere.has(name)) continue;
    for (const call of blanked.matchAll(new RegExp(`(?<![\\w$])${escape(name)}\\s*\\(`, "g"))) {
      const before = blanked.slice(0, call.index);
      if (/(?:\bawait|\breturn|\byield)\s+(?:[\w$]+\s*\.\s*)*$/.test(before)) continue;
      if (/\b(?:def|function)\s+$/.test(before)) continue;
      return true;
    }
  }
  return false;
}

function review(text) {
  const findings = [];
  for (const { path, lines } of parseDiff(text)) {
    const language = path.endsWith(".py") ? "py" : path.endsWith(".js") ? "js" : null;
    if (language === null) continue;
    const visible = lines.filter(([kind]) => kind !== "-").map(([kind, number, content]) => [kind, number, ...scan(content, language)]);
    const asyncNames = new Set();
    for (const [, , blanked] of visible) for (const name of declaredAsync(blanked, language)) asyncNames.add(name);
    visible.forEach(([kind, number, blanked, literals], index) => {
      if (kind !== "+") return;
      const later = visible.slice(index + 1).map((entry) => entry[2]);
      const categories = [];
      if (hardcodedSecret(blanked, literals)) categories.push("hardcoded-secret");
      if (missingAwait(blanked, language, asyncNames)) categories.push("missing-await");
      if (offByOne(blanked, language)) categories.push("off-by-one");
      if (resourceLeak(blanked, language, later)) categories.push("resource-leak");
      if (sqlInjection(blanked, literals)) categories.push("sql-injection");
      for (const category of categories) findings.push(`${path}:${number} ${category}`);
    });
  }
  return findings;
}

const findings = review(fs.readFileSync(0, "utf8"));
if (findings.length > 0) process.stdout.write(findings.join("\n") + "\n");
