"""token-bucket: print allow or deny for each request on standard input (see README.md)."""
import sys

MILLI = 1000  # one token is 1000 milli-tokens; a request costs one token


def main():
    lines = [line.strip() for line in sys.stdin.read().split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return
    settings = dict(field.split("=", 1) for field in lines[0].split())
    capacity = int(settings["capacity"])  # tokens a bucket holds at most
    refill = int(settings["refill"])  # tokens per second = milli-tokens per millisecond

    # TODO (stage 1): keep a bucket (milli-tokens and the time of its last update) and refill it lazily:
    #   on each request, add the tokens earned since the last update, then spend one token if there is one.
    # TODO (stage 2): one bucket per client.
    # TODO (stage 3): a bucket never holds more than `capacity` tokens.
    out = []
    for line in lines[1:]:
        time_text, client = line.split()
        now = int(time_text)
        out.append("allow")
    sys.stdout.write("".join(decision + "\n" for decision in out))


if __name__ == "__main__":
    main()
