"""Grades resilient-upstream: python3 check.py SCENARIO... [--submission DIR]

Runs a fake pricing upstream inside this process (it answers each SKU from a plan, attempt by attempt, and
records when every attempt arrived), starts the learner's service itself (`python3 server.py`, or
`node server.js` when there is no server.py) in DIR (default /submission) with UPSTREAM_URL pointing at it and
the scenario's settings, sends it requests, and prints one TAP 13 report on standard output. Several scenarios
named on the command line run side by side, each with its own upstream and service.

The service's own output goes to a file and is quoted only when it fails to start.
"""
import argparse
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


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


# --- the fake upstream ---------------------------------------------------------------------------------------

def answer(status, body=None, headers=None, delay=0.0):
    return ("answer", status, body, headers or {}, delay)


RESET = ("reset",)
CLOSE = ("close",)   # the connection is closed (a FIN) without an answer


def price(sku, cents):
    return answer(200, {"sku": sku, "price_cents": cents})


class Listener(ThreadingHTTPServer):
    # Requests come twenty at a time; the default backlog of 5 would drop connections and add 1 s SYN retries.
    request_queue_size = 128
    daemon_threads = True


class Upstream:
    """GET /price/SKU answered from `plans[SKU]`: the n-th attempt gets the n-th action, the last one repeats.
    Every attempt's arrival time is recorded, so the grader can count attempts and measure the gaps."""

    def __init__(self):
        self.lock = threading.Lock()
        self.plans = {}
        self.arrivals = {}
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                upstream.serve(self)

            def log_message(self, *args):
                pass

        self.server = Listener(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def plan(self, sku, *actions):
        with self.lock:
            self.plans[sku] = list(actions)

    def attempts(self, sku):
        with self.lock:
            return list(self.arrivals.get(sku, []))

    def total(self):
        with self.lock:
            return sum(len(times) for times in self.arrivals.values())

    def serve(self, handler):
        now = time.monotonic()
        sku = handler.path.rsplit("/", 1)[-1] if handler.path.startswith("/price/") else None
        with self.lock:
            times = self.arrivals.setdefault(sku, [])
            times.append(now)
            plan = self.plans.get(sku) or [answer(404, {"error": f"no price for {sku}"})]
            action = plan[min(len(times), len(plan)) - 1]
        if action[0] == "reset":
            # SO_LINGER 0: close() sends a RST, the way a crashed upstream or a dropped connection looks.
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            handler.close_connection = True
            return
        if action[0] == "close":
            handler.close_connection = True
            return
        _, status, body, headers, delay = action
        if delay:
            time.sleep(delay)
        payload = json.dumps(body if body is not None else {"status": status}).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(payload)
        except OSError:
            pass  # the learner's service gave up on this attempt (its timeout): that is its right

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# --- the learner's service -----------------------------------------------------------------------------------

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
    return None


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def __str__(self):
        return f"{self.status} {self.body.decode('utf-8', 'replace')[:160]!r} after {self.seconds:.2f} s"


class Service:
    def __init__(self, submission, upstream, settings, upstream_url=None):
        self.command = service_command(submission)
        self.port = free_port()
        self.settings = {k: str(v) for k, v in settings.items()}
        self.log = tempfile.TemporaryFile()
        self.proc = None
        if self.command is not None:
            environment = dict(os.environ, PORT=str(self.port), UPSTREAM_URL=upstream_url or upstream.url, **self.settings)
            self.proc = subprocess.Popen(self.command, cwd=submission, env=environment, stdin=subprocess.DEVNULL,
                                         stdout=self.log, stderr=self.log)

    def how_to_run(self):
        settings = " ".join(f"{k}={v}" for k, v in self.settings.items())
        return f"{settings} UPSTREAM_URL=... PORT=8080 {' '.join(self.command or ['python3', 'server.py'])}"

    def get(self, path, timeout=8.0):
        """A Response, or a string saying why there was none."""
        started = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
                data = b""
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        except ConnectionRefusedError:
            return "connection refused"
        except socket.timeout:
            return f"no answer within {timeout:.0f} s"
        except OSError as error:
            return f"connection failed: {error.strerror or error}"
        seconds = time.monotonic() - started
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(None, 2)
        if len(parts) < 2 or not parts[1].isdigit():
            return f"not an HTTP response: {data[:80]!r}"
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = dechunk(body)
        return Response(int(parts[1]), headers, body, seconds)

    def start_error(self, timeout=10.0):
        if self.proc is None:
            return "there is no server.py or server.js to start"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                tail = self.log.read().decode("utf-8", "replace").strip()[-300:]
                return f"the service exited with status {self.proc.returncode} before it answered: {tail}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1.0):
                    return None
            except OSError:
                time.sleep(0.05)
        return f"the service did not listen on 127.0.0.1:$PORT within {timeout:.0f} s"

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def dechunk(body):
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2:]
    return out


