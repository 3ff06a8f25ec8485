// Verifies HS256 JSON Web Tokens: one JSON request per input line, one verdict per output line.
//
// Checks run in a fixed order and the first failure is the answer: malformed, unsupported-alg,
// bad-signature, expired, not-yet-valid. The header is never trusted to choose the algorithm: HS256 is
// the only one accepted, and the signature is recomputed and compared in constant time.
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");

const LEEWAY = 30;
const SEGMENT = /^[A-Za-z0-9_-]*$/;

class Invalid extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

// Buffer's base64url decoder skips characters it does not know, so the alphabet and the length are
// checked first: padding, other alphabets and impossible lengths are malformed.
function b64urlDecode(segment) {
  if (!SEGMENT.test(segment) || segment.length % 4 === 1) throw new Invalid("malformed");
  return Buffer.from(segment, "base64url");
}

function jsonObject(segment) {
  let value;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(b64urlDecode(segment));
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof Invalid) throw error;
    throw new Invalid("malformed");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Invalid("malformed");
  return value;
}

const isNumber = (value) => typeof value === "number" && Number.isFinite(value);

function verify(token, secret, now) {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[0] || !parts[1]) throw new Invalid("malformed");
  const [headerSegment, payloadSegment, signature] = parts;
  const header = jsonObject(headerSegment);
  const payload = jsonObject(payloadSegment);
  if (!SEGMENT.test(signature) || signature.length % 4 === 1) throw new Invalid("malformed");
  if (typeof header.alg !== "string") throw new Invalid("malformed");
  const { sub, exp, nbf } = payload;
  if (typeof sub !== "string" || sub === "" || !isNumber(exp) || ("nbf" in payload && !isNumber(nbf))) {
    throw new Invalid("malformed");
  }

  if (header.alg !== "HS256") throw new Invalid("unsupported-alg");
  const expected = crypto
    .createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(`${headerSegment}.${payloadSegment}`, "ascii")
    .digest("base64url");
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw new Invalid("bad-signature");

  if (now >= exp + LEEWAY) throw new Invalid("expired");
  if (nbf !== undefined && now < nbf - LEEWAY) throw new Invalid("not-yet-valid");
  return sub;
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
