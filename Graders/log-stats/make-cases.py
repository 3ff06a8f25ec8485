"""Writes the hidden cases (cases/) and the lab's visible tests (Labs/log-stats/tests/).

Inputs are made here, deterministically; expected outputs come from running the Python reference.
Run from anywhere: python3 Graders/log-stats/make-cases.py
"""
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "log-stats", "tests")
HIDDEN = os.path.join(HERE, "cases")
REFERENCE = os.path.join(HERE, "reference", "python", "main.py")


def entry(path, status, seconds, method="GET", ip="127.0.0.1", user="-", size="512", when="10/Oct/2025:13:55:36"):
    return f'{ip} - {user} [{when} +0000] "{method} {path} HTTP/1.1" {status} {size} {seconds}'


def basic():
    return "\n".join([
        entry("/", 200, "0.004"),
        entry("/api/users", 200, "0.023"),
        entry("/api/users", 201, "0.051", method="POST", size="88"),
        entry("/login", 302, "0.112", method="POST", size="-"),
        entry("/api/users", 200, "0.019"),
        entry("/favicon.ico", 404, "0.002", size="0"),
        entry("/", 200, "0.003"),
        entry("/api/orders", 500, "1.250"),
    ]) + "\n"


def query_strings():
    return "\n".join([
        entry("/search?q=shoes", 200, "0.210"),
        entry("/search?q=hats&page=2", 200, "0.180"),
        entry("/api/users?id=3", 200, "0.020"),
        entry("/api/users?id=4", 404, "0.010"),
        entry("/search", 200, "0.150"),
        entry("/api/users", 200, "0.030"),
        entry("/about", 200, "0.005"),
        entry("/about?", 200, "0.006"),
        entry("/contact", 200, "0.007"),
    ]) + "\n"


def malformed_and_p95():
    lines = []
    for i in range(20):
        lines.append(entry(f"/item/{i % 4}", 200 if i % 5 else 503, f"0.{i + 10:03d}"))
    lines.insert(3, "this is not a log line")
    lines.insert(8, entry("/ok", "2OO", "0.010"))
    lines.insert(12, "")
    lines.insert(15, '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /truncated HTTP/1.1" 200')
    return "\n".join(lines) + "\n"


def empty():
    return ""


def only_malformed():
    return "\n".join([
        "garbage",
        "",
        '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 200 512',
        "",
        entry("/x", 200, "fast"),
    ]) + "\n"


def ties():
    lines = []
    # Five paths with three requests each, written in an order that is not alphabetical,
    # plus two with two requests: the top three are decided by alphabetical order alone.
    for round_ in range(3):
        for path in ["/zeta", "/beta", "/Alpha", "/alpha", "/gamma"]:
            lines.append(entry(path, 200, f"0.0{round_ + 1}0"))
    lines.append(entry("/aardvark", 200, "0.001"))
    lines.append(entry("/aardvark", 200, "0.001"))
    return "\n".join(lines) + "\n"


def hidden_query_strings():
    return "\n".join([
        entry("/cart?item=1", 200, "0.040"),
        entry("/cart?item=2", 200, "0.041"),
        entry("/cart?item=3&qty=2", 200, "0.042"),
        entry("/cart", 201, "0.043", method="PUT"),
        entry("/search?q=a?b", 200, "0.090"),
        entry("/search?", 200, "0.091"),
        entry("/home", 200, "0.010"),
        entry("/home", 200, "0.011"),
        entry("/home", 200, "0.012"),
        entry("/api/v1/items?sort=price", 200, "0.070"),
        entry("/api/v1/items?sort=name", 200, "0.071"),
        entry("/api/v1/items", 200, "0.072"),
        entry("/api/v1/items?page=9", 200, "0.073"),
    ]) + "\n"


def p95_boundaries():
    # Exactly 20 requests: nearest rank is the 19th value, not the 20th (the maximum).
    values = [f"{v / 1000:.3f}" for v in (5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 900, 2500)]
    order = [7, 19, 0, 12, 3, 18, 9, 1, 15, 5, 11, 17, 2, 14, 6, 10, 13, 4, 16, 8]
    return "\n".join(entry(f"/r/{i % 3}", 200, values[i]) for i in order) + "\n"


