"""Writes the cases of jwt-verify, hidden (cases/) and visible (Labs/jwt-verify/tests/).

Tokens are built here with hmac and hashlib. Every token is listed with the verdict it is meant to get;
the script checks that both references (Python and Node) print exactly those verdicts before writing
the expected outputs, so a case cannot silently test the wrong thing.
Run from anywhere: python3 Graders/jwt-verify/make-cases.py
"""
import base64
import hashlib
import hmac
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "jwt-verify", "tests")
REFERENCES = [
    ["python3", os.path.join(HERE, "reference", "python", "main.py")],
    ["node", os.path.join(HERE, "reference", "node", "main.js")],
]

NOW = 1700000000
SECRET = "correct horse battery staple"
HOUR = 3600


def b64(data):
    if isinstance(data, (dict, list, str, int)) and not isinstance(data, bytes):
        data = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def signature(signing_input, secret=SECRET, digest=hashlib.sha256):
    return b64(hmac.new(secret.encode("utf-8"), signing_input.encode("ascii"), digest).digest())


def token(payload, header=None, secret=SECRET, digest=hashlib.sha256):
    header = {"alg": "HS256", "typ": "JWT"} if header is None else header
    head, body = b64(header), b64(payload)
    return f"{head}.{body}.{signature(f'{head}.{body}', secret, digest)}"


def claims(sub="user-1", exp=NOW + HOUR, **more):
    payload = {"sub": sub, "exp": exp}
    payload.update(more)
    return payload


def request(tok, secret=SECRET, now=NOW):
    return json.dumps({"token": tok, "secret": secret, "now": now}, ensure_ascii=False)


def resign(head, body, secret=SECRET):
    return f"{head}.{body}.{signature(f'{head}.{body}', secret)}"


def swap_payload(tok, payload):
    head, _, sig = tok.split(".")
    return f"{head}.{b64(payload)}.{sig}"


def case_valid():
    """Subjects of every length residue, so every segment length modulo 4 occurs, and payloads whose
    base64url uses - and _."""
    items = []
    for sub in ["a", "ab", "abc", "abcd", "user-42", "alice@example.com", "Zoë", "svc:billing"]:
        tok = token(claims(sub))
        items.append((request(tok), f"valid {sub}"))
    # '>>>' and '???' encode to 'Pj4-' and 'Pz8_': the URL-safe characters appear in the payload.
    for sub in ["a>>>b", "q???r", "~~~~"]:
        items.append((request(token(claims(sub))), f"valid {sub}"))
    lengths = {len(json.loads(item[0])["token"].split(".")[1]) % 4 for item in items}
    assert lengths == {0, 2, 3}, lengths
    # Another secret, with non-ASCII characters (the key is its UTF-8 bytes), and a fractional exp.
    items.append((request(token(claims("bob"), secret="s3cr3t-ключ"), secret="s3cr3t-ключ"), "valid bob"))
    items.append((request(token(claims("carol", exp=NOW + 0.5))), "valid carol"))
    return items


def case_bad_signature():
    good = token(claims("mallory"))
    head, body, sig = good.split(".")
    return [
        (request(token(claims("mallory"), secret="guess")), "invalid bad-signature"),
        (request(good, secret=SECRET + " "), "invalid bad-signature"),
        (request(good, secret=""), "invalid bad-signature"),
        (request(f"{head}.{body}.{sig[:-1]}"), "invalid bad-signature"),
        (request(f"{head}.{body}."), "invalid bad-signature"),
        (request(f"{head}.{body}.{signature(f'{head}.{body}').swapcase()}"), "invalid bad-signature"),
        (request(good), "valid mallory"),
    ]


def case_malformed():
    good = token(claims("eve"))
    head, body, sig = good.split(".")
    return [
        (request(f"{head}.{body}"), "invalid malformed"),
        (request(f"{head}.{body}.{sig}.{sig}"), "invalid malformed"),
        (request(""), "invalid malformed"),
        (request("not a token"), "invalid malformed"),
        (request(f".{body}.{sig}"), "invalid malformed"),
        (request(f"{head}==.{body}.{sig}"), "invalid malformed"),
        (request(f"{head}.{body}.{sig}="), "invalid malformed"),
        (request(f"{head}.{body.replace('-', '+').replace('_', '/')}x+/.{sig}"), "invalid malformed"),
        (request(resign(head, b64(b"this is not json"))), "invalid malformed"),
        (request(resign(head, b64([1, 2, 3]))), "invalid malformed"),
        (request(resign(head, b64(b"\xff\xfe{}"))), "invalid malformed"),
        (request(resign(head, body + "A")), "invalid malformed"),
    ]


