"""Grades event-loop: python3 check.py SCENARIO... [--submission DIR]

Starts the learner's service itself in DIR (default /submission) on a free port: with the lab language's run
command that Ladder passes in $LADDER_RUN, or, run by hand, `python3 server.py`, `node server.js`, the Go program
(built here with `go build -o server .`) or the Java one (built here with `javac -d out *.java`), whichever is there,, with the scenario's WORKERS and QUEUE_LIMIT, sends it hash jobs and health
probes, and prints one TAP 13 report on standard output. The service's own output goes to a file and is quoted
only when it explains a failure.

Nothing here depends on how fast the machine is: a job the grader watches is the longest one allowed, and the checks
look at what happened while it ran (was a probe answered before the job finished? did two threads compute at the
same moment? which answer came first?), with a second of slack wherever a time is measured. The grader stops
watching as soon as it has seen what it came for and kills the service with its jobs still computing, so a test
costs about a second of CPU whatever the job sizes.
"""
import argparse
import errno
import hashlib
import json
import os
import select
import socket
import subprocess
import tempfile
import threading
import time

# How long a probe may take while jobs run. The README promises "within 100 ms"; a loaded grading machine gets
# ten times that, and a service that computes on its request path blocks probes for whole seconds.
PROBE_SLACK = 1.0
MAX_ROUNDS = 5_000_000
# The jobs the grader watches and never waits for (responsive, parallel, defaults): the longest allowed, 2 to 6 s of
# CPU in Python, Java and Node and 0.8 s in Go (the fastest) on the machine these sizes were measured on, so that a
# job is still computing when the watching ends (after about 0.3 s) on a faster machine too, and a blocked request
# path is blocked for longer than PROBE_SLACK. The service is killed once the facts are in: their size costs nothing.
WATCHED = MAX_ROUNDS
# The jobs whose answers the grader waits for, per runtime, sized by what was measured (Python ~2.6 million rounds
# a second, Node ~0.87, Go ~6, Java with C1 only ~1.8): ONE (one-worker's long job) about 1 s of CPU (Go the most a job may ask, 0.8 s), long enough
# that a short job answered by a second worker comes back well before it, and that the second and third jobs, sent
# 0.1 and 0.2 s after it, arrive while it computes on a loaded machine too (at 0.5 s the Go reference lost that race
# once in four under a load of 12 on 2 cores); BOUND (bound's six jobs) about 0.2 s,
# eight times the 25 ms over which the six are sent. In Python 0.4 s: a service hashing on threads (wrong, but
# bound is not the test that says so) admits the later jobs only when its threads let go of the GIL, which on a
# loaded machine took 0.35 s once; with 0.2 s jobs one of them was answered first, and bound's verdict flickered.
ONE = {"python": 2_600_000, "node": 900_000, "go": MAX_ROUNDS, "java": 1_800_000}
BOUND = {"python": 1_000_000, "node": 175_000, "go": 1_200_000, "java": 360_000}
# The short jobs of the defaults scenario: they only wait in the queue (or are answered at once, wrongly).
SHORT = 1000
# How the threads are watched (parallel, defaults): snapshots every 50 ms, any window of at least WINDOW seconds
# between two of them, for at most WATCH_LIMIT seconds in all. A correct service shows two computing threads in the
# first such window on a quiet machine; on a loaded one Linux credits a thread's time waiting for a CPU only when it
# gets one, so short windows come out lumpy and it may take a second to find a clean one.
WINDOW = 0.2
WATCH_LIMIT = 1.2
# A computing thread gives its CPU up at most this many times per second it runs (see computing).
BLOCKS = 100
# Hashes of the long jobs' seeds, computed once by `python3 check.py --write-expected`.
EXPECTED_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected.json")
EXPECTED = {}


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
    if len(text) > 700:
        text = text[:700] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def chain(seed, rounds):
    """The expected hash: from expected.json for the long jobs (so grading does not spend seconds of CPU on them)."""
    known = EXPECTED.get(f"{seed}:{rounds}")
    if known:
        return known
    digest = hashlib.sha256(seed.encode()).digest()
    for _ in range(rounds - 1):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


# --- a small HTTP/1.1 client -------------------------------------------------------------------------------

class HTTPError(Exception):
    """The request got no HTTP response: refused, reset, closed early or timed out."""


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def __str__(self):
        return f"{self.status} {self.body.decode('utf-8', 'replace')[:160]!r}"


