"""Grades stream-windows by streaming: python3 check.py SCENARIO... [--submission DIR]

Starts the learner's program itself (`python3 main.py`, or `node main.js` when there is no main.py) in DIR
(default /submission), writes events into its standard input through a pipe while reading its standard output,
and prints one TAP 13 report. Scenarios:

  streaming  events are written in four batches; after each, the lines that batch completes must come out
             before the next batch is written (the program must not wait for the end of the input, and must
             flush what it writes)
  long       600,000 generated events (about 55 MB) with duplicates, disorder and late events; the output must
             equal the expected one (cases/long-SEED.out.gz), with bounded memory: a Python program's peak
             resident memory at most 64 MB, a Node.js program runs with a 32 MB V8 heap
             (--max-old-space-size=32)
"""
import argparse
import gzip
import os
import queue
import random
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Generous: a correct program answers a batch in milliseconds; this only catches one that waits for the end.
BATCH_TIMEOUT = 15.0
PYTHON_PEAK_MB = 64
NODE_HEAP_MB = 32
LONG_EVENTS = 600_000
# The whole long run, well under the sandbox's wall time: a correct program needs a few seconds.
LONG_TIMEOUT = 45.0
LONG_SETTINGS = {"WINDOW_MS": "1000", "MAX_DELAY_MS": "200", "ALLOWED_LATENESS_MS": "500"}


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
    text = " | ".join(line.rstrip() for line in str(text).strip().splitlines())
    if len(text) > 900:
        text = text[:900] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def long_events(count, seed):
    """The long stream: 20 keys, times creeping forward with disorder up to 250 ms, 2% redeliveries of a recent
    event, and 0.5% stragglers 0.7 to 2.7 s behind (some within the allowed lateness, most beyond it)."""
    rng = random.Random(seed)
    base = 1_700_000_000_000
    clock = 0
    recent = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.02 and recent:
            yield recent[int(rng.random() * len(recent))]
            continue
        clock += int(rng.random() * 6)
        if roll < 0.025:
            when = clock - 700 - int(rng.random() * 2000)
        else:
            when = clock - int(rng.random() * 250)
        line = '{"id": "%032x", "time": %d, "key": "k%02d", "value": %d}\n' % (
            rng.getrandbits(128), base + max(when, 0), int(rng.random() * 20), int(rng.random() * 2001) - 1000)
        recent.append(line)
        if len(recent) > 50:
            recent.pop(0)
        yield line