def parallel(service, paths, timeout=8.0):
    """GETs sent at once; their results in the same order."""
    results = [None] * len(paths)

    def run(index, path):
        results[index] = service.get(path, timeout)

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(paths)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# Settings a scenario starts from; it overrides what it tests.
QUIET = {"MAX_ATTEMPTS": 4, "BACKOFF_BASE_MS": 20, "BACKOFF_MAX_MS": 40, "ATTEMPT_TIMEOUT_MS": 1000,
         "REQUEST_BUDGET_MS": 10000, "BREAKER_THRESHOLD": 1000, "BREAKER_COOLDOWN_MS": 5000}


def scenario(dead_upstream=False, **overrides):
    """`dead_upstream`: the service's UPSTREAM_URL names a port nobody listens on (every connection is refused)."""
    def wrap(function):
        def run(report, submission):
            upstream = Upstream()
            dead = f"http://127.0.0.1:{free_port()}" if dead_upstream else None
            service = Service(submission, upstream, dict(QUIET, **overrides), upstream_url=dead)
            try:
                problem = service.start_error()
                if report.check("the service starts and listens on $PORT", problem is None,
                                f"{problem}. Run it yourself: {service.how_to_run()}"):
                    function(report, service, upstream)
            finally:
                service.stop()
                upstream.stop()
        run.__doc__ = function.__doc__
        return run
    return wrap


def is_error(response, status):
    payload = response.json() if isinstance(response, Response) else None
    return (isinstance(response, Response) and response.status == status and isinstance(payload, dict)
            and "error" in payload and response.headers.get("content-type", "").startswith("application/json"))


def attempts_text(upstream, sku):
    times = upstream.attempts(sku)
    if not times:
        return "the upstream saw no attempt"
    gaps = ", ".join(f"{(b - a) * 1000:.0f}" for a, b in zip(times, times[1:]))
    return f"the upstream saw {len(times)} attempt(s)" + (f", gaps {gaps} ms" if gaps else "")


# --- stage 1: retries ----------------------------------------------------------------------------------------

@scenario(MAX_ATTEMPTS=4)
def pass_through(report, service, upstream):
    """What is not a failure is passed through after one attempt; failures are retried until one succeeds."""
    upstream.plan("ok-1", price("ok-1", 1250))
    upstream.plan("missing-1", answer(404, {"error": "no such sku", "sku": "missing-1"}))
    upstream.plan("bad-1", answer(400, {"error": "sku must be lowercase"}))
    upstream.plan("flaky-1", answer(503), answer(503), price("flaky-1", 990))
    upstream.plan("busy-1", answer(429), price("busy-1", 42))
    upstream.plan("gateway-1", answer(502), answer(504), answer(500), price("gateway-1", 7))
    upstream.plan("reset-1", RESET, price("reset-1", 300))
    upstream.plan("closed-1", CLOSE, price("closed-1", 301))
    upstream.plan("notimpl-1", answer(501, {"error": "pricing for this sku is not implemented"}))
    cases = [
        ("ok-1", 200, {"sku": "ok-1", "price_cents": 1250}, 1, "a 200 is answered as is"),
        ("missing-1", 404, {"error": "no such sku", "sku": "missing-1"}, 1, "a 404 is the answer, not a failure: passed through, never retried"),
        ("bad-1", 400, {"error": "sku must be lowercase"}, 1, "a 400 is passed through, never retried"),
        ("flaky-1", 200, {"sku": "flaky-1", "price_cents": 990}, 3, "503, 503, then 200: retried until it succeeds"),
        ("busy-1", 200, {"sku": "busy-1", "price_cents": 42}, 2, "429 then 200: 429 is retried"),
        ("gateway-1", 200, {"sku": "gateway-1", "price_cents": 7}, 4, "502, 504, 500, then 200 on the 4th and last attempt"),
        ("reset-1", 200, {"sku": "reset-1", "price_cents": 300}, 2, "a reset connection, then 200: transport errors are retried"),
        ("closed-1", 200, {"sku": "closed-1", "price_cents": 301}, 2, "a connection closed without an answer, then 200: retried"),
        ("notimpl-1", 501, {"error": "pricing for this sku is not implemented"}, 1,
         "a 501 is not in the list of failures: passed through, never retried"),
    ]
    responses = parallel(service, [f"/quote/{sku}" for sku, *_ in cases])
    for (sku, status, body, attempts, what), response in zip(cases, responses):
        seen = len(upstream.attempts(sku))
        ok = (isinstance(response, Response) and response.status == status and response.json() == body
              and seen == attempts and response.headers.get("content-type", "").startswith("application/json"))
        report.check(f"GET /quote/{sku}: {what} (answer {status}, {attempts} attempt(s))", ok,
                     f"got {response}; {attempts_text(upstream, sku)}. Expected {status} {json.dumps(body)} after "
                     f"exactly {attempts} attempt(s), with Content-Type application/json. Retry 429, 500, 502, 503, 504, "
                     "timeouts and connection errors; answer anything else as the upstream did. Settings: "
                     + service.how_to_run())


    before = upstream.total()
    other = service.get("/prices/ok-1")
    report.check("any other path is 404 with a JSON error, without calling the upstream",
                 is_error(other, 404) and upstream.total() == before,
                 f"GET /prices/ok-1 got {other} after {upstream.total() - before} upstream attempt(s).")


