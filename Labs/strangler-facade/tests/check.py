"""Grades the strangler façade: python3 check.py SCENARIO [--traffic FILE]

The learner's service is reached through $LADDER_SERVICE_SOCKET. Expected answers come from the grader's own
copy of BILLING 4.2 (model/billing.py, the same code the learner was given), run here in step with the service:
the same requests in the same order, so its invoice numbers match. Answers are compared after normalization:
status, and the JSON body without `generated_at`. Reports TAP 13 on standard output, one line per check.
"""
import argparse
import importlib.util
import json
import os
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOCKET = os.environ.get("LADDER_SERVICE_SOCKET", "")


def load_model():
    spec = importlib.util.spec_from_file_location("billing_model", os.path.join(HERE, "model", "billing.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Report:
    def __init__(self):
        self.results = []

    def check(self, description, ok, detail=""):
        self.results.append((description, bool(ok), detail))
        return ok

    def emit(self):
        print("TAP version 13")
        print(f"1..{len(self.results)}")
        for number, (description, ok, detail) in enumerate(self.results, start=1):
            print(f"{'ok' if ok else 'not ok'} {number} - {description}")
            if not ok and detail:
                text = " ".join(str(detail).split())
                text = text[:600] + ("..." if len(text) > 600 else "")
                print("  ---")
                print('  message: "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
                print("  ...")


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # lowercased name -> value
        self.body = body

    def json(self):
        """The body as JSON, decoded with the charset its Content-Type names (UTF-8 when it names none)."""
        kind = self.headers.get("content-type", "").lower()
        charset = kind.split("charset=", 1)[1].split(";")[0].strip() if "charset=" in kind else "utf-8"
        try:
            return json.loads(self.body.decode(charset))
        except (ValueError, LookupError):
            return None

    def normal(self):
        doc = self.json()
        if isinstance(doc, dict):
            doc = {k: v for k, v in doc.items() if k != "generated_at"}
        return self.status, doc

    def show(self):
        return f"{self.status} {self.body[:300].decode('latin-1', 'replace')}"


def request(method, target, body=None, headers=None):
    payload = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    lines = [f"{method} {target} HTTP/1.1", "Host: facade", "Connection: close", f"Content-Length: {len(payload)}"]
    if body is not None:
        lines.append("Content-Type: application/json")
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + payload
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(10)
            s.connect(SOCKET)
            s.sendall(raw)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError as error:
        return Answer(0, {}, f"no answer: {error}".encode())
    head, _, rest = data.partition(b"\r\n\r\n")
    head_lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(head_lines[0].split(" ")[1])
    except (IndexError, ValueError):
        return Answer(0, {}, b"not an HTTP response: " + data[:200])
    headers = {}
    for line in head_lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body, rest = b"", rest
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            body += rest[:size]
            rest = rest[size + 2:]
    elif "content-length" in headers:
        body = rest[:int(headers["content-length"])]
    else:
        body = rest
    return Answer(status, headers, body)


class Model:
    """BILLING 4.2 as the grader runs it, answering like the service's legacy path."""

    def __init__(self):
        self.billing = load_model()

    def call(self, method, target, body=None):
        payload = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        status, headers, out = self.billing.handle(method, target, {}, payload)
        return Answer(status, {k.lower(): v for k, v in headers}, out)

    def new(self, target):
        """The new implementation's expected answer: legacy's, except that qty=0 is BAD_QTY."""
        answer = self.call("GET", target)
        doc = answer.json()
        if isinstance(doc, dict) and doc.get("qty") == 0 and "error" not in doc:
            return Answer(200, {}, json.dumps({"error": "BAD_QTY", "code": "E101"}).encode())
        return answer


def read_traffic(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def set_mode(report, mode, percent=None):
    body = {"mode": mode} if percent is None else {"mode": mode, "percent": percent}
    answer = request("PUT", "/_facade/routes/quote", body)
    expected = {"quote": body}
    return report.check(f"PUT /_facade/routes/quote {json.dumps(body)} answers 200 with the new route",
                        answer.status == 200 and answer.json() == expected,
                        f"expected 200 {json.dumps(expected)}, got {answer.show()}")


def difference(answer, want, served_by):
    """What differs, most telling first: the status, the fields of the body, the X-Served-By header."""
    parts = []
    (got_status, got), (want_status, expected) = answer.normal(), want.normal()
    if got_status != want_status:
        parts.append(f"status {got_status}, expected {want_status}")
    if isinstance(got, dict) and isinstance(expected, dict):
        for key in sorted(set(got) | set(expected)):
            if got.get(key, "<absent>") != expected.get(key, "<absent>"):
                parts.append(f"{key}: {json.dumps(got.get(key, '<absent>'))}, expected {json.dumps(expected.get(key, '<absent>'))}")
    elif got != expected:
        parts.append(f"body {answer.body[:200].decode('latin-1', 'replace')!r}, expected {json.dumps(expected)}")
    if answer.headers.get("x-served-by") != served_by:
        parts.append(f"X-Served-By: {answer.headers.get('x-served-by')}, expected {served_by}")
    return "; ".join(parts)


def same(report, label, answer, want, served_by):
    detail = difference(answer, want, served_by)
    return report.check(label, not detail, detail)


def passthrough_headers(report, label, answer, want):
    problems = []
    for name in ("content-type", "x-legacy-version", "location", "allow"):
        if name in want.headers and answer.headers.get(name) != want.headers[name]:
            problems.append(f"{name}: expected {want.headers[name]!r}, got {answer.headers.get(name)!r}")
    return report.check(label, not problems, "; ".join(problems))


def scenario_passthrough(report, traffic, model):
    answer = request("GET", "/_facade/routes")
    report.check("GET /_facade/routes starts with the quote route in legacy mode",
                 answer.status == 200 and answer.json() == {"quote": {"mode": "legacy"}},
                 f"expected 200 {{\"quote\": {{\"mode\": \"legacy\"}}}}, got {answer.show()}")
    steps = [("GET", "/health", None)] + [("GET", t["target"], None) for t in traffic[:30]] + [
        ("POST", "/quote?sku=KB-101&qty=1", None),
        ("POST", "/invoices", {"customer": "C-1001", "lines": [{"sku": "KB-101", "qty": 2}, {"sku": "CB-USBC", "qty": 3}]}),
        ("GET", "/invoices/INV-1001", None),
        ("POST", "/invoices", {"customer": "C-1002", "lines": [{"sku": "MN-320", "qty": 1}]}),
        ("POST", "/invoices", {"customer": "", "lines": []}),
        ("GET", "/invoices/INV-9999", None),
        ("GET", "/reports/daily", None),
    ]
    for method, target, body in steps:
        answer = request(method, target, body)
        want = model.call(method, target, body)
        label = f"{method} {target} is passed through to legacy"
        if same(report, label + " (status, body, X-Served-By: legacy)", answer, want, "legacy"):
            passthrough_headers(report, label + " with its headers", answer, want)


def scenario_admin(report, traffic, model):
    target = "/quote?sku=KB-102&qty=0&customer=C-7"
    invalid = [
        ({"mode": "blue"}, "an unknown mode"),
        ({"mode": "canary"}, "a canary without a percent"),
        ({"mode": "canary", "percent": 101}, "a percent above 100"),
        ({"mode": "canary", "percent": -1}, "a negative percent"),
        ({"mode": "canary", "percent": "30"}, "a percent that is a string"),
        ({"mode": "canary", "percent": 12.5}, "a percent that is not whole"),
        (b"{mode: new", "a body that is not JSON"),
        (["new"], "a JSON array"),
    ]
    set_mode(report, "new")
    for body, what in invalid:
        answer = request("PUT", "/_facade/routes/quote", body)
        report.check(f"PUT with {what} answers 400", answer.status == 400, f"got {answer.show()}")
    answer = request("GET", "/_facade/routes")
    report.check("invalid PUTs leave the route unchanged", answer.json() == {"quote": {"mode": "new"}}, f"got {answer.show()}")
    answer = request("PUT", "/_facade/routes/invoices", {"mode": "new"})
    report.check("PUT /_facade/routes/invoices answers 404 (only quote can be migrated)", answer.status == 404, f"got {answer.show()}")
    same(report, "a new mode takes effect on the next request (no restart)", request("GET", target), model.new(target), "new")
    set_mode(report, "canary", 40)
    answer = request("GET", "/_facade/routes")
    report.check("GET /_facade/routes shows the canary with its percent",
                 answer.json() == {"quote": {"mode": "canary", "percent": 40}}, f"got {answer.show()}")
    set_mode(report, "legacy")
    same(report, "rolling back to legacy takes effect on the next request", request("GET", target), model.call("GET", target), "legacy")


def scenario_new_replay(report, traffic, model):
    set_mode(report, "new")
    for t in traffic:
        if "qty=0&" in t["target"] + "&":
            continue
        answer = request("GET", t["target"])
        same(report, f"GET {t['target']} (new) answers as legacy did", answer, model.new(t["target"]), "new")
        if not answer.headers.get("content-type", "").startswith("application/json"):
            report.check(f"GET {t['target']} (new) is application/json", False, f"Content-Type: {answer.headers.get('content-type')}")


def quirk_targets(kind):
    if kind == "errors":
        return ["/quote?sku=NOPE-1&qty=1", "/quote?qty=1", "/quote?sku=kb-101&qty=1", "/quote?sku=KB-101",
                "/quote?sku=KB-101&qty=", "/quote?sku=KB-101&qty=abc", "/quote?sku=KB-101&qty=-1",
                "/quote?sku=KB-101&qty=1.5", "/quote?sku=KB-101&qty=%2B5", "/quote?sku=KB-101&qty=10000",
                "/quote?sku=KB-101&qty=9999", "/quote?sku=KB-101&qty=00010", "/quote?sku=KB-101&qty=1&country=fr",
                "/quote?sku=KB-101&qty=1&country=", "/quote?sku=KB-101&qty=1", "/quote?sku=KB-101&qty=1&country=US",
                "/quote?sku=KB-101&qty=1&customer=", "/quote?sku=KB-101&qty=1&customer=Zo%C3%AB+M",
                "/quote?sku=KB-101&qty=2&sku=KB-102"]
    targets = []
    for qty in (9, 10, 49, 50, 99, 100):
        targets.append(f"/quote?sku=MS-221&qty={qty}&country=NL")
    targets += ["/quote?sku=SP-001&qty=1", "/quote?sku=SP-001&qty=10", "/quote?sku=SP-001&qty=50&country=IT",
                "/quote?sku=HS-050&qty=10&country=AT", "/quote?sku=CB-HDMI&qty=100&country=FR"]
    # VAT that lands exactly on half a cent, both ways: half to even keeps an even cent, rounds an odd one up.
    targets += HALF_CENT_TARGETS
    return targets


HALF_CENT_TARGETS = []


def find_half_cents(model):
    found = {"even": [], "odd": []}
    for sku in sorted(model.billing._PRICES):
        for qty in range(1, 120):
            for country, rate in sorted(model.billing._VAT.items()):
                target = f"/quote?sku={sku}&qty={qty}&country={country}"
                doc = model.call("GET", target).json()
                net = int(doc["net"].replace(".", ""))
                q, r = divmod(net * rate, 100)
                if r == 50:
                    bucket = found["even" if q % 2 == 0 else "odd"]
                    if len(bucket) < 3:
                        bucket.append(target)
    return found["even"] + found["odd"]


def scenario_quirks(kind):
    def run(report, traffic, model):
        if kind == "rounding":
            HALF_CENT_TARGETS[:] = find_half_cents(model)
        set_mode(report, "new")
        for target in quirk_targets(kind):
            same(report, f"GET {target} (new) answers exactly as legacy, quirks included", request("GET", target), model.new(target), "new")
    return run


def scenario_qty_zero(report, traffic, model):
    targets = ["/quote?sku=KB-101&qty=0", "/quote?sku=MN-270&qty=0&country=FR&customer=C-9", "/quote?sku=SV-CARE&qty=000"]
    for target in targets:
        same(report, f"GET {target} in legacy mode keeps legacy's answer (a 0.00 quote)", request("GET", target), model.call("GET", target), "legacy")
    set_mode(report, "new")
    for target in targets:
        answer = request("GET", target)
        report.check(f"GET {target} in new mode is refused: 200 {{\"error\": \"BAD_QTY\", \"code\": \"E101\"}}",
                     answer.normal() == (200, {"error": "BAD_QTY", "code": "E101"}) and answer.headers.get("x-served-by") == "new",
                     f"got {answer.show()} with X-Served-By: {answer.headers.get('x-served-by')}")


def scenario_unmigrated(report, traffic, model):
    set_mode(report, "new")
    steps = [("GET", "/health", None), ("POST", "/quote?sku=KB-101&qty=1", None),
             ("POST", "/invoices", {"customer": "C-77", "lines": [{"sku": "DK-900", "qty": 1}]}),
             ("GET", "/invoices/INV-1001", None), ("GET", "/invoices/INV-1002", None), ("GET", "/", None)]
    for method, target, body in steps:
        answer = request(method, target, body)
        want = model.call(method, target, body)
        if same(report, f"{method} {target} still reaches legacy while quote is in new mode", answer, want, "legacy"):
            passthrough_headers(report, f"{method} {target} keeps legacy's headers", answer, want)


def shadow_traffic(traffic):
    picked = [t["target"] for t in traffic[:60]]
    zeros = [t["target"] for t in traffic if "qty=0&" in t["target"] + "&"][:4]
    steps = []
    for index, target in enumerate(picked):
        steps.append(("GET", target, None))
        if index % 15 == 7:
            steps.append(("POST", "/invoices", {"customer": f"C-{index}", "lines": [{"sku": "KB-101", "qty": 1}]}))
        if index % 15 == 3 and zeros:
            steps.append(("GET", zeros.pop(), None))
    steps.append(("POST", "/quote?sku=KB-101&qty=1", None))
    return steps


def scenario_shadow_serves(report, traffic, model):
    set_mode(report, "shadow")
    for method, target, body in shadow_traffic(traffic):
        answer = request(method, target, body)
        want = model.call(method, target, body)
        if same(report, f"{method} {target} in shadow mode answers with legacy's response", answer, want, "legacy"):
            passthrough_headers(report, f"{method} {target} in shadow mode keeps legacy's headers", answer, want)


def scenario_shadow_report(report, traffic, model):
    set_mode(report, "shadow")
    answer = request("GET", "/_facade/shadow")
    report.check("the shadow report starts empty", answer.status == 200 and answer.json() == {"compared": 0, "matched": 0, "mismatches": []},
                 f"got {answer.show()}")
    # The last request is written with percent-encoding and a + : its mismatch's target is the request as received.
    steps = shadow_traffic(traffic) + [("GET", "/quote?sku=KB-101&qty=00&customer=Zo%C3%AB+M", None)]
    expected_mismatches = []
    compared = 0
    for method, target, body in steps:
        request(method, target, body)
        model.call(method, target, body)
        if method == "GET" and target.startswith("/quote"):
            compared += 1
            if model.new(target).normal() != model.call("GET", target).normal():
                expected_mismatches.append(target)
    answer = request("GET", "/_facade/shadow")
    doc = answer.json() if answer.status == 200 else None
    ok = isinstance(doc, dict)
    report.check("GET /_facade/shadow answers 200 with a JSON object", ok, f"got {answer.show()}")
    if not ok:
        return
    report.check(f"compared counts the {compared} GET /quote requests and nothing else", doc.get("compared") == compared,
                 f"expected {compared}, got {doc.get('compared')}")
    report.check(f"matched is {compared - len(expected_mismatches)}: generated_at differs on every request and is not a difference",
                 doc.get("matched") == compared - len(expected_mismatches), f"got matched {doc.get('matched')}")
    targets = [m.get("target") for m in doc.get("mismatches", []) if isinstance(m, dict)]
    report.check("mismatches are exactly the requests where the implementations really differ (qty=0), in order, "
                 "each target as received (not decoded)",
                 targets == expected_mismatches, f"expected {expected_mismatches}, got {targets}")
    entry = doc.get("mismatches", [{}])[0] if doc.get("mismatches") else {}
    report.check("a mismatch shows both answers: legacy {status, body} and new {status, body}",
                 isinstance(entry, dict) and entry.get("new", {}).get("body") == {"error": "BAD_QTY", "code": "E101"}
                 and entry.get("legacy", {}).get("status") == 200 and entry.get("legacy", {}).get("body", {}).get("total") == "0.00",
                 f"got {json.dumps(entry)[:400]}")
    invoices = [request("GET", f"/invoices/INV-{n}").status for n in range(1001, 1001 + sum(1 for m, t, b in steps if t == '/invoices'))]
    report.check("every POST /invoices reached legacy exactly once (invoice numbers have no gaps)", all(s == 200 for s in invoices),
                 f"GET /invoices/INV-1001... answered {invoices}")
    answer = request("DELETE", "/_facade/shadow")
    after = request("GET", "/_facade/shadow").json()
    report.check("DELETE /_facade/shadow answers 204 and empties the report",
                 answer.status == 204 and after == {"compared": 0, "matched": 0, "mismatches": []}, f"got {answer.status}, then {after}")


def fnv1a(text):
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def scenario_canary(report, traffic, model):
    set_mode(report, "canary", 30)
    customers = [f"C-{n:04d}" for n in range(1, 61)] + ["acme-corp", "Zo\u00eb", "KUNDE 17"]
    from urllib.parse import quote as urlquote
    for customer in customers:
        bucket = fnv1a(customer) % 100
        expected = "new" if bucket < 30 else "legacy"
        for qty in (0, 12):
            target = f"/quote?sku=MS-220&qty={qty}&customer={urlquote(customer)}"
            want = model.new(target) if expected == "new" else model.call("GET", target)
            same(report, f"canary 30%: customer {customer!r} (FNV-1a bucket {bucket}) goes to {expected}, every time",
                 request("GET", target), want, expected)
    target = "/quote?sku=MS-220&qty=0"
    same(report, "canary: a request without a customer goes to legacy", request("GET", target), model.call("GET", target), "legacy")
    target = "/quote?sku=MS-220&qty=0&customer="
    same(report, "canary: a request with an empty customer goes to legacy", request("GET", target), model.call("GET", target), "legacy")
    set_mode(report, "canary", 0)
    target = "/quote?sku=MS-220&qty=0&customer=C-0007"
    same(report, "canary 0%: every customer goes to legacy", request("GET", target), model.call("GET", target), "legacy")
    set_mode(report, "canary", 100)
    same(report, "canary 100%: every customer goes to new", request("GET", target), model.new(target), "new")


def scenario_canary_decoding(report, traffic, model):
    """The bucket hashes the customer id as legacy reads it: `+` is a space, %XX bytes are UTF-8."""
    from urllib.parse import unquote_plus
    for percent, raw_customers in ((30, ["KUNDE+17", "M%C3%BCller+%26+Co", "Ana+Lima"]), (40, ["Zo%C3%AB"])):
        set_mode(report, "canary", percent)
        for raw in raw_customers:
            customer = unquote_plus(raw)
            bucket = fnv1a(customer) % 100
            expected = "new" if bucket < percent else "legacy"
            for qty in (0, 12):
                target = f"/quote?sku=MS-220&qty={qty}&customer={raw}"
                want = model.new(target) if expected == "new" else model.call("GET", target)
                same(report, f"canary {percent}%: customer={raw} is {customer!r} (FNV-1a of its UTF-8 bytes, bucket "
                     f"{bucket}): it goes to {expected}", request("GET", target), want, expected)


SCENARIOS = {
    "passthrough": scenario_passthrough, "admin": scenario_admin, "new-replay": scenario_new_replay,
    "error-quirks": scenario_quirks("errors"), "rounding-quirks": scenario_quirks("rounding"),
    "qty-zero": scenario_qty_zero, "unmigrated": scenario_unmigrated, "shadow-serves": scenario_shadow_serves,
    "shadow-report": scenario_shadow_report, "canary": scenario_canary, "canary-decoding": scenario_canary_decoding,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--traffic", default=os.path.join(HERE, "cases", "traffic.jsonl"))
    args = parser.parse_args()
    report = Report()
    SCENARIOS[args.scenario](report, read_traffic(args.traffic), Model())
    report.emit()


main()