def get(port, path, timeout=10.0):
    """One GET on a new connection (Connection: close); returns a Response or raises HTTPError.

    The response's `took` is the time from the connection being established to the answer: a connection the
    kernel has to retry (a service's accept backlog full for a moment on a loaded machine costs a 1 s SYN retry)
    is not held against the service's request path; `waited` is how long connecting took."""
    return receive(*send(port, path, timeout), timeout)


def send(port, path, timeout, wait=None):
    """Connects and writes the request: (socket, when connecting started, when it was connected). With `wait`, the
    connection is started and only waited for that long: if it is not established by then (the service's accept
    backlog is full and the kernel retries in a second), returns a function that finishes the job, to be called
    elsewhere."""
    started = time.monotonic()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    problem = sock.connect_ex(("127.0.0.1", port))

    def finish(wait_for):
        ready = problem == 0 or select.select([], [sock], [], wait_for)[1]
        if not ready:
            return None
        error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if error:
            sock.close()
            raise HTTPError(f"cannot connect: {os.strerror(error)}")
        connected = time.monotonic()
        sock.settimeout(timeout)
        try:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        except OSError as error:
            sock.close()
            raise HTTPError(f"the connection failed: {error.strerror or error}")
        return sock, started, connected

    if problem not in (0, errno.EINPROGRESS):
        sock.close()
        raise HTTPError(f"cannot connect: {os.strerror(problem)}")
    sent = finish(timeout if wait is None else wait)
    if sent is not None:
        return sent
    if wait is None:
        sock.close()
        raise HTTPError(f"cannot connect: no connection within {timeout:.1f}s")

    def rest():
        sent = finish(timeout)
        if sent is None:
            sock.close()
            raise HTTPError(f"cannot connect: no connection within {timeout:.1f}s")
        return sent
    return rest


def receive(sock, started, connected, timeout):
    """Reads the response to a request `send` wrote, and closes the connection."""
    try:
        reader = sock.makefile("rb")
        status_line = reader.readline()
        if not status_line:
            raise HTTPError("the connection was closed without a response")
        parts = status_line.decode("latin-1").split(None, 2)
        if len(parts) < 2 or not parts[1].isdigit():
            raise HTTPError(f"not an HTTP status line: {status_line[:80]!r}")
        headers = {}
        while True:
            line = reader.readline()
            if not line:
                raise HTTPError("the connection was closed in the middle of the headers")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
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
            body = reader.read()
        response = Response(int(parts[1]), headers, body)
        response.took = time.monotonic() - connected
        response.waited = connected - started
        return response
    except socket.timeout:
        raise HTTPError(f"no response within {timeout:.1f}s")
    except OSError as error:
        raise HTTPError(f"the connection failed: {error.strerror or error}")
    finally:
        sock.close()


class Job:
    """A request whose answer is awaited in a thread of its own; records when it was sent and when its answer came.
    The request is written before the constructor returns, so jobs created one after another reach the service in
    that order (a thread started for each could connect late on a loaded machine); only a connection the service
    does not accept within 0.25 s (its backlog full) is left to the thread."""

    def __init__(self, port, path, timeout=40.0):
        self.path = path
        self.response, self.error = None, None
        self.sent_at, self.finished_at = time.monotonic(), None
        try:
            sent = send(port, path, timeout, wait=0.25)
        except HTTPError as error:
            self.error, self.finished_at = str(error), time.monotonic()
            sent = None
        self.thread = threading.Thread(target=self._run, args=(sent, timeout), daemon=True)
        self.thread.start()

    def _run(self, sent, timeout):
        if sent is None:
            return
        try:
            self.response = receive(*(sent() if callable(sent) else sent), timeout)
        except HTTPError as error:
            self.error = str(error)
        self.finished_at = time.monotonic()

    def done(self):
        return self.finished_at is not None

    def join(self, timeout=45.0):
        self.thread.join(timeout)

    def status(self):
        return self.response.status if self.response is not None else None

    def outcome(self):
        if self.response is not None:
            waited = self.response.waited
            note = f" (its connection waited {waited:.1f} s to be accepted)" if waited > 0.5 else ""
            return str(self.response) + note
        return self.error or "still waiting"

    def took(self):
        """How long the answer took once connected (see get)."""
        if self.response is not None:
            return self.response.took
        return (self.finished_at or time.monotonic()) - self.sent_at