def case_segments():
    """Reason 1 for the segments themselves: an empty payload, a signature whose length leaves a remainder of 1
    when divided by 4 (no base64 text has that length)."""
    good = token(claims("eve"))
    head, body, sig = good.split(".")
    return [
        (request(f"{head}..{sig}"), "invalid malformed"),
        (request(f"{head}.{body}.{sig[:41]}"), "invalid malformed"),
        (request(f"{head}.{body}.{sig}AA"), "invalid malformed"),
        (request(f"{head}.{body}.{sig[:42]}"), "invalid bad-signature"),
        (request(good), "valid eve"),
    ]


def case_header_json():
    """The header must decode to a JSON object too, like the payload."""
    body = b64(claims("eve"))
    return [
        (request(resign(b64(b"alg=HS256"), body)), "invalid malformed"),
        (request(resign(b64(["HS256"]), body)), "invalid malformed"),
        (request(resign(b64("HS256"), body)), "invalid malformed"),
        (request(resign(b64({"alg": "HS256"}), body)), "valid eve"),
    ]


def case_not_numbers():
    """NaN and Infinity are not JSON, though some parsers accept them: a payload holding them is malformed."""
    head = b64({"alg": "HS256", "typ": "JWT"})
    return [
        (request(resign(head, b64(b'{"sub":"nan","exp":NaN}'))), "invalid malformed"),
        (request(resign(head, b64(b'{"sub":"inf","exp":Infinity}'))), "invalid malformed"),
        (request(resign(head, b64(b'{"sub":"nbf-nan","exp":1700003600,"nbf":-Infinity}'))), "invalid malformed"),
        (request(token(claims("ok"))), "valid ok"),
    ]


def case_nbf_types():
    """nbf is optional, but an nbf that is present must be a number: null and true are not."""
    return [
        (request(token(claims("nbf-null", nbf=None))), "invalid malformed"),
        (request(token(claims("nbf-true", nbf=True))), "invalid malformed"),
        (request(token(claims("nbf-list", nbf=[NOW]))), "invalid malformed"),
        (request(token(claims("nbf-zero", nbf=0))), "valid nbf-zero"),
    ]


def case_claims_before_alg():
    """The first reason that applies wins: a token with bad claims is malformed, whatever its algorithm."""
    return [
        (request(f"{b64({'alg': 'none'})}.{b64({'sub': 'no-exp'})}."), "invalid malformed"),
        (request(token({"exp": NOW + HOUR}, header={"alg": "HS512"}, digest=hashlib.sha512)), "invalid malformed"),
        (request(token(claims("", exp=NOW + HOUR), header={"alg": "RS256"})), "invalid malformed"),
        (request(token(claims("late-none", exp=NOW - HOUR), header={"alg": "none"})), "invalid unsupported-alg"),
        (request(token(claims("fine"))), "valid fine"),
    ]


def case_signature_before_time():
    """A forged token is bad-signature even when it has also expired or is not valid yet: the signature is
    checked before the times."""
    return [
        (request(token(claims("late", exp=NOW - HOUR), secret="forged")), "invalid bad-signature"),
        (request(token(claims("early", nbf=NOW + HOUR), secret="forged")), "invalid bad-signature"),
        (request(token(claims("late"), secret="forged")), "invalid bad-signature"),
        (request(token(claims("late", exp=NOW - HOUR))), "invalid expired"),
    ]


def case_alg_none():
    body = b64(claims("admin"))
    items = []
    for alg in ["none", "None", "NONE", "nOnE"]:
        head = b64({"alg": alg, "typ": "JWT"})
        items.append((request(f"{head}.{body}."), "invalid unsupported-alg"))
    # alg none carrying a real HS256 signature still is not HS256.
    head = b64({"alg": "none"})
    items.append((request(resign(head, body)), "invalid unsupported-alg"))
    return items


