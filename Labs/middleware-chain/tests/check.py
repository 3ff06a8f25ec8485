"""Grades middleware-chain: python3 check.py SCENARIO... [--submission DIR]

Starts the learner's service itself in DIR (default /submission) on a free port with the scenario's environment:
with the lab language's run command that Ladder passes in $LADDER_RUN, or, run by hand, `python3 server.py`,
`node server.js`, the Go program (built here with `go build -o server .`) or the Java one (built here with
`javac -d out *.java`), whichever is there. It sends it requests, reads the access log it
writes on standard output, and prints one TAP 13 report on standard output.

Every failing check names the request it sent (method, path, the headers that matter, the body) and what came
back, so it can be reproduced with curl.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import tempfile
import threading
import time
from http import HTTPStatus

ID_SHAPE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# What the crash route's exception says: none of it may reach a client.
# Reason phrases that changed name between RFCs: any of them is a right title.
TITLES = {413: {"Payload Too Large", "Request Entity Too Large", "Content Too Large"},
          422: {"Unprocessable Entity", "Unprocessable Content"}}
SECRETS = ["hunter2", "10.0.0.7", "Traceback", "server.py", "server.js", "RuntimeError", "    at ", "main.go", "goroutine ",
           "Server.java", "java.lang."]


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
                print("  ---")
                print("  message: " + quote(detail))
                print("  ...")


def quote(text):
    text = " ".join(str(text).split())
    if len(text) > 900:
        text = text[:900] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- a small HTTP/1.1 client that shows exactly what it sent and got ----------------------------------------

class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def __str__(self):
        shown = ", ".join(f"{k}: {v}" for k, v in self.headers.items() if k not in ("date", "server", "keep-alive"))
        return f"{self.status} [{shown}] {self.body.decode('utf-8', 'replace')[:300]!r}"


class Exchange:
    """One request on its own connection, and its response (or why there was none)."""

    def __init__(self, method, path, headers=None, body=None, content_length=None, may_refuse=True):
        self.method, self.path = method, path
        self.headers = dict(headers or {})
        self.body = body.encode() if isinstance(body, str) else body
        self.content_length = content_length
        self.may_refuse = may_refuse
        self.response, self.error, self.took = None, None, None

    def describe(self):
        parts = [f"{self.method} {self.path}"]
        parts += [f"{k}: {v}" for k, v in self.headers.items()]
        if self.content_length is not None:
            parts.append(f"Content-Length: {self.content_length}")
        if self.body is not None:
            text = self.body.decode("utf-8", "replace")
            parts.append(f"body ({len(self.body)} bytes) {text[:160]!r}{'...' if len(text) > 160 else ''}")
        return "sent " + " | ".join(parts) + "; got " + (str(self.response) if self.response else self.error)

    def send(self, port, timeout=8.0):
        started = time.monotonic()
        try:
            self._send(port, timeout)
        except socket.timeout:
            self.error = f"no response within {timeout:g} s"
        except OSError as error:
            self.error = f"the connection failed: {error.strerror or error}"
        self.took = time.monotonic() - started
        return self

    def _send(self, port, timeout):
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            lines = [f"{self.method} {self.path} HTTP/1.1", "Host: localhost", "Connection: close"]
            lines += [f"{k}: {v}" for k, v in self.headers.items()]
            length = self.content_length
            if length is None and self.body is not None:
                length = len(self.body)
            if length is not None:
                lines.append(f"Content-Length: {length}")
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            reader = sock.makefile("rb")
            if self.body and not self.may_refuse:
                sock.sendall(self.body)
            elif self.body:
                # A service may refuse a body from its headers alone (413); give it the chance to, then send it. A
                # refusal that comes later (Java on a loaded machine takes up to 0.2 s) is read all the same: the body
                # fits in the socket's buffer, and read_response keeps an answer its connection reset ends.
                sock.settimeout(0.05)
                try:
                    early = reader.peek(1)
                except socket.timeout:
                    early = b""
                    reader = sock.makefile("rb")
                sock.settimeout(timeout)
                if not early:
                    try:
                        sock.sendall(self.body)
                    except OSError:
                        pass  # the service answered and closed meanwhile: what it sent is read below
            self.response = read_response(reader)

    @property
    def status(self):
        return self.response.status if self.response else None


def read_response(reader):
    status_line = reader.readline()
    if not status_line:
        raise OSError("the connection was closed without a response")
    parts = status_line.decode("latin-1").split(None, 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise OSError(f"not an HTTP status line: {status_line[:80]!r}")
    headers = {}
    while True:
        line = reader.readline()
        if not line:
            raise OSError("the connection was closed in the middle of the headers")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        headers[name] = f"{headers[name]}, {value.strip()}" if name in headers else value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int(reader.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                break
            body += reader.read(size)
            reader.readline()
    elif "content-length" in headers:
        body = reader.read(int(headers["content-length"]))
    else:
        # Until the service closes. A service that answered before reading the body we sent closes with it unread,
        # and its kernel then resets the connection after the answer: the answer is what came before the reset.
        body = b""
        while True:
            try:
                chunk = reader.read1(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            body += chunk
    return Response(int(parts[1]), headers, body)


# --- the learner's service ---------------------------------------------------------------------------------

# Run by hand, each language is built as the lab's lab.toml builds it, and run with the same command.
BUILDS = {
    "go": (["go", "build", "-o", "server", "."], ["./server"]),
    "java": (["javac", "-d", "out"], ["java", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "out", "Server"]),
}
_build_lock = threading.Lock()
_built = {}


def service_command(submission):
    """(command, problem): how to start the service. Ladder says it in $LADDER_RUN (the lab's build step has run);
    by hand, the language is told by the files present, and Go or Java is built here."""
    run = os.environ.get("LADDER_RUN")
    if run:
        return json.loads(run), None
    if os.path.isfile(os.path.join(submission, "server.py")):
        return ["python3", "server.py"], None
    if os.path.isfile(os.path.join(submission, "server.js")):
        return ["node", "server.js"], None
    if os.path.isfile(os.path.join(submission, "go.mod")):
        language = "go"
    elif os.path.isfile(os.path.join(submission, "Server.java")):
        language = "java"
    else:
        return None, "there is no server.py, server.js, go.mod or Server.java to start"
    build, command = BUILDS[language]
    if language == "java":
        build = build + sorted(name for name in os.listdir(submission) if name.endswith(".java"))
    with _build_lock:
        if language not in _built:
            done = subprocess.run(build, cwd=submission, stdin=subprocess.DEVNULL, capture_output=True, text=True)
            _built[language] = None if done.returncode == 0 else (
                f"`{' '.join(build)}` failed: {(done.stderr or done.stdout).strip()[-600:]}")
    return command, _built[language]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    VARIABLES = ("MAX_BODY_BYTES", "CORS_ORIGINS")

    def __init__(self, submission, env):
        self.command, self.problem = service_command(submission)
        self.port = free_port()
        self.env = {k: str(v) for k, v in env.items()}
        self.out = tempfile.TemporaryFile()
        self.err = tempfile.TemporaryFile()
        self.proc = None
        if self.command is None or self.problem:
            return
        environment = {k: v for k, v in os.environ.items() if k not in self.VARIABLES}
        environment.update(self.env, PORT=str(self.port))
        self.proc = subprocess.Popen(self.command, cwd=submission, env=environment, stdin=subprocess.DEVNULL,
                                     stdout=self.out, stderr=self.err)

    def how_to_run(self):
        settings = " ".join(f"{k}={v!r}" if " " in v else f"{k}={v}" for k, v in self.env.items())
        return f"{settings + ' ' if settings else ''}PORT=8080 {' '.join(self.command or ['python3', 'server.py'])}"

    def start_error(self, timeout=10.0):
        if self.proc is None:
            return self.problem
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return f"the service exited with status {self.proc.returncode} before it answered{self.tail()}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1.0):
                    return None
            except OSError:
                time.sleep(0.05)
        return f"the service did not accept a connection within {timeout:.0f}s; it must listen on 127.0.0.1:$PORT"

    def send(self, method, path, headers=None, body=None, content_length=None, timeout=8.0):
        may_refuse = self.may_refuse(method, path, headers, body, content_length)
        return Exchange(method, path, headers, body, content_length, may_refuse).send(self.port, timeout)

    def may_refuse(self, method, path, headers, body, content_length):
        """Whether a right service may answer this request from its headers alone, without reading the body. Only
        then does the body wait (0.05 s) for such an answer: a JSON body within MAX_BODY_BYTES, posted to
        /orders, has to be read before any answer (201, 400 or 422) can be given."""
        if content_length is not None or body is None or method != "POST" or path != "/orders":
            return True
        media = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), "")
        limit = int(self.env.get("MAX_BODY_BYTES", "1024"))
        size = len(body.encode() if isinstance(body, str) else body)
        return media.split(";")[0].strip().lower() != "application/json" or size > limit

    def log_lines(self):
        """The JSON objects the service wrote on standard output so far, one per line; other lines are skipped."""
        self.out.seek(0)
        found = []
        for line in self.out.read().decode("utf-8", "replace").splitlines():
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                found.append(value)
        return found

    def stderr_has(self, text, wait=0.5):
        # A right service logs the exception before (or as) it answers the 500: it is there at once (0 ms measured
        # for every reference, on a loaded machine too).
        deadline = time.monotonic() + wait
        while True:
            self.err.seek(0)
            if text in self.err.read().decode("utf-8", "replace") or time.monotonic() > deadline:
                self.err.seek(0)
                return text in self.err.read().decode("utf-8", "replace")
            time.sleep(0.1)

    def tail(self):
        self.err.seek(0)
        text = self.err.read().decode("utf-8", "replace").strip()
        return "; its standard error ended with: " + text[-300:] if text else ""

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def scenario(env):
    def wrap(function):
        def run(report, submission):
            service = Service(submission, env)
            try:
                problem = service.start_error()
                if not report.check("the service starts and listens on $PORT", problem is None,
                                    f"{problem}. Run it yourself: {service.how_to_run()}"):
                    return
                function(report, service)
            finally:
                service.stop()
        run.__doc__ = function.__doc__
        return run
    return wrap


def problem_issues(exchange, status):
    """What is wrong with `exchange` as a problem+json answer with `status` (an empty list when nothing is)."""
    response = exchange.response
    if response is None:
        return [exchange.error]
    issues = []
    if response.status != status:
        issues.append(f"status {response.status}, expected {status}")
    content_type = response.header("content-type") or "(none)"
    if not content_type.lower().startswith("application/problem+json"):
        issues.append(f"Content-Type {content_type!r}, expected application/problem+json")
    payload = response.json()
    phrase = HTTPStatus(status).phrase
    if not isinstance(payload, dict):
        issues.append("the body is not a JSON object")
    else:
        if payload.get("status") != status or isinstance(payload.get("status"), bool):
            issues.append(f"\"status\" is {json.dumps(payload.get('status'))}, expected the number {status}")
        if payload.get("title") not in TITLES.get(status, {phrase}):
            issues.append(f"\"title\" is {json.dumps(payload.get('title'))}, expected {json.dumps(phrase)}")
    return issues


def expect_problem(report, service, exchange, status, what="", extra_issues=()):
    issues = problem_issues(exchange, status) + list(extra_issues)
    return report.check(f"{exchange.method} {exchange.path}{what} is {status} application/problem+json", not issues,
                        "; ".join(issues) + f". {exchange.describe()}. Reproduce: {service.how_to_run()}")


def order_json(**fields):
    return json.dumps(fields)


def padded(document, size):
    """A JSON document of exactly `size` bytes: the document, then spaces (JSON allows them)."""
    text = json.dumps(document)
    return text + " " * (size - len(text.encode()))


JSON = {"Content-Type": "application/json"}


# --- scenarios -------------------------------------------------------------------------------------------------

@scenario({})
def request_id(report, service):
    """X-Request-Id: kept when valid, generated otherwise, echoed on every response."""
    how = f"Reproduce: {service.how_to_run()}, then curl -i -H 'X-Request-Id: ...' the path"
    given = "req-42.Abc_z"
    cases = [service.send("GET", "/healthz", {"X-Request-Id": given}),
             service.send("GET", "/nowhere", {"X-Request-Id": given}),
             service.send("DELETE", "/orders", {"X-Request-Id": given}),
             service.send("POST", "/orders", {"X-Request-Id": given, **JSON}, order_json(item="tea", quantity=2)),
             service.send("POST", "/orders", {"X-Request-Id": given, **JSON}, order_json(item="", quantity=2)),
             service.send("POST", "/orders", {"X-Request-Id": given, **JSON}, "{not json"),
             service.send("POST", "/orders", {"X-Request-Id": given, "Content-Type": "text/plain"}, "tea"),
             service.send("GET", "/debug/crash", {"X-Request-Id": given}),
             service.send("POST", "/orders", {"X-Request-Id": given, **JSON}, "x" * 2000),
             service.send("OPTIONS", "/orders", {"X-Request-Id": given, "Origin": "https://app.example.com",
                                                 "Access-Control-Request-Method": "POST"})]
    for exchange in cases:
        got = exchange.response.header("x-request-id") if exchange.response else None
        report.check(f"{exchange.method} {exchange.path} with X-Request-Id: {given} answers ({exchange.status}) with "
                     f"the same X-Request-Id", got == given,
                     f"X-Request-Id was {got!r}. Every response carries the request's id, errors included: set it in a "
                     f"middleware that wraps everything else. {exchange.describe()}. {how}")
    first, second = service.send("GET", "/healthz"), service.send("GET", "/healthz")
    ids = [e.response.header("x-request-id") if e.response else None for e in (first, second)]
    report.check("without X-Request-Id the response carries a generated one (1 to 64 of A-Z a-z 0-9 . _ -)",
                 all(i and ID_SHAPE.match(i) for i in ids),
                 f"the two responses had {ids}. {first.describe()}. {how}")
    report.check("two requests without X-Request-Id get different generated ids", ids[0] != ids[1] or ids[0] is None,
                 f"both got {ids[0]!r}: generate a fresh random id (uuid4) per request. {how}")
    for bad in ["has space", "x" * 65, "<script>", "a/b", ""]:
        exchange = service.send("GET", "/healthz", {"X-Request-Id": bad})
        got = exchange.response.header("x-request-id") if exchange.response else None
        report.check(f"an invalid X-Request-Id ({bad[:20]!r}{'...' if len(bad) > 20 else ''}, {len(bad)} chars) is "
                     "replaced by a generated one", got is not None and got != bad and ID_SHAPE.match(got),
                     f"X-Request-Id was {got!r}. An id that is not 1 to 64 of A-Z a-z 0-9 . _ - is not trusted: it "
                     f"would end up in your logs as is. {exchange.describe()}. {how}")


def find_lines(service, request_ids, wait=0.5):
    """The access log lines for each request id, waiting a little for the service to flush them (a right service has
    written each line by the time its response arrives: 0 ms measured for every reference, on a loaded machine too)."""
    deadline = time.monotonic() + wait
    while True:
        lines = service.log_lines()
        found = {i: [line for line in lines if line.get("request_id") == i] for i in request_ids}
        if all(found.values()) or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


@scenario({})
def access_log(report, service):
    """One JSON access log line per request on standard output, with the id, method, path, status and duration."""
    how = (f"Reproduce: {service.how_to_run()} and watch its standard output while you curl it: one JSON object "
           "per line, per request")
    # GET /debug/slow sleeps 200 ms: it goes beside the other requests rather than after them.
    slow_sent = {}
    slow_runner = threading.Thread(target=lambda: slow_sent.update(
        exchange=service.send("GET", "/debug/slow", {"X-Request-Id": "log-slow-10"})))
    slow_runner.start()
    cases = [("log-ok-1", service.send("GET", "/healthz", {"X-Request-Id": "log-ok-1"}), "/healthz"),
             ("log-query-2", service.send("GET", "/orders?page=2&sort=id", {"X-Request-Id": "log-query-2"}), "/orders"),
             ("log-create-3", service.send("POST", "/orders", {"X-Request-Id": "log-create-3", **JSON},
                                           order_json(item="tea", quantity=1)), "/orders"),
             ("log-404-4", service.send("GET", "/orders/999", {"X-Request-Id": "log-404-4"}), "/orders/999"),
             ("log-405-5", service.send("PUT", "/orders", {"X-Request-Id": "log-405-5"}), "/orders"),
             ("log-422-6", service.send("POST", "/orders", {"X-Request-Id": "log-422-6", **JSON},
                                        order_json(quantity=0)), "/orders"),
             ("log-500-7", service.send("GET", "/debug/crash", {"X-Request-Id": "log-500-7"}), "/debug/crash"),
             ("log-413-8", service.send("POST", "/orders", {"X-Request-Id": "log-413-8", **JSON}, "y" * 5000), "/orders"),
             ("log-pre-9", service.send("OPTIONS", "/orders", {"X-Request-Id": "log-pre-9", "Origin": "https://app.example.com",
                                                               "Access-Control-Request-Method": "POST"}), "/orders")]
    slow_runner.join()
    cases.append(("log-slow-10", slow_sent["exchange"], "/debug/slow"))
    slow = next(exchange for rid, exchange, _ in cases if rid == "log-slow-10")
    report.check("GET /debug/slow answers 200 {\"slept_ms\": 200}", slow.status == 200 and slow.response.json() == {"slept_ms": 200},
                 f"{slow.describe()}. The route is the starter's; keep it as it is")
    generated = service.send("GET", "/healthz")
    generated_id = generated.response.header("x-request-id") if generated.response else None
    wanted = [rid for rid, _, _ in cases] + ([generated_id] if generated_id else [])
    found = find_lines(service, wanted)
    for rid, exchange, path in cases:
        lines = found[rid]
        if not report.check(f"{exchange.method} {exchange.path} ({exchange.status}) writes exactly one access log line "
                            f"with \"request_id\": \"{rid}\"", len(lines) == 1,
                            f"found {len(lines)} such lines on standard output. Log every request once, errors "
                            f"included, from a middleware around the error handler. {exchange.describe()}. {how}"):
            continue
        line = lines[0]
        issues = []
        if line.get("method") != exchange.method:
            issues.append(f"\"method\" is {json.dumps(line.get('method'))}, expected {json.dumps(exchange.method)}")
        if line.get("path") != path:
            issues.append(f"\"path\" is {json.dumps(line.get('path'))}, expected {json.dumps(path)} (without the query)")
        if line.get("status") != exchange.status or isinstance(line.get("status"), bool):
            issues.append(f"\"status\" is {json.dumps(line.get('status'))}, but the response was {exchange.status}")
        duration = line.get("duration_ms")
        # /debug/slow sleeps 200 ms, so its duration has a floor; any other request may take from 0 ms up.
        floor = 150 if path == "/debug/slow" else 0
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not floor <= duration < 10000:
            issues.append(f"\"duration_ms\" is {json.dumps(duration)}, expected the milliseconds it took, a number"
                          + (" of at least 150 (the request sleeps 200 ms)" if floor else ""))
        report.check(f"its line has the method, the path, the status sent and duration_ms", not issues,
                     "; ".join(issues) + f". The line: {json.dumps(line)}. {exchange.describe()}. {how}")
    report.check("a request without X-Request-Id is logged under the id generated for it", bool(generated_id) and
                 len(found.get(generated_id, [])) == 1,
                 f"the response's X-Request-Id was {generated_id!r}, and {len(found.get(generated_id, []))} log lines "
                 f"have it: generate the id once and use it in both. {generated.describe()}. {how}")


@scenario({})
def errors(report, service):
    """Every error is application/problem+json; a crash is a 500 that leaks nothing; 404, 405 with Allow."""
    crash = service.send("GET", "/debug/crash")
    body = crash.response.body.decode("utf-8", "replace") if crash.response else ""
    leaks = [s.strip() for s in SECRETS if s in body]
    expect_problem(report, service, crash, 500)
    report.check("the 500 shows no exception message, stack trace or file name", crash.response is not None and not leaks,
                 f"the body contains {leaks}: an attacker learns your internals from it. Log the exception on standard "
                 f"error; the client gets a generic problem and the request id. {crash.describe()}")
    report.check("the exception is logged on standard error", service.stderr_has("hunter2"),
                 "its message is not on standard error: the client gets nothing, so the log is the only place left "
                 f"where the bug can be found (with the request id). {crash.describe()}")
    after = service.send("GET", "/healthz")
    report.check("the service keeps serving after a crash (GET /healthz is 200 {\"status\": \"ok\"})",
                 after.status == 200 and after.response.json() == {"status": "ok"},
                 f"{after.describe()}. An exception in one request must not take the service down")
    expect_problem(report, service, service.send("GET", "/nowhere"), 404)
    expect_problem(report, service, service.send("GET", "/orders/abc"), 404)
    expect_problem(report, service, service.send("GET", "/orders/77"), 404, " (no such order)")
    for method, path, allow in [("DELETE", "/orders", {"GET", "POST"}), ("PATCH", "/orders", {"GET", "POST"}),
                                ("PUT", "/orders/1", {"GET"}), ("POST", "/healthz", {"GET"})]:
        exchange = service.send(method, path, JSON if method != "DELETE" else {}, "{}" if method != "DELETE" else None)
        got = exchange.response.header("allow") if exchange.response else None
        methods = {m.strip().upper() for m in got.split(",")} if got else set()
        extra = [] if methods == allow else [f"Allow is {got!r}, expected {', '.join(sorted(allow))}"]
        expect_problem(report, service, exchange, 405, " (Allow: " + ", ".join(sorted(allow)) + ")", extra)
    expect_problem(report, service, service.send("POST", "/orders", JSON, '{"item": "tea", "quantity": '), 400,
                   " with a body that is not JSON")
    expect_problem(report, service, service.send("POST", "/orders", JSON, '["tea", 2]'), 400,
                   " with a JSON array as the body")


INVALID = [
    ({}, {"item", "quantity"}),
    ({"item": "", "quantity": 0}, {"item", "quantity"}),
    ({"item": "x" * 101, "quantity": 1001}, {"item", "quantity"}),
    ({"item": 5, "quantity": "3"}, {"item", "quantity"}),
    ({"item": "tea", "quantity": 2.5}, {"quantity"}),
    ({"item": "tea", "quantity": True}, {"quantity"}),
    ({"item": "tea", "quantity": -4}, {"quantity"}),
    ({"item": None, "quantity": 3}, {"item"}),
    ({"item": "tea", "quantity": 2, "note": 7}, {"note"}),
    ({"item": "tea", "quantity": 2, "note": "n" * 201}, {"note"}),
    ({"item": "tea", "quantity": 2, "price": 3}, {"price"}),
    ({"quantity": 2, "colour": "red", "size": "L"}, {"item", "colour", "size"}),
]
VALID = [
    {"item": "tea", "quantity": 2},
    {"item": "x" * 100, "quantity": 1000, "note": "n" * 200},
    {"item": "é", "quantity": 1, "note": ""},
]


@scenario({})
def validation(report, service):
    """422 with every invalid field; 415 for a body that is not application/json; valid orders are created."""
    how = f"Reproduce: {service.how_to_run()}, then curl -i -H 'Content-Type: application/json' -d '...' localhost:8080/orders"
    next_id = 1
    for number, document in enumerate(VALID):
        if number == 1:
            for bad, fields in INVALID:
                exchange = service.send("POST", "/orders", JSON, json.dumps(bad))
                payload = exchange.response.json() if exchange.response else None
                errors = payload.get("errors") if isinstance(payload, dict) else None
                extra = []
                if not isinstance(errors, dict) or set(errors) != fields:
                    extra.append(f"\"errors\" is {json.dumps(errors)[:200]}, expected an object with exactly the keys "
                                 f"{sorted(fields)} (every invalid field at once, each with a message)")
                elif not all(isinstance(m, str) and m for m in errors.values()):
                    extra.append("every value in \"errors\" must be a message string")
                expect_problem(report, service, exchange, 422, f" with {json.dumps(bad)[:60]}", extra)
        exchange = service.send("POST", "/orders", JSON, json.dumps(document))
        expected = {"id": next_id, "item": document["item"], "quantity": document["quantity"],
                    "note": document.get("note", "")}
        ok = (exchange.status == 201 and exchange.response.json() == expected
              and exchange.response.header("location") == f"/orders/{next_id}"
              and (exchange.response.header("content-type") or "").startswith("application/json"))
        report.check(f"POST /orders with a valid order ({json.dumps(document)[:50]}) is 201, Location /orders/{next_id}, "
                     "the order as application/json", ok,
                     f"expected {json.dumps(expected)[:120]}; an invalid request must not use up an id. "
                     f"{exchange.describe()}. {how}")
        next_id += 1
    listing = service.send("GET", "/orders")
    ids = [o.get("id") for o in (listing.response.json() or {}).get("orders", [])] if listing.response and isinstance(listing.response.json(), dict) else None
    report.check("GET /orders lists the created orders, lowest id first", listing.status == 200 and ids == [1, 2, 3],
                 f"ids {ids}. {listing.describe()}")
    one = service.send("GET", "/orders/2")
    report.check("GET /orders/2 returns that order", one.status == 200 and (one.response.json() or {}).get("item") == "x" * 100,
                 one.describe())
    for headers, what in [({"Content-Type": "text/plain"}, "Content-Type: text/plain"), ({}, "no Content-Type"),
                          ({"Content-Type": "application/x-www-form-urlencoded"}, "a form's Content-Type")]:
        exchange = service.send("POST", "/orders", headers, json.dumps(VALID[0]))
        expect_problem(report, service, exchange, 415, f" with {what}")
    # The order of the checks: the media type first, so a body that is neither JSON nor sent as JSON is 415, not 400.
    exchange = service.send("POST", "/orders", {"Content-Type": "text/plain"}, "two cups of tea, please")
    expect_problem(report, service, exchange, 415, " with Content-Type: text/plain and a body that is not JSON either",
                   [] if exchange.status != 400 else ["check the media type before parsing the body: 415 comes first, "
                                                      "then 400 for a body that is not a JSON object, then 422"])
    exchange = service.send("POST", "/orders", {"Content-Type": "application/json; charset=utf-8"}, json.dumps(VALID[0]))
    report.check("Content-Type: application/json; charset=utf-8 is accepted (201)", exchange.status == 201,
                 f"{exchange.describe()}. Compare the media type, not the whole header")


@scenario({"MAX_BODY_BYTES": 200})
def size_limit(report, service):
    """MAX_BODY_BYTES=200: 200 bytes are accepted, 201 are 413, refused from Content-Length without reading."""
    how = f"Reproduce: {service.how_to_run()}, then POST bodies of 200 and 201 bytes"
    exact = service.send("POST", "/orders", JSON, padded({"item": "tea", "quantity": 3}, 200))
    report.check("a valid body of exactly MAX_BODY_BYTES=200 bytes is accepted (201)", exact.status == 201,
                 f"{exact.describe()}. The limit is the largest size allowed. {how}")
    over = service.send("POST", "/orders", JSON, padded({"item": "tea", "quantity": 3}, 201))
    expect_problem(report, service, over, 413, " with a body of 201 bytes")
    # Only the headers: a service that waits for the body before deciding never answers.
    # A right service answers it in milliseconds: the Java reference within 10 ms here on a loaded machine, and
    # within 0.2 s as the first request a fresh JVM refuses.
    huge = service.send("POST", "/orders", JSON, None, content_length=50_000_000, timeout=1.0)
    expect_problem(report, service, huge, 413, " announcing 50,000,000 bytes (none sent)",
                   [] if huge.response else ["refuse from the Content-Length header, before reading the body: a client "
                                             "must not be able to make you buffer 50 MB"])
    for path in ["/healthz", "/nowhere"]:
        exchange = service.send("POST", path, JSON, padded({}, 500))
        expect_problem(report, service, exchange, 413, " with a body of 500 bytes (the limit holds on every path)")
    bad = service.send("POST", "/orders", {"Content-Type": "application/json"}, None, content_length="lots")
    report.check("a Content-Length that is not a number is 400", bad.status == 400, f"{bad.describe()}. {how}")


@scenario({})
def size_default(report, service):
    """Without MAX_BODY_BYTES the limit is 1024 bytes."""
    exact = service.send("POST", "/orders", JSON, padded({"item": "tea", "quantity": 3}, 1024))
    report.check("with MAX_BODY_BYTES unset, a valid body of 1024 bytes is accepted (201)", exact.status == 201,
                 f"{exact.describe()}. Reproduce: {service.how_to_run()}")
    over = service.send("POST", "/orders", JSON, padded({"item": "tea", "quantity": 3}, 1025))
    expect_problem(report, service, over, 413, " with a body of 1025 bytes (the default limit is 1024)")


def cors_checks(report, service, allowed, refused):
    how = f"Reproduce: {service.how_to_run()}, then curl -i -X OPTIONS -H 'Origin: ...' -H 'Access-Control-Request-Method: POST'"
    for origin in allowed:
        pre = service.send("OPTIONS", "/orders", {"Origin": origin, "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "content-type, x-request-id"})
        r = pre.response
        issues = [] if r else [pre.error]
        if r:
            if r.status != 204:
                issues.append(f"status {r.status}, expected 204")
            if r.header("access-control-allow-origin") != origin:
                issues.append(f"Access-Control-Allow-Origin is {r.header('access-control-allow-origin')!r}, expected {origin!r}")
            methods = {m.strip().upper() for m in (r.header("access-control-allow-methods") or "").split(",")}
            if not {"GET", "POST"} <= methods:
                issues.append(f"Access-Control-Allow-Methods is {r.header('access-control-allow-methods')!r}, expected GET and POST")
            allowed_headers = {h.strip().lower() for h in (r.header("access-control-allow-headers") or "").split(",")}
            if not {"content-type", "x-request-id"} <= allowed_headers:
                issues.append(f"Access-Control-Allow-Headers is {r.header('access-control-allow-headers')!r}, expected "
                              "Content-Type and X-Request-Id")
            if r.header("access-control-max-age") != "600":
                issues.append(f"Access-Control-Max-Age is {r.header('access-control-max-age')!r}, expected 600")
            if r.body:
                issues.append(f"a 204 has no body, got {r.body[:60]!r}")
        report.check(f"a preflight from the allowed origin {origin} is 204 with the CORS headers", not issues,
                     "; ".join(issues) + f". {pre.describe()}. {how}")
        simple = service.send("GET", "/orders", {"Origin": origin})
        r = simple.response
        ok = (r is not None and r.status == 200 and r.header("access-control-allow-origin") == origin
              and "origin" in (r.header("vary") or "").lower()
              and "x-request-id" in (r.header("access-control-expose-headers") or "").lower())
        report.check(f"GET /orders from {origin} is 200 with Access-Control-Allow-Origin: {origin}, Vary: Origin and "
                     "Access-Control-Expose-Headers: X-Request-Id", ok, f"{simple.describe()}. {how}")
    origin = allowed[0]
    for exchange in [service.send("GET", "/nowhere", {"Origin": origin}),
                     service.send("POST", "/orders", {"Origin": origin, **JSON}, "{}"),
                     service.send("GET", "/debug/crash", {"Origin": origin})]:
        got = exchange.response.header("access-control-allow-origin") if exchange.response else None
        report.check(f"the {exchange.status} error of {exchange.method} {exchange.path} from {origin} carries "
                     "Access-Control-Allow-Origin too", got == origin,
                     f"it was {got!r}: without it the browser hides the error from the page, which sees only a "
                     f"network failure. Put CORS outside the error handler. {exchange.describe()}. {how}")
    for origin in refused:
        pre = service.send("OPTIONS", "/orders", {"Origin": origin, "Access-Control-Request-Method": "POST"} if origin else
                           {"Access-Control-Request-Method": "POST"})
        issues = problem_issues(pre, 403)
        if pre.response and pre.response.header("access-control-allow-origin"):
            issues.append(f"Access-Control-Allow-Origin is {pre.response.header('access-control-allow-origin')!r}")
        report.check(f"a preflight from {origin or 'no Origin at all'} is 403 application/problem+json without "
                     "Access-Control-Allow-Origin", not issues, "; ".join(issues) + f". {pre.describe()}. {how}")
        if origin:
            simple = service.send("GET", "/orders", {"Origin": origin})
            got = simple.response.header("access-control-allow-origin") if simple.response else None
            report.check(f"GET /orders from {origin} is served (200) without Access-Control-Allow-Origin",
                         simple.status == 200 and got is None,
                         f"Access-Control-Allow-Origin was {got!r}: only a listed origin, compared exactly, is "
                         f"allowed; never '*' and never a prefix or suffix match. {simple.describe()}. {how}")


@scenario({"CORS_ORIGINS": "https://app.example.com, https://admin.example.com:8443"})
def cors(report, service):
    """CORS for the origins in CORS_ORIGINS: preflights, headers on every response, errors included."""
    cors_checks(report, service, ["https://admin.example.com:8443", "https://app.example.com"],
                ["https://evil.example.com", "https://app.example.com.evil.io", "http://app.example.com",
                 "https://admin.example.com", None])


@scenario({})
def cors_default(report, service):
    """Without CORS_ORIGINS only https://app.example.com is allowed."""
    cors_checks(report, service, ["https://app.example.com"], ["https://admin.example.com:8443", "null"])


SCENARIOS = {"request-id": request_id, "access-log": access_log, "errors": errors, "validation": validation,
             "size-limit": size_limit, "size-default": size_default, "cors": cors, "cors-default": cors_default}


def main():
    parser = argparse.ArgumentParser(description="Grades middleware-chain.")
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO", help=f"one or more of: {', '.join(SCENARIOS)}; or all")
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    unknown = [name for name in args.scenarios if name not in SCENARIOS and name != "all"]
    if unknown:
        parser.error(f"unknown scenario {unknown[0]!r}; the scenarios are {', '.join(SCENARIOS)} and all")
    names = list(SCENARIOS) if "all" in args.scenarios else args.scenarios
    submission = os.path.abspath(args.submission)
    # Each scenario has its own service on its own port: run them side by side, report them in the order asked.
    reports = {name: Report() for name in names}
    runners = [threading.Thread(target=SCENARIOS[name], args=(reports[name], submission)) for name in names]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    combined = Report()
    for name in names:
        combined.results.extend(reports[name].results)
    combined.emit()


if __name__ == "__main__":
    main()
