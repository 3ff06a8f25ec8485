"""Writes the hidden sheets (cases/) and the visible ones (Labs/capacity-plan/tests/) of capacity-plan.

Every sheet is written here, deterministically (the random ones from fixed seeds); expected plans come from
running the Python reference, and each sheet is checked to have the property its test is about (storage-bound
shards, a whole-number ratio at a rounding boundary, ...), so a change here cannot quietly weaken a test.
Run from anywhere: python3 Graders/capacity-plan/make-cases.py
"""
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "capacity-plan", "tests")
HIDDEN = os.path.join(HERE, "cases")
REFERENCE = os.path.join(HERE, "reference", "python", "plan.py")
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(REFERENCE))
import plan as reference  # noqa: E402

ORDER = [
    "daily_active_users", "requests_per_user", "write_fraction", "peak_factor", "monthly_growth", "months",
    "request_size", "response_size", "objects_per_user", "object_size", "existing_data", "replication",
    "cpu_ms_per_request", "cores_per_server", "target_utilization", "latency_ms",
    "shard_max_storage", "shard_max_write_qps", "replica_max_read_qps",
]


def sheet(title, values, order=ORDER, comments=None):
    lines = [f"# {title}"]
    for key in order:
        if key in values:
            comment = (comments or {}).get(key)
            lines.append(f"{key} = {values[key]}" + (f"   # {comment}" if comment else ""))
    return "\n".join(lines) + "\n"


PHOTOS = {
    "daily_active_users": "2000000", "requests_per_user": "40", "write_fraction": "0.05", "peak_factor": "3",
    "monthly_growth": "0.04", "months": "12", "request_size": "800B", "response_size": "12KB",
    "objects_per_user": "0.5", "object_size": "250KB", "existing_data": "40TB", "replication": "3",
    "cpu_ms_per_request": "15", "cores_per_server": "16", "target_utilization": "0.6", "latency_ms": "120",
    "shard_max_storage": "4TB", "shard_max_write_qps": "2000", "replica_max_read_qps": "5000",
}

# Writes dominate: the write rate, not the data, decides the number of shards.
CHAT = {
    "daily_active_users": "5000000", "requests_per_user": "300", "write_fraction": "0.6", "peak_factor": "2.5",
    "monthly_growth": "0", "months": "6", "request_size": "1.5KB", "response_size": "2KB",
    "objects_per_user": "200", "object_size": "300B", "existing_data": "2TB", "replication": "3",
    "cpu_ms_per_request": "4", "cores_per_server": "32", "target_utilization": "0.7", "latency_ms": "35",
    "shard_max_storage": "10TB", "shard_max_write_qps": "3000", "replica_max_read_qps": "8000",
}

# Reads dominate: each shard needs more replicas than the replication factor to serve them.
CATALOG = {
    "daily_active_users": "8000000", "requests_per_user": "120", "write_fraction": "0.01", "peak_factor": "4",
    "monthly_growth": "0.02", "months": "24", "request_size": "600B", "response_size": "45KB",
    "objects_per_user": "0.001", "object_size": "20KB", "existing_data": "500GB", "replication": "2",
    "cpu_ms_per_request": "8", "cores_per_server": "8", "target_utilization": "0.5", "latency_ms": "80",
    "shard_max_storage": "2TB", "shard_max_write_qps": "5000", "replica_max_read_qps": "6000",
}

# Binary units and percentages.
BACKUPS = {
    "daily_active_users": "150000", "requests_per_user": "20", "write_fraction": "35%", "peak_factor": "6",
    "monthly_growth": "3.5%", "months": "18", "request_size": "64KiB", "response_size": "2KiB",
    "objects_per_user": "4", "object_size": "3MiB", "existing_data": "120TiB", "replication": "3",
    "cpu_ms_per_request": "40", "cores_per_server": "16", "target_utilization": "65%", "latency_ms": "900",
    "shard_max_storage": "16TiB", "shard_max_write_qps": "1500", "replica_max_read_qps": "4000",
}

# Every rounded-up count lands exactly on a whole number: 4000 writes/s on 2000 per shard is 2 shards, not 3.
BOUNDARY = {
    "daily_active_users": "864000", "requests_per_user": "100", "write_fraction": "0.25", "peak_factor": "4",
    "monthly_growth": "0", "months": "3", "request_size": "1KB", "response_size": "10KB",
    "objects_per_user": "1", "object_size": "1KB", "existing_data": "0.22224TB", "replication": "2",
    "cpu_ms_per_request": "10", "cores_per_server": "8", "target_utilization": "0.5", "latency_ms": "50",
    "shard_max_storage": "0.3TB", "shard_max_write_qps": "2000", "replica_max_read_qps": "3000",
}

