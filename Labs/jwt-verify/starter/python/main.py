"""Verifies HS256 JSON Web Tokens: one JSON request per input line, one verdict per output line.

Each input line is {"token": ..., "secret": ..., "now": ...}; each output line is `valid SUB` or
`invalid REASON`. See README.md for the exact rules and the order the checks run in.

This starter splits and decodes tokens and prints the subject, but it checks nothing yet: as it stands it
accepts any token anyone makes up. The TODOs say what each stage adds.
"""
import base64
import binascii
import json
import sys

LEEWAY = 30


class Invalid(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def b64url_decode(segment):
    # TODO (stage 1): JWT segments are base64url WITHOUT the '=' padding, so this only works when the
    #       length happens to be a multiple of 4. Also reject anything that is not unpadded base64url.
    try:
        return base64.urlsafe_b64decode(segment)
    except (binascii.Error, ValueError):
        raise Invalid("malformed") from None


def json_object(segment):
    try:
        value = json.loads(b64url_decode(segment).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Invalid("malformed") from None
    if not isinstance(value, dict):
        raise Invalid("malformed")
    return value


def verify(token, secret, now):
    """Returns the token's subject, or raises Invalid with the first reason it fails."""
    parts = token.split(".")
    if len(parts) != 3:
        raise Invalid("malformed")
    header_segment, payload_segment, signature = parts
    header = json_object(header_segment)
    payload = json_object(payload_segment)
    # TODO (stage 1): check the claims the README requires, then recompute the HMAC-SHA256 signature
    #       of "header_segment.payload_segment" with the secret and compare it with `signature`.
    # TODO (stage 2): only HS256 is acceptable, whatever the header says.
    # TODO (stage 3): exp and nbf, with the leeway.
    return payload.get("sub")


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
