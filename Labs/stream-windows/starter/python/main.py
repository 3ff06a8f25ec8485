"""Windowed aggregation over an event stream. See README.md for the rules.

Run it:   WINDOW_MS=10 ALLOWED_LATENESS_MS=10 python3 main.py < tests/02-allowed-lateness.in
Test it:  ladder test    (or: python3 tests/check.py streaming --submission .)

Today it reads the events and writes only the END line. The TODOs mark what the stages add.
"""
import json
import os
import sys


def setting(name, default):
    text = os.environ.get(name, "")
    return int(text) if text.strip() else default


WINDOW_MS = setting("WINDOW_MS", 60000)
MAX_DELAY_MS = setting("MAX_DELAY_MS", 0)
ALLOWED_LATENESS_MS = setting("ALLOWED_LATENESS_MS", 0)


def main():
    late = duplicates = invalid = 0
    # TODO (stage 1): the windows you keep (per window end and key: count and sum), and the watermark.
    # TODO (stage 2): which windows were emitted already, and the ids seen in each window you keep.
    for raw in sys.stdin:           # line by line: the input may never end
        text = raw.strip()
        if not text:
            continue
        try:
            event = json.loads(text)
        except ValueError:
            invalid += 1
            continue
        # TODO (stage 1): check the event's fields (README, "Input"); put it in its window; advance the watermark
        # and write a WINDOW line for every window it reached, in order.
        # TODO (stage 2): late events, UPDATE lines, duplicates; forget closed windows.
        # TODO (stage 3): flush what you wrote, so that it leaves while the input is still open.
    # TODO (stage 1): at the end of the input, write every window not written yet.
    print(f"END late={late} duplicates={duplicates} invalid={invalid}")


if __name__ == "__main__":
    main()
