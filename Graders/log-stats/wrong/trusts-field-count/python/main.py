# Known-wrong (trusts-field-count): treats any line with 11 fields as well formed, so a bad status or time crashes it.
import math
import sys


def main():
    statuses = {}
    paths = {}
    times = []
    malformed = 0
    for raw in sys.stdin.read().split("\n"):
        line = raw.rstrip("\r")
        if line == "":
            continue
        fields = line.split(" ")
        if len(fields) != 11:
            malformed += 1
            continue
        status = int(fields[8])
        path = fields[6].split("?", 1)[0]
        statuses[status] = statuses.get(status, 0) + 1
        paths[path] = paths.get(path, 0) + 1
        times.append(float(fields[10]))

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
