# Known-wrong (update-keeps-longer-expiry): on a set of a live key keeps whichever expiry is later, so a shorter new TTL is ignored.
import heapq
import sys
from collections import OrderedDict


class Cache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.entries = OrderedDict()  # key -> (value, expires_at), least recently used first
        self.expiries = []  # heap of (expires_at, key); stale when the key was set again since
        self.now = 0

    def live(self, key):
        entry = self.entries.get(key)
        return entry is not None and self.now < entry[1]

    def purge_expired(self):
        while self.expiries and self.expiries[0][0] <= self.now:
            expires_at, key = heapq.heappop(self.expiries)
            entry = self.entries.get(key)
            if entry is not None and entry[1] == expires_at:
                del self.entries[key]

    def get(self, key):
        if not self.live(key):
            self.entries.pop(key, None)
            return None
        self.entries.move_to_end(key)
        return self.entries[key][0]

    def set(self, key, value, ttl):
        if not self.live(key):
            self.entries.pop(key, None)
            self.purge_expired()
            if len(self.entries) >= self.capacity:
                self.entries.popitem(last=False)
        expires_at = self.now + ttl
        if self.live(key):
            expires_at = max(expires_at, self.entries[key][1])
        self.entries[key] = (value, expires_at)
        self.entries.move_to_end(key)
        heapq.heappush(self.expiries, (expires_at, key))

    def size(self):
        self.purge_expired()
        return len(self.entries)


def main():
    lines = [line.strip() for line in sys.stdin.read().split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return
    cache = Cache(int(lines[0].split("=", 1)[1]))
    out = []
    for line in lines[1:]:
        words = line.split()
        command = words[0]
        if command == "set":
            cache.set(words[1], words[2], int(words[3]))
        elif command == "get":
            value = cache.get(words[1])
            out.append("miss" if value is None else value)
        elif command == "tick":
            cache.now += int(words[1])
        elif command == "size":
            out.append(str(cache.size()))
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
