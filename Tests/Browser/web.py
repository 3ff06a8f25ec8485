#!/usr/bin/env python3
"""The web view in a real browser: a classroom graded by `ladder classroom grade` into a SQLite store, served by
`ladder serve --store`, and read through headless chromium.

    python3 Tests/Browser/web.py --ladder .build/debug/ladder [--out DIR] [--students N]

It checks what an instructor and a learner see: the gradebook lists every student with the score the classroom run
gave, sorting by score reorders it, a student named as HTML shows as text and runs nothing, an attempt's report shows
its failing test, a learner's page shows the ladder, the catalog and a lab's README render, unknown pages are 404,
and every page forbids script. It saves a screenshot of each page in DIR (default: a temporary directory, printed).
Exits 0 when everything holds, 1 with what failed.
"""

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "common"))
import hello_lab
from webdriver import Browser, BrowserMissing, http_status

HOSTILE = "<script>alert('gradebook')</script>"
WRONG = "name = input()\nprint(f'hi, {name}')\n"
# Says hello to the first two names only: half the points.
HALF = "name = input()\nprint(f'hello, {name}' if name in ('Ada', 'Grace Hopper') else 'no')\n"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def classroom(ladder, work, students, env, catalog):
    """`students` repositories of hello-io: most solved, some half solved, one wrong; one student named as HTML.
    Returns the roster's rows (student id, name, expected score)."""
    first = os.path.join(work, "repos", "solved")
    hello_lab.solved_repository(ladder, catalog, first, env)
    rows = []
    for index in range(students):
        path = os.path.join(work, "repos", f"s{index:03}")
        subprocess.run(["git", "clone", "-q", first, path], env=env, check=True)
        solution, score = (WRONG, 0) if index == 1 else (HALF, 2) if index % 5 == 2 else (None, 4)
        if solution:
            with open(os.path.join(path, "main.py"), "w") as f:
                f.write(solution)
            subprocess.run(["git", "commit", "-qam", "attempt"], cwd=path, env=env, check=True)
        name = HOSTILE if index == 3 else f"Student {index:03}"
        rows.append((f"s{index:03}", name, path, score))
    roster = os.path.join(work, "roster.csv")
    with open(roster, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "repository", "name", "email"])
        for student, name, path, _ in rows:
            writer.writerow([student, path, name, f"{student}@example.org"])
    return roster, rows


def serve(ladder, store, catalog, env, log):
    out = open(log, "w")
    server = subprocess.Popen([ladder, "serve", "--store", store, "--listen", "127.0.0.1:0", "--catalog", catalog],
                              env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        text = open(log).read()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", text)
        if found:
            return server, f"http://127.0.0.1:{found.group(1)}"
        if server.poll() is not None:
            raise Failure(f"ladder serve exited: {text}")
        time.sleep(0.05)
    server.kill()
    raise Failure("ladder serve did not start listening in 60 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ladder", required=True)
    parser.add_argument("--out")
    parser.add_argument("--students", type=int, default=24)
    args = parser.parse_args()
    ladder = os.path.abspath(args.ladder)
    out = args.out or tempfile.mkdtemp(prefix="ladder-web-screenshots-")
    os.makedirs(out, exist_ok=True)
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    work = tempfile.mkdtemp(prefix="ladder-web-")
    server = None
    started = time.time()
    try:
        catalog = hello_lab.make_catalog(work, repo)
        env = hello_lab.environment(work, LADDER_CATALOG=catalog)
        roster, rows = classroom(ladder, work, args.students, env, catalog)
        store = os.path.join(work, "class.sqlite")
        graded = subprocess.run([ladder, "classroom", "grade", "--roster", roster, "--lab", "hello-io", "--store",
                                 store, "--out", os.path.join(work, "out"), "--catalog", catalog],
                                env=env, capture_output=True, text=True)
        check(graded.returncode in (0, 1), f"classroom grade failed: {graded.stdout}{graded.stderr}")
        server, base = serve(ladder, store, catalog, env, os.path.join(work, "serve.log"))

        with Browser() as browser:
            def shot(name):
                browser.screenshot(os.path.join(out, f"{name}.png"))

            browser.open(base + "/gradebook?lab=hello-io")
            check("Gradebook" in browser.title(), f"title: {browser.title()}")
            body = browser.find_all("#gradebook tbody tr")
            check(len(body) == len(rows), f"{len(body)} rows for {len(rows)} students")
            shown = {}
            for row in body:
                header = browser.text(browser.find_in(row, "th"))
                cells = [browser.text(cell) for cell in browser.find_all_in(row, "td")]
                shown[header] = cells
            for student, name, _, score in rows:
                matches = [cells for header, cells in shown.items() if header.startswith(name)]
                check(len(matches) == 1, f"{name} is shown {len(matches)} times")
                check(matches[0][0].startswith(f"{score} / 4"), f"{name}: {matches[0][0]}, expected {score} / 4")
            check(browser.alert_text() is None, "a learner's name ran as script")
            check(browser.execute("return document.querySelectorAll('script').length") == 0, "a script element")
            shot("gradebook")

            # Sorting by score puts full marks first and the wrong answer last.
            browser.click(browser.find("a[href*='sort=score']"))
            order = [browser.text(browser.find_in(row, "td")) for row in browser.find_all("#gradebook tbody tr")]
            check(order[0].startswith("4 / 4") and order[-1].startswith("0 / 4"), f"by score: {order}")
            shot("gradebook-by-score")

            # The wrong answer's report.
            wrong = [name for student, name, _, score in rows if score == 0][0]
            link = [row for row in browser.find_all("#gradebook tbody tr")
                    if browser.text(browser.find_in(row, "th")).startswith(wrong)][0]
            browser.click(browser.find_in(link, "td a"))
            page = browser.page_source()
            check("wrong-answer" in page and "0 / 4" in page, "the report of the wrong answer")
            check(re.search(r"/attempts/\d+$", browser.current_url()), f"a permalink: {browser.current_url()}")
            shot("attempt")

            browser.click(browser.find("dd a[href^='/learners/']"))
            check("Junior Backend Developer" in browser.page_source(), "the learner's ladder")
            check(len(browser.find_all("svg polyline")) == 1, "attempts over time")
            shot("learner")

            browser.open(base + "/labs")
            browser.click(browser.find("a[href='/labs/hello-io']"))
            check(browser.text(browser.find("article h1")) == "Hello", "the lab's README")
            shot("lab")

            # The learner named as HTML: text on the page, in the gradebook and on their own page.
            browser.open(base + "/gradebook?lab=hello-io")
            check(HOSTILE in browser.text(browser.find("#gradebook")), "the HTML name is not shown as text")
            check(browser.alert_text() is None, "a learner's name ran as script")

        for path, status in [("/learners/999999", 404), ("/attempts/999999", 404), ("/labs/nope", 404),
                             ("/gradebook.csv", 400), ("/gradebook.csv?lab=hello-io", 200), ("/healthz", 200)]:
            got = http_status(base + path)
            check(got == status, f"GET {path}: {got}, expected {status}")
        with urllib.request.urlopen(base + "/gradebook") as response:
            policy = response.headers.get("Content-Security-Policy", "")
            check("default-src 'none'" in policy and "script-src" not in policy, f"CSP: {policy}")
        print(f"web view in a browser: passed in {time.time() - started:.1f}s ({len(rows)} students); "
              f"screenshots in {out}")
        return 0
    except (Failure, BrowserMissing) as failure:
        print(f"web view in a browser: FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
