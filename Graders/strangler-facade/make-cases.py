"""Writes the recorded traffic of strangler-facade and the grader's copies of BILLING 4.2.

cases/traffic.jsonl (hidden) and Labs/strangler-facade/tests/traffic.jsonl (visible) hold the GET /quote requests
production sent, one JSON object per line ({"target": ...}), generated from fixed seeds with the mix real clients
send: every product, volume tiers, countries with and without VAT, lowercase and missing countries, customers,
a few unknown products, malformed quantities and quantities of 0. The expected answers are not stored: check.py
computes them with model/billing.py, which must be byte-identical to the legacy code the learner is given; this
script copies it there (and, with check.py, into the visible tests) and checks that the Python and Node legacy
agree on the traffic.
Run from anywhere: python3 Graders/strangler-facade/make-cases.py
"""
import json
import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAB = os.path.join(HERE, "..", "..", "Labs", "strangler-facade")
LEGACY_PY = os.path.join(LAB, "starter", "python", "legacy")
LEGACY_JS = os.path.join(LAB, "starter", "node", "legacy")
SKUS = ["KB-101", "KB-102", "MS-220", "MS-221", "MN-270", "MN-320", "CB-USBC", "CB-HDMI", "DK-900", "HS-050", "SP-001", "SV-CARE"]


def traffic(seed, count, zeros):
    rng = random.Random(seed)
    out = []
    for n in range(count):
        params = []
        roll = rng.random()
        sku = rng.choice(SKUS) if roll > 0.04 else rng.choice(["KB-999", "kb-101", "MS%20220"])
        params.append(("sku", sku))
        qty = rng.choice([1, 1, 2, 3, 5, 9, 10, 12, 25, 49, 50, 60, 99, 100, 150, rng.randrange(1, 400)])
        qty = str(qty) if rng.random() > 0.05 else rng.choice(["", "two", "-3", "1.0", "12000"])
        params.append(("qty", qty))
        country = rng.choice(["DE", "DE", "FR", "NL", "AT", "IT", "US", "CH", "GB", "fr", "nl", None, ""])
        if country is not None:
            params.append(("country", country))
        if rng.random() < 0.7:
            params.append(("customer", f"C-{rng.randrange(1, 5000):04d}"))
        rng.shuffle(params)
        out.append("/quote?" + "&".join(f"{k}={v}" for k, v in params))
    for index in rng.sample(range(count), zeros):
        out[index] = f"/quote?sku={rng.choice(SKUS)}&qty=0&customer=C-{rng.randrange(1, 5000):04d}"
    return out


NODE_LEGACY = r"""
const billing = require(process.argv[1]);
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
for (const target of lines) {
  const r = billing.handle("GET", target, {}, Buffer.alloc(0));
  const doc = JSON.parse(r.body.toString("latin1"));
  delete doc.generated_at;
  console.log(JSON.stringify([r.status, doc]));
}
"""


def check_languages(targets):
    sys.path.insert(0, LEGACY_PY)
    sys.dont_write_bytecode = True
    import billing
    want = []
    for target in targets:
        status, _, body = billing.handle("GET", target, {}, b"")
        doc = json.loads(body.decode("latin-1"))
        doc.pop("generated_at", None)
        want.append([status, doc])
    done = subprocess.run(["node", "-e", NODE_LEGACY, os.path.join(LEGACY_JS, "billing.js")],
                          input="\n".join(targets), capture_output=True, text=True, check=True)
    got = [json.loads(line) for line in done.stdout.splitlines()]
    for target, a, b in zip(targets, want, got):
        if a != b:
            raise SystemExit(f"the Python and Node legacy disagree on {target}: {a} vs {b}")


def write(path, targets):
    with open(path, "w") as f:
        f.writelines(json.dumps({"target": t}) + "\n" for t in targets)


def main():
    hidden = traffic(2009, 160, zeros=6)
    visible = traffic(2014, 24, zeros=2)
    check_languages(hidden + visible)
    os.makedirs(os.path.join(HERE, "cases"), exist_ok=True)
    write(os.path.join(HERE, "cases", "traffic.jsonl"), hidden)
    write(os.path.join(LAB, "tests", "traffic.jsonl"), visible)
    for target in (os.path.join(HERE, "model"), os.path.join(LAB, "tests", "model")):
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(target)
        for name in ("billing.py", "PRICES.DAT"):
            shutil.copyfile(os.path.join(LEGACY_PY, name), os.path.join(target, name))
    shutil.copyfile(os.path.join(HERE, "check.py"), os.path.join(LAB, "tests", "check.py"))
    print(f"wrote {len(hidden)} hidden and {len(visible)} visible recorded requests; model and check.py copied")


main()