def case_other_algs():
    body = claims("root")
    return [
        (request(token(body, header={"alg": "HS512", "typ": "JWT"}, digest=hashlib.sha512)), "invalid unsupported-alg"),
        (request(token(body, header={"alg": "HS384"}, digest=hashlib.sha384)), "invalid unsupported-alg"),
        (request(token(body, header={"alg": "RS256"})), "invalid unsupported-alg"),
        (request(token(body, header={"alg": "hs256"})), "invalid unsupported-alg"),
        (request(token(body, header={"typ": "JWT"})), "invalid malformed"),
        (request(token(body, header={"alg": 256})), "invalid malformed"),
        (request(token(body, header={"alg": "HS256"})), "valid root"),
    ]


def case_tampered():
    original = token(claims("user-7", role="reader"))
    head, body, sig = original.split(".")
    return [
        (request(swap_payload(original, claims("user-1", role="reader"))), "invalid bad-signature"),
        (request(swap_payload(original, claims("user-7", role="admin"))), "invalid bad-signature"),
        (request(swap_payload(original, claims("user-7", exp=NOW + 365 * 24 * HOUR, role="reader"))), "invalid bad-signature"),
        (request(f"{b64({'alg': 'HS256', 'typ': 'JWT', 'kid': 'x'})}.{body}.{sig}"), "invalid bad-signature"),
        (request(f"{b64({'alg': 'HS256'})}.{body}.{sig}"), "invalid bad-signature"),
        (request(original), "valid user-7"),
    ]


def case_leeway():
    exp = NOW
    return [
        (request(token(claims("t1", exp=exp - 10))), "valid t1"),
        (request(token(claims("t2", exp=exp - 29))), "valid t2"),
        (request(token(claims("t3", exp=exp)), now=NOW + 1), "valid t3"),
        (request(token(claims("t4", exp=exp - HOUR))), "invalid expired"),
        (request(token(claims("t5", exp=0))), "invalid expired"),
    ]


def case_expiry_boundary():
    return [
        (request(token(claims("b1", exp=NOW - 30))), "invalid expired"),
        (request(token(claims("b2", exp=NOW - 31))), "invalid expired"),
        (request(token(claims("b3", exp=NOW - 29))), "valid b3"),
        (request(token(claims("b4", exp=NOW + 5)), now=NOW + 35), "invalid expired"),
        (request(token(claims("b5", exp=NOW - 29.5))), "valid b5"),
    ]


def case_not_before():
    return [
        (request(token(claims("n1", nbf=NOW + 30))), "valid n1"),
        (request(token(claims("n2", nbf=NOW + 31))), "invalid not-yet-valid"),
        (request(token(claims("n3", nbf=NOW - 100))), "valid n3"),
        (request(token(claims("n4", nbf=NOW))), "valid n4"),
        (request(token(claims("n5", nbf=NOW + HOUR, exp=NOW + 2 * HOUR))), "invalid not-yet-valid"),
        (request(token(claims("n6", nbf=NOW + HOUR, exp=NOW - HOUR))), "invalid expired"),
    ]


def case_fractional_times():
    """Times are numbers and may have a fractional part: compare them as they are, never truncated."""
    return [
        (request(token(claims("f1", nbf=NOW + 30.5))), "invalid not-yet-valid"),
        (request(token(claims("f2", nbf=NOW + 30.0))), "valid f2"),
        (request(token(claims("f3", exp=NOW - 29.9)), now=NOW + 0.5), "invalid expired"),
        (request(token(claims("f4", exp=NOW - 29.5)), now=NOW - 0.25), "valid f4"),
        (request(token(claims("f5", nbf=NOW + 30.25)), now=NOW + 0.25), "valid f5"),
    ]


def case_required_claims():
    return [
        (request(token({"sub": "no-exp"})), "invalid malformed"),
        (request(token({"sub": "s1", "exp": str(NOW + HOUR)})), "invalid malformed"),
        (request(token({"sub": "s2", "exp": True})), "invalid malformed"),
        (request(token({"sub": "s3", "exp": None})), "invalid malformed"),
        (request(token({"exp": NOW + HOUR})), "invalid malformed"),
        (request(token({"sub": 42, "exp": NOW + HOUR})), "invalid malformed"),
        (request(token({"sub": "", "exp": NOW + HOUR})), "invalid malformed"),
        (request(token({"sub": "s4", "exp": NOW + HOUR, "nbf": "soon"})), "invalid malformed"),
        # Claims are checked before the signature: malformed wins over bad-signature.
        (request(token({"sub": "s5"}, secret="other")), "invalid malformed"),
        (request(token({"sub": "s6", "exp": NOW + HOUR, "iat": NOW, "aud": "shop"})), "valid s6"),
    ]


