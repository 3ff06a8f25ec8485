# Known-wrong (names-ignore-case): lowercases client names, so Alice and alice share one bucket.
import sys

MILLI = 1000  # milli-tokens per token: one request costs MILLI


def parse_config(line):
    """`capacity=C refill=R` -> (C, R); R is tokens per second, which is milli-tokens per millisecond."""
    settings = dict(field.split("=", 1) for field in line.split())
    return int(settings["capacity"]), int(settings["refill"])


def main():
    lines = [line.strip() for line in sys.stdin.read().split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return
    capacity, refill = parse_config(lines[0])
    full = capacity * MILLI
    buckets = {}  # client -> [milli-tokens, time of the last update in ms]
    out = []
    for line in lines[1:]:
        time_text, client = line.split()
        now = int(time_text)
        client = client.lower()
        bucket = buckets.get(client)
        if bucket is None:
            bucket = buckets[client] = [full, now]
        tokens, last = bucket
        tokens = min(full, tokens + (now - last) * refill)
        if tokens >= MILLI:
            tokens -= MILLI
            out.append("allow")
        else:
            out.append("deny")
        bucket[0], bucket[1] = tokens, now
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


if __name__ == "__main__":
    main()
