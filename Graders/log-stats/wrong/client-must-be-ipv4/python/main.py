# Known-wrong (client-must-be-ipv4): takes field 1 for an IPv4 address and counts a line whose client is an IPv6 address or a host name as malformed, though the README says fields 1 to 3 may be anything.
import math
import re
import sys


def parse(line):
    """Returns (status, path, seconds) for a well-formed line, or None."""
    fields = line.split(" ")
    if len(fields) != 11 or any(field == "" for field in fields):
        return None
    _ip, _ident, _user, when, zone, method, target, protocol, status, size, elapsed = fields
    if not re.fullmatch(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}", _ip):
        return None
    if not when.startswith("[") or not zone.endswith("]"):
        return None
    if len(method) < 2 or method[0] != '"' or not all("A" <= c <= "Z" for c in method[1:]):
        return None
    if not target.startswith("/"):
        return None
    if not protocol.startswith("HTTP/") or not protocol.endswith('"'):
        return None
    if len(status) != 3 or not status.isascii() or not status.isdigit() or status[0] not in "12345":
        return None
    if size != "-" and not (size.isascii() and size.isdigit()):
        return None
    whole, dot, fraction = elapsed.partition(".")
    if not (whole.isascii() and whole.isdigit()):
        return None
    if dot and not (1 <= len(fraction) <= 3 and fraction.isascii() and fraction.isdigit()):
        return None
    return int(status), target.split("?", 1)[0], float(elapsed)


def main():
    statuses = {}
    paths = {}
    times = []
    malformed = 0
    for raw in sys.stdin.buffer.read().decode("utf-8", errors="replace").split("\n"):
        line = raw[:-1] if raw.endswith("\r") else raw
        if line == "":
            continue
        entry = parse(line)
        if entry is None:
            malformed += 1
            continue
        status, path, seconds = entry
        statuses[status] = statuses.get(status, 0) + 1
        paths[path] = paths.get(path, 0) + 1
        times.append(seconds)

    out = [f"requests: {len(times)}"]
    for status in sorted(statuses):
        out.append(f"status {status}: {statuses[status]}")
    for path, count in sorted(paths.items(), key=lambda item: (-item[1], item[0]))[:3]:
        out.append(f"path {path}: {count}")
    out.append(f"malformed: {malformed}")
    if times:
        times.sort()
        rank = math.ceil(0.95 * len(times))
        out.append(f"p95: {times[rank - 1]:.3f}")
    else:
        out.append("p95: n/a")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