def hash_path(seed, rounds):
    return f"/hash?seed={seed}&rounds={rounds}"


def answered_right(job, seed, rounds):
    return (job.response is not None and job.response.status == 200
            and job.response.json() == {"seed": seed, "rounds": rounds, "hash": chain(seed, rounds)})


# --- the learner's service ---------------------------------------------------------------------------------

# Run by hand, each language is built as the lab's lab.toml builds it, and run with the same command.
BUILDS = {
    "go": (["go", "build", "-o", "server", "."], ["./server"]),
    "java": (["javac", "-d", "out"], ["java", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "out", "Server"]),
}
_build_lock = threading.Lock()
_built = {}


def runtime(submission):
    """(language, command, problem): how to start the service. Ladder says it in $LADDER_LANGUAGE and $LADDER_RUN
    (the lab's build step has run); by hand, the language is told by the files present, and Go or Java is built here."""
    run = os.environ.get("LADDER_RUN")
    if run:
        return os.environ.get("LADDER_LANGUAGE", "python"), json.loads(run), None
    if os.path.isfile(os.path.join(submission, "server.py")):
        return "python", ["python3", "server.py"], None
    if os.path.isfile(os.path.join(submission, "server.js")):
        return "node", ["node", "server.js"], None
    if os.path.isfile(os.path.join(submission, "go.mod")):
        language = "go"
    elif os.path.isfile(os.path.join(submission, "Server.java")):
        language = "java"
    else:
        return None, None, "there is no server.py, server.js, go.mod or Server.java to start"
    build, command = BUILDS[language]
    if language == "java":
        build = build + sorted(name for name in os.listdir(submission) if name.endswith(".java"))
    with _build_lock:
        if language not in _built:
            done = subprocess.run(build, cwd=submission, stdin=subprocess.DEVNULL, capture_output=True, text=True)
            _built[language] = None if done.returncode == 0 else (
                f"`{' '.join(build)}` failed: {(done.stderr or done.stdout).strip()[-600:]}")
    return language, command, _built[language]


_ports_lock = threading.Lock()
_ports_given = set()


def free_port():
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
        self.language, self.command, self.problem = runtime(submission)
        self.port = free_port()
        self.env = {k: str(v) for k, v in env.items()}
        self.log = tempfile.TemporaryFile()
        self.proc = None
        if self.command is None or self.problem:
            return
        environment = {k: v for k, v in os.environ.items() if k not in ("WORKERS", "QUEUE_LIMIT")}
        environment.update(self.env, PORT=str(self.port))
        self.proc = subprocess.Popen(self.command, cwd=submission, env=environment, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log, start_new_session=True)

    def how_to_run(self):
        settings = " ".join(f"{k}={v}" for k, v in self.env.items())
        return f"{settings + ' ' if settings else ''}PORT=8080 {' '.join(self.command or ['python3', 'server.py'])}"

    def start_error(self, timeout=10.0):
        if self.proc is None:
            return self.problem
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

    def tail(self):
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace").strip()
        return "; its output ended with: " + text[-300:] if text else ""

    def threads(self):
        """{(pid, tid): (nanoseconds running, nanoseconds runnable and waiting for a CPU, voluntary context switches)}
        of every thread of the service's process tree, from Linux's /proc/<pid>/task/<tid>/schedstat and status."""
        children = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                parent = read_parent(f"/proc/{entry}/stat")
                if parent is not None:
                    children.setdefault(parent, []).append(int(entry))
        tree, pending = [], [self.proc.pid]
        while pending:
            pid = pending.pop()
            tree.append(pid)
            pending.extend(children.get(pid, []))
        found = {}
        for pid in tree:
            try:
                tasks = os.listdir(f"/proc/{pid}/task")
            except OSError:
                continue
            for task in tasks:
                try:
                    with open(f"/proc/{pid}/task/{task}/schedstat") as file:
                        running, waiting, _ = file.read().split()
                    with open(f"/proc/{pid}/task/{task}/status") as file:
                        status = file.read()
                except (OSError, ValueError):
                    continue
                voluntary = status.split("\nvoluntary_ctxt_switches:")[1].split()[0]
                found[(pid, task)] = (int(running), int(waiting), int(voluntary))
        return found

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, 9)
            except OSError:
                self.proc.kill()
            self.proc.wait()


