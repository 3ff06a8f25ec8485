"""A minimal W3C WebDriver client for Ladder's real-browser tests, standard library only.

It drives Debian's headless `chromium` through `chromedriver` (package chromium-driver) by speaking the WebDriver HTTP
protocol directly, so the browser tests need nothing from PyPI. Install both with `scripts/bootstrap.sh --tests`.

    with Browser() as browser:
        browser.open("http://127.0.0.1:8080/")
        assert browser.title() == "Gradebook"
        for cell in browser.find_all("table td"):
            print(browser.text(cell))

Spec: https://www.w3.org/TR/webdriver2/
"""

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Browser", "BrowserMissing", "Element", "WebDriverError", "http_status"]

INSTALL_HINT = "run `scripts/bootstrap.sh --tests` (or `apt-get install chromium chromium-driver`)"

# The key under which WebDriver wraps a web element reference; fixed by the spec.
ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"

# A proxy from the environment must never see the loopback traffic to chromedriver or to the server under test.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class BrowserMissing(RuntimeError):
    """chromium or chromedriver is not installed."""


class WebDriverError(RuntimeError):
    """A WebDriver command failed; `error` is the spec's error code (such as "no such element")."""

    def __init__(self, command, error, message):
        super().__init__(f"{command}: {error}: {message}")
        self.command = command
        self.error = error
        self.message = message