def malformed_kinds():
    good = entry("/good", 200, "0.100")
    bad = [
        entry("/x", 200, "0.100") + " extra",                         # 12 fields
        entry("/x", 200, "0.100").replace(" 512 ", " "),              # 10 fields
        entry("/x", 2000, "0.100"),                                   # four-digit status
        entry("/x", 600, "0.100"),                                    # status out of range
        entry("/x", "abc", "0.100"),                                  # non-numeric status
        entry("/x", 200, "1.2345"),                                   # four decimals
        entry("/x", 200, "-0.100"),                                   # negative time
        entry("/x", 200, ".5"),                                       # no integer part
        entry("/x", 200, "0.100", size="12k"),                        # bad size
        entry("/x", 200, "0.100", method="get"),                      # lowercase method
        entry("x", 200, "0.100"),                                     # path without leading slash
        entry("/x", 200, "0.100").replace('"', ""),                   # no quotes
        entry("/x", 200, "0.100").replace("GET /x", "GET  /x"),       # double space
        " " + entry("/x", 200, "0.100"),                              # leading space
        entry("/x", 200, "0.100") + " ",                              # trailing space
        entry("/x", 200, "0.100").replace("[", ""),                   # no opening bracket
    ]
    lines = []
    for i, line in enumerate(bad):
        lines.append(line)
        lines.append(entry("/good", 200 + (i % 3), f"0.{i + 100:03d}"))
    lines.append("")
    lines.append(good + "\r")                                          # CRLF line ending is fine
    lines.append(entry("/good", 204, "7", size="-"))                  # whole seconds are fine
    return "\n".join(lines)                                            # and no newline at the end


def large():
    # The README promises "tens of thousands of lines": 40,000, so that anything slower than sorting (keeping the
    # times sorted by insertion, re-sorting after every line) runs out of the test's CPU time.
    rng = random.Random(20251010)
    paths = ["/", "/api/users", "/api/orders", "/api/items", "/login", "/logout", "/search", "/static/app.js",
             "/static/app.css", "/health", "/api/users/me", "/admin"]
    weights = [30, 25, 25, 25, 10, 5, 18, 12, 12, 40, 8, 1]
    statuses = [200] * 40 + [201, 204, 301, 302, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503]
    lines = []
    for i in range(40000):
        if i % 97 == 13:
            lines.append(rng.choice(["-", "GET / HTTP/1.1", "", "127.0.0.1 - - [oops]", "\x00binary?"]))
            continue
        path = rng.choices(paths, weights)[0]
        if rng.random() < 0.3:
            path += f"?page={rng.randrange(1, 50)}"
        millis = int(rng.expovariate(1 / 80)) + 1
        lines.append(entry(path, rng.choice(statuses), f"{millis // 1000}.{millis % 1000:03d}",
                           ip=f"10.0.{rng.randrange(256)}.{rng.randrange(256)}",
                           method=rng.choice(["GET", "GET", "GET", "POST", "PUT", "DELETE"]),
                           size=str(rng.randrange(0, 100000))))
    return "\n".join(lines) + "\n"


def single():
    return entry("/only?x=1", 418, "0.042", method="BREW") + "\n"


def status_order():
    # First seen in an order that is neither ascending nor descending.
    order = [503, 200, 404, 201, 302, 200, 500, 200, 404, 301, 204, 503, 200]
    return "\n".join(entry(f"/s/{i % 2}", code, f"0.{i + 10:03d}") for i, code in enumerate(order)) + "\n"


def status_range():
    # 100 and 599 are the lowest and highest well-formed status codes.
    order = [599, 101, 200, 100, 199, 599, 500, 100]
    return "\n".join(entry("/range", code, "0.010") for code in order) + "\n"


def fewer_paths():
    return "\n".join([
        entry("/two?a=1", 200, "0.010"),
        entry("/one", 200, "0.020"),
        entry("/two?a=2", 200, "0.030"),
    ]) + "\n"


def with_bad(bad_lines, good_times=("0.010", "0.020", "0.030", "0.040", "0.050")):
    """Each malformed line follows a well-formed one; the malformed ones carry a slow time, so a program that takes
    one for a request gets a wrong count and a wrong p95."""
    lines = []
    for i, bad in enumerate(bad_lines):
        lines.append(entry(f"/ok/{i % 3}", 200, good_times[i % len(good_times)]))
        lines.append(bad)
    return "\n".join(lines) + "\n"


