# Known-wrong (rescans-per-pair): sums each (minute, endpoint) by scanning all of metrics.csv again, which is quadratic on a busy system's bundle.
"""Reference solution for incident-rca: finds an incident's window, endpoints, impact and cause in a bundle."""
import csv
import os
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

ERROR_RATE = 0.05
MIN_REQUESTS = 20
MAX_GAP = timedelta(minutes=3)
MINUTE = timedelta(minutes=1)
PAIR = re.compile(r'(\w+)=("([^"]*)"|\S+)')


def instant(text):
    """An ISO 8601 time with Z or an offset, as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def fields(line):
    return {key: quoted if quoted or value.startswith('"') else value for key, value, quoted in PAIR.findall(line)}


def read_metrics(path):
    rows = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows.append({
                "minute": instant(row["minute"]), "endpoint": row["endpoint"], "version": row["version"],
                "requests": int(row["requests"]), "errors": int(row["errors_5xx"]),
            })
    return rows


def read_errors(path):
    errors = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            when, _, rest = line.partition(" ")
            errors.append((instant(when), fields(rest)))
    return errors


def read_deploys(path):
    deploys = []
    with open(path) as f:
        for line in f:
            parts = line.strip().split(" ", 2)
            if len(parts) < 3 or parts[1] != "deploy":
                continue
            info = fields(parts[2])
            deploys.append((instant(parts[0]), info["service"], info["version"]))
    return deploys


def analyse(directory):
    metrics = read_metrics(os.path.join(directory, "metrics.csv"))
    per_minute = {}
    for key in {(row["minute"], row["endpoint"]) for row in metrics}:
        rows = [row for row in metrics if (row["minute"], row["endpoint"]) == key]
        per_minute[key] = [sum(row["requests"] for row in rows), sum(row["errors"] for row in rows)]
    bad = sorted((minute, endpoint) for (minute, endpoint), (requests, errors) in per_minute.items()
                 if requests >= MIN_REQUESTS and errors / requests > ERROR_RATE)
    if not bad:
        return ["window: none", "failed-requests: 0", "cause: none"]
    groups = []
    for minute in sorted({minute for minute, _ in bad}):
        if groups and minute - groups[-1][-1] <= MAX_GAP:
            groups[-1].append(minute)
        else:
            groups.append([minute])
    weight = lambda group: sum(1 for minute, _ in bad if group[0] <= minute <= group[-1])
    group = max(groups, key=lambda g: (weight(g), -g[0].timestamp()))
    start, end = group[0], group[-1] + MINUTE
    endpoints = sorted({endpoint for minute, endpoint in bad if start <= minute < end})

    in_window = [row for row in metrics if start <= row["minute"] < end and row["endpoint"] in endpoints]
    failed = sum(row["errors"] for row in in_window)
    by_version = defaultdict(lambda: [0, 0])
    for row in in_window:
        by_version[row["version"]][0] += row["requests"]
        by_version[row["version"]][1] += row["errors"]
    judged = {version: errors / requests > ERROR_RATE for version, (requests, errors) in by_version.items() if requests >= MIN_REQUESTS}
    bad_versions = {version for version, is_bad in judged.items() if is_bad}
    if bad_versions and len(bad_versions) < len(judged):
        deployed = {}
        for when, service, version in read_deploys(os.path.join(directory, "deploys.log")):
            if version in bad_versions and (version not in deployed or when < deployed[version][0]):
                deployed[version] = (when, service)
        earliest = datetime.min.replace(tzinfo=timezone.utc)
        first = min(bad_versions, key=lambda v: (deployed.get(v, (earliest, ""))[0], v))
        cause = f"cause: deploy {deployed.get(first, (None, 'unknown'))[1]} {first}"
    else:
        upstreams = Counter()
        for when, info in read_errors(os.path.join(directory, "errors.log")):
            if start <= when < end and info.get("endpoint") in endpoints and info.get("upstream"):
                upstreams[info["upstream"]] += 1
        if upstreams:
            top = max(upstreams.values())
            cause = "cause: dependency " + min(name for name, count in upstreams.items() if count == top)
        else:
            cause = "cause: unknown"
    stamp = lambda t: t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ([f"window: {stamp(start)} {stamp(end)}"] + [f"endpoint: {e}" for e in endpoints]
            + [f"failed-requests: {failed}", cause])


def main():
    if len(sys.argv) != 2:
        print("usage: rca.py INCIDENT_DIRECTORY", file=sys.stderr)
        return 2
    print("\n".join(analyse(sys.argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
