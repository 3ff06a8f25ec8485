"""Grades graceful-shutdown: python3 check.py SCENARIO [--submission DIR]

Starts the learner's service itself (`python3 server.py`, or `node server.js` when there is no server.py) in
DIR (default /submission) on a free port, with the scenario's DRAIN_DELAY_MS and SHUTDOWN_TIMEOUT_MS, sends it
requests and signals, watches how it answers and how it exits, and prints one TAP 13 report on standard
output. The service's own output goes to a file and is quoted only when it helps to explain a failure.

SCENARIO is one or more of the names in SCENARIOS below (they run side by side, each on its own service), or
`all` to try every one by hand.
"""
import argparse
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

# Timings leave room for a busy machine: a check only fails when the service is wrong by far more than noise.
SLACK = 1.0
# How late an exit may be: the README asks for 1 s, and a loaded grading machine delays a process's exit by up to
# another second, which is not the learner's to pay for (validation saw a correct exit judged late under load).
EXIT_SLACK = 2.0


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
    if len(text) > 600:
        text = text[:600] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- a small HTTP/1.1 client that shows exactly what happened on the wire ---------------------------------

class HTTPError(Exception):
    """The request got no HTTP response: refused, reset, closed early or timed out."""


class Response:
    def __init__(self, version, status, headers, body):
        self.version, self.status, self.headers, self.body = version, status, headers, body

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def closes(self):
        """Whether the response itself says the connection ends after it."""
        connection = self.headers.get("connection", "").lower()
        return "close" in connection or (self.version == "HTTP/1.0" and "keep-alive" not in connection)

    def __str__(self):
        body = self.body.decode("utf-8", "replace")
        return f"{self.status} {body[:120]!r}"