def malformed_method():
    return with_bad([
        entry("/x", 200, "9.000").replace('"GET ', '" '),               # a quote and no letters
        entry("/x", 200, "9.000", method="G3T"),                          # a digit
        entry("/x", 200, "9.000", method="GET-X"),                        # punctuation
        entry("/x", 200, "9.000", method="GeT"),                          # a small letter
        entry("/x", 200, "9.000").replace('"GET ', 'GET '),             # no quote
        entry("/x", 200, "9.000", method="\u00c9T"),                      # a capital letter outside A-Z
    ]) + entry("/ok", 200, "0.060", method="M") + "\n" + entry("/ok", 200, "0.070", method="PROPFIND") + "\n"


def malformed_brackets():
    return with_bad([
        entry("/x", 200, "9.000").replace("+0000]", "+0000"),            # zone not closed
        entry("/x", 200, "9.000").replace("+0000]", "]+0000"),           # bracket at the wrong end
        entry("/x", 200, "9.000").replace("[10/", "10/["),               # date not opened
    ])


def malformed_protocol():
    return with_bad([
        entry("/x", 200, "9.000").replace('HTTP/1.1"', "HTTP/1.1"),      # quote not closed
        entry("/x", 200, "9.000").replace('HTTP/1.1"', 'HTTPS/1.1"'),    # not HTTP/
        entry("/x", 200, "9.000").replace('HTTP/1.1"', 'http/1.1"'),     # lower case
        entry("/x", 200, "9.000").replace('HTTP/1.1"', '"HTTP/1.1"'),    # quote at the start
    ]) + entry("/ok", 200, "0.060").replace('HTTP/1.1"', 'HTTP/2"') + "\n"


def malformed_status():
    return with_bad([
        entry("/x", "099", "9.000"),
        entry("/x", "20", "9.000"),
        entry("/x", "2x0", "9.000"),
        entry("/x", "+20", "9.000"),
        entry("/x", "600", "9.000"),
        entry("/x", "0200", "9.000"),
    ]) + entry("/ok", 100, "0.060") + "\n" + entry("/ok", 599, "0.070") + "\n"


def malformed_time():
    return with_bad([
        entry("/x", 200, "7."),
        entry("/x", 200, "1e3"),
        entry("/x", 200, "inf"),
        entry("/x", 200, "+1.5"),
        entry("/x", 200, "1_000"),
        entry("/x", 200, "0x10"),
        entry("/x", 200, "1.5s"),
    ]) + entry("/ok", 200, "0") + "\n" + entry("/ok", 200, "12.5") + "\n"


def malformed_size():
    return with_bad([
        entry("/x", 200, "9.000", size="-1"),
        entry("/x", 200, "9.000", size="--"),
        entry("/x", 200, "9.000", size="1.5"),
        entry("/x", 200, "9.000", size="1,024"),
    ]) + entry("/ok", 200, "0.060", size="0") + "\n" + entry("/ok", 200, "0.070", size="-") + "\n"


def empty_lines():
    # Empty lines between, before and after requests: skipped, not malformed.
    good = [entry(f"/e/{i}", 200, f"0.0{i}0") for i in range(1, 6)]
    return "\n" + "\n\n".join(good) + "\n\n\n"


def crlf_lines():
    # A log with Windows line endings, blank lines among them: "\r\n" alone is an empty line.
    good = [entry(f"/w/{i}", 200, f"0.{i}00") for i in range(1, 7)]
    return "\r\n".join(good[:3] + [""] + good[3:] + ["", ""]) + "\r\n"


def whitespace_lines():
    # Lines of spaces or tabs are not empty: they are malformed.
    good = [entry(f"/w/{i}", 200, f"0.0{i}0") for i in range(1, 5)]
    return "\n".join([good[0], " ", good[1], "\t", good[2], "   ", good[3], " \t "]) + "\n"