def case_ignored_fields():
    """Other header fields and other claims are ignored: a kid, a typ that is not JWT, an iat in the future, an aud
    naming another service do not make a correctly signed token invalid."""
    return [
        (request(token(claims("k1"), header={"alg": "HS256", "typ": "JWT", "kid": "key-2024"})), "valid k1"),
        (request(token(claims("k2"), header={"typ": "at+jwt", "alg": "HS256"})), "valid k2"),
        (request(token(claims("k3"), header={"alg": "HS256", "cty": "JWT", "x5t": "abc"})), "valid k3"),
        (request(token(claims("k4", iat=NOW + HOUR, aud="another-service", iss="https://login.example"))), "valid k4"),
        (request(token(claims("k5", jti="7f3a", ctx={"tenant": 9, "roles": ["a", "b"]}, exp_hint=None))), "valid k5"),
        (request(token(claims("k6"), header={"alg": "HS256", "typ": "JWT", "kid": "key-2024"}, secret="forged")), "invalid bad-signature"),
    ]


HIDDEN = {
    "01-valid": case_valid,
    "02-bad-signature": case_bad_signature,
    "03-malformed": case_malformed,
    "04-alg-none": case_alg_none,
    "05-other-algs": case_other_algs,
    "06-tampered": case_tampered,
    "07-leeway": case_leeway,
    "08-expiry-boundary": case_expiry_boundary,
    "09-not-before": case_not_before,
    "10-required-claims": case_required_claims,
    "11-segments": case_segments,
    "12-header-json": case_header_json,
    "13-not-numbers": case_not_numbers,
    "14-nbf-types": case_nbf_types,
    "15-claims-before-alg": case_claims_before_alg,
    "16-signature-before-time": case_signature_before_time,
    "17-fractional-times": case_fractional_times,
    "18-ignored-fields": case_ignored_fields,
}


def visible_cases():
    good = token(claims("alice"))
    head, body, _ = good.split(".")
    return {
        "01-signatures": [
            (request(good), "valid alice"),
            (request(token(claims("bob"))), "valid bob"),
            (request(token(claims("alice"), secret="wrong secret")), "invalid bad-signature"),
            (request(f"{head}.{body}"), "invalid malformed"),
        ],
        "02-algorithms": [
            (request(f"{b64({'alg': 'none', 'typ': 'JWT'})}.{body}."), "invalid unsupported-alg"),
            (request(swap_payload(good, claims("admin"))), "invalid bad-signature"),
        ],
        "03-time": [
            (request(token(claims("carol", exp=NOW - HOUR))), "invalid expired"),
            (request(token(claims("dave", exp=NOW - 10))), "valid dave"),
            (request(token(claims("erin", nbf=NOW + HOUR))), "invalid not-yet-valid"),
        ],
    }


def write(directory, name, items, blank_lines=False):
    text_in = "".join(line + "\n" for line, _ in items)
    if blank_lines:
        # Empty lines are skipped: before the first request, between two, and at the end.
        lines = text_in.split("\n")
        text_in = "\n" + "\n\n".join(lines[:2]) + "\n" + "\n".join(lines[2:]) + "\n\n"
    text_out = "".join(verdict + "\n" for _, verdict in items)
    for command in REFERENCES:
        got = subprocess.run(command, input=text_in, capture_output=True, text=True, check=True).stdout
        if got != text_out:
            for (line, want), have in zip(items, got.splitlines()):
                if want != have:
                    print(f"{name}: {command[0]} says {have!r}, meant {want!r} for {line}")
            raise SystemExit(1)
    with open(os.path.join(directory, f"{name}.in"), "w") as f:
        f.write(text_in)
    with open(os.path.join(directory, f"{name}.out"), "w") as f:
        f.write(text_out)


def main():
    os.makedirs(os.path.join(HERE, "cases"), exist_ok=True)
    os.makedirs(VISIBLE, exist_ok=True)
    for name, make in HIDDEN.items():
        write(os.path.join(HERE, "cases"), name, make(), blank_lines=name == "02-bad-signature")
    for name, items in visible_cases().items():
        write(VISIBLE, name, items)


main()
