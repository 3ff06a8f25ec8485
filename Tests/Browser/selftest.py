#!/usr/bin/env python3
"""Proves the browser harness (webdriver.py) works on this machine, against a page it serves itself.

    python3 Tests/Browser/selftest.py [--out DIR]

It serves a small gradebook-like page from 127.0.0.1, opens it in headless chromium, and checks what a web view test
will rely on: the title, table cells, a link, a script-driven button, that escaped markup stays text, status codes, and
a screenshot (kept in DIR). Exits 0 when everything holds, 1 with the first failure otherwise.
"""

import argparse
import html
import http.server
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the tests: .gitignore does not cover it
from webdriver import Browser, BrowserMissing, WebDriverError, http_status

TITLE = "Gradebook: intro-to-c"
GRADES = [("ada", "fizzbuzz", "10/10"), ("grace", "linked-list", "7/10")]
# What a learner could type into a name or commit message; the page escapes it as a server-rendered view must.
HOSTILE = "<script>window.injected = true; alert('injected')</script>"


def gradebook_page():
    rows = "\n".join(f"<tr><td>{html.escape(learner)}</td><td>{html.escape(lab)}</td><td>{html.escape(score)}</td></tr>"
                     for learner, lab, score in GRADES)
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{html.escape(TITLE)}</title></head>
<body>
<h1>{html.escape(TITLE)}</h1>
<table id="grades">
<thead><tr><th>Learner</th><th>Lab</th><th>Score</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p id="note">{html.escape(HOSTILE)}</p>
<p><a id="catalog" href="/catalog">Catalog</a></p>
<button id="regrade" type="button">Regrade</button> <span id="state">graded</span>
<script>
document.getElementById("regrade").addEventListener("click", () => {{
  document.getElementById("state").textContent = "queued";
}});
</script>
</body>
</html>
"""


CATALOG_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Catalog</title></head><body><h1>Catalog</h1></body></html>
"""


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        pages = {"/": gradebook_page(), "/catalog": CATALOG_PAGE}
        body = pages.get(self.path, "<!doctype html><title>Not found</title><p>Not found</p>\n").encode("utf-8")
        self.send_response(200 if self.path in pages else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # a passing run prints only its summary


class Failure(Exception):
    pass


def expect(what, actual, expected):
    # Not `assert`, which `python3 -O` would remove.
    if actual != expected:
        raise Failure(f"{what}: expected {expected!r}, got {actual!r}")


def run(out):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        expect("status of /", http_status(base + "/"), 200)
        expect("status of /missing", http_status(base + "/missing"), 404)
        with Browser() as browser:
            browser.open(base + "/")
            expect("title", browser.title(), TITLE)
            expect("URL", browser.current_url(), base + "/")
            expect("viewport width", browser.execute("return window.innerWidth"), 1280)

            cells = [browser.text(cell) for cell in browser.find_all("#grades tbody td")]
            expect("table cells", cells, [cell for row in GRADES for cell in row])
            expect("tag of #grades, through execute", browser.execute("return arguments[0].tagName",
                                                                      browser.find("#grades")), "TABLE")

            expect("escaped script, as text", browser.text(browser.find("#note")), HOSTILE)
            expect("escaped script in the DOM", html.escape(HOSTILE, quote=False) in browser.page_source(), True)
            expect("script elements (only the page's own)", len(browser.find_all("script")), 1)
            expect("open alert", browser.alert_text(), None)
            expect("window.injected", browser.execute("return window.injected === undefined"), True)

            expect("state before the click", browser.text(browser.find("#state")), "graded")
            browser.click(browser.find("#regrade"))
            expect("state after the click", browser.text(browser.find("#state")), "queued")

            shot = out / "gradebook.png"
            browser.screenshot(shot)
            png = shot.read_bytes()
            expect("screenshot signature", png[:8], b"\x89PNG\r\n\x1a\n")
            if len(png) <= 1024:
                raise Failure(f"screenshot: expected more than 1 KB, got {len(png)} bytes")

            link = browser.find("#catalog")
            expect("link href", browser.attribute(link, "href"), "/catalog")
            browser.click(link)
            expect("URL after the link", browser.current_url(), base + "/catalog")
            expect("title after the link", browser.title(), "Catalog")
        return shot
    finally:
        server.shutdown()
        server.server_close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where to keep the screenshot (default: a new temporary directory)")
    out = parser.parse_args().out or Path(tempfile.mkdtemp(prefix="browser-selftest-"))
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        shot = run(out)
    except BrowserMissing as error:
        print(f"browser selftest: {error}", file=sys.stderr)
        return 1
    except (Failure, WebDriverError) as error:
        print(f"browser selftest: FAILED: {error}", file=sys.stderr)
        return 1
    print(f"browser selftest: passed in {time.monotonic() - started:.1f}s; screenshot {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
