#!/usr/bin/env python3
"""The web view in a real browser: a classroom graded by `ladder classroom grade` into a SQLite store, served by
`ladder serve --store`, and read through headless chromium.

    python3 Tests/Browser/web.py --ladder .build/debug/ladder [--out DIR] [--students N]

It checks what an instructor and a learner see: the gradebook lists every student with the score the classroom run
gave and flags the late one, sorting by score reorders it, a student named as HTML shows as text and runs nothing, an
attempt's report shows its failing test and that its signed grade verifies, a learner's page shows the ladder, the
catalog and a lab's README render, unknown pages are 404, and every page forbids script. Then the same over a
PostgreSQL store of its own (Tests/Browser/postgres.py): an instructor's token opens the gradebook, a learner's token
opens that learner's ladder and attempts, and another learner's page, the gradebook and its exports answer 403. It saves a screenshot of each page in DIR (default: a temporary directory, printed).
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
from postgres import Cluster, PostgresMissing
from webdriver import Browser, BrowserMissing, http_status

HOSTILE = "<script>alert('gradebook')</script>"
# The student whose last commit comes after the deadline.
LATE = 4
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
        if index == LATE:
            # Work after the deadline (a day from now): the solved commit before it is graded, flagged late.
            with open(os.path.join(path, "main.py"), "a") as f:
                f.write("# tidied after the deadline\n")
            tomorrow = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 86400))
            subprocess.run(["git", "commit", "-qam", "late work"], cwd=path, check=True,
                           env=dict(env, GIT_AUTHOR_DATE=tomorrow, GIT_COMMITTER_DATE=tomorrow))
        name = HOSTILE if index == 3 else f"Student {index:03}"
        rows.append((f"s{index:03}", name, path, score))
    return write_roster(os.path.join(work, "roster.csv"), rows), rows


def write_roster(path, rows):
    """A roster `classroom grade` reads, of `rows` (student id, name, repository, score); returns its path."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "repository", "name", "email"])
        for student, name, repository, _ in rows:
            writer.writerow([student, repository, name, f"{student}@example.org"])
    return path


def tokens_on_postgres(ladder, work, rows, env, catalog, out):
    """The pages of a PostgreSQL store, behind tokens: an instructor's token opens the gradebook; a learner's opens
    their own ladder and attempts, and another learner's page, the gradebook and the API answer 403."""
    with Cluster() as cluster:
        url = cluster.create_database()
        few = rows[:4]
        roster = write_roster(os.path.join(work, "roster-postgres.csv"), few)
        graded = subprocess.run([ladder, "classroom", "grade", "--roster", roster, "--lab", "hello-io", "--store", url,
                                 "--out", os.path.join(work, "out-postgres"), "--catalog", catalog],
                                env=env, capture_output=True, text=True)
        check(graded.returncode in (0, 1), f"classroom grade into PostgreSQL failed: {graded.stdout}{graded.stderr}")

        def token(name, *learner):
            made = subprocess.run([ladder, "serve", "tokens", "create", name, "--queue", url, *learner], env=env,
                                  capture_output=True, text=True)
            check(made.returncode == 0, f"tokens create {name}: {made.stdout}{made.stderr}")
            return made.stdout.strip()

        teacher = token("teacher")
        ada = token("s000", "--learner", "s000@example.org")
        server, base = serve(ladder, url, catalog, env, os.path.join(work, "serve-postgres.log"))
        try:
            check(http_status(base + "/gradebook") == 401, "the gradebook without a token")
            with Browser() as browser:
                browser.open(base + f"/login?token={teacher}")
                check(browser.current_url().endswith("/gradebook"), f"an instructor lands on the gradebook: "
                      f"{browser.current_url()}")
                browser.open(base + "/gradebook?lab=hello-io")
                links = browser.find_all("#gradebook tbody th a[href^='/learners/']")
                check(len(links) == len(few), f"the instructor's gradebook: {len(links)} learners")
                learners = {browser.text(link): int(browser.attribute(link, "href").rsplit("/", 1)[1])
                            for link in links}
                own_id = learners.pop("Student 000")

                browser.open(base + f"/login?token={ada}")
                check(browser.current_url().endswith(f"/learners/{own_id}"),
                      f"a learner lands on their own ladder: {browser.current_url()}")
                check("Student 000" in browser.page_source(), "the learner's own ladder")
                browser.click(browser.find("a[href^='/attempts/']"))
                check("4 / 4" in browser.page_source(), "the learner's own attempt")
                # Every other learner's page is forbidden and shows nothing of theirs.
                for name, other in learners.items():
                    browser.open(base + f"/learners/{other}")
                    page = browser.page_source()
                    check("403" in browser.title() or "Forbidden" in page, f"{name}'s page: {page[:300]}")
                    check("Student 00" not in page and "alert(" not in page, f"{name}'s page shows them: {page[:300]}")
                browser.screenshot(os.path.join(out, "learner-forbidden.png"))
                browser.open(base + "/gradebook")
                check(not browser.find_all("#gradebook"), "a learner's token opened the gradebook")
            others = [f"/learners/{other}" for other in learners.values()]
            for path in others + ["/gradebook", "/gradebook.csv?lab=hello-io", "/gradebook.canvas.csv"]:
                got = http_status(base + path, headers={"Authorization": f"Bearer {ada}"})
                check(got == 403, f"GET {path} with a learner's token: {got}, expected 403")
            got = http_status(base + f"/learners/{own_id}", headers={"Authorization": f"Bearer {ada}"})
            check(got == 200, f"a learner's own page: {got}")
        finally:
            server.terminate()
            server.wait()


def serve(ladder, store, catalog, env, log, *options):
    out = open(log, "w")
    server = subprocess.Popen([ladder, "serve", "--store", store, "--listen", "127.0.0.1:0", "--catalog", catalog,
                               *options],
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
    parser.add_argument("--students", type=int, default=200)
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
        deadline = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
        keys = os.path.join(work, "keys")
        subprocess.run([ladder, "keys", "generate", "--out", keys], env=env, check=True, capture_output=True)
        graded = subprocess.run([ladder, "classroom", "grade", "--roster", roster, "--lab", "hello-io", "--store",
                                 store, "--out", os.path.join(work, "out"), "--catalog", catalog, "--deadline",
                                 deadline, "--jobs", str(os.cpu_count() or 2), "--signing-key",
                                 os.path.join(keys, "ladder-signing.key")],
                                env=env, capture_output=True, text=True)
        check(graded.returncode in (0, 1), f"classroom grade failed: {graded.stdout}{graded.stderr}")
        server, base = serve(ladder, store, catalog, env, os.path.join(work, "serve.log"), "--public-key",
                             os.path.join(keys, "ladder-signing.pub"))

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
                late = matches[0][0].endswith("late")
                check(late == (student == f"s{LATE:03}"), f"{name}: {matches[0][0]}, late only for s{LATE:03}")
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
            signature = browser.text(browser.find("#signature"))
            check(signature.startswith("verifies: signed by "), f"the signed grade's signature: {signature}")
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
        tokens_on_postgres(ladder, work, rows, env, catalog, out)
        print(f"web view in a browser: passed in {time.time() - started:.1f}s ({len(rows)} students); "
              f"screenshots in {out}")
        return 0
    except (Failure, BrowserMissing, PostgresMissing) as failure:
        print(f"web view in a browser: FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
