"""lru-ttl-cache: an in-memory cache with LRU eviction and a time to live (see README.md)."""
import sys


def main():
    lines = [line.strip() for line in sys.stdin.read().split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return
    capacity = int(lines[0].split("=", 1)[1])
    now = 0
    entries = {}  # key -> value
    out = []
    for line in lines[1:]:
        words = line.split()
        command = words[0]
        if command == "set":
            key, value, ttl = words[1], words[2], int(words[3])
            # TODO (stage 1): when a new key arrives and the cache is full, evict the least recently used entry.
            # TODO (stage 2): remember when the entry expires (now + ttl).
            entries[key] = value
        elif command == "get":
            # TODO (stage 1): a hit makes the entry the most recently used.
            # TODO (stage 2): an expired entry is a miss.
            out.append(entries.get(words[1], "miss"))
        elif command == "tick":
            now += int(words[1])
        elif command == "size":
            # TODO (stage 3): count only the entries that have not expired.
            out.append(str(len(entries)))
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
