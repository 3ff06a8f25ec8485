#!/usr/bin/env python3
"""The web view's gradebook for a large class on the embedded default (issue 16: under 100 ms for 600 students).

A classroom of hello-io (bench/common/hello_lab.py) with STUDENTS repositories is graded by `ladder classroom grade`
into a SQLite store; `ladder serve --store` serves it, and GET /gradebook (every learner's latest grade, the table,
the histogram) is timed against, in the same run and interleaved, fetching the same bytes as a static file from
Python's http.server on the same machine: what is left is Ladder's reading and rendering.

Usage: bench/web/bench.py LADDER [STUDENTS] [ROUNDS]
"""
import http.server, os, re, statistics, subprocess, sys, tempfile, threading, time, urllib.request, shutil, functools

ladder = os.path.abspath(sys.argv[1])
students = int(sys.argv[2]) if len(sys.argv) > 2 else 600
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 30
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(repo, "bench", "common"))
import hello_lab

work = tempfile.mkdtemp(prefix="ladder-bench-web-")
server = None
try:
    catalog = hello_lab.make_catalog(work, repo)
    env = hello_lab.environment(work, LADDER_CATALOG=catalog)
    first = os.path.join(work, "repos", "s0000")
    hello_lab.solved_repository(ladder, catalog, first, env)
    with open(os.path.join(work, "roster.csv"), "w") as roster:
        roster.write("student,repository,name,email\n")
        for i in range(students):
            path = os.path.join(work, "repos", f"s{i:04}")
            if i:
                subprocess.run(["git", "clone", "-q", first, path], env=env, check=True)
            roster.write(f"s{i:04},{path},Student {i:04},s{i:04}@example.org\n")
    store = os.path.join(work, "class.sqlite")
    started = time.perf_counter()
    subprocess.run([ladder, "classroom", "grade", "--roster", os.path.join(work, "roster.csv"), "--lab", "hello-io",
                    "--store", store, "--out", os.path.join(work, "out")], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    graded = time.perf_counter() - started
    log = os.path.join(work, "serve.log")
    server = subprocess.Popen([ladder, "serve", "--store", store, "--listen", "127.0.0.1:0"], env=env,
                              stdout=open(log, "w"), stderr=subprocess.STDOUT)
    for _ in range(600):
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", open(log).read())
        if found:
            break
        time.sleep(0.05)
    page_url = f"http://127.0.0.1:{found.group(1)}/gradebook"
    body = urllib.request.urlopen(page_url).read()
    assert body.count(b"<tr>") >= students, "the gradebook lacks students"
    static = os.path.join(work, "static")
    os.makedirs(static)
    with open(os.path.join(static, "gradebook.html"), "wb") as f:
        f.write(body)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    files = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=static))
    threading.Thread(target=files.serve_forever, daemon=True).start()
    static_url = f"http://127.0.0.1:{files.server_address[1]}/gradebook.html"

    def fetch(url):
        start = time.perf_counter()
        urllib.request.urlopen(url).read()
        return (time.perf_counter() - start) * 1000

    for _ in range(3):
        fetch(page_url), fetch(static_url)
    rendered, baseline = [], []
    for _ in range(rounds):
        rendered.append(fetch(page_url))
        baseline.append(fetch(static_url))
    files.shutdown()
finally:
    if server:
        server.terminate()
        server.wait()
    shutil.rmtree(work, ignore_errors=True)

r, b = statistics.median(rendered), statistics.median(baseline)
print(f"| GET /gradebook, {students} students ({len(body) // 1024} KB), {rounds} rounds interleaved | median ms | p90 ms |")
print("| --- | ---: | ---: |")
print(f"| `ladder serve --store` (SQLite): read and render | {r:.1f} | {sorted(rendered)[int(rounds * 0.9)]:.1f} |")
print(f"| the same bytes from a static file (Python http.server) | {b:.1f} | {sorted(baseline)[int(rounds * 0.9)]:.1f} |")
print(f"\n**gradebook of {students}: {r:.1f} ms** (goal: under 100 ms), {r / b:.1f}x the static file; "
      f"the classroom was graded in {graded:.0f} s")