@scenario(MAX_ATTEMPTS=4)
def give_up(report, service, upstream):
    """A failure that lasts is answered 502 after exactly MAX_ATTEMPTS attempts."""
    upstream.plan("down-1", answer(503))
    upstream.plan("err-1", answer(500))
    upstream.plan("reset-2", RESET)
    responses = parallel(service, ["/quote/down-1", "/quote/err-1", "/quote/reset-2"])
    for sku, response in zip(["down-1", "err-1", "reset-2"], responses):
        seen = len(upstream.attempts(sku))
        report.check(f"GET /quote/{sku} (always {'a reset' if sku.startswith('reset') else 'failing'}) is 502 with a "
                     "JSON error after exactly MAX_ATTEMPTS=4 attempts", is_error(response, 502) and seen == 4,
                     f"got {response}; {attempts_text(upstream, sku)}. MAX_ATTEMPTS counts every call, the first "
                     f"included. Settings: {service.how_to_run()}")


@scenario(MAX_ATTEMPTS=2)
def give_up_two(report, service, upstream):
    """MAX_ATTEMPTS is read from the environment."""
    upstream.plan("down-2", answer(503))
    response = service.get("/quote/down-2")
    seen = len(upstream.attempts("down-2"))
    report.check("with MAX_ATTEMPTS=2, an always-failing SKU is 502 after exactly 2 attempts",
                 is_error(response, 502) and seen == 2,
                 f"got {response}; {attempts_text(upstream, 'down-2')}. Read MAX_ATTEMPTS from the environment.")


@scenario(ATTEMPT_TIMEOUT_MS=300, MAX_ATTEMPTS=3)
def attempt_timeout(report, service, upstream):
    """An attempt that does not answer within ATTEMPT_TIMEOUT_MS is abandoned and retried."""
    upstream.plan("slow-1", answer(200, {"sku": "slow-1", "price_cents": 1}, delay=3.0), price("slow-1", 2))
    response = service.get("/quote/slow-1")
    ok = isinstance(response, Response) and response.status == 200 and response.json() == {"sku": "slow-1", "price_cents": 2}
    report.check("an attempt that hangs 3 s is abandoned after ATTEMPT_TIMEOUT_MS=300 and retried: 200 within 1.5 s",
                 ok and response.seconds <= 1.5,
                 f"got {response}; {attempts_text(upstream, 'slow-1')}. Give every attempt a timeout (an upstream "
                 "that never answers would hold your request, its thread and its client forever).")