class Connection:
    def __init__(self, port, timeout):
        try:
            self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        except ConnectionRefusedError:
            raise HTTPError("connection refused")
        except socket.timeout:
            raise HTTPError(f"connecting timed out after {timeout:.1f}s")
        except OSError as error:
            raise HTTPError(f"cannot connect: {error.strerror or error}")
        self.reader = self.sock.makefile("rb")

    def send(self, path, keep_alive):
        request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\n"
        if not keep_alive:
            request += "Connection: close\r\n"
        try:
            self.sock.sendall((request + "\r\n").encode())
        except OSError as error:
            raise HTTPError(f"sending failed: {error.strerror or error}")

    def receive(self, timeout):
        self.sock.settimeout(timeout)
        try:
            status_line = self.reader.readline()
            if not status_line:
                raise HTTPError("the connection was closed without a response")
            parts = status_line.decode("latin-1").split(None, 2)
            if len(parts) < 2 or not parts[1].isdigit():
                raise HTTPError(f"not an HTTP status line: {status_line[:80]!r}")
            headers = {}
            while True:
                line = self.reader.readline()
                if not line:
                    raise HTTPError("the connection was closed in the middle of the headers")
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            if headers.get("transfer-encoding", "").lower() == "chunked":
                body = b""
                while True:
                    size = int(self.reader.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        self.reader.readline()
                        break
                    body += self.reader.read(size)
                    self.reader.readline()
            elif "content-length" in headers:
                length = int(headers["content-length"])
                body = self.reader.read(length)
                if len(body) < length:
                    raise HTTPError(f"the connection was closed after {len(body)} of {length} body bytes")
            else:
                body = self.reader.read()
            return Response(parts[0], int(parts[1]), headers, body)
        except socket.timeout:
            raise HTTPError(f"no response within {timeout:.1f}s")
        except ConnectionResetError:
            raise HTTPError("the connection was reset")
        except OSError as error:
            raise HTTPError(f"reading failed: {error.strerror or error}")

    def closed_by_peer(self, within):
        """True when the other end closes this connection within `within` seconds (a reset counts)."""
        readable, _, _ = select.select([self.sock], [], [], within)
        if not readable:
            return False
        try:
            return self.sock.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def close(self):
        try:
            self.reader.close()
            self.sock.close()
        except OSError:
            pass


def get(port, path, timeout=5.0):
    """One request on a new connection; returns a Response or raises HTTPError."""
    connection = Connection(port, timeout)
    try:
        connection.send(path, keep_alive=False)
        return connection.receive(timeout)
    finally:
        connection.close()


class Background:
    """A request running in its own thread, so the grader can signal the service while it is in flight."""

    def __init__(self, port, path, timeout):
        self.path = path
        self.response, self.error, self.finished_at = None, None, None
        self.thread = threading.Thread(target=self._run, args=(port, path, timeout), daemon=True)
        self.thread.start()

    def _run(self, port, path, timeout):
        try:
            self.response = get(port, path, timeout)
        except HTTPError as error:
            self.error = str(error)
        self.finished_at = time.monotonic()

    def join(self, timeout):
        self.thread.join(timeout)

    def outcome(self):
        if self.response is not None:
            return str(self.response)
        return self.error or "still waiting"


# --- the learner's service -------------------------------------------------------------------------------

_build_lock = threading.Lock()
_built = []  # whether `go build` succeeded, once it has run


def service_command(submission):
    # Ladder says how the lab's language runs the program (after its build step); without it (run by hand),
    # the language is told by the files present.
    run = os.environ.get("LADDER_RUN")
    if run:
        return json.loads(run)
    if os.path.isfile(os.path.join(submission, "server.py")):
        return ["python3", "server.py"]
    if os.path.isfile(os.path.join(submission, "server.js")):
        return ["node", "server.js"]
    if os.path.isfile(os.path.join(submission, "go.mod")):
        # Built once for every scenario, and run as the binary itself: `go run .` does not pass SIGTERM on.
        with _build_lock:
            if not _built:
                build = subprocess.run(["go", "build", "-o", "server", "."], cwd=submission, stdin=subprocess.DEVNULL)
                _built.append(build.returncode == 0)
        return ["./server"] if _built[0] else None
    if os.path.isfile(os.path.join(submission, "Server.java")):
        # Built with `javac -d out Server.java`, or else run from source (Java 11 and later).
        built = os.path.isfile(os.path.join(submission, "out", "Server.class"))
        return ["java", "-cp", "out", "Server"] if built else ["java", "Server.java"]
    return None


_ports_lock = threading.Lock()
_ports_given = set()


def free_port():
    """A port nobody listens on, never the same twice in this run (scenarios run side by side)."""
    with _ports_lock:
        while True:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            if port not in _ports_given:
                _ports_given.add(port)
                return port


class Service:
    def __init__(self, submission, env):
        self.command = service_command(submission)
        self.port = free_port()
        self.env = {k: str(v) for k, v in env.items()}
        self.log = tempfile.TemporaryFile()
        self.proc = None
        if self.command is None:
            return
        environment = dict(os.environ, PORT=str(self.port), **self.env)
        self.proc = subprocess.Popen(self.command, cwd=submission, env=environment, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log)

    def how_to_run(self):
        settings = " ".join(f"{k}={v}" for k, v in self.env.items())
        return f"{settings + ' ' if settings else ''}PORT=8080 {' '.join(self.command or ['python3', 'server.py'])}"

    def start_error(self, timeout=10.0):
        """None when the service answers GET /healthz; otherwise why it does not."""
        if self.proc is None:
            return "there is no server.py or server.js to start, nor a go.mod that builds"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return f"the service exited with status {self.proc.returncode} before it answered{self.tail()}"
            try:
                get(self.port, "/healthz", timeout=1.0)
                return None
            except HTTPError:
                time.sleep(0.05)
        return f"the service did not answer GET /healthz within {timeout:.0f}s; it must listen on 127.0.0.1:$PORT"

    def send(self, signum):
        self.signalled_at = time.monotonic()
        self.proc.send_signal(signum)

    def wait_exit(self, timeout):
        """The exit status (negative: killed by that signal), or None when still running after `timeout`."""
        try:
            return self.proc.wait(timeout=max(timeout, 0))
        except subprocess.TimeoutExpired:
            return None

    def tail(self):
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace").strip()
        if not text:
            return ""
        return "; its output ended with: " + text[-300:]

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def describe_exit(status):
    if status is None:
        return "was still running"
    if status < 0:
        return f"was killed by signal {signal.Signals(-status).name}"
    return f"exited with status {status}"


# --- scenarios: each one starts a fresh service ------------------------------------------------------------

def scenario(env):
    """A scenario on a fresh service. Every scenario races the service against the clock, so one that fails is run
    once more on another fresh service and the second run's checks are the verdict: a right answer that lost a race
    to a loaded grading machine passes the second time (the Python reference once exited 0.7 s past its deadline
    while four labs were validated on two cores), while a wrong one fails both times."""
    def wrap(function):
        def once(report, submission):
            service = Service(submission, env)
            try:
                problem = service.start_error()
                if not report.check("the service starts and answers GET /healthz", problem is None,
                                    f"{problem}. Run it yourself: {service.how_to_run()}"):
                    return
                function(report, service)
            finally:
                service.stop()

        def run(report, submission):
            attempt = Report()
            once(attempt, submission)
            if not all(ok for _, ok, _ in attempt.results):
                attempt = Report()
                once(attempt, submission)
            report.results.extend(attempt.results)
        run.__doc__ = function.__doc__
        return run
    return wrap


def expect(report, description, port, path, status, body=None, how=""):
    try:
        response = get(port, path)
    except HTTPError as error:
        return report.check(description, False, f"GET {path}: {error}. {how}")
    problems = []
    if response.status != status:
        problems.append(f"status {response.status}, expected {status}")
    payload = response.json()
    if body is not None and payload != body:
        problems.append(f"body {response.body[:120]!r}, expected {json.dumps(body)}")
    if body is None and not (isinstance(payload, dict) and "error" in payload):
        problems.append(f"body {response.body[:120]!r}, expected a JSON object with an \"error\" field")
    if not response.headers.get("content-type", "").startswith("application/json"):
        problems.append(f"Content-Type {response.headers.get('content-type', '(none)')!r}, expected application/json")
    return report.check(description, not problems, f"GET {path}: " + "; ".join(problems) + f". {how}")


@scenario({})
def serve(report, service):
    """The routes, their errors, the probes while serving normally, and concurrency."""
    how = f"Try it: {service.how_to_run()} and curl -i the path."
    started = time.monotonic()
    if expect(report, "GET /work?ms=300 answers 200 {\"slept_ms\": 300}", service.port, "/work?ms=300", 200,
              {"slept_ms": 300}, how):
        took = time.monotonic() - started
        report.check("GET /work?ms=300 takes at least 300 ms", took >= 0.29,
                     f"the answer came after {took * 1000:.0f} ms: sleep for ms milliseconds before answering")
    expect(report, "GET /work?ms=0 answers 200 {\"slept_ms\": 0}", service.port, "/work?ms=0", 200, {"slept_ms": 0}, how)
    for path in ["/work?ms=abc", "/work", "/work?ms=-5", "/work?ms=2.5", "/work?ms=10001", "/work?ms=1&ms=2",
                 "/work?ms=%2B5", "/work?ms=1e3"]:
        expect(report, f"GET {path} is 400 with a JSON error", service.port, path, 400, None, how)
    expect(report, "GET /nowhere is 404 with a JSON error", service.port, "/nowhere", 404, None, how)
    expect(report, "GET /healthz answers 200 {\"status\": \"ok\"}", service.port, "/healthz", 200, {"status": "ok"}, how)
    expect(report, "GET /readyz answers 200 {\"status\": \"ready\"} before any signal", service.port, "/readyz", 200,
           {"status": "ready"}, how)

    started = time.monotonic()
    requests = [Background(service.port, "/work?ms=500", timeout=8) for _ in range(5)]
    for request in requests:
        request.join(9)
    took = time.monotonic() - started
    failed = [r.outcome() for r in requests if r.response is None or r.response.status != 200]
    if report.check("five concurrent GET /work?ms=500 all answer 200", not failed, f"got: {'; '.join(failed)}"):
        report.check("five concurrent 500 ms requests finish within 1.5 s", took <= 1.5,
                     f"they took {took:.1f} s together: the service handles one request at a time. Use a threading "
                     "server (ThreadingHTTPServer) in Python; in Node never block the event loop (setTimeout, not a busy loop)")

    # 10000 is the largest valid ms: it must be slept, not refused (a 400 would come back at once).
    longest = Background(service.port, "/work?ms=10000", timeout=12)
    longest.join(0.5)
    report.check("GET /work?ms=10000 is accepted (no 400): 10000 is in the range", longest.response is None or longest.response.status == 200,
                 f"it got: {longest.outcome()}. ms may be any whole number from 0 to 10000, both included. {how}")


# Without the variables: the defaults (no drain delay, a 10 s timeout) must not cut a 1.5 s request short.
@scenario({})
def in_flight(report, service):
    """Requests in flight when SIGTERM arrives finish with their normal answer."""
    requests = [Background(service.port, "/work?ms=1500", timeout=10) for _ in range(3)]
    time.sleep(0.3)
    service.send(signal.SIGTERM)
    for request in requests:
        request.join(10)
    for number, request in enumerate(requests, start=1):
        ok = request.response is not None and request.response.status == 200 and request.response.json() == {"slept_ms": 1500}
        report.check(f"in-flight request {number} of 3 (GET /work?ms=1500, SIGTERM after 0.3 s) gets 200 {{\"slept_ms\": 1500}}",
                     ok, f"it got: {request.outcome()}; the service {describe_exit(service.wait_exit(0))}. "
                     "SIGTERM must not kill requests in flight: catch it, stop taking new work, let these finish. "
                     f"Reproduce: {service.how_to_run()}, start curl localhost:8080/work?ms=1500, then kill -TERM the server")


@scenario({"DRAIN_DELAY_MS": 1000, "SHUTDOWN_TIMEOUT_MS": 10000})
def readiness(report, service):
    """After SIGTERM readiness fails at once, liveness does not."""
    service.send(signal.SIGTERM)
    time.sleep(0.2)
    how = (f"Reproduce: {service.how_to_run()}, kill -TERM it, then within 1 s curl -i localhost:8080/readyz and /healthz. "
           "Readiness tells the load balancer to stop sending traffic; liveness failing would make Kubernetes kill the pod mid-drain")
    expect(report, "GET /readyz is 503 {\"status\": \"draining\"} 0.2 s after SIGTERM (DRAIN_DELAY_MS=1000)", service.port,
           "/readyz", 503, {"status": "draining"}, how)
    expect(report, "GET /healthz is still 200 {\"status\": \"ok\"} while draining", service.port, "/healthz", 200,
           {"status": "ok"}, how)


@scenario({"DRAIN_DELAY_MS": 1000, "SHUTDOWN_TIMEOUT_MS": 10000})
def drain_delay(report, service):
    """During DRAIN_DELAY_MS after the signal, new requests are still served."""
    service.send(signal.SIGTERM)
    time.sleep(0.3)
    how = (f"Reproduce: {service.how_to_run()}, kill -TERM it, then at once curl localhost:8080/work?ms=100. "
           "Load balancers take a while to notice a failing readiness probe; until DRAIN_DELAY_MS has passed, keep serving")
    expect(report, "GET /work?ms=100 0.3 s after SIGTERM (DRAIN_DELAY_MS=1000) is still served: 200", service.port,
           "/work?ms=100", 200, {"slept_ms": 100}, how)
    time.sleep(0.3)
    expect(report, "GET /work?ms=100 0.7 s after SIGTERM is still served: 200", service.port, "/work?ms=100", 200,
           {"slept_ms": 100}, how)


@scenario({"DRAIN_DELAY_MS": 200, "SHUTDOWN_TIMEOUT_MS": 10000})
def refuse_new(report, service):
    """After the drain delay, new connections are refused (or answered 503) at once, never left hanging."""
    Background(service.port, "/work?ms=2500", timeout=10)
    time.sleep(0.3)
    service.send(signal.SIGTERM)
    time.sleep(0.8)
    started = time.monotonic()
    try:
        response = get(service.port, "/work?ms=0", timeout=2.0)
        outcome = f"it was answered {response}"
        ok = response.status == 503
    except HTTPError as error:
        outcome = str(error)
        ok = "refused" in outcome or "reset" in outcome or "closed without" in outcome
    took = time.monotonic() - started
    report.check("a new request 0.8 s after SIGTERM (DRAIN_DELAY_MS=200, one request still in flight) is refused or 503 "
                 "within 1 s", ok and took <= SLACK,
                 f"{outcome} after {took:.1f} s. After the drain delay close the listening socket, so clients fail fast and "
                 "retry another instance; a socket that stays open but is no longer served leaves them hanging "
                 "(in Python, server.shutdown() stops the loop but does not close the socket). "
                 f"Reproduce: {service.how_to_run()}, curl localhost:8080/work?ms=2500 &, kill -TERM the server, then curl again")


@scenario({"DRAIN_DELAY_MS": 0, "SHUTDOWN_TIMEOUT_MS": 10000})
def exit_clean(report, service):
    """Once the last request in flight has finished, the process exits with status 0, promptly."""
    slow = Background(service.port, "/work?ms=1000", timeout=10)
    time.sleep(0.3)
    service.send(signal.SIGTERM)
    status = service.wait_exit(0.7 + 1.0 + EXIT_SLACK)
    exited_at = time.monotonic()
    slow.join(2)
    how = f"Reproduce: {service.how_to_run()}, curl localhost:8080/work?ms=1000 &, kill -TERM the server, echo $?"
    if not report.check("the service exits with status 0 after its last request (GET /work?ms=1000) finished",
                        status == 0, f"it {describe_exit(status)} (the request got: {slow.outcome()}). {how}"):
        return
    lag = exited_at - slow.finished_at
    report.check("it exits within 1 s of that request finishing", lag <= EXIT_SLACK,
                 f"it exited {lag:.1f} s after the last response: once nothing is in flight, exit. {how}")


@scenario({"DRAIN_DELAY_MS": 0, "SHUTDOWN_TIMEOUT_MS": 10000})
def keepalive(report, service):
    """A response written after the signal closes its keep-alive connection."""
    how = (f"Reproduce: {service.how_to_run()}; on one keep-alive connection GET /work?ms=0 then GET /work?ms=800, "
           "and send SIGTERM during the second (curl -v localhost:8080/work?ms=0 localhost:8080/work?ms=800 reuses it)")
    try:
        connection = Connection(service.port, 5.0)
        connection.send("/work?ms=0", keep_alive=True)
        first = connection.receive(5.0)
        if first.closes() or connection.closed_by_peer(0.1):
            connection.close()
            connection = Connection(service.port, 5.0)
        connection.send("/work?ms=800", keep_alive=True)
        time.sleep(0.3)
        service.send(signal.SIGTERM)
        second = connection.receive(5.0)
    except HTTPError as error:
        report.check("a keep-alive request in flight at SIGTERM gets its answer", False, f"{error}. {how}")
        return
    if not report.check("a keep-alive request in flight at SIGTERM gets its answer (200)", second.status == 200,
                        f"it got {second}. {how}"):
        return
    report.check("that response says `Connection: close`", second.closes(),
                 f"its headers were {second.headers}. From the signal on, every response tells the client to reconnect "
                 f"(to another instance). {how}")
    report.check("and the service closes the connection after it", connection.closed_by_peer(SLACK),
                 f"the connection stayed open. {how}")
    connection.close()


@scenario({"DRAIN_DELAY_MS": 1500, "SHUTDOWN_TIMEOUT_MS": 10000})
def drain_keepalive(report, service):
    """Responses written during the drain delay, before the socket closes, already say Connection: close."""
    how = (f"Reproduce: {service.how_to_run()}, kill -TERM it, then at once curl -v localhost:8080/work?ms=100 "
           "(curl asks for keep-alive) and look for the Connection header")
    old = None
    try:
        old = Connection(service.port, 5.0)
        old.send("/healthz", keep_alive=True)
        first = old.receive(5.0)
        if first.closes() or old.closed_by_peer(0.1):
            old.close()
            old = None
    except HTTPError:
        old = None
    service.send(signal.SIGTERM)
    time.sleep(0.3)
    # A keep-alive connection opened before the signal may be closed by the service while idle; if it is still open,
    # the request sent on it is answered and closes it.
    if old is not None and not old.closed_by_peer(0):
        try:
            old.send("/work?ms=100", keep_alive=True)
            reused = old.receive(5.0)
            report.check("a request 0.3 s after SIGTERM on a keep-alive connection opened before it gets 200, "
                         "`Connection: close`, and its connection closed (DRAIN_DELAY_MS=1500)",
                         reused.status == 200 and reused.closes() and old.closed_by_peer(SLACK),
                         f"it got {reused} with headers {reused.headers}. From the signal on, every response says the "
                         f"connection ends, during the drain delay too. {how}")
        except HTTPError as error:
            report.check("a request 0.3 s after SIGTERM on a keep-alive connection opened before it is answered", False,
                         f"{error}: close an idle keep-alive connection, or answer what arrives on it. {how}")
        old.close()
    try:
        fresh = Connection(service.port, 5.0)
        fresh.send("/work?ms=100", keep_alive=True)
        response = fresh.receive(5.0)
    except HTTPError as error:
        report.check("a new keep-alive request 0.4 s after SIGTERM (DRAIN_DELAY_MS=1500) is served", False, f"{error}. {how}")
        return
    if report.check("a new keep-alive request 0.4 s after SIGTERM (DRAIN_DELAY_MS=1500) is served: 200",
                    response.status == 200, f"it got {response}. {how}"):
        report.check("its response says `Connection: close` though the drain delay is not over", response.closes(),
                     f"its headers were {response.headers}. From the signal on, not only once the socket is closed, every "
                     f"response tells the client to reconnect (to another instance). {how}")
        report.check("and the service closes that connection after it", fresh.closed_by_peer(SLACK),
                     f"the connection stayed open. {how}")
    fresh.close()


@scenario({"SHUTDOWN_TIMEOUT_MS": 10000})
def idle_exit(report, service):
    """With nothing in flight, SIGTERM ends the process at once, even with an idle keep-alive connection open."""
    idle = None
    try:
        idle = Connection(service.port, 5.0)
        idle.send("/healthz", keep_alive=True)
        idle.receive(5.0)
    except HTTPError:
        pass
    service.send(signal.SIGTERM)
    status = service.wait_exit(EXIT_SLACK + 0.5)
    report.check("with no request in flight (and DRAIN_DELAY_MS unset, so 0), SIGTERM ends the service within 2.5 s, "
                 "status 0, even while a client holds an idle keep-alive connection", status == 0,
                 f"it {describe_exit(status)} 2.5 s after SIGTERM. An idle keep-alive connection is not a request in "
                 "flight: close it (Node: server.closeIdleConnections(); Python: daemon handler threads). "
                 f"Reproduce: {service.how_to_run()}, kill -TERM it, echo $?")
    if idle is not None:
        idle.close()


@scenario({"DRAIN_DELAY_MS": 0, "SHUTDOWN_TIMEOUT_MS": 10000})
def sigint(report, service):
    """SIGINT (Ctrl-C) drains exactly like SIGTERM."""
    slow = Background(service.port, "/work?ms=800", timeout=10)
    time.sleep(0.3)
    service.send(signal.SIGINT)
    status = service.wait_exit(0.5 + 1.0 + EXIT_SLACK)
    slow.join(2)
    how = f"Reproduce: {service.how_to_run()}, curl localhost:8080/work?ms=800 &, press Ctrl-C in the server's terminal"
    ok = slow.response is not None and slow.response.status == 200
    report.check("a request in flight at SIGINT still gets 200", ok, f"it got {slow.outcome()}. {how}")
    report.check("after SIGINT the service exits with status 0", status == 0, f"it {describe_exit(status)}. {how}")


def abandon(report, service, drain_ms, timeout_ms):
    """Checks that a request outliving the shutdown timeout is abandoned on time, with exit status 1."""
    Background(service.port, "/work?ms=9000", timeout=12)
    time.sleep(0.3)
    service.send(signal.SIGTERM)
    timeout = timeout_ms / 1000
    early = service.wait_exit(timeout - 0.4)
    how = (f"Reproduce: {service.how_to_run()}, curl localhost:8080/work?ms=9000 &, kill -TERM the server, time it and "
           "echo $?. The orchestrator sends SIGKILL when its grace period ends; exit on your own before that")
    counted = "counted from the signal, the drain delay included" if drain_ms else "counted from the signal"
    if not report.check(f"with a 9 s request in flight the service is still draining {timeout - 0.4:.1f} s after SIGTERM "
                        f"(DRAIN_DELAY_MS={drain_ms}, SHUTDOWN_TIMEOUT_MS={timeout_ms})", early is None,
                        f"it {describe_exit(early)} before the shutdown timeout. {how}"):
        return
    status = service.wait_exit(0.4 + 0.7)
    report.check(f"it exits by {timeout + 0.7:.1f} s after SIGTERM ({counted}), with status 1: a request was abandoned",
                 status == 1, f"it {describe_exit(status)} {timeout + 0.7:.1f} s after SIGTERM. {how}")


@scenario({"DRAIN_DELAY_MS": 0, "SHUTDOWN_TIMEOUT_MS": 1200})
def deadline(report, service):
    """A request that outlives SHUTDOWN_TIMEOUT_MS is abandoned: exit status 1."""
    abandon(report, service, 0, 1200)


@scenario({"DRAIN_DELAY_MS": 1200, "SHUTDOWN_TIMEOUT_MS": 1600})
def deadline_from_signal(report, service):
    """The shutdown timeout is counted from the signal, not from the end of the drain delay."""
    abandon(report, service, 1200, 1600)


SCENARIOS = {
    "serve": serve,
    "in-flight": in_flight, "readiness": readiness, "drain-delay": drain_delay, "refuse-new": refuse_new,
    "exit-clean": exit_clean, "keepalive": keepalive, "drain-keepalive": drain_keepalive, "idle-exit": idle_exit, "sigint": sigint, "deadline": deadline,
    "deadline-from-signal": deadline_from_signal,
}


def main():
    parser = argparse.ArgumentParser(description="Grades graceful-shutdown.")
    parser.add_argument("scenarios", nargs="+", choices=sorted(SCENARIOS) + ["all"], metavar="SCENARIO",
                        help=f"one or more of: {', '.join(SCENARIOS)}; or all")
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    names = list(SCENARIOS) if "all" in args.scenarios else args.scenarios
    submission = os.path.abspath(args.submission)
    # Scenarios mostly wait on the clock, each with its own service on its own port: run them side by side,
    # then report them in the order asked.
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