def read_parent(path):
    """The parent pid from a /proc stat file, or None when the process is gone."""
    try:
        with open(path) as file:
            text = file.read()
    except OSError:
        return None
    return int(text[text.rfind(")") + 2:].split()[1])


def computing(before, after, seconds):
    """How many threads computed through the whole window: wanted a CPU (running, or runnable and waiting for one,
    so a loaded machine does not hide them) at least 70% of it, and almost never gave it up by themselves: at most
    BLOCKS times per second they ran. A thread that waits for a lock, like Python's GIL, blocks hundreds of times per
    second it runs; a computing thread blocks a few times at most (Node's, tens: its garbage collector's helpers)."""
    count = 0
    for task, (running, waiting, voluntary) in after.items():
        if task in before:
            ran = (running - before[task][0]) / 1e9
            busy = (ran + (waiting - before[task][1]) / 1e9) / seconds
            blocks = voluntary - before[task][2]
            count += busy >= 0.7 and blocks <= BLOCKS * ran
    return count


def wanting(before, after, seconds):
    """How many threads wanted a CPU (running or runnable) at least 30% of the window (a thread started within it
    counts from its start)."""
    count = 0
    for task, (running, waiting, _) in after.items():
        ran, waited, _ = before.get(task, (0, 0, 0))
        count += (running - ran + waiting - waited) / 1e9 >= 0.3 * seconds
    return count


def watch_threads(service, jobs, need=2):
    """Watches the service's threads while every one of `jobs` is in flight, from a snapshot every 50 ms: returns
    (the most threads that computed through one window of at least WINDOW seconds, that window's length). Stops as
    soon as `need` threads did, when a job is answered, after WATCH_LIMIT seconds, or once half a second shows at
    most one thread wanting a CPU at all (a service that computes on one thread: nothing to wait for)."""
    snapshots, started = [], time.monotonic()
    best, window = 0, 0.0
    while True:
        snapshot, now = service.threads(), time.monotonic()
        if any(job.done() for job in jobs):
            break
        snapshots.append((now, snapshot))
        for at, before in snapshots:
            if now - at < WINDOW:
                break
            busy = computing(before, snapshot, now - at)
            if busy > best or (busy == best and now - at > window):
                best, window = busy, now - at
        if best >= need or now - started >= WATCH_LIMIT:
            break
        if now - started >= 0.5 and wanting(snapshots[0][1], snapshot, now - snapshots[0][0]) < need:
            break
        time.sleep(0.05)
    return best, window


def scenario(env, timed=False):
    """A scenario on a fresh service. A `timed` one (its checks race jobs against probes and clocks) that fails is run
    once more on another fresh service, and the second run's checks are the verdict: a right answer that lost a race
    to a loaded grading machine passes the second time, while a blocked or serial service fails both times."""
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
            if timed and not all(ok for _, ok, _ in attempt.results):
                attempt = Report()
                once(attempt, submission)
            report.results.extend(attempt.results)
        run.__doc__ = function.__doc__
        return run
    return wrap


def expect(report, service, path, status, body=None, how=""):
    """Checks one GET: its status, its JSON body (or a JSON error when `body` is None), and its Content-Type."""
    description = f"GET {path} answers {status}" + (f" {json.dumps(body)}" if body is not None else " with a JSON error")
    try:
        response = get(service.port, path)
    except HTTPError as error:
        return report.check(description, False, f"GET {path}: {error}. {how}")
    problems = []
    if response.status != status:
        problems.append(f"status {response.status}, expected {status}")
    payload = response.json()
    if body is not None and payload != body:
        problems.append(f"body {response.body[:200]!r}, expected {json.dumps(body)}")
    if body is None and not (isinstance(payload, dict) and isinstance(payload.get("error"), str)):
        problems.append(f"body {response.body[:200]!r}, expected a JSON object with an \"error\" string")
    if not response.headers.get("content-type", "").startswith("application/json"):
        problems.append(f"Content-Type {response.headers.get('content-type', '(none)')!r}, expected application/json")
    return report.check(description, not problems, f"GET {path}: " + "; ".join(problems) + f". {how}")