@scenario(ATTEMPT_TIMEOUT_MS=2000, MAX_ATTEMPTS=3)
def slow_answer(report, service, upstream):
    """ATTEMPT_TIMEOUT_MS comes from the environment: an answer within it is waited for, not abandoned."""
    upstream.plan("slow-2", answer(200, {"sku": "slow-2", "price_cents": 3}, delay=1.2), price("slow-2", 4))
    response = service.get("/quote/slow-2")
    seen = len(upstream.attempts("slow-2"))
    ok = isinstance(response, Response) and response.status == 200 and response.json() == {"sku": "slow-2", "price_cents": 3}
    report.check("with ATTEMPT_TIMEOUT_MS=2000, an upstream that answers 200 after 1.2 s is waited for: that answer, "
                 "after 1 attempt", ok and seen == 1,
                 f"got {response}; {attempts_text(upstream, 'slow-2')}. An attempt may take up to ATTEMPT_TIMEOUT_MS "
                 "(read it from the environment) before it is abandoned.")


@scenario(dead_upstream=True, MAX_ATTEMPTS=4, BACKOFF_BASE_MS=600, BACKOFF_MAX_MS=600)
def refused(report, service, upstream):
    """A connection that cannot be made is a failure: retried with backoff, then 502."""
    response = service.get("/quote/refused-1")
    # With equal jitter the 3 waits take 0.9-1.8 s; an answer within 0.1 s made no retry at all.
    report.check("when nothing listens at UPSTREAM_URL (connection refused), the request is retried with backoff: 502 "
                 "with a JSON error, not at once (after at least 0.1 s) and within 4 s",
                 is_error(response, 502) and 0.1 <= response.seconds <= 4.0,
                 f"got {response}. A refused connection is a failure like a 503: retry it with backoff, and answer 502 "
                 "when the attempts are used up (in Node, resolve on the request's `error` event, or the request "
                 f"never finishes). Settings: {service.how_to_run()}")


@scenario(MAX_ATTEMPTS=4, REQUEST_BUDGET_MS=10000)
def retry_after(report, service, upstream):
    """Retry-After on a 429 or 503 is a floor for the wait."""
    upstream.plan("ra-1", answer(503, headers={"Retry-After": "1"}), price("ra-1", 5))
    upstream.plan("ra-2", answer(429, headers={"Retry-After": "1"}), price("ra-2", 6))
    responses = parallel(service, ["/quote/ra-1", "/quote/ra-2"])
    for sku, status, response in [("ra-1", 503, responses[0]), ("ra-2", 429, responses[1])]:
        times = upstream.attempts(sku)
        gap = times[1] - times[0] if len(times) >= 2 else None
        ok = isinstance(response, Response) and response.status == 200 and gap is not None and gap >= 0.98
        report.check(f"a {status} with `Retry-After: 1` is retried no sooner than 1 s later", ok,
                     f"got {response}; {attempts_text(upstream, sku)}. The upstream told you when to come back: "
                     "wait max(your backoff, Retry-After seconds).")


@scenario(MAX_ATTEMPTS=4, REQUEST_BUDGET_MS=1500)
def budget(report, service, upstream):
    """A retry that could not start within REQUEST_BUDGET_MS is not waited for: 504 at once."""
    upstream.plan("ra-3", answer(503, headers={"Retry-After": "3"}))
    response = service.get("/quote/ra-3")
    seen = len(upstream.attempts("ra-3"))
    report.check("with REQUEST_BUDGET_MS=1500, a 503 saying `Retry-After: 3` is answered 504 (JSON error) at once: "
                 "within 0.8 s, after that one attempt", is_error(response, 504) and seen == 1 and response.seconds <= 0.8,
                 f"got {response}; {attempts_text(upstream, 'ra-3')}. Waiting 3 s would overrun the 1.5 s budget: "
                 "the client has given up by then, so answer 504 now instead of sleeping.")


# --- stage 2: backoff ----------------------------------------------------------------------------------------

BACKOFF = dict(MAX_ATTEMPTS=4, BACKOFF_BASE_MS=400, BACKOFF_MAX_MS=800)
JITTER = dict(MAX_ATTEMPTS=3, BACKOFF_BASE_MS=300, BACKOFF_MAX_MS=300)
# Measured at the upstream, a gap is the learner's sleep plus a connection and a request: a little longer than
# the sleep, never shorter (a timer may fire a few ms early; that much is allowed). On a busy machine a few gaps
# can come out much longer, so upper bounds are checked on the median.
EARLY = 0.010
LATE = 0.150


def ceilings(settings, gaps):
    base, cap = settings["BACKOFF_BASE_MS"] / 1000, settings["BACKOFF_MAX_MS"] / 1000
    return [min(cap, base * 2 ** k) for k in range(gaps)]


