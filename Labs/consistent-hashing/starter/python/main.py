"""consistent-hashing: a hash ring with virtual nodes (see README.md)."""
import hashlib
import sys


def ring_hash(text):
    """The first 8 hex digits of the SHA-256 of the UTF-8 text, as an integer (0 to 2^32 - 1)."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


def main():
    lines = [line.strip() for line in sys.stdin.read().split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return
    vnodes = int(lines[0].split("=", 1)[1])
    nodes = []
    tracked = []  # the tracked keys
    out = []
    for line in lines[1:]:
        words = line.split()
        command = words[0]
        if command == "add":
            # TODO (stage 1): put the node on the ring at ring_hash(f"{node}#0").
            # TODO (stage 2): ... and at #1, #2, ... up to vnodes - 1.
            if words[1] not in nodes:
                nodes.append(words[1])
        elif command == "remove":
            if words[1] in nodes:
                nodes.remove(words[1])
        elif command == "lookup":
            # TODO (stage 1): the owner is the node of the first point at or after ring_hash(key), wrapping around.
            owner = nodes[0] if nodes else "none"
            out.append(f"{words[1]} -> {owner}")
        elif command == "track":
            tracked = [f"{words[1]}{i}" for i in range(int(words[2]))]
        elif command == "load":
            # TODO (stage 2): "load NODE COUNT" for every node, sorted by name.
            pass
        elif command == "moved-after":
            # TODO (stage 3): apply the add or remove, and print "moved M of N".
            pass
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