def watch_probes(report, service, jobs, what, enough=None):
    """Sends GET /healthz every 100 ms until every job has finished, or, with `enough`, until that many were answered
    while every job was still in flight; stops at the first probe that fails or takes longer than PROBE_SLACK (that is
    established). Checks each was answered promptly; returns [(took, failure or None, every job still in flight)]."""
    probes = []
    while not all(job.done() for job in jobs):
        started = time.monotonic()
        try:
            response = get(service.port, "/healthz", timeout=PROBE_SLACK + 0.2)
            outcome = str(response) if response.status != 200 else None
            took = response.took
        except HTTPError as error:
            outcome = str(error)
            took = time.monotonic() - started
        probes.append((took, outcome, all(not job.done() for job in jobs)))
        if outcome or took > PROBE_SLACK:
            break
        if enough and sum(1 for _, _, during in probes if during) >= enough:
            break
        time.sleep(0.1)
    slow = [took for took, outcome, _ in probes if took > PROBE_SLACK]
    failed = [outcome for _, outcome, _ in probes if outcome]
    report.check(f"every GET /healthz sent while {what} answers 200", probes and not failed,
                 f"{len(failed)} of {len(probes)} probes failed, e.g. {failed[:1]}. A health probe must keep working "
                 f"under load, or the orchestrator restarts a busy service. Reproduce: {service.how_to_run()}")
    report.check(f"every GET /healthz sent while {what} answers within {PROBE_SLACK:.0f} s", probes and not slow,
                 f"{len(slow)} of {len(probes)} probes took longer, the slowest {max(slow, default=0):.1f} s or "
                 "more: the request path is blocked while a job computes. Run the hashing off the request path: "
                 f"{POOL_HINT[service.language]}. Reproduce: {service.how_to_run()}, "
                 f"start a job and time `curl localhost:8080/healthz` meanwhile")
    return probes


# --- scenarios: each starts a fresh service ------------------------------------------------------------------

@scenario({"WORKERS": 2, "QUEUE_LIMIT": 4})
def api(report, service):
    """The routes: /healthz, /hash answers and its validation, 404."""
    how = f"Try it: {service.how_to_run()} and curl -i the path."
    expect(report, service, "/healthz", 200, {"status": "ok"}, how)
    for seed, rounds in [("abc", 1), ("abc", 2), ("ladder", 1000), ("A-z_09", 77), ("x" * 64, 3)]:
        expect(report, service, hash_path(seed, rounds), 200, {"seed": seed, "rounds": rounds, "hash": chain(seed, rounds)}, how)
    for path in ["/hash?rounds=5", "/hash?seed=&rounds=5", "/hash?seed=" + "x" * 65 + "&rounds=5", "/hash?seed=a.b&rounds=5",
                 "/hash?seed=a%20b&rounds=5", "/hash?seed=abc", "/hash?seed=abc&rounds=", "/hash?seed=abc&rounds=0",
                 "/hash?seed=abc&rounds=-1", "/hash?seed=abc&rounds=1.5", "/hash?seed=abc&rounds=ten",
                 f"/hash?seed=abc&rounds={MAX_ROUNDS + 1}", "/hash?seed=abc&rounds=99999999999999999999",
                 "/hash?seed=abc&seed=def&rounds=5", "/hash?seed=abc&rounds=5&rounds=6"]:
        expect(report, service, path, 400, None, how)
    expect(report, service, "/nowhere", 404, None, how)
    expect(report, service, "/hash/abc", 404, None, how)
    # The largest job is valid: it is accepted (no 400 at once) and computes; the grader does not wait for it.
    biggest = Job(service.port, hash_path("abc", MAX_ROUNDS))
    biggest.join(0.1)
    report.check(f"GET {hash_path('abc', MAX_ROUNDS)} is accepted: no error within 0.1 s, it computes",
                 not biggest.done() or biggest.status() == 200,
                 f"it got {biggest.outcome()}: rounds may be anything from 1 to {MAX_ROUNDS}, both included. {how}")