def failing_gaps(report, service, upstream, settings, count):
    """Sends `count` requests at once to SKUs that always fail; the gaps between each one's attempts, or None."""
    skus = [f"b-{n}" for n in range(1, count + 1)]
    for sku in skus:
        upstream.plan(sku, answer(503))
    responses = parallel(service, [f"/quote/{sku}" for sku in skus], timeout=15)
    want = settings["MAX_ATTEMPTS"]
    wrong = [f"{sku}: {attempts_text(upstream, sku)}, answer {r}" for sku, r in zip(skus, responses)
             if len(upstream.attempts(sku)) != want]
    if not report.check(f"{count} always-failing requests sent at once each make exactly MAX_ATTEMPTS={want} attempts",
                        not wrong, "; ".join(wrong[:3])):
        return None
    gaps = []
    for sku in skus:
        times = upstream.attempts(sku)
        gaps.append([b - a for a, b in zip(times, times[1:])])
    return gaps


def show(gaps):
    return "[" + ", ".join(f"{g * 1000:.0f}" for g in gaps) + "] ms"


@scenario(**BACKOFF)
def backoff(report, service, upstream):
    """Retry k waits between half and all of min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2^(k-1))."""
    all_gaps = failing_gaps(report, service, upstream, BACKOFF, 20)
    if all_gaps is None:
        return
    limits = ceilings(BACKOFF, len(all_gaps[0]))
    expected = ", ".join(f"{c / 2 * 1000:.0f}-{c * 1000:.0f}" for c in limits)
    how = (f"With BACKOFF_BASE_MS=400 and BACKOFF_MAX_MS=800 the waits before retries 1, 2, 3 lie in [{expected}] ms "
           f"(equal jitter: half the ceiling plus a random part of the other half). Settings: {service.how_to_run()}")
    short = [(n, g) for n, gaps in enumerate(all_gaps, 1) for g in [gaps] if any(x < c / 2 - EARLY for x, c in zip(gaps, limits))]
    report.check("no wait is shorter than half its ceiling", not short,
                 f"request {short[0][0] if short else ''} waited {show(short[0][1]) if short else ''}. {how}")
    for k, ceiling in enumerate(limits):
        typical = statistics.median(gaps[k] for gaps in all_gaps)
        report.check(f"the waits before retry {k + 1} are typically within their ceiling of {ceiling * 1000:.0f} ms "
                     f"(median at most {(ceiling + LATE) * 1000:.0f} ms)", typical <= ceiling + LATE,
                     f"their median was {typical * 1000:.0f} ms; the first requests waited "
                     f"{'; '.join(show(g) for g in all_gaps[:3])}. {how}")


@scenario(**JITTER)
def jitter(report, service, upstream):
    """The random part: waits differ, so clients that failed together do not retry together."""
    all_gaps = failing_gaps(report, service, upstream, JITTER, 20)
    if all_gaps is None:
        return
    limits = ceilings(JITTER, len(all_gaps[0]))
    flat = [(g, c) for gaps in all_gaps for g, c in zip(gaps, limits)]
    below = sum(1 for g, c in flat if g < 0.85 * c)
    report.check("the waits are jittered: at least 15% of them are below 85% of their ceiling", below >= 0.15 * len(flat),
                 f"{below} of {len(flat)} waits were; the waits of the first requests: "
                 f"{'; '.join(show(g) for g in all_gaps[:4])}. 20 clients that failed at the same moment and wait the "
                 "same time hit the upstream again at the same moment (a thundering herd). Add a random part: "
                 f"ceiling/2 + random(0, ceiling/2). Settings: {service.how_to_run()}")


FRESH = dict(MAX_ATTEMPTS=4, BACKOFF_BASE_MS=300, BACKOFF_MAX_MS=300)
# How close three waits must be to count as the same. A loaded machine delays each retry by a few to tens of ms,
# which once spread one random number per request past 15 ms; three fresh draws from 150-300 ms are within 30 ms of
# each other only about one time in ten, so a right service still has far fewer than half its requests alike.
ALIKE = 0.030