# A plan for today: no months ahead, nothing added yet.
TODAY = {
    "daily_active_users": "350000", "requests_per_user": "60", "write_fraction": "0.2", "peak_factor": "3.2",
    "monthly_growth": "0.1", "months": "0", "request_size": "2KB", "response_size": "8KB",
    "objects_per_user": "3", "object_size": "40KB", "existing_data": "9TB", "replication": "3",
    "cpu_ms_per_request": "25", "cores_per_server": "4", "target_utilization": "0.75", "latency_ms": "200",
    "shard_max_storage": "1TB", "shard_max_write_qps": "1000", "replica_max_read_qps": "2500",
}


# The units no other sheet uses: MB in the bandwidth, GiB and PB in the storage, PiB in the shards.
VIDEO = {
    "daily_active_users": "400000", "requests_per_user": "30", "write_fraction": "0.1", "peak_factor": "5",
    "monthly_growth": "0.05", "months": "6", "request_size": "2MB", "response_size": "1.5MB",
    "objects_per_user": "0.05", "object_size": "0.25GiB", "existing_data": "1.2PB", "replication": "3",
    "cpu_ms_per_request": "30", "cores_per_server": "32", "target_utilization": "0.7", "latency_ms": "400",
    "shard_max_storage": "0.05PiB", "shard_max_write_qps": "4000", "replica_max_read_qps": "3000",
}


def messy(values):
    """The same numbers written the way people write sheets: another order, comments, spaces, exponents."""
    order = list(reversed(ORDER))
    text = ["# Ticketing: the launch plan, written by three people", "", "   # traffic"]
    for key in order:
        value = values[key]
        if key == "daily_active_users":
            value = "1.2e6"
        if key.endswith("_size") or key in ("existing_data", "shard_max_storage"):
            number = value.rstrip("BKMGTPi")
            value = f"{number} {value[len(number):]}"
        text.append(f"{key}={value}" if len(text) % 3 == 0 else f"  {key}   =   {value}   # set by ops")
        if len(text) % 5 == 0:
            text.append("")
    return "\r\n".join(text) + "\r\n"


TICKETS = {
    "daily_active_users": "1200000", "requests_per_user": "25", "write_fraction": "0.15", "peak_factor": "10",
    "monthly_growth": "0.08", "months": "9", "request_size": "1200B", "response_size": "30KB",
    "objects_per_user": "0.3", "object_size": "5KB", "existing_data": "800GB", "replication": "3",
    "cpu_ms_per_request": "20", "cores_per_server": "16", "target_utilization": "0.6", "latency_ms": "150",
    "shard_max_storage": "1TB", "shard_max_write_qps": "2500", "replica_max_read_qps": "5000",
}


def random_sheet(seed):
    rng = random.Random(seed)
    values = {
        "daily_active_users": str(rng.randrange(50_000, 5_000_000, 1000)),
        "requests_per_user": str(rng.randrange(5, 200)),
        "write_fraction": f"{rng.randrange(1, 60)}%",
        "peak_factor": f"{rng.uniform(1.5, 8):.2f}",
        "monthly_growth": f"{rng.uniform(0, 0.08):.3f}",
        "months": str(rng.randrange(1, 25)),
        "request_size": f"{rng.randrange(200, 4000)}B",
        "response_size": f"{rng.uniform(1, 200):.1f}{rng.choice(['KB', 'KiB'])}",
        "objects_per_user": f"{rng.uniform(0.01, 2):.2f}",
        "object_size": f"{rng.randrange(1, 900)}{rng.choice(['KB', 'KiB'])}",
        "existing_data": f"{rng.randrange(1, 300)}{rng.choice(['TB', 'TiB', 'GB'])}",
        "replication": str(rng.randrange(2, 6)),
        "cpu_ms_per_request": f"{rng.uniform(1, 60):.1f}",
        "cores_per_server": str(rng.choice([4, 8, 16, 32, 64])),
        "target_utilization": f"{rng.randrange(40, 80)}%",
        "latency_ms": str(rng.randrange(10, 1500)),
        "shard_max_storage": f"{rng.choice([1, 2, 4, 8])}TB",
        "shard_max_write_qps": str(rng.randrange(500, 10000, 100)),
        "replica_max_read_qps": str(rng.randrange(1000, 20000, 500)),
    }
    return sheet(f"random sheet, seed {seed}", values)