@scenario({"WORKERS": 2, "QUEUE_LIMIT": 4}, timed=True)
def responsive(report, service):
    """Health probes are answered promptly while two long jobs compute. The service is killed once three probes came
    back while both jobs were computing: the jobs are not waited for (bound checks answers)."""
    jobs = [Job(service.port, hash_path(f"busy{n}", WATCHED)) for n in range(2)]
    time.sleep(0.05)
    probes = watch_probes(report, service, jobs, f"two jobs of {WATCHED} rounds compute", enough=3)
    during = sum(1 for _, outcome, both in probes if both and not outcome)
    report.check("at least 3 probes were answered while both jobs were still computing", during >= 3,
                 f"only {during} of {len(probes)} probes came back before a job finished: the service answers probes only "
                 f"between jobs. Reproduce: {service.how_to_run()}")
    jobs_fine(report, service, jobs, ["busy0", "busy1"], WATCHED)


def jobs_fine(report, service, jobs, seeds, rounds):
    """One check: each watched job is still computing or was answered right."""
    wrong = [(job, seed) for job, seed in zip(jobs, seeds) if job.done() and not answered_right(job, seed, rounds)]
    report.check("the jobs are still computing, or answered 200 with the right hash", not wrong,
                 f"GET {wrong[0][0].path} got {wrong[0][0].outcome()}. Reproduce: {service.how_to_run()}; "
                 f"curl localhost:8080{wrong[0][0].path}" if wrong else "")


# Why two jobs may take turns instead of computing at once, and what computes in parallel, per language.
PARALLEL_HINT = {
    "python": "In Python, threads share one interpreter lock (the GIL) and hashing small inputs holds it, so threads "
              "do not compute in parallel: use processes (concurrent.futures.ProcessPoolExecutor).",
    "node": "Node runs your JavaScript on one thread: use worker_threads, WORKERS of them.",
    "go": "Start WORKERS goroutines that each take jobs from a channel; the Go runtime runs them on as many threads.",
    "java": "Size the pool by WORKERS (Executors.newFixedThreadPool or a ThreadPoolExecutor) and run the jobs on it.",
}
# What keeps the request path free, per language.
POOL_HINT = {
    "python": "a worker pool of processes (concurrent.futures.ProcessPoolExecutor) and a ThreadingHTTPServer",
    "node": "a pool of worker_threads, so the event loop only hands jobs over",
    "go": "a pool of goroutines fed by a channel",
    "java": "a pool of threads (an ExecutorService), so HttpServer's dispatcher thread only hands jobs over",
}


@scenario({"WORKERS": 2, "QUEUE_LIMIT": 4}, timed=True)
def parallel(report, service):
    """With WORKERS=2, two jobs compute at the same moment, on two CPUs. The service is killed once two threads were
    seen computing together."""
    seeds = ["par0", "par1"]
    jobs = [Job(service.port, hash_path(seed, WATCHED)) for seed in seeds]
    busy, window = watch_threads(service, jobs)
    report.check("with WORKERS=2 the two jobs compute at the same time: two threads of the service compute "
                 "without pause while both are in flight", busy >= 2,
                 f"over {window:.1f} s while both jobs were in flight, {busy} thread(s) of the service computed "
                 f"without pause: the jobs take turns. {PARALLEL_HINT[service.language]} Reproduce: "
                 f"{service.how_to_run()}, start two jobs and watch `top -H -p $(pgrep -d, -f server)`: two threads "
                 "should sit at 100% CPU")
    jobs_fine(report, service, jobs, seeds, WATCHED)


