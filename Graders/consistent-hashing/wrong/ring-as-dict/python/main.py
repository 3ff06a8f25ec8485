# Known-wrong (ring-as-dict): keeps the ring as a dict from position to node, so when two points share a position the node added last wins.
import bisect
import hashlib
import sys


def ring_hash(text):
    """The first 8 hex digits of the SHA-256 of the UTF-8 text, as an integer (0 to 2^32 - 1)."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


class Ring:
    def __init__(self, vnodes):
        self.vnodes = vnodes
        self.nodes = {}  # insertion-ordered
        self.points = []  # sorted (position, node): every virtual node on the ring
        self.positions = []  # the positions alone, for bisect

    def rebuild(self):
        owners = {}
        for node in self.nodes:
            for i in range(self.vnodes):
                owners[ring_hash(f"{node}#{i}")] = node
        self.points = sorted(owners.items())
        self.positions = [position for position, _ in self.points]

    def add(self, node):
        if node not in self.nodes:
            self.nodes[node] = True
            self.rebuild()

    def remove(self, node):
        if node in self.nodes:
            del self.nodes[node]
            self.rebuild()

    def owner(self, position):
        """The node of the first virtual node at or after `position`, wrapping past the top of the ring."""
        if not self.points:
            return None
        index = bisect.bisect_left(self.positions, position)
        return self.points[index % len(self.points)][1]


def main():
    lines = [line.strip() for line in sys.stdin.read().split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return
    ring = Ring(int(lines[0].split("=", 1)[1]))
    tracked = []  # positions of the tracked keys
    out = []
    for line in lines[1:]:
        words = line.split()
        command = words[0]
        if command == "add":
            ring.add(words[1])
        elif command == "remove":
            ring.remove(words[1])
        elif command == "lookup":
            out.append(f"{words[1]} -> {ring.owner(ring_hash(words[1])) or 'none'}")
        elif command == "track":
            prefix, count = words[1], int(words[2])
            tracked = [ring_hash(f"{prefix}{i}") for i in range(count)]
        elif command == "load":
            counts = {node: 0 for node in ring.nodes}
            for position in tracked:
                counts[ring.owner(position)] += 1
            out.extend(f"load {node} {counts[node]}" for node in sorted(counts))
        elif command == "moved-after":
            before = [ring.owner(position) for position in tracked]
            (ring.add if words[1] == "add" else ring.remove)(words[2])
            moved = sum(1 for position, old in zip(tracked, before) if ring.owner(position) != old)
            out.append(f"moved {moved} of {len(tracked)}")
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
