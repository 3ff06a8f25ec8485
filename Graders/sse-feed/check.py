"""Grades sse-feed: python3 check.py SCENARIO... [--submission DIR]

Starts the learner's service itself in DIR (default /submission) on a free port, with the scenario's HEARTBEAT_MS:
with the lab language's run command that Ladder passes in $LADDER_RUN, or, run by hand, `python3 server.py`,
`node server.js`, the Go program (built here with `go build -o server .`) or the Java one (built here with
`javac -d out *.java`), whichever is there. It talks to it over raw sockets (so every
byte on the wire can be judged and quoted), and prints one TAP 13 report. Each scenario gets a fresh service.
`all` runs every scenario. Timings are generous: a check fails only when the service is late by seconds.
"""
import argparse
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time

PROMPT = 5.0          # an event, a header or an answer that should be immediate must arrive within this
STARTUP = 10.0
# The whole run, under the sandbox's 60 s wall time: past it the report says which scenario was still running,
# rather than the sandbox killing the grader before it reports anything.
WATCHDOG = 50.0


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


class Failed(Exception):
    """A check failed in a way that makes the rest of the scenario meaningless."""


# Run by hand, each language is built as the lab's lab.toml builds it, and run with the same command.
BUILDS = {
    "go": (["go", "build", "-o", "server", "."], ["./server"]),
    "java": (["javac", "-d", "out"], ["java", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "out", "Server"]),
}
_built = {}