@scenario(**FRESH)
def fresh_jitter(report, service, upstream):
    """Every wait draws its own random number: one request's waits differ from each other."""
    all_gaps = failing_gaps(report, service, upstream, FRESH, 20)
    if all_gaps is None:
        return
    alike = [gaps for gaps in all_gaps if max(gaps) - min(gaps) < ALIKE]
    report.check("every wait has its own random part: fewer than half of 20 requests wait the same time (within 30 ms) "
                 "before all 3 of their retries", len(alike) < len(all_gaps) / 2,
                 f"{len(alike)} of {len(all_gaps)} requests did, e.g. {'; '.join(show(g) for g in alike[:3])}. With "
                 "BACKOFF_BASE_MS=BACKOFF_MAX_MS=300 every ceiling is 300 ms; draw a fresh random number for every wait, "
                 f"not one per request or per process. Settings: {service.how_to_run()}")


# --- stage 3: the circuit breaker ----------------------------------------------------------------------------

@scenario(MAX_ATTEMPTS=3, BREAKER_THRESHOLD=5, BREAKER_COOLDOWN_MS=1500)
def breaker_opens(report, service, upstream):
    """BREAKER_THRESHOLD consecutive failed attempts open the circuit, for every SKU; open means no calls, 503 fast."""
    upstream.plan("down-a", answer(503))
    upstream.plan("down-b", answer(503))
    upstream.plan("ok-b", price("ok-b", 10))
    how = f"Settings: {service.how_to_run()}"
    first = service.get("/quote/down-a")
    report.check("request 1 (always failing): 502 after 3 attempts (3 consecutive failures, below the threshold of 5)",
                 is_error(first, 502) and len(upstream.attempts("down-a")) == 3,
                 f"got {first}; {attempts_text(upstream, 'down-a')}. {how}")
    second = service.get("/quote/down-b")
    seen = len(upstream.attempts("down-b"))
    report.check("request 2, another failing SKU: its 2nd attempt is the 5th failure in a row, so the circuit opens "
                 "and it stops at once: 503 after 2 attempts", is_error(second, 503) and seen == 2,
                 f"got {second}; {attempts_text(upstream, 'down-b')}. The breaker is one per upstream, shared by every "
                 f"request and every SKU; a request still retrying when it opens stops and answers 503. {how}")
    opened_done = time.monotonic()
    opening_arrived = upstream.attempts("down-b")[-1] if seen else opened_done
    before = upstream.total()
    later, sent_done = [], []
    for path in ["/quote/ok-b", "/quote/down-a", "/quote/ok-b"]:
        sent = time.monotonic()
        later.append(service.get(path))
        sent_done.append((sent, time.monotonic()))
    calls = upstream.total() - before
    report.check("while open, the next 3 requests (for any SKU) reach no upstream: 0 attempts", calls == 0,
                 f"the upstream saw {calls} attempt(s). An open circuit answers without calling. {how}")
    fast = all(is_error(r, 503) and r.seconds <= 0.5 for r in later)
    report.check("and each is answered 503 with a JSON error within 0.5 s", fast,
                 f"got {'; '.join(str(r) for r in later)}. {how}")
    value = later[0].headers.get("retry-after", "") if isinstance(later[0], Response) else ""
    # The circuit opened between the opening attempt's arrival and request 2's answer; request 3 was answered
    # between its sending and its answer: the seconds left the service saw lie in [low, high].
    cooldown = 1.5
    low = cooldown - (sent_done[0][1] - opening_arrived) - 0.005
    high = cooldown - (sent_done[0][0] - opened_done) + 0.005
    accepted = [str(n) for n in range(max(1, math.ceil(low)), max(1, math.ceil(high)) + 1)]
    report.check("an open-circuit 503 carries `Retry-After`: the whole seconds left of the cooldown, rounded up",
                 value.strip() in accepted,
                 f"Retry-After was {value or '(missing)'!r}, with {max(low, 0):.2f}-{max(high, 0):.2f} s of the 1.5 s "
                 f"cooldown left: rounded up, that is {' or '.join(accepted)} (not rounded down or to the nearest). {how}")


