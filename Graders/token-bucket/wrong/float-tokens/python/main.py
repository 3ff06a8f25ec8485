# Known-wrong (float-tokens): counts tokens as floating-point numbers (refill = elapsed ms x R / 1000), so ten refills of 0.1 token add up to just under one.
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
    full = float(capacity)
    buckets = {}  # client -> [milli-tokens, time of the last update in ms]
    out = []
    for line in lines[1:]:
        time_text, client = line.split()
        now = int(time_text)
        bucket = buckets.get(client)
        if bucket is None:
            bucket = buckets[client] = [full, now]
        tokens, last = bucket
        tokens = min(full, tokens + (now - last) * refill / 1000)
        if tokens >= 1:
            tokens -= 1
            out.append("allow")
        else:
            out.append("deny")
        bucket[0], bucket[1] = tokens, now
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


if __name__ == "__main__":
    main()
