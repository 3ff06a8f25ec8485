"""capacity-plan: read a traffic and data sheet on standard input, print a capacity plan (see README.md)."""
import re
import sys

DAY = 86400  # seconds


def read_sheet(text):
    """Returns the sheet as a dict of key -> number."""
    sheet = {}
    for raw in text.split("\n"):
        line = raw.split("#", 1)[0].strip()  # `#` starts a comment
        if not line:
            continue
        key, _, value = line.partition("=")
        number, unit = re.match(r"([0-9.eE+-]*)\s*(.*)", value.strip()).groups()
        # TODO (stage 2): sizes carry a unit (800B, 12KB, 3MiB): turn them into bytes.
        # TODO (stage 1): fractions may be written as percentages (35%).
        # TODO (stage 3): a missing or unknown key, an unknown unit or a value that is not a number is an
        #                 error: print `error: ...` on standard error and exit with status 2.
        sheet[key.strip()] = float(number)
    return sheet


def plan(sheet):
    """Returns the plan as a list of (name, value) in the README's order."""
    # TODO (stage 1): the users at the horizon grow by monthly_growth every month, compounding.
    users = sheet["daily_active_users"]
    qps_average = users * sheet["requests_per_user"] / DAY
    return [
        ("users_at_horizon", users),
        ("qps_average", qps_average),
        # TODO (stage 1): qps_peak, qps_peak_writes, qps_peak_reads, concurrency_peak
        # TODO (stage 2): ingress_mbps_peak, egress_mbps_peak, storage_added_tb, storage_total_tb
        # TODO (stage 3): app_servers, shards, replicas_per_shard, database_nodes (whole numbers)
    ]


def main():
    sheet = read_sheet(sys.stdin.read())
    for name, value in plan(sheet):
        print(f"{name}: {value:.6f}")


if __name__ == "__main__":
    main()