@scenario({"WORKERS": 2, "QUEUE_LIMIT": 2}, timed=True)
def bound(report, service):
    """With WORKERS=2 QUEUE_LIMIT=2, six jobs at once: four are answered, two are refused at once with 503."""
    rounds = BOUND[service.language]
    # Sent within 25 ms: whichever two arrive first compute, the next two wait, the last two find the service full.
    # Not all in the same millisecond, and the first probe 50 ms later: a server's accept backlog (Python's is 5)
    # that overflows for a moment costs a connection a 1 s SYN retry, and a job would arrive after the others were
    # answered.
    jobs = []
    for n in range(6):
        jobs.append(Job(service.port, hash_path(f"q{n}", rounds)))
        time.sleep(0.005)
    time.sleep(0.05)
    watch_probes(report, service, jobs, "six jobs are in flight (the queue full)")
    for job in jobs:
        job.join()
    how = (f"Reproduce: {service.how_to_run()}, then start six `curl localhost:8080{hash_path('q0', rounds)} &` "
           "at once: two run, two wait, two are refused")
    refused = [job for job in jobs if job.status() == 503]
    served = [job for n, job in enumerate(jobs) if answered_right(job, f"q{n}", rounds)]
    outcomes = "; ".join(job.outcome() for job in jobs)
    report.check("exactly 4 of the 6 jobs are answered 200 with the right hash", len(served) == 4,
                 f"{len(served)} were; the answers: {outcomes}. {how}")
    report.check("exactly 2 of the 6 jobs are refused with 503", len(refused) == 2,
                 f"{len(refused)} were; the answers: {outcomes}. Admit at most WORKERS running + QUEUE_LIMIT waiting "
                 f"jobs, refuse the rest. {how}")
    if refused:
        slow = [job.took() for job in refused if job.took() > PROBE_SLACK]
        report.check("a refused job is refused at once (within 1 s), not after waiting", not slow,
                     f"a 503 came after {max(slow, default=0):.1f} s: refuse when the job arrives, so the client can "
                     f"retry elsewhere. {how}")
        bodies = [job.response for job in refused]
        report.check("a 503 has a JSON {\"error\": ...} body and Content-Type application/json",
                     all(isinstance(r.json(), dict) and isinstance(r.json().get("error"), str)
                         and r.headers.get("content-type", "").startswith("application/json") for r in bodies),
                     f"got {bodies[0]} with Content-Type {bodies[0].headers.get('content-type', '(none)')!r}. {how}")
        report.check("a 503 has the header Retry-After: 1", all(r.headers.get("retry-after") == "1" for r in bodies),
                     f"its headers were {bodies[0].headers}. {how}")
    after = Job(service.port, hash_path("after", 10))
    after.join(10)
    report.check("once they are done, a new job is served again (200)", answered_right(after, "after", 10),
                 f"it got {after.outcome()}: a finished job must give its place back. {how}")


@scenario({"WORKERS": 1, "QUEUE_LIMIT": 1}, timed=True)
def one_worker(report, service):
    """WORKERS=1 QUEUE_LIMIT=1: a second job waits for the first; a third is refused."""
    rounds = ONE[service.language]
    how = (f"Reproduce: {service.how_to_run()}; curl localhost:8080{hash_path('first', rounds)} & then at once "
           f"curl localhost:8080{hash_path('second', 1)} and a third")
    first = Job(service.port, hash_path("first", rounds))
    time.sleep(0.1)
    second = Job(service.port, hash_path("second", 1))
    time.sleep(0.1)
    third = Job(service.port, hash_path("third", 1))
    third.join(8)
    first.join()
    second.join()
    report.check("the long job answers 200 with the right hash", answered_right(first, "first", rounds),
                 f"it got {first.outcome()}. {how}")
    report.check("a 1-round job sent while it runs is answered 200 with the right hash", answered_right(second, "second", 1),
                 f"it got {second.outcome()}. With one worker and a queue of one, it waits its turn. {how}")
    # Both answers leave together when the long job ends (either may be written first); a second worker would
    # answer the short job at once, while the long one still computes.
    report.check("and only after the long job: with WORKERS=1 the second job waits for the only worker",
                 second.done() and first.done() and second.finished_at >= first.finished_at - 0.15,
                 f"it was answered {max(first.finished_at - second.finished_at, 0):.2f} s before the long job: "
                 f"WORKERS is how many jobs may compute at once. {how}")
    report.check("a third job, sent while one runs and one waits, is refused with 503 at once",
                 third.status() == 503 and third.took() <= PROBE_SLACK
                 and (not first.done() or third.finished_at <= first.finished_at),
                 f"it got {third.outcome()} after {third.took():.2f} s"
                 + (", after the long job was answered" if first.done() and third.done()
                    and third.finished_at > first.finished_at else "")
                 + f": QUEUE_LIMIT=1 lets one job wait, no more, and a refusal comes at once. {how}")


