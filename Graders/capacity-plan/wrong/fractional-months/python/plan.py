# Known-wrong (fractional-months): checks that replication and cores_per_server are whole but not months, which it silently truncates (1.5 months plans for 1).
import math
import re
import sys

SIZE_UNITS = {
    "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12, "PB": 10**15,
    "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40, "PiB": 2**50,
}
SIZES = {"request_size", "response_size", "object_size", "existing_data", "shard_max_storage"}
FRACTIONS = {"write_fraction", "monthly_growth", "target_utilization"}
COUNTS = {"replication", "cores_per_server"}
PLAIN = {
    "daily_active_users", "requests_per_user", "peak_factor", "objects_per_user", "cpu_ms_per_request",
    "latency_ms", "shard_max_write_qps", "replica_max_read_qps", "months",
}
KEYS = SIZES | FRACTIONS | COUNTS | PLAIN
NUMBER = re.compile(r"^([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z%]*)$")
DAY = 86400
MONTH_DAYS = 30


class SheetError(Exception):
    pass


def parse(text):
    sheet = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, equals, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not equals or not key:
            raise SheetError(f"line {number}: expected `key = value`")
        if key not in KEYS:
            raise SheetError(f"line {number}: unknown key `{key}`")
        if key in sheet:
            raise SheetError(f"line {number}: `{key}` is given twice")
        match = NUMBER.match(value)
        if not match:
            raise SheetError(f"line {number}: `{key}` needs a number, got `{value}`")
        amount, unit = float(match.group(1)), match.group(2)
        if key in SIZES:
            if unit not in SIZE_UNITS:
                raise SheetError(f"line {number}: `{key}` has unknown unit `{unit}` (use B, KB, MB, GB, TB, PB or KiB, MiB, GiB, TiB, PiB)")
            amount *= SIZE_UNITS[unit]
        elif key in FRACTIONS and unit == "%":
            amount /= 100
        elif unit:
            raise SheetError(f"line {number}: `{key}` takes no unit, got `{unit}`")
        if key in COUNTS and amount != int(amount):
            raise SheetError(f"line {number}: `{key}` must be a whole number")
        sheet[key] = amount
    missing = sorted(KEYS - sheet.keys())
    if missing:
        raise SheetError("missing key" + ("s" if len(missing) > 1 else "") + ": " + ", ".join(missing))
    return sheet


def ceil(x):
    """Rounds up, treating a ratio within 1e-9 of a whole number as that number (floating point noise)."""
    nearest = round(x)
    if abs(x - nearest) <= 1e-9 * max(1.0, abs(x)):
        return int(nearest)
    return math.ceil(x)


def plan(s):
    growth = 1 + s["monthly_growth"]
    months = int(s["months"])
    users = s["daily_active_users"] * growth ** months
    qps_average = users * s["requests_per_user"] / DAY
    qps_peak = qps_average * s["peak_factor"]
    writes = qps_peak * s["write_fraction"]
    reads = qps_peak - writes
    concurrency = qps_peak * s["latency_ms"] / 1000
    ingress = qps_peak * s["request_size"] * 8 / 1e6
    egress = qps_peak * s["response_size"] * 8 / 1e6
    user_days = sum(s["daily_active_users"] * growth ** (m - 1) * MONTH_DAYS for m in range(1, months + 1))
    added = user_days * s["objects_per_user"] * s["object_size"]
    logical = s["existing_data"] + added
    total = logical * s["replication"]
    cpu_cores = qps_peak * s["cpu_ms_per_request"] / 1000
    servers = ceil(cpu_cores / (s["cores_per_server"] * s["target_utilization"])) + 1
    shards = max(1, ceil(logical / s["shard_max_storage"]), ceil(writes / s["shard_max_write_qps"]))
    replicas = max(int(s["replication"]), ceil(reads / (shards * s["replica_max_read_qps"])))
    return [
        ("users_at_horizon", users),
        ("qps_average", qps_average),
        ("qps_peak", qps_peak),
        ("qps_peak_writes", writes),
        ("qps_peak_reads", reads),
        ("concurrency_peak", concurrency),
        ("ingress_mbps_peak", ingress),
        ("egress_mbps_peak", egress),
        ("storage_added_tb", added / 1e12),
        ("storage_total_tb", total / 1e12),
        ("app_servers", servers),
        ("shards", shards),
        ("replicas_per_shard", replicas),
        ("database_nodes", shards * replicas),
    ]


def main():
    try:
        sheet = parse(sys.stdin.read())
    except SheetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for name, value in plan(sheet):
        print(f"{name}: {value}" if isinstance(value, int) else f"{name}: {value:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
