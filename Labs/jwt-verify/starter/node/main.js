// Verifies HS256 JSON Web Tokens: one JSON request per input line, one verdict per output line.
//
// Each input line is {"token": ..., "secret": ..., "now": ...}; each output line is `valid SUB` or
// `invalid REASON`. See README.md for the exact rules and the order the checks run in.
//
// This starter splits and decodes tokens and prints the subject, but it checks nothing yet: as it stands
// it accepts any token anyone makes up. The TODOs say what each stage adds.
"use strict";

const fs = require("node:fs");

const LEEWAY = 30;

class Invalid extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

function b64urlDecode(segment) {
  // TODO (stage 1): Buffer's decoder silently skips characters that are not base64url ('=', '+', '/',
  //       spaces...). Reject anything that is not unpadded base64url instead.
  return Buffer.from(segment, "base64url");
}

function jsonObject(segment) {
  let value;
  try {
    value = JSON.parse(b64urlDecode(segment).toString("utf8"));
  } catch (error) {
    if (error instanceof Invalid) throw error;
    throw new Invalid("malformed");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Invalid("malformed");
  return value;
}

function verify(token, secret, now) {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Invalid("malformed");
  const [headerSegment, payloadSegment, signature] = parts;
  const header = jsonObject(headerSegment);
  const payload = jsonObject(payloadSegment);
  // TODO (stage 1): check the claims the README requires, then recompute the HMAC-SHA256 signature of
  //       `${headerSegment}.${payloadSegment}` with the secret (node:crypto) and compare it with `signature`.
  // TODO (stage 2): only HS256 is acceptable, whatever the header says.
  // TODO (stage 3): exp and nbf, with the leeway.
  return payload.sub;
}

const out = [];
for (const line of fs.readFileSync(0, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  try {
    out.push(`valid ${verify(request.token, request.secret, request.now)}`);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    out.push(`invalid ${error.reason}`);
  }
}
process.stdout.write(out.length ? out.join("\n") + "\n" : "");