def run(text):
    done = subprocess.run([sys.executable, REFERENCE], input=text, capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def plan_of(values):
    return dict(reference.plan(reference.parse(sheet("check", values))))


def check_properties():
    """Fails loudly if a sheet no longer has the property its test relies on."""
    chat = plan_of(CHAT)
    logical = float(CHAT["existing_data"].rstrip("TB")) * 1e12 + chat["storage_added_tb"] * 1e12
    assert chat["shards"] == reference.ceil(chat["qps_peak_writes"] / 3000) > reference.ceil(logical / 10e12), "CHAT must be write-bound"
    photos = plan_of(PHOTOS)
    assert photos["shards"] > reference.ceil(photos["qps_peak_writes"] / 2000), "PHOTOS must be storage-bound"
    catalog = plan_of(CATALOG)
    assert catalog["replicas_per_shard"] > 2, "CATALOG must need read replicas beyond the replication factor"
    boundary = plan_of(BOUNDARY)
    # qps_peak = 864000*100/86400*4 = 4000: 40 cores on 8 x 0.5 = 10 servers (+1); writes 1000 -> 0.5 shard;
    # storage 0.22224TB + 90 days * 864000 * 1KB = 0.3TB = exactly one shard; reads 3000 = one replica's worth
    assert abs(boundary["qps_peak"] - 4000) < 1e-9
    assert abs(boundary["storage_added_tb"] - 0.07776) < 1e-12
    assert boundary["shards"] == 1 and boundary["replicas_per_shard"] == 2 and boundary["app_servers"] == 11, boundary
    video = plan_of(VIDEO)
    decimal = plan_of(dict(VIDEO, shard_max_storage="50TB"))
    assert video["shards"] != decimal["shards"] and video["shards"] > reference.ceil(video["qps_peak_writes"] / 4000), "VIDEO must be storage-bound, and PiB not PB"
    today = plan_of(TODAY)
    assert today["storage_added_tb"] == 0 and today["users_at_horizon"] == 350000


BOUNDARY_WRITES = dict(BOUNDARY, write_fraction="0.5", replica_max_read_qps="1000")


def main():
    check_properties()
    boundary_writes = plan_of(BOUNDARY_WRITES)
    assert boundary_writes["shards"] == 1 and boundary_writes["replicas_per_shard"] == 2, boundary_writes
    hidden = {
        "photos": sheet("Photo sharing: year one", PHOTOS),
        "chat": sheet("Chat: write-heavy", CHAT),
        "catalog": sheet("Product catalog: read-heavy, two years", CATALOG),
        "backups": sheet("Backups: binary units and percentages", BACKUPS),
        "boundary": sheet("Every ratio lands on a whole number", BOUNDARY),
        "boundary-writes": sheet("Write and read ratios land on whole numbers", BOUNDARY_WRITES),
        "today": sheet("Today: no growth horizon", TODAY),
        "messy": messy(TICKETS),
        "video": sheet("Video uploads: MB, GiB, PB and PiB", VIDEO),
        "random-1": random_sheet(11),
        "random-2": random_sheet(12),
        "random-3": random_sheet(13),
    }
    broken = {
        "missing-key": sheet("replication is missing", {k: v for k, v in PHOTOS.items() if k != "replication"}),
        "unknown-unit": sheet("a size in kilobits", dict(PHOTOS, response_size="12Kb")),
        "unknown-key": sheet("a typo in a key", PHOTOS).replace("peak_factor", "peak_facter"),
        "duplicate-key": sheet("months given twice", PHOTOS) + "months = 24\n",
        "size-without-unit": sheet("a size without a unit", dict(PHOTOS, object_size="250000")),
        "unit-on-count": sheet("a unit on a plain number", dict(PHOTOS, latency_ms="120ms")),
        "not-whole": sheet("half a replica", dict(PHOTOS, replication="2.5")),
        "not-whole-months": sheet("a month and a half", dict(PHOTOS, months="1.5")),
        "not-whole-cores": sheet("half a core", dict(PHOTOS, cores_per_server="12.5")),
        "bare-decimal-point": sheet("a fraction without its leading zero", dict(PHOTOS, write_fraction=".05")),
        "thousands-separators": sheet("a number with separators", dict(PHOTOS, daily_active_users="2,000,000")),
    }
    os.makedirs(HIDDEN, exist_ok=True)
    for name, text in hidden.items():
        code, out, err = run(text)
        assert code == 0, (name, err)
        write(HIDDEN, name, text, out)
    for name, text in broken.items():
        code, out, err = run(text)
        assert code == 2 and out == "", (name, code, out)
        write(HIDDEN, name, text, None)

    visible = {
        "01-photos-today": sheet("Photo sharing, a plan for today", dict(PHOTOS, months="0")),
        "02-chat": sheet("Chat: write-heavy", dict(CHAT, months="3", existing_data="5TB")),
        "03-backups": sheet("Backups: binary units and percentages", dict(BACKUPS, months="6")),
    }
    os.makedirs(VISIBLE, exist_ok=True)
    for name, text in visible.items():
        code, out, err = run(text)
        assert code == 0, (name, err)
        write(VISIBLE, name, text, out)
    print(f"wrote {len(hidden) + len(broken)} hidden and {len(visible)} visible sheets")


def write(directory, name, text, out):
    with open(os.path.join(directory, name + ".in"), "w", newline="") as f:
        f.write(text)
    if out is not None:
        with open(os.path.join(directory, name + ".out"), "w") as f:
            f.write(out)


main()
