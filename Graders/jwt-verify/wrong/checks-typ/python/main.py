# Known-wrong (checks-typ): refuses a header whose typ is present and not "JWT" (an access token's "at+jwt"), though the README says other header fields are ignored.
"""Verifies HS256 JSON Web Tokens: one JSON request per input line, one verdict per output line.

Checks run in a fixed order and the first failure is the answer: malformed, unsupported-alg,
bad-signature, expired, not-yet-valid. The header is never trusted to choose the algorithm: HS256 is the
only one accepted, and the signature is recomputed and compared in constant time.
"""
import base64
import binascii
import hashlib
import hmac
import json
import math
import re
import sys

LEEWAY = 30
SEGMENT = re.compile(r"[A-Za-z0-9_-]*")


class Invalid(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def b64url_decode(segment):
    """Decodes unpadded base64url; anything else (padding, other alphabets, impossible lengths) is malformed."""
    if not SEGMENT.fullmatch(segment) or len(segment) % 4 == 1:
        raise Invalid("malformed")
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        raise Invalid("malformed") from None


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def json_object(segment):
    try:
        value = json.loads(b64url_decode(segment).decode("utf-8"), parse_constant=reject_constant)
    except (UnicodeDecodeError, ValueError):
        raise Invalid("malformed") from None
    if not isinstance(value, dict):
        raise Invalid("malformed")
    return value


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def verify(token, secret, now):
    """Returns the token's subject, or raises Invalid with the first reason it fails."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise Invalid("malformed")
    header_segment, payload_segment, signature = parts
    header = json_object(header_segment)
    payload = json_object(payload_segment)
    if not SEGMENT.fullmatch(signature) or len(signature) % 4 == 1:
        raise Invalid("malformed")
    if not isinstance(header.get("alg"), str):
        raise Invalid("malformed")
    if "typ" in header and header["typ"] != "JWT":
        raise Invalid("malformed")
    sub, exp, nbf = payload.get("sub"), payload.get("exp"), payload.get("nbf")
    if not isinstance(sub, str) or not sub or not is_number(exp) or ("nbf" in payload and not is_number(nbf)):
        raise Invalid("malformed")

    if header["alg"] != "HS256":
        raise Invalid("unsupported-alg")
    signing_input = f"{header_segment}.{payload_segment}".encode("ascii")
    expected = b64url_encode(hmac.new(secret.encode("utf-8"), signing_input, hashlib.sha256).digest())
    if not hmac.compare_digest(expected, signature):
        raise Invalid("bad-signature")

    if now >= exp + LEEWAY:
        raise Invalid("expired")
    if nbf is not None and now < nbf - LEEWAY:
        raise Invalid("not-yet-valid")
    return sub


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            print(f"valid {verify(request['token'], request['secret'], request['now'])}")
        except Invalid as invalid:
            print(f"invalid {invalid.reason}")


main()