def service_command(submission):
    """How to start the service. Ladder says it in $LADDER_RUN (the lab's build step has run); by hand, the language
    is told by the files present, and Go or Java is built here (once)."""
    run = os.environ.get("LADDER_RUN")
    if run:
        return json.loads(run)
    if os.path.isfile(os.path.join(submission, "server.py")):
        return ["python3", "server.py"]
    if os.path.isfile(os.path.join(submission, "server.js")):
        return ["node", "server.js"]
    if os.path.isfile(os.path.join(submission, "go.mod")):
        language = "go"
    elif os.path.isfile(os.path.join(submission, "Server.java")):
        language = "java"
    else:
        raise Failed("there is no server.py, server.js, go.mod or Server.java to start")
    build, command = BUILDS[language]
    if language == "java":
        build = build + sorted(name for name in os.listdir(submission) if name.endswith(".java"))
    if language not in _built:
        done = subprocess.run(build, cwd=submission, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        _built[language] = None if done.returncode == 0 else (
            f"`{' '.join(build)}` failed: {(done.stderr or done.stdout).strip()[-600:]}")
    if _built[language]:
        raise Failed(_built[language])
    return command


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    def __init__(self, submission, heartbeat_ms):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "HEARTBEAT_MS"}
        env["PORT"] = str(self.port)
        if heartbeat_ms is not None:
            env["HEARTBEAT_MS"] = str(heartbeat_ms)
        command = service_command(submission)
        self.stderr = open(os.path.join("/tmp", f"sse-feed-{os.getpid()}-{self.port}.err"), "w+b")
        self.process = subprocess.Popen(command, cwd=submission, env=env, stdin=subprocess.DEVNULL,
                                        stdout=self.stderr, stderr=self.stderr)
        deadline = time.monotonic() + STARTUP
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise Failed(f"the service exited with status {self.process.returncode} before listening on "
                                 f"$PORT={self.port}.{self.errors()}")
                if time.monotonic() > deadline:
                    raise Failed(f"the service did not listen on 127.0.0.1:$PORT (PORT={self.port}) within "
                                 f"{STARTUP:.0f} s.{self.errors()}")
                time.sleep(0.05)

    def errors(self):
        self.stderr.seek(0)
        text = self.stderr.read()[-1200:].decode("utf-8", "replace").strip()
        return f" Its output ends: {text}" if text else ""

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def post(port, body, path="/events", timeout=PROMPT, raw=False):
    """POST a body (a JSON-able value, or bytes when raw); returns (status, headers, parsed JSON or None)."""
    payload = body if raw else json.dumps(body).encode()
    request = (f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode() + payload
    return exchange(port, request, timeout, f"POST {path} {payload[:200]!r}")


def get(port, path, timeout=PROMPT):
    request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode()
    return exchange(port, request, timeout, f"GET {path}")


def exchange(port, request, timeout, what):
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as error:
        raise Failed(f"{what}: cannot connect: {error}")
    deadline = time.monotonic() + timeout
    try:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data or len(data) < header_end(data) + content_length(data):
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        raise Failed(f"{what}: no complete answer within {timeout:.0f} s (got {data[:200]!r})")
    except OSError as error:
        raise Failed(f"{what}: the connection failed: {error}")
    finally:
        sock.close()
    if b"\r\n\r\n" not in data:
        raise Failed(f"{what}: not an HTTP response: {data[:200]!r}")
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise Failed(f"{what}: not an HTTP status line: {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = dechunk(body)
    try:
        parsed = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        parsed = None
    return int(parts[1]), headers, parsed, body


def keep_alive_posts(port, bodies):
    """POSTs the bodies one after the other on one HTTP/1.1 keep-alive connection; returns (status, JSON, raw) per
    answer, an answer being complete at its Content-Length or its last chunk."""
    answers = []
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=PROMPT)
    except OSError as error:
        raise Failed(f"keep-alive POSTs: cannot connect: {error}")
    buffer = b""
    try:
        for body in bodies:
            payload = json.dumps(body).encode()
            sock.sendall((f"POST /events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                          f"Content-Length: {len(payload)}\r\n\r\n").encode() + payload)
            while b"\r\n\r\n" not in buffer:
                chunk = sock.recv(65536)
                if not chunk:
                    raise Failed(f"keep-alive POSTs: the connection closed after {len(answers)} answers")
                buffer += chunk
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {line.partition(":")[0].strip().lower(): line.partition(":")[2].strip() for line in lines[1:]}
            if "chunked" in headers.get("transfer-encoding", "").lower():
                while b"0\r\n\r\n" not in buffer:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    buffer += chunk
                end = buffer.index(b"0\r\n\r\n") + 5 if b"0\r\n\r\n" in buffer else len(buffer)
                raw, buffer = dechunk(buffer[:end]), buffer[end:]
            elif headers.get("content-length", "").isdigit():
                length = int(headers["content-length"])
                while len(buffer) < length:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    buffer += chunk
                raw, buffer = buffer[:length], buffer[length:]
            else:
                raise Failed(f"keep-alive POSTs: an answer with neither Content-Length nor chunked encoding: {head!r}")
            try:
                parsed = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                parsed = None
            status = lines[0].split(None, 2)[1]
            answers.append((int(status) if status.isdigit() else status, parsed, raw[:100]))
    except socket.timeout:
        raise Failed(f"keep-alive POSTs: no complete answer within {PROMPT:.0f} s after {len(answers)} answers")
    except OSError as error:
        raise Failed(f"keep-alive POSTs: the connection failed after {len(answers)} answers: {error}")
    finally:
        sock.close()
    return answers


def header_end(data):
    return data.index(b"\r\n\r\n") + 4


def content_length(data):
    head = data[:header_end(data)].decode("latin-1").lower()
    for line in head.split("\r\n"):
        if line.startswith("content-length:"):
            value = line.split(":", 1)[1].strip()
            return int(value) if value.isdigit() else 0
    return 1 << 40                              # no length: read until the service closes


def dechunk(body):
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        try:
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return out
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2:]
    return out


class Stream:
    """GET /stream held open; a thread parses it (chunked or not) as the SSE spec says and queues what comes:
    ("event", id, name, data), ("comment", text) and finally ("closed", reason)."""

    def __init__(self, port, last_event_id=None, receive_buffer=None, read=True):
        self.items = queue.Queue()
        self.raw = b""
        self.sock = socket.socket()
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(PROMPT)
        try:
            self.sock.connect(("127.0.0.1", port))
            request = "GET /stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
            if last_event_id is not None:
                request += f"Last-Event-ID: {last_event_id}\r\n"
            self.sock.sendall((request + "\r\n").encode())
        except OSError as error:
            raise Failed(f"GET /stream: cannot connect or send: {error}")
        self.request = request.replace("\r\n", " | ")
        self.status = None
        self.headers = {}
        self.head_ready = threading.Event()
        # The status line and Content-Type of an answer that is not a 200, or None: no event can come on such a stream,
        # so the checks that wait for its events fail at once, saying why (`dead`), instead of waiting out a timeout.
        self.refused = None
        if read:
            threading.Thread(target=self.run, daemon=True).start()

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def run(self):
        try:
            self.sock.settimeout(None)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = self.sock.recv(65536)
                if not chunk:
                    self.raw = data
                    self.head_ready.set()
                    self.items.put(("closed", f"closed before the headers ended: {data[:200]!r}"))
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            parts = lines[0].split(None, 2)
            self.status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            for line in lines[1:]:
                name, _, value = line.partition(":")
                self.headers[name.strip().lower()] = value.strip()
            if self.status != 200:
                self.refused = (lines[0].strip(), self.headers.get("content-type"))
                self.items.put(("dead",))
            self.head_ready.set()
            chunked = "chunked" in self.headers.get("transfer-encoding", "").lower()
            self.parse(self.body(rest, chunked))
        except OSError as error:
            self.head_ready.set()
            self.items.put(("closed", f"the connection failed: {error}"))

    def body(self, rest, chunked):
        """Yields the body's bytes as they arrive."""
        buffer = rest
        if not chunked:
            if buffer:
                yield buffer
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return
                yield chunk
        while True:
            while b"\r\n" not in buffer:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            size_line, _, buffer = buffer.partition(b"\r\n")
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                return
            while len(buffer) < size + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    yield buffer
                    return
                buffer += chunk
            yield buffer[:size]
            buffer = buffer[size + 2:]

    def parse(self, chunks):
        pending = b""
        fields = {"data": []}
        for chunk in chunks:
            if len(self.raw) < 4000:
                self.raw += chunk[:4000]
            pending += chunk
            while True:
                cut = min((i for i in (pending.find(b"\r"), pending.find(b"\n")) if i >= 0), default=-1)
                if cut < 0:
                    break
                line = pending[:cut].decode("utf-8", "replace")
                skip = 2 if pending[cut:cut + 2] == b"\r\n" else 1
                if pending[cut:cut + 1] == b"\r" and cut + 1 == len(pending):
                    break                           # a \r at the end: wait to see whether \n follows
                pending = pending[cut + skip:]
                if line == "":
                    if fields["data"] or "id" in fields or "event" in fields:
                        if fields["data"]:
                            self.items.put(("event", fields.get("id"), fields.get("event", "message"),
                                            "\n".join(fields["data"])))
                    fields = {"data": []}
                elif line.startswith(":"):
                    self.items.put(("comment", line[1:]))
                else:
                    name, colon, value = line.partition(":")
                    if colon and value.startswith(" "):
                        value = value[1:]
                    if name == "data":
                        fields["data"].append(value)
                    elif name in ("id", "event"):
                        fields[name] = value
        self.items.put(("closed", "the service closed the stream"))

    @property
    def dead(self):
        """Why no event can come on this stream, or None while it may."""
        if self.refused is None:
            return None
        status_line, content_type = self.refused
        body = f" and the body {self.raw[:200]!r}" if self.raw else ""
        return (f"the stream never started: GET /stream answered {status_line!r} with Content-Type {content_type!r}"
                f"{body}, not a 200 event stream")

    def head(self, timeout=PROMPT):
        if not self.head_ready.wait(timeout):
            raise Failed(f"GET /stream: no response headers within {timeout:.0f} s (request: {self.request})")
        return self.status, self.headers

    def next_event(self, timeout=PROMPT, stop=None):
        """The next event (skipping comments), None when none came within the timeout (at once when the stream never
        started, or as soon as `stop()` is true), or a Failed explaining what came instead."""
        deadline = time.monotonic() + timeout
        while not self.dead:
            if stop is not None and stop():
                return None
            left = deadline - time.monotonic()
            try:
                item = self.items.get(timeout=max(0.0, min(left, 0.1) if stop is not None else left))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    return None
                continue
            if item[0] == "event":
                return item[1:]
            if item[0] == "closed":
                raise Failed(f"the stream ended: {item[1]} (request: {self.request}; it began {self.raw[:300]!r})")
        return None

    def events(self, count, timeout, stop=None):
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < count:
            event = self.next_event(max(0.0, deadline - time.monotonic()), stop)
            if event is None:
                break
            got.append(event)
        return got


def expect_events(report, stream, expected, timeout, what):
    got = stream.events(len(expected), timeout)
    ok = got == expected
    if stream.dead:
        report.check(what, ok, f"Not waited for, since {stream.dead}. Request: {stream.request}. Expected (id, event, "
                     f"data): {expected[:6]}{' ...' if len(expected) > 6 else ''}. Answer GET /stream with 200 and "
                     "Content-Type: text/event-stream, then write each event's frame to it")
        return ok
    report.check(what, ok, f"Request: {stream.request}. Expected (id, event, data): {expected[:6]}"
                 f"{' ...' if len(expected) > 6 else ''}; got within {timeout:.0f} s: {got[:6]}"
                 f"{' ...' if len(got) > 6 else ''}. The stream began: {stream.raw[:300]!r}")
    return ok


def publish(port, data, event=None):
    body = {"data": data} if event is None else {"data": data, "event": event}
    status, _, parsed, raw = post(port, body)
    if status != 201 or not isinstance(parsed, dict) or not isinstance(parsed.get("id"), int):
        raise Failed(f"POST /events {json.dumps(body)[:200]}: expected 201 with {{\"id\": N}}, got {status} {raw[:200]!r}")
    return parsed["id"]


# --- scenarios ---------------------------------------------------------------------------------------------

def scenario_post(report, port):
    status, headers, parsed, raw = post(port, {"data": "first", "event": "order"})
    report.check("POST /events answers 201 {\"id\": 1} as JSON", status == 201 and parsed == {"id": 1}
                 and headers.get("content-type", "").startswith("application/json"),
                 f"Sent {{\"data\": \"first\", \"event\": \"order\"}}; got {status}, Content-Type "
                 f"{headers.get('content-type')!r}, body {raw[:200]!r}")
    bad = [(b"not json", "a body that is not JSON"), (b"[1, 2]", "a JSON array"), (b"{}", "no data"),
           (b'{"data": 5}', "a data that is not a string"), (b'{"data": "x", "event": ""}', "an empty event name"),
           (b'{"data": "x", "event": "a\\nb"}', "an event name with a line break"),
           (b'{"data": "x", "event": "a\\rb"}', "an event name with a carriage return"),
           (b'{"data": "x", "event": 7}', "an event name that is not a string")]
    for body, what in bad:
        status, headers, parsed, raw = post(port, body, raw=True)
        report.check(f"{what} is 400 with a JSON error", status == 400 and isinstance(parsed, dict) and "error" in parsed,
                     f"Sent POST /events {body!r}; got {status} {raw[:200]!r}")
    request = b"POST /events HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    status, _, parsed, raw = exchange(port, request, PROMPT, "POST /events with no body and no Content-Length")
    report.check("an empty body (no Content-Length) is 400 at once", status == 400 and isinstance(parsed, dict),
                 f"Sent {request!r}; got {status} {raw[:200]!r}")
    status, _, parsed, raw = post(port, {"data": "second"})
    report.check("a rejected request uses no id: the next event gets 2", status == 201 and parsed == {"id": 2},
                 f"After seven 400s, sent {{\"data\": \"second\"}}; got {status} {raw[:200]!r}")
    numbers = [publish(port, f"n{i}") for i in range(2)]
    answers = keep_alive_posts(port, [{"data": "kept alive 1"}, {"data": "kept alive 2"}])
    report.check("two POSTs on one keep-alive connection are both answered (each answer has a length)",
                 [a[:2] for a in answers] == [(201, {"id": 5}), (201, {"id": 6})], f"got {answers}")
    numbers += [a[1].get("id") if isinstance(a[1], dict) else None for a in answers]
    report.check("ids go on 3, 4, 5, 6", numbers == [3, 4, 5, 6], f"got {numbers}")
    for method, path in (("GET", "/nothing"), ("POST", "/stream"), ("GET", "/events")):
        if method == "GET":
            status, _, parsed, raw = get(port, path)
        else:
            status, _, parsed, raw = post(port, {"data": "x"}, path=path)
        report.check(f"{method} {path} is 404 with a JSON error", status == 404 and isinstance(parsed, dict),
                     f"got {status} {raw[:200]!r}")


def scenario_headers(report, port):
    stream = Stream(port)
    status, headers = stream.head()
    report.check("GET /stream answers 200 at once, before any event", status == 200,
                 f"got status {status}, headers {headers}")
    content_type = headers.get("content-type", "")
    report.check("Content-Type: text/event-stream", content_type.split(";")[0].strip().lower() == "text/event-stream",
                 f"got Content-Type {content_type!r}")
    report.check("Cache-Control: no-cache", "no-cache" in headers.get("cache-control", "").lower(),
                 f"got Cache-Control {headers.get('cache-control')!r}")
    report.check("no Content-Length (the stream does not end)", "content-length" not in headers,
                 f"got Content-Length {headers.get('content-length')!r}")
    for number in range(1, 4):
        publish(port, f"tick {number}")
        expect_events(report, stream, [(str(number), "message", f"tick {number}")], PROMPT,
                      f"event {number} reaches an open stream within {PROMPT:.0f} s (no buffering)")
    stream.close()


def scenario_frames(report, port):
    publish(port, "before")
    stream = Stream(port)
    stream.head()
    cases = [("plain", None), ("two\nlines", "order"), ("", "empty"), ("trailing\n", None),
             ("unicode: Grüße ✓ 日本", "i18n"), ('{"json": [1, 2], "text": "a: b"}', "json"),
             ("a\n\nb", None)]
    expected = []
    for data, event in cases:
        number = publish(port, data, event)
        expected.append((str(number), event or "message", data))
    expect_events(report, stream, expected, PROMPT * 2,
                  "events posted after connecting arrive in order with their id, event name (default message) and "
                  "data (several data: lines when it has line breaks); the one posted before is not sent")
    stream.close()
    stream = Stream(port)
    stream.head()
    number = publish(port, "late joiner")
    expect_events(report, stream, [(str(number), "message", "late joiner")], PROMPT,
                  "a new subscriber without Last-Event-ID gets only what is posted after it connected")
    stream.close()


def scenario_line_endings(report, port):
    """Every line the stream sends, frames and heartbeats alike, ends with \\n alone. The service runs with
    HEARTBEAT_MS=300, so heartbeats (if it sends them yet) are among the lines."""
    stream = Stream(port)
    stream.head()
    time.sleep(0.8)
    number = publish(port, "a line of its own", "lines")
    expect_events(report, stream, [(str(number), "lines", "a line of its own")], PROMPT, "an event arrives")
    time.sleep(0.4)
    report.check("every line of the stream ends with \\n alone, frames and heartbeats alike (no \\r)",
                 stream.raw and b"\r" not in stream.raw,
                 f"The stream began: {stream.raw[:300]!r}. End each line with \"\\n\", not \"\\r\\n\": the README "
                 "fixes one line ending, so every client's parser reads the frames the same way")
    stream.close()


def scenario_resume(report, port):
    for i in range(5):
        publish(port, f"r{i + 1}")
    stream = Stream(port, last_event_id="2")
    stream.head()
    expect_events(report, stream, [(str(n), "message", f"r{n}") for n in (3, 4, 5)], PROMPT,
                  "Last-Event-ID: 2 replays events 3, 4, 5 first")
    publish(port, "r6")
    expect_events(report, stream, [("6", "message", "r6")], PROMPT, "then continues live with 6, once")
    stream.close()
    stream = Stream(port, last_event_id="0")
    stream.head()
    expect_events(report, stream, [(str(n), "message", f"r{n}") for n in range(1, 7)], PROMPT,
                  "Last-Event-ID: 0 replays everything from 1")
    stream.close()
    stream = Stream(port, last_event_id="6")
    stream.head()
    publish(port, "r7")
    expect_events(report, stream, [("7", "message", "r7")], PROMPT,
                  "Last-Event-ID of the latest event replays nothing and goes on live")
    stream.close()
    stream = Stream(port, last_event_id="abc")
    stream.head()
    publish(port, "r8")
    expect_events(report, stream, [("8", "message", "r8")], PROMPT,
                  "a Last-Event-ID that is not a whole number is ignored (live from now)")
    stream.close()


def scenario_resume_busy(report, port):
    """A subscriber that reconnects with Last-Event-ID again and again while events are posted without pause must
    see every id exactly once, in order."""
    total = 200
    errors = []

    def producer():
        try:
            for i in range(total):
                publish(port, f"busy {i + 1}")
        except Failed as failure:
            errors.append(str(failure))

    seen = []
    last = "0"
    wanted = [str(n) for n in range(1, total + 1)]
    thread = threading.Thread(target=producer, daemon=True)
    thread.start()
    deadline = time.monotonic() + 25
    reconnects = 0
    # The check fails as soon as an id comes out of order, the stream never starts or a POST fails: the rest of the
    # 25 s is only waited for while every id so far was right.
    while len(seen) < total and time.monotonic() < deadline and not errors and seen == wanted[:len(seen)]:
        stream = Stream(port, last_event_id=last)
        try:
            stream.head()
            for event in stream.events(5, PROMPT, stop=lambda: errors):
                seen.append(event[0])
                last = event[0]
            if stream.dead:
                errors.append(stream.dead)
        except Failed as failure:
            errors.append(str(failure))
        stream.close()
        reconnects += 1
    if not errors and seen == wanted[:len(seen)]:
        thread.join(5)
    problem = errors[0] if errors else ""
    if not problem and seen != wanted:
        for index, (got, want) in enumerate(zip(seen, wanted)):
            if got != want:
                problem = f"after id {seen[index - 1] if index else 'none'} came {got}, expected {want}"
                break
        else:
            problem = f"got {len(seen)} of {total} events"
    report.check(f"{total} events posted without pause, read through {reconnects} reconnections with "
                 "Last-Event-ID: every id exactly once, in order", not problem, problem)


def scenario_fanout(report, port):
    streams = [Stream(port) for _ in range(5)]
    for stream in streams:
        stream.head()
    total = 30
    numbers = []

    def producer(offset):
        for i in range(total // 2):
            numbers.append(publish(port, f"fan {offset}-{i}"))

    threads = [threading.Thread(target=producer, args=(offset,)) for offset in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # The streams have been reading all along: they wait out one deadline together, not one after the other.
    deadline = time.monotonic() + PROMPT * 2
    received = [stream.events(total, max(0.0, deadline - time.monotonic())) for stream in streams]
    ids = [[event[0] for event in events] for events in received]
    wanted = [str(n) for n in range(1, total + 1)]
    report.check(f"5 subscribers each get all {total} events (two producers at once), in id order",
                 all(got == wanted for got in ids), f"ids per subscriber: {[got[:12] for got in ids]}"
                 + (f" (not waited for, since {streams[0].dead})" if streams[0].dead else ""))
    report.check("and the same frames", received[0] and all(events == received[0] for events in received),
                 f"first events per subscriber: {[events[:2] for events in received]}")
    for stream in streams:
        stream.close()


def scenario_disconnect(report, port):
    staying = Stream(port)
    leaving = [Stream(port) for _ in range(3)]
    staying.head()
    for stream in leaving:
        stream.head()
    first = publish(port, "before they leave")
    deadline = time.monotonic() + PROMPT
    for stream in leaving:
        stream.events(1, max(0.0, deadline - time.monotonic()))
        stream.close()
    time.sleep(0.5)
    statuses = []
    for i in range(5):
        try:
            statuses.append(publish(port, f"after {i}"))
        except Failed as failure:
            statuses.append(str(failure))
        time.sleep(0.1)
    report.check("POST /events still answers 201 after subscribers disconnected",
                 all(isinstance(s, int) for s in statuses), f"answers: {statuses}")
    expect_events(report, staying,
                  [(str(first), "message", "before they leave")] +
                  [(str(first + 1 + i), "message", f"after {i}") for i in range(5)], PROMPT * 2,
                  "the remaining subscriber gets every event")
    late = Stream(port)
    late.head()
    number = publish(port, "new subscriber")
    expect_events(report, late, [(str(number), "message", "new subscriber")], PROMPT,
                  "and a new subscriber is served")
    staying.close()
    late.close()


def scenario_slow(report, port):
    slow = Stream(port, receive_buffer=4096, read=False)   # connects and never reads a byte
    fast = Stream(port)
    fast.head()
    time.sleep(0.5)
    size, count = 60_000, 160                               # 9.6 MB: far more than the kernel buffers hold
    started = time.monotonic()
    slowest = 0.0
    failure = ""
    for i in range(count):
        begin = time.monotonic()
        try:
            publish(port, chr(ord("a") + i % 26) * size)
        except Failed as error:
            failure = f"POST number {i + 1} failed while a subscriber was not reading: {error}"
            break
        slowest = max(slowest, time.monotonic() - begin)
    report.check(f"{count} POSTs of {size // 1000} kB are answered while one subscriber reads nothing",
                 not failure, failure)
    if failure:
        return
    got = fast.events(count, 30)
    report.check(f"the other subscriber gets all {count} events", [e[0] for e in got] == [str(n) for n in range(1, count + 1)]
                 and all(len(e[2]) == size for e in got),
                 f"Not waited for, since {fast.dead}" if fast.dead else
                 f"it got {len(got)} events in {time.monotonic() - started:.0f} s")
    slow.close()
    fast.close()


def scenario_heartbeat(report, port):
    stream = Stream(port)
    stream.head()
    comments = 0
    closed = ""
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline and not stream.dead:
        try:
            item = stream.items.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if item[0] == "comment":
            comments += 1
        elif item[0] == "closed":
            closed = item[1]
            break
    report.check("with HEARTBEAT_MS=300, an idle stream gets comment lines: at least 4 in 3 s (and not more than 40)",
                 4 <= comments <= 40 and not closed,
                 f"got {comments} comment lines{'; ' + closed if closed else ''}"
                 + (f" (not waited for, since {stream.dead})" if stream.dead
                    else f". The stream began: {stream.raw[:300]!r}"))
    number = publish(port, "after the heartbeats")
    expect_events(report, stream, [(str(number), "message", "after the heartbeats")], PROMPT,
                  "an event after heartbeats still arrives intact")
    stream.close()


def scenario_heartbeat_default(report, port):
    stream = Stream(port)
    stream.head()
    comments = 0
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline and not stream.dead:
        try:
            item = stream.items.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if item[0] == "comment":
            comments += 1
        elif item[0] == "closed":
            break
    report.check("without HEARTBEAT_MS (default 15000), at most one comment line in the first 3 s", comments <= 1,
                 f"got {comments} comment lines: the default interval is 15 s. The stream began: {stream.raw[:300]!r}")
    stream.close()


# Each scenario and the HEARTBEAT_MS its service gets (None: unset, the default of 15 s, so that a subscriber that is
# only woken by its heartbeat shows up as late).
SCENARIOS = {
    "post": (scenario_post, None), "headers": (scenario_headers, None), "frames": (scenario_frames, None),
    "line-endings": (scenario_line_endings, 300),
    "resume": (scenario_resume, None), "resume-busy": (scenario_resume_busy, None),
    "fanout": (scenario_fanout, None), "disconnect": (scenario_disconnect, None), "slow": (scenario_slow, None),
    "heartbeat": (scenario_heartbeat, 300), "heartbeat-default": (scenario_heartbeat_default, None),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="+", choices=list(SCENARIOS) + ["all"])
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    names = list(SCENARIOS) if "all" in args.scenarios else args.scenarios
    report = Report()
    running = {}
    lock = threading.Lock()

    def give_up():
        with lock:
            report.check(f"{running.get('name')}: the scenario finishes within {WATCHDOG:.0f} s", False,
                         "It was still waiting for the service: an answer or an event never came."
                         + (running["service"].errors() if running.get("service") else ""))
            report.emit()
            sys.stdout.flush()
            if running.get("service"):
                running["service"].stop()
            os._exit(0)

    watchdog = threading.Timer(WATCHDOG, give_up)
    watchdog.daemon = True
    watchdog.start()
    for name in names:
        function, heartbeat = SCENARIOS[name]
        running.update(name=name, service=None)
        service = None
        try:
            service = Service(os.path.abspath(args.submission), heartbeat)
            running["service"] = service
            function(report, service.port)
        except Failed as failure:
            report.check(f"{name}: the scenario runs to its end", False,
                         str(failure) + (service.errors() if service else ""))
        finally:
            if service:
                if service.process.poll() is not None:
                    report.check(f"{name}: the service keeps running", False,
                                 f"it exited with status {service.process.returncode}.{service.errors()}")
                service.stop()
    with lock:
        watchdog.cancel()
        report.emit()


if __name__ == "__main__":
    main()