class Program:
    """The learner's program with pipes on both ends; its stdout lines arrive on a queue."""

    def __init__(self, submission, settings, node_heap=None):
        # PYTHONUNBUFFERED is dropped: the program must flush its own output, as it would have to in production.
        env = {k: v for k, v in os.environ.items()
               if k not in ("WINDOW_MS", "MAX_DELAY_MS", "ALLOWED_LATENESS_MS", "PYTHONUNBUFFERED")}
        env.update(settings)
        if os.path.exists(os.path.join(submission, "main.py")):
            self.language, command = "python", ["python3", "main.py"]
        else:
            self.language = "node"
            command = ["node"] + ([f"--max-old-space-size={node_heap}"] if node_heap else []) + ["main.js"]
        self.stderr = open(os.path.join("/tmp", f"stream-windows-{os.getpid()}.err"), "w+b")
        self.process = subprocess.Popen(command, cwd=submission, env=env, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.stderr)
        self.lines = queue.Queue()
        self.rusage = None
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for raw in self.process.stdout:
            self.lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
        self.lines.put(None)

    def write(self, text):
        try:
            self.process.stdin.write(text.encode())
            self.process.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def close(self):
        try:
            self.process.stdin.close()
        except OSError:
            pass

    def wait(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status, rusage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                self.process.returncode = os.waitstatus_to_exitcode(status)
                self.rusage = rusage
                return self.process.returncode
            time.sleep(0.05)
        self.process.kill()
        pid, status, rusage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        return None

    def errors(self):
        self.stderr.seek(0)
        text = self.stderr.read()[-1500:].decode("utf-8", "replace").strip()
        hint = ""
        if "heap out of memory" in text or "Reached heap limit" in text:
            hint = (f" It ran out of its {NODE_HEAP_MB} MB V8 heap: forget a window, and the ids of its events, once "
                    "the watermark has passed its end plus the allowed lateness.")
        return hint + (f" Its stderr ends: {text}" if text else "")


def event(id, time_, key, value):
    return '{"id": "%s", "time": %d, "key": "%s", "value": %d}\n' % (id, time_, key, value)


STREAMING_BATCHES = [
    ([event("e1", 1, "a", 1), event("e2", 4, "a", 2), event("e3", 7, "b", 3), event("e4", 12, "a", 4)],
     ["WINDOW key=a start=0 end=10 count=2 sum=3", "WINDOW key=b start=0 end=10 count=1 sum=3"]),
    ([event("e5", 8, "b", 5)],
     ["UPDATE key=b start=0 end=10 count=2 sum=8"]),
    ([event("e6", 25, "a", 6)],
     ["WINDOW key=a start=10 end=20 count=1 sum=4"]),
]
STREAMING_END = ["WINDOW key=a start=20 end=30 count=1 sum=6", "END late=0 duplicates=0 invalid=0"]


def streaming(report, submission):
    program = Program(submission, {"WINDOW_MS": "10", "MAX_DELAY_MS": "0", "ALLOWED_LATENESS_MS": "5"})
    sent = []
    try:
        for number, (batch, expected) in enumerate(STREAMING_BATCHES, start=1):
            sent.extend(batch)
            if not program.write("".join(batch)):
                report.check(f"batch {number}: the program reads its input", False,
                             "It closed standard input or exited early." + program.errors())
                return
            got = []
            deadline = time.monotonic() + BATCH_TIMEOUT
            while len(got) < len(expected):
                try:
                    line = program.lines.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if line is None:
                    break
                got.append(line)
            ok = got == expected
            report.check(f"batch {number}: its lines come out while the input is still open", ok,
                         f"Input so far (stdin stays open): {''.join(sent)!r}. Expected within {BATCH_TIMEOUT:.0f} s: "
                         f"{expected}; got: {got}. Write each line as soon as the watermark allows it and flush "
                         "standard output; do not wait for the end of the input." + program.errors())
            if not ok:
                return
        program.close()
        rest = []
        deadline = time.monotonic() + BATCH_TIMEOUT
        while True:
            try:
                line = program.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            rest.append(line)
        report.check("at the end of the input: the rest of the windows, then END", rest == STREAMING_END,
                     f"Expected {STREAMING_END}; got {rest}." + program.errors())
        code = program.wait(BATCH_TIMEOUT)
        report.check("exits with status 0", code == 0, f"Exit status: {code}." + program.errors())
    finally:
        if program.process.poll() is None:
            program.process.kill()


def expected_lines(seed):
    with gzip.open(os.path.join(HERE, "cases", f"long-{seed}.out.gz"), "rt") as expected:
        for line in expected:
            yield line.rstrip("\n")


def long_stream(report, submission, seed):
    program = Program(submission, LONG_SETTINGS, node_heap=NODE_HEAP_MB)
    failure = []

    def feed():
        chunk = []
        for line in long_events(LONG_EVENTS, seed):
            chunk.append(line)
            if len(chunk) == 2000:
                if not program.write("".join(chunk)):
                    failure.append("it stopped reading its input before the end")
                    return
                chunk = []
        if chunk:
            program.write("".join(chunk))
        program.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    mismatch = None
    count = 0
    expected = expected_lines(seed)
    context = []
    deadline = time.monotonic() + LONG_TIMEOUT
    for want in expected:
        try:
            got = program.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            mismatch = f"after {LONG_TIMEOUT:.0f} s it had written only {count} lines"
            break
        if got is None:
            mismatch = f"the output ended after {count} lines; line {count + 1} should be {want!r}"
            break
        count += 1
        if got != want:
            mismatch = (f"line {count} is {got!r}, expected {want!r}" +
                        (f" (the lines before it: {context[-3:]})" if context else ""))
            break
        context.append(got)
        if len(context) > 3:
            context.pop(0)
    if mismatch is None:
        try:
            extra = program.lines.get(timeout=max(1.0, deadline - time.monotonic()))
        except queue.Empty:
            extra = "(nothing, but it did not exit either)"
        if extra is not None:
            mismatch = f"after the {count} expected lines it wrote more: {extra!r}"
    if mismatch is not None:
        program.close()
        program.process.kill()
    code = program.wait(30)
    writer.join(5)
    ok = mismatch is None and not failure
    report.check(f"{LONG_EVENTS:,} events (settings {LONG_SETTINGS}): the whole output is right", ok,
                 (mismatch or (failure[0] if failure else "")) + "." + program.errors())
    if not ok:
        return
    report.check("exits with status 0", code == 0, f"Exit status: {code}." + program.errors())
    if program.language == "python":
        peak = program.rusage.ru_maxrss / 1024 if program.rusage else 0
        report.check(f"bounded memory: peak resident memory at most {PYTHON_PEAK_MB} MB", peak <= PYTHON_PEAK_MB,
                     f"Peak resident memory was {peak:.0f} MB. Forget a window, and the ids of its events, once the "
                     "watermark has passed its end plus the allowed lateness; never keep every id or every window.")


def long_seed():
    """The seed of the long stream is the one whose expected output is in cases/ (the visible tests have their own)."""
    names = [name for name in os.listdir(os.path.join(HERE, "cases")) if re.fullmatch(r"long-\d+\.out\.gz", name)]
    return int(names[0].split("-")[1].split(".")[0])


SCENARIOS = {"streaming": streaming, "long": lambda report, submission: long_stream(report, submission, long_seed())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="+", choices=sorted(SCENARIOS) + ["all"])
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    names = sorted(SCENARIOS) if "all" in args.scenarios else args.scenarios
    report = Report()
    for name in names:
        SCENARIOS[name](report, os.path.abspath(args.submission))
    report.emit()


if __name__ == "__main__":
    main()
