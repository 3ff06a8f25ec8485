# Known-wrong (ticks-every-millisecond): refills by adding R for each millisecond since the last request, one millisecond at a time, instead of computing what the bucket earned in one step: right answers, far too slow for long gaps and many requests.
"""token-bucket reference: per-client token buckets with lazy refill in integer milli-tokens."""
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
        bucket = buckets.get(client)
        if bucket is None:
            bucket = buckets[client] = [full, now]
        tokens, last = bucket
        for _ in range(last, now):
            tokens = min(full, tokens + refill)
        if tokens >= MILLI:
            tokens -= MILLI
            out.append("allow")
        else:
            out.append("deny")
        bucket[0], bucket[1] = tokens, now
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


if __name__ == "__main__":
    main()