def p95_eleven():
    # 0.95 x 11 = 10.45: the nearest rank rounds up to 11 (the maximum), not to 10.
    times = ["0.011", "0.004", "0.010", "0.001", "0.009", "0.002", "0.008", "0.003", "0.007", "0.005", "0.006"]
    return "\n".join(entry("/eleven", 200, t) for t in times) + "\n"


def p95_numeric():
    # Sorted as numbers the 19th of 20 is 80.250; sorted as text it is not.
    times = ["9.5", "10.25", "0.75", "100", "2", "12.5", "1.125", "80.250", "3", "4.5",
             "5", "6", "7", "8", "9", "11", "13", "0.5", "1", "20"]
    return "\n".join(entry(f"/n/{i % 2}", 200, t) for i, t in enumerate(times)) + "\n"


def client_fields():
    # Fields 1 to 3 may hold anything but a space: an IPv6 address, a host name, an identity and a user that are not
    # "-". They carry the slow times, so a program that takes them for malformed gets a wrong count and a wrong p95.
    def line(client, ident, user, path, seconds):
        return f'{client} {ident} {user} [10/Oct/2025:13:55:36 +0000] "GET {path} HTTP/1.1" 200 512 {seconds}'
    return "\n".join([
        line("127.0.0.1", "-", "-", "/a", "0.010"),
        line("::1", "-", "-", "/a", "9.100"),
        line("10.0.0.2", "-", "-", "/b", "0.020"),
        line("2001:db8::7", "-", "-", "/b", "9.200"),
        line("proxy.internal", "-", "-", "/c", "9.300"),
        line("10.0.0.3", "-", "-", "/c", "0.030"),
        line("10.0.0.4", "frank", "-", "/a", "9.400"),
        line("10.0.0.5", "-", "alice", "/b", "9.500"),
        line("unknown", "x", "bob@example.com", "/c", "9.600"),
        line("10.0.0.6", "-", "-", "/a", "0.040"),
        line("-", "-", "[admin]", "/b", "9.700"),
        line("300.1.2.3", '"id"', "-", "/c", "9.800"),
    ]) + "\n"


def report():
    return "\n".join([
        entry("/api/orders?id=7", 500, "1.250"),
        entry("/", 200, "0.004"),
        "truncated line",
        entry("/api/orders", 200, "0.051", method="POST"),
        entry("/", 304, "0.002", size="-"),
        entry("/login", 200, "0.112"),
        "",
        entry("/", 200, "0.003"),
        entry("/health", 200, "0.001"),
    ]) + "\n"


VISIBLE_CASES = [("01-basic", basic), ("02-query-strings", query_strings), ("03-malformed-and-p95", malformed_and_p95)]
HIDDEN_CASES = [
    ("01-empty", empty), ("02-only-malformed", only_malformed), ("03-ties", ties),
    ("04-query-strings", hidden_query_strings), ("05-p95-twenty", p95_boundaries), ("06-malformed-kinds", malformed_kinds),
    ("07-large", large), ("08-single-request", single), ("09-status-order", status_order),
    ("10-status-range", status_range), ("11-fewer-paths", fewer_paths), ("12-malformed-method", malformed_method),
    ("13-malformed-brackets", malformed_brackets), ("14-malformed-protocol", malformed_protocol),
    ("15-malformed-status", malformed_status), ("16-malformed-time", malformed_time),
    ("17-malformed-size", malformed_size), ("18-empty-lines", empty_lines), ("19-crlf-lines", crlf_lines),
    ("20-whitespace-lines", whitespace_lines), ("21-p95-eleven", p95_eleven), ("22-p95-numeric", p95_numeric),
    ("23-report", report), ("24-client-fields", client_fields),
]


def write(directory, name, text):
    os.makedirs(directory, exist_ok=True)
    data = text.encode("utf-8")
    with open(os.path.join(directory, name + ".in"), "wb") as f:
        f.write(data)
    result = subprocess.run([sys.executable, REFERENCE], input=data, capture_output=True, check=True)
    with open(os.path.join(directory, name + ".out"), "wb") as f:
        f.write(result.stdout)


def main():
    for name, make in VISIBLE_CASES:
        write(VISIBLE, name, make())
    for name, make in HIDDEN_CASES:
        write(HIDDEN, name, make())


if __name__ == "__main__":
    main()
