"""incident-rca: analyse an incident bundle and print the window, endpoints, impact and cause (see README.md).

Usage: python3 rca.py DIRECTORY   (the directory holds metrics.csv, errors.log and deploys.log)
"""
import csv
import os
import re
import sys
from datetime import datetime

PAIR = re.compile(r'(\w+)=("([^"]*)"|\S+)')


def instant(text):
    """An ISO 8601 time with Z or an offset (+02:00), as a timezone-aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def fields(text):
    """The key=value pairs of a log line as a dict; values may be quoted: endpoint="GET /api/cart"."""
    return {key: inner if value.startswith('"') else value for key, value, inner in PAIR.findall(text)}


def read_metrics(directory):
    with open(os.path.join(directory, "metrics.csv"), newline="") as f:
        return list(csv.DictReader(f))  # each row: minute, service, endpoint, version, requests, errors_4xx, ...


def main():
    if len(sys.argv) != 2:
        print("usage: rca.py DIRECTORY", file=sys.stderr)
        sys.exit(2)
    directory = sys.argv[1]
    metrics = read_metrics(directory)
    # TODO (stage 1): find the bad minutes of each endpoint (sum the versions' rows of that minute), group them
    #                 (at most 3 minutes apart), take the heaviest group: its window and its endpoints.
    # TODO (stage 2): count the failed requests; judge each version on the affected endpoints in the window;
    #                 blame the bad version deployed first (deploys.log).
    # TODO (stage 3): if no judged version is good, blame the upstream named most often in errors.log.
    print("window: none")
    print("failed-requests: 0")
    print("cause: none")


if __name__ == "__main__":
    main()
