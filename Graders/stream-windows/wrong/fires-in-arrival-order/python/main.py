# Wrong: windows that fire together come out by end, then in the order their keys first arrived, not by key.
"""Windowed aggregation over an event stream: event-time tumbling windows, a watermark, allowed lateness.

Reads events (JSON lines) on standard input and writes WINDOW, UPDATE and END lines on standard output, as the
README describes. Memory stays bounded: a window, and the ids of its events, are forgotten once the watermark
has passed its end plus the allowed lateness.
"""
import heapq
import json
import os
import sys


def setting(name, default):
    text = os.environ.get(name, "")
    return int(text) if text.strip() else default


def valid(event):
    if not isinstance(event, dict):
        return False
    for field in ("id", "key"):
        if not isinstance(event.get(field), str) or event.get(field) == "":
            return False
    for field in ("time", "value"):
        if type(event.get(field)) is not int:
            return False
    return event["time"] >= 0


class Windows:
    def __init__(self, size, delay, lateness, out):
        self.size, self.delay, self.lateness, self.out = size, delay, lateness, out
        self.held = {}          # window end -> {key: [count, sum, fired, ids]}
        self.unfired = []       # heap of (end, key) not emitted yet
        self.ends = []          # heap of the ends in held, for forgetting
        self.watermark = None
        self.late = self.duplicates = self.invalid = 0
        self.arrivals = 0

    def line(self, kind, key, end, state):
        self.out.write(f"{kind} key={key} start={end - self.size} end={end} count={state[0]} sum={state[1]}\n")

    def add(self, event):
        end = event["time"] // self.size * self.size + self.size
        if self.watermark is not None and end + self.lateness <= self.watermark:
            self.late += 1
            return
        keys = self.held.get(end)
        if keys is None:
            keys = self.held[end] = {}
            heapq.heappush(self.ends, end)
        state = keys.get(event["key"])
        if state is None:
            state = keys[event["key"]] = [0, 0, False, set()]
            self.arrivals += 1
            heapq.heappush(self.unfired, (end, self.arrivals, event["key"]))
        if event["id"] in state[3]:
            self.duplicates += 1
            return
        state[3].add(event["id"])
        state[0] += 1
        state[1] += event["value"]
        if state[2]:
            self.line("UPDATE", event["key"], end, state)
        watermark = event["time"] - self.delay
        if self.watermark is None or watermark > self.watermark:
            self.watermark = watermark
        self.advance(self.watermark)

    def advance(self, watermark):
        while self.unfired and self.unfired[0][0] <= watermark:
            end, _, key = heapq.heappop(self.unfired)
            state = self.held[end][key]
            state[2] = True
            self.line("WINDOW", key, end, state)
        while self.ends and self.ends[0] + self.lateness <= watermark:
            del self.held[heapq.heappop(self.ends)]


def main():
    windows = Windows(setting("WINDOW_MS", 60000), setting("MAX_DELAY_MS", 0), setting("ALLOWED_LATENESS_MS", 0),
                      sys.stdout)
    for raw in sys.stdin:
        text = raw.strip()
        if not text:
            continue
        try:
            event = json.loads(text)
        except ValueError:
            event = None
        if not valid(event):
            windows.invalid += 1
            continue
        windows.add(event)
        sys.stdout.flush()
    windows.advance(float("inf"))
    sys.stdout.write(f"END late={windows.late} duplicates={windows.duplicates} invalid={windows.invalid}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