@scenario(MAX_ATTEMPTS=4, BREAKER_THRESHOLD=5, BREAKER_COOLDOWN_MS=5000)
def consecutive(report, service, upstream):
    """Only consecutive failures count: a success, or any answer that is not a failure, resets the count."""
    upstream.plan("down-c", answer(503))
    upstream.plan("ok-c", price("ok-c", 11))
    upstream.plan("gone-c", answer(404, {"error": "no such sku"}))
    how = (f"The breaker counts failed attempts in a row; a success or a 4xx (the upstream is healthy, the request was "
           f"not) resets the count to 0. Settings: {service.how_to_run()}")
    steps = [("down-c", 502), ("ok-c", 200), ("down-c", 502), ("gone-c", 404), ("down-c", 502), ("ok-c", 200),
             ("down-c", 502)]
    before = 0
    for number, (sku, status) in enumerate(steps, start=1):
        response = service.get(f"/quote/{sku}")
        calls = upstream.total() - before
        before = upstream.total()
        attempts = 4 if sku == "down-c" else 1
        if not report.check(f"step {number}: GET /quote/{sku} reaches the upstream ({attempts} attempt(s)) and is "
                            f"{status}: the circuit stays closed", isinstance(response, Response)
                            and response.status == status and calls == attempts,
                            f"got {response} after {calls} upstream attempt(s), following "
                            f"{', '.join(s for s, _ in steps[:number - 1])}. {how}"):
            return
    response = service.get("/quote/down-c")
    report.check("then one more failing request: its 1st attempt is the 5th failure in a row, so the circuit opens: "
                 "503 after 1 attempt", is_error(response, 503) and upstream.total() - before == 1,
                 f"got {response} after {upstream.total() - before} attempt(s). {how}")


@scenario(MAX_ATTEMPTS=2, BREAKER_THRESHOLD=2, BREAKER_COOLDOWN_MS=1000, ATTEMPT_TIMEOUT_MS=3000)
def half_open(report, service, upstream):
    """After the cooldown exactly one probe goes through; its outcome closes or re-opens the circuit."""
    how = f"Settings: {service.how_to_run()}"
    upstream.plan("svc", answer(503))
    service.get("/quote/svc")                      # two failures in a row: the circuit opens
    if not report.check("2 failed attempts open the circuit (BREAKER_THRESHOLD=2)", len(upstream.attempts("svc")) == 2,
                        f"{attempts_text(upstream, 'svc')}. {how}"):
        return
    time.sleep(1.1)
    upstream.plan("svc", answer(200, {"sku": "svc", "price_cents": 99}, delay=1.0))
    before = upstream.total()
    probes = parallel(service, ["/quote/svc"] * 3)
    calls = upstream.total() - before
    report.check("after the cooldown, of 3 requests sent at once exactly 1 reaches the upstream (the probe)", calls == 1,
                 f"the upstream saw {calls} attempt(s). Half-open lets one trial call through; the others are still "
                 f"refused until it succeeds, or a recovering upstream is flattened again. {how}")
    passed = [r for r in probes if isinstance(r, Response) and r.status == 200]
    refused = [r for r in probes if is_error(r, 503) and r.seconds <= 0.5]
    report.check("the probe's request gets the upstream's 200, the other two 503 within 0.5 s (the probe takes 1 s)",
                 len(passed) == 1 and len(refused) == 2, f"got {'; '.join(str(r) for r in probes)}. {how}")
    hints = [r.headers.get("retry-after", "(missing)") for r in refused]
    report.check("those two 503s are answered as if open, with `Retry-After: 1` (the cooldown is over: at least 1)",
                 len(refused) == 2 and all(h.strip() == "1" for h in hints),
                 f"their Retry-After headers were {hints if refused else 'not checked (no quick 503s)'}. {how}")
    upstream.plan("svc", price("svc", 99))
    before = upstream.total()
    closed = [service.get("/quote/svc") for _ in range(2)]
    report.check("a successful probe closes the circuit: the next requests reach the upstream and get 200",
                 all(isinstance(r, Response) and r.status == 200 for r in closed) and upstream.total() - before == 2,
                 f"got {'; '.join(str(r) for r in closed)} after {upstream.total() - before} attempt(s). {how}")

    upstream.plan("svc", answer(503))
    service.get("/quote/svc")                      # open again
    time.sleep(1.1)
    before = upstream.total()
    probe = service.get("/quote/svc")
    calls = upstream.total() - before
    report.check("a failing probe is a single attempt (no retries), answered 503", is_error(probe, 503) and calls == 1,
                 f"got {probe} after {calls} attempt(s). {how}")
    before = upstream.total()
    after = service.get("/quote/svc")
    report.check("and it re-opens the circuit for a new cooldown: the next request is 503 without an upstream call",
                 is_error(after, 503) and upstream.total() == before,
                 f"got {after} after {upstream.total() - before} attempt(s). {how}")