@scenario({}, timed=True)
def defaults(report, service):
    """Without WORKERS and QUEUE_LIMIT: 2 workers and a queue of 4. Two long jobs, then six short ones: the long ones
    compute at once, four short ones wait (none is answered while the long ones compute) and two are refused at once.
    The service is killed once that is seen."""
    longs = [Job(service.port, hash_path(f"dpar{n}", WATCHED)) for n in range(2)]
    time.sleep(0.05)
    shorts = []
    for n in range(6):
        shorts.append(Job(service.port, hash_path(f"d{n}", SHORT)))
        time.sleep(0.01)
    busy, window = watch_threads(service, longs)
    # The refusals come at once; give them the probes' slack.
    deadline = shorts[-1].sent_at + PROBE_SLACK
    while sum(1 for job in shorts if job.status() == 503) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    now = time.monotonic()
    longs_done = [job.finished_at for job in longs if job.done()]
    computed = min(longs_done + [now])
    refused = [job for job in shorts if job.status() == 503 and job.finished_at <= computed]
    early = [job for job in shorts if job.done() and job.status() != 503 and job.finished_at < computed]
    outcomes = "; ".join(job.outcome() for job in shorts)
    how = (f"Reproduce: PORT=8080 {' '.join(service.command)}, start two jobs of {WATCHED} rounds, then six short "
           "ones at once")
    report.check("with neither variable set, 2 long jobs and then 6 short ones: 2 short ones are refused with 503 at "
                 "once (WORKERS 2 + QUEUE_LIMIT 4 = 6 admitted)", len(refused) == 2,
                 f"{len(refused)} were refused while the long jobs computed; the short ones got: {outcomes}. {how}")
    report.check("with neither variable set, none of the short jobs is answered while the two long ones compute: "
                 "two workers by default, the others wait", not early,
                 f"{len(early)} short job(s) were answered while the long jobs still computed ({outcomes}): without "
                 f"WORKERS, 2 jobs compute at once and the others wait for a worker. {how}")
    report.check("with WORKERS not set (2 by default), the two long jobs compute at the same time: two threads of the "
                 "service compute without pause", busy >= 2,
                 f"over {window:.1f} s while both long jobs were in flight, {busy} thread(s) of the service computed "
                 f"without pause. {PARALLEL_HINT[service.language]} {how}")
    finished = [(job, f"d{n}", SHORT) for n, job in enumerate(shorts) if job.done() and job.status() != 503]
    finished += [(job, f"dpar{n}", WATCHED) for n, job in enumerate(longs) if job.done()]
    wrong = [job for job, seed, rounds in finished if not answered_right(job, seed, rounds)]
    report.check("every job answered so far is 200 with the right hash", not wrong,
                 f"GET {wrong[0].path} got {wrong[0].outcome()}. {how}" if wrong else "")


def long_jobs():
    """Every (seed, rounds) of a job the scenarios send with more than a few rounds."""
    for seed in ["busy0", "busy1", "par0", "par1", "dpar0", "dpar1"]:
        yield seed, WATCHED
    for rounds in ONE.values():
        yield "first", rounds
    for rounds in BOUND.values():
        for seed in [f"q{n}" for n in range(6)]:
            yield seed, rounds


def load_expected():
    try:
        with open(EXPECTED_FILE) as file:
            return json.load(file)
    except (OSError, ValueError):
        return {}


def write_expected():
    table = {f"{seed}:{rounds}": chain(seed, rounds) for seed, rounds in long_jobs()}
    with open(EXPECTED_FILE, "w") as file:
        json.dump(table, file, indent=0, sort_keys=True)
        file.write("\n")


SCENARIOS = {"api": api, "responsive": responsive, "parallel": parallel, "bound": bound, "one-worker": one_worker,
             "defaults": defaults}


def main():
    parser = argparse.ArgumentParser(description="Grades event-loop.")
    parser.add_argument("scenarios", nargs="*", metavar="SCENARIO", help=f"one or more of: {', '.join(SCENARIOS)}; or all")
    parser.add_argument("--submission", default="/submission")
    parser.add_argument("--write-expected", action="store_true", help="recompute expected.json (for the lab's author)")
    args = parser.parse_args()
    if args.write_expected:
        write_expected()
    EXPECTED.update(load_expected())
    unknown = [name for name in args.scenarios if name not in SCENARIOS and name != "all"]
    if unknown or not (args.scenarios or args.write_expected):
        parser.error(f"unknown scenario {unknown[0]!r}" if unknown else "name a scenario")
    if not args.scenarios:
        return
    names = list(SCENARIOS) if "all" in args.scenarios else args.scenarios
    submission = os.path.abspath(args.submission)
    # Scenarios load the CPU, so they run one after another.
    report = Report()
    for name in names:
        SCENARIOS[name](report, submission)
    report.emit()


if __name__ == "__main__":
    main()