class Element(str):
    """A web element's id. It is a plain string, but execute() passes it to the script as the element itself."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_status_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def http_status(url, headers=None, timeout=10):
    """The HTTP status of a GET of url, 4xx and 5xx included; redirects are not followed, so a 303 is a 303.

    WebDriver has no way to read a response's status, so this asks the server directly.
    """
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _status_opener.open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def _find_program(name, fallback):
    found = shutil.which(name) or (fallback if os.access(fallback, os.X_OK) else None)
    if found is None:
        raise BrowserMissing(f"{name} is not installed; {INSTALL_HINT}")
    return found


def _free_port():
    # chromedriver cannot report a port it picked itself, so take one the kernel says is free; the window in which
    # another process could take it first is a few milliseconds.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """A headless chromium session driven through its own chromedriver; use it as a context manager.

    Everything it starts (chromedriver, chromium, their temporary directory) is gone when the `with` block ends,
    whether or not it raised.
    """

    # chromedriver's default is five minutes; a page of ours that takes this long is a failure worth reporting.
    PAGE_LOAD_TIMEOUT = 30
    STARTUP_TIMEOUT = 20

    def __init__(self, window_size=(1280, 900)):
        self.window_size = window_size
        self._driver = None
        self._session = None
        self._temp = None
        self._base = None

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _start(self):
        chromedriver = _find_program("chromedriver", "/usr/bin/chromedriver")
        chromium = _find_program("chromium", "/usr/bin/chromium")
        self._temp = tempfile.mkdtemp(prefix="ladder-browser-")
        port = _free_port()
        self._base = f"http://127.0.0.1:{port}"
        self._log_path = os.path.join(self._temp, "chromedriver.log")
        with open(self._log_path, "wb") as log:
            # A session of its own, so that close() can reach the chromium processes as well as chromedriver. Without
            # --enable-chrome-logs, why chromium failed to start shows only in chromedriver's --verbose log.
            self._driver = subprocess.Popen(
                [chromedriver, f"--port={port}", "--enable-chrome-logs"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_until_ready()
        # --disable-gpu changes nothing measurable where there is no GPU (Chromium 156 renders in software either
        # way); it keeps a machine that has one rendering screenshots the same way. --window-size is the outer
        # window: headless=new still takes room for a browser frame, so 1280x900 leaves a 1280x757 viewport.
        args = [
            "--headless=new",
            "--disable-gpu",
            f"--window-size={self.window_size[0]},{self.window_size[1]}",
            f"--user-data-dir={os.path.join(self._temp, 'profile')}",
            # Shared memory goes to /tmp instead of /dev/shm, which CI containers often make 64 MB: Chromium's tabs
            # crash there on large pages. Debian's wrapper adds it only when its own size check works, and that check
            # fails on a machine with /dev/shm mounted twice.
            "--disable-dev-shm-usage",
        ]
        if os.geteuid() == 0:
            # Chromium will not start as root with its sandbox on ("Running as root without --no-sandbox is not
            # supported"), and in containers the tests run as root.
            args.append("--no-sandbox")
        capabilities = {
            "alwaysMatch": {
                "goog:chromeOptions": {"binary": chromium, "args": args},
                "timeouts": {"pageLoad": self.PAGE_LOAD_TIMEOUT * 1000},
            }
        }
        try:
            created = self._call("POST", "/session", {"capabilities": capabilities}, timeout=self.STARTUP_TIMEOUT * 3)
        except WebDriverError as error:
            raise WebDriverError(error.command, error.error, f"{error.message}\n{self._log_tail()}") from None
        self._session = created["sessionId"]

    def _wait_until_ready(self):
        deadline = time.monotonic() + self.STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self._driver.poll() is not None:
                raise WebDriverError("start chromedriver", "exited",
                                     f"status {self._driver.returncode}\n{self._log_tail()}")
            try:
                if self._call("GET", "/status", timeout=2).get("ready"):
                    return
            except WebDriverError:
                pass  # not listening yet
            time.sleep(0.05)
        raise WebDriverError("start chromedriver", "timeout",
                             f"not ready after {self.STARTUP_TIMEOUT}s\n{self._log_tail()}")

    def _log_tail(self, lines=20):
        try:
            with open(self._log_path, encoding="utf-8", errors="replace") as log:
                return "chromedriver log:\n" + "".join(log.readlines()[-lines:])
        except OSError:
            return "(no chromedriver log)"

    def close(self):
        """Ends the session, stops chromedriver and the browser, and removes the temporary directory."""
        browser_quit = False
        if self._session is not None:
            try:
                self._call("DELETE", f"/session/{self._session}", timeout=10)
                browser_quit = True
            except WebDriverError:
                pass  # chromium is killed below instead
            self._session = None
        if self._driver is not None and self._driver.poll() is None:
            if browser_quit:
                self._driver.terminate()
                try:
                    self._driver.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._driver.kill()
                    self._driver.wait()
            else:
                # A chromium that did not quit outlives chromedriver and, sent SIGTERM, goes on writing its profile
                # while the directory is being removed; so kill the whole group (chromium is in chromedriver's) at
                # once. Until chromedriver is waited for, its pid, the group's id, cannot be reused.
                os.killpg(self._driver.pid, signal.SIGKILL)
                self._driver.wait()
        self._driver = None
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None

    def _call(self, method, path, body=None, timeout=None):
        command = f"{method} {path}"
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self._base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with _opener.open(request, timeout=timeout or self.PAGE_LOAD_TIMEOUT * 2) as response:
                payload = response.read()
        except urllib.error.HTTPError as error:
            payload = error.read()
            error.close()
            try:
                value = json.loads(payload)["value"]
                code, message = value["error"], value.get("message", "")
                # chromedriver repeats the code at the start of its messages, sometimes twice.
                while message.startswith(code + ": "):
                    message = message[len(code) + 2:]
            except (ValueError, KeyError, TypeError):
                code, message = f"HTTP {error.code}", payload.decode("utf-8", "replace")[:500]
            raise WebDriverError(command, code, message) from None
        except (urllib.error.URLError, OSError) as error:
            raise WebDriverError(command, "no response", str(getattr(error, "reason", error))) from None
        return json.loads(payload)["value"]

    def _session_call(self, method, path, body=None):
        if self._session is None:
            raise WebDriverError(f"{method} {path}", "invalid session id", "not open; use `with Browser() as b:`")
        return self._call(method, f"/session/{self._session}{path}", body)

    def open(self, url):
        """Navigates to url and waits for the page to load."""
        self._session_call("POST", "/url", {"url": url})

    def title(self):
        return self._session_call("GET", "/title")

    def current_url(self):
        return self._session_call("GET", "/url")

    def find(self, css):
        """The first element matching the CSS selector; raises WebDriverError "no such element" if none does."""
        found = self._session_call("POST", "/element", {"using": "css selector", "value": css})
        return Element(found[ELEMENT_KEY])

    def find_all(self, css):
        """Every element matching the CSS selector, in document order; empty if none does."""
        found = self._session_call("POST", "/elements", {"using": "css selector", "value": css})
        return [Element(reference[ELEMENT_KEY]) for reference in found]

    def find_in(self, element, css):
        """The first element under element matching the CSS selector; raises WebDriverError if none does."""
        found = self._session_call("POST", f"/element/{element}/element", {"using": "css selector", "value": css})
        return Element(found[ELEMENT_KEY])

    def find_all_in(self, element, css):
        """Every element under element matching the CSS selector, in document order."""
        found = self._session_call("POST", f"/element/{element}/elements", {"using": "css selector", "value": css})
        return [Element(reference[ELEMENT_KEY]) for reference in found]

    def text(self, element):
        """The element's rendered text, as a user sees it (hidden parts left out, whitespace collapsed)."""
        return self._session_call("GET", f"/element/{element}/text")

    def attribute(self, element, name):
        """The attribute as written in the HTML (an href stays relative); None if the element has none.

        WebDriver's Get Element Attribute never falls back to the DOM property, unlike Selenium's get_attribute.
        """
        return self._session_call("GET", f"/element/{element}/attribute/{urllib.parse.quote(name, safe='')}")

    def click(self, element):
        """Scrolls the element into view and clicks its centre, as a user would; a link's page load is waited for."""
        self._session_call("POST", f"/element/{element}/click", {})

    def page_source(self):
        """The current DOM serialized as HTML (after scripts ran), not the bytes the server sent."""
        return self._session_call("GET", "/source")

    def screenshot(self, path):
        """Saves a PNG of the viewport to path."""
        png = base64.b64decode(self._session_call("GET", "/screenshot"))
        with open(path, "wb") as file:
            file.write(png)

    def execute(self, script, *args):
        """Runs script as the body of a function, with args as `arguments`, and returns its JSON-able result.

        Elements among args reach the script as DOM elements, and DOM elements it returns come back as Elements.
        """
        wrapped = [{ELEMENT_KEY: arg} if isinstance(arg, Element) else arg for arg in args]
        return _unwrap(self._session_call("POST", "/execute/sync", {"script": script, "args": wrapped}))

    def alert_text(self):
        """The text of the open alert, confirm or prompt dialog; None if there is none."""
        try:
            return self._session_call("GET", "/alert/text")
        except WebDriverError as error:
            if error.error == "no such alert":
                return None
            raise


def _unwrap(value):
    if isinstance(value, list):
        return [_unwrap(item) for item in value]
    if isinstance(value, dict):
        if ELEMENT_KEY in value:
            return Element(value[ELEMENT_KEY])
        return {key: _unwrap(item) for key, item in value.items()}
    return value