@scenario(MAX_ATTEMPTS=3, BREAKER_THRESHOLD=2, BREAKER_COOLDOWN_MS=5000, BACKOFF_BASE_MS=2000, BACKOFF_MAX_MS=2000)
def retry_finds_open(report, service, upstream):
    """A request waiting to retry when another request opens the circuit makes no further attempt: 503."""
    how = f"Settings: {service.how_to_run()}"
    upstream.plan("wait-a", answer(503))
    upstream.plan("open-b", answer(503))
    waiting = {}
    thread = threading.Thread(target=lambda: waiting.update(response=service.get("/quote/wait-a")))
    thread.start()
    deadline = time.monotonic() + 3.0
    while not upstream.attempts("wait-a") and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)                                 # request A failed once and now waits 1-2 s to retry
    other = service.get("/quote/open-b")           # the 2nd failure in a row: the circuit opens
    thread.join()
    first = waiting.get("response")
    report.check("request B's failed attempt is the 2nd in a row (BREAKER_THRESHOLD=2): the circuit opens, 503 after "
                 "1 attempt", is_error(other, 503) and len(upstream.attempts("open-b")) == 1,
                 f"got {other}; {attempts_text(upstream, 'open-b')}. {how}")
    report.check("request A, waiting to retry when B opened the circuit, finds it open: 503 and no 2nd attempt",
                 is_error(first, 503) and len(upstream.attempts("wait-a")) == 1,
                 f"got {first}; {attempts_text(upstream, 'wait-a')}. Ask the breaker before every attempt, not only "
                 f"when a request arrives: an open circuit stops the retries already under way too. {how}")


@scenario(MAX_ATTEMPTS=2, BREAKER_THRESHOLD=2, BREAKER_COOLDOWN_MS=5000, ATTEMPT_TIMEOUT_MS=3000)
def late_attempt(report, service, upstream):
    """An attempt that started while the circuit was closed and ends after it opened changes nothing."""
    how = f"Settings: {service.how_to_run()}"
    upstream.plan("slow-d", answer(200, {"sku": "slow-d", "price_cents": 12}, delay=1.0))
    upstream.plan("down-d", answer(503))
    upstream.plan("ok-d", price("ok-d", 13))
    slow = {}
    thread = threading.Thread(target=lambda: slow.update(response=service.get("/quote/slow-d")))
    thread.start()
    deadline = time.monotonic() + 3.0
    while not upstream.attempts("slow-d") and time.monotonic() < deadline:
        time.sleep(0.01)
    opened = service.get("/quote/down-d")          # 2 failures in a row while slow-d's attempt is in flight
    thread.join()
    late = slow.get("response")
    report.check("while a slow attempt (1 s) is in flight, 2 failed attempts of another request open the circuit: 503",
                 is_error(opened, 503) and len(upstream.attempts("down-d")) == 2,
                 f"got {opened}; {attempts_text(upstream, 'down-d')}. {how}")
    report.check("the slow attempt then succeeds: its request gets the upstream's 200",
                 isinstance(late, Response) and late.status == 200 and late.json() == {"sku": "slow-d", "price_cents": 12},
                 f"got {late}; {attempts_text(upstream, 'slow-d')}. {how}")
    before = upstream.total()
    after = service.get("/quote/ok-d")
    report.check("and that late success changes nothing: the circuit stays open, the next request is 503 without a call",
                 is_error(after, 503) and upstream.total() == before,
                 f"got {after} after {upstream.total() - before} attempt(s). An attempt that started while the circuit "
                 f"was closed and ended after it opened must not close it (nor count towards it). {how}")


SCENARIOS = {
    "pass-through": pass_through, "give-up": give_up, "give-up-two": give_up_two, "attempt-timeout": attempt_timeout,
    "slow-answer": slow_answer, "refused": refused, "retry-after": retry_after, "budget": budget,
    "backoff": backoff, "jitter": jitter, "fresh-jitter": fresh_jitter,
    "breaker-opens": breaker_opens, "consecutive": consecutive, "half-open": half_open,
    "retry-finds-open": retry_finds_open, "late-attempt": late_attempt,
}


def main():
    parser = argparse.ArgumentParser(description="Grades resilient-upstream.")
    parser.add_argument("scenarios", nargs="+", choices=sorted(SCENARIOS) + ["all"], metavar="SCENARIO",
                        help=f"one or more of: {', '.join(SCENARIOS)}; or all")
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    names = list(SCENARIOS) if "all" in args.scenarios else args.scenarios
    submission = os.path.abspath(args.submission)
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
