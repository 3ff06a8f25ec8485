#!/usr/bin/env python3
"""The many-machine mode against its baselines, in one run on a throwaway PostgreSQL of its own:

1. 200 gradings of the small io lab hello-io (bench/common/hello_lab.py) enqueued through `ladder serve`'s API and
   graded by 1 `ladder worker`, then by 2 (each --concurrency 1): the speed-up of a second worker (goal: at least
   1.7x on 2 cores).
2. The queue's overhead per job: `ladder classroom grade --queue` with one worker of --concurrency 2 against
   `ladder classroom grade --jobs 2` in-process on the same roster (goal: under 10 ms per job).
3. How many jobs one PostgreSQL takes through claim, begin and record per second (ladder-queue-bench, no grading),
   with 1, 4 and 16 claimers at once, and what that means for 100 workers.
4. Not timed: the many-machine mode's promise, on the same classroom: a quarter of it enqueued through signed GitHub
   push webhooks and the rest through the API, graded by 2 workers, one killed with -9 mid-run and started again;
   then every job is done with exactly one graded attempt and nothing is left running.

Usage: bench/queue/bench.py BIN_DIRECTORY [GRADINGS] [CLAIM_JOBS]  (BIN_DIRECTORY holds ladder and ladder-queue-bench)
"""
import hashlib, hmac, json, os, pwd, shutil, signal, subprocess, sys, tempfile, time, urllib.request

bin_dir = os.path.abspath(sys.argv[1])
ladder = os.path.join(bin_dir, "ladder")
gradings = int(sys.argv[2]) if len(sys.argv) > 2 else 200
claim_jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(repo, "bench", "common"))
import hello_lab

work = tempfile.mkdtemp(prefix="ladder-bench-queue-")
os.chmod(work, 0o755)
catalog = hello_lab.make_catalog(work, repo)
env = hello_lab.environment(work, LADDER_CATALOG=catalog)


def programs():
    for version in sorted(os.listdir("/usr/lib/postgresql"), reverse=True):
        path = f"/usr/lib/postgresql/{version}/bin"
        if os.path.exists(path + "/initdb"):
            return path
    sys.exit("PostgreSQL's server is not installed: apt-get install postgresql (scripts/bootstrap.sh --tests)")


# A cluster on a private socket, as the tests make theirs, but durable (fsync on): this measures a real database.
pg = programs()
data, sockets = os.path.join(work, "pg"), os.path.join(work, "sockets")
os.makedirs(sockets)
as_server = []
if os.geteuid() == 0:
    nobody = pwd.getpwnam("nobody")
    for path in (work, sockets):
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    as_server = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", "--"]
subprocess.run(as_server + [pg + "/initdb", "-D", data, "-U", "ladder", "-A", "trust", "-E", "UTF8", "--no-locale"],
               check=True, stdout=subprocess.DEVNULL)
with open(os.path.join(data, "postgresql.conf"), "a") as f:
    f.write(f"\nlisten_addresses = ''\nunix_socket_directories = '{sockets}'\nmax_connections = 300\n")
subprocess.run(as_server + [pg + "/pg_ctl", "-D", data, "-l", os.path.join(work, "pg.log"), "-w", "-s", "start"],
               check=True)


def database(name):
    subprocess.run([pg + "/createdb", "-h", sockets, "-U", "ladder", name], check=True)
    return f"postgres://ladder@/{name}?host={sockets}"


try:
    repositories = []
    first = os.path.join(work, "repos", "s0000")
    hello_lab.solved_repository(ladder, catalog, first, env)
    for i in range(gradings):
        path = os.path.join(work, "repos", f"s{i:04}")
        if i:
            subprocess.run(["git", "clone", "-q", first, path], env=env, check=True)
        repositories.append(path)
    for path in [work] + [os.path.join(work, d) for d in ("repos", "catalog")]:
        os.chmod(path, 0o755)

    def wait_done(name, total, timeout=900):
        # One psql session for the whole wait: a new psql every 50 ms would cost a tenth of a core, taken from the
        # workers when two of them keep both cores busy, and not when one leaves a core idle.
        session = subprocess.Popen([pg + "/psql", "-h", sockets, "-U", "ladder", "-d", name, "-X", "-q", "-At"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        try:
            deadline = time.time() + timeout
            while time.time() < deadline:
                session.stdin.write("SELECT count(*) FILTER (WHERE state IN ('done', 'dead')), "
                                    "count(*) FILTER (WHERE state = 'dead') FROM ladder.job;\n")
                out = session.stdout.readline().strip().split("|")
                if int(out[0]) >= total:
                    assert out[1] == "0", f"{out[1]} jobs given up"
                    return
                time.sleep(0.05)
            sys.exit(f"timed out: the workers graded {out[0]} of {total}")
        finally:
            session.stdin.close()
            session.wait()

    def sql(name, query):
        return subprocess.run([pg + "/psql", "-h", sockets, "-U", "ladder", "-d", name, "-Atc", query],
                              capture_output=True, text=True, check=True).stdout.strip()

    secret = "bench webhook secret"
    commit = subprocess.run(["git", "-C", first, "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()

    def through_serve(workers, demonstrate=False):
        name = f"serve{workers}" + ("demo" if demonstrate else "")
        url = database(name)
        token = subprocess.run([ladder, "serve", "tokens", "create", "bench", "--queue", url], env=env,
                               capture_output=True, text=True, check=True).stdout.strip()
        log = os.path.join(work, f"{name}.log")
        with open(log, "w") as out:
            server = subprocess.Popen([ladder, "serve", "--listen", "127.0.0.1:0", "--queue", url,
                                       "--allow-repositories", work + "/"], env=dict(env, LADDER_WEBHOOK_SECRET=secret),
                                      stdout=out, stderr=subprocess.DEVNULL)
        for _ in range(600):
            text = open(log).read()
            if "http://127.0.0.1:" in text:
                break
            time.sleep(0.05)
        port = int(text.split("http://127.0.0.1:")[1].split()[0])
        for index, path in enumerate(repositories):
            student = os.path.basename(path)
            if demonstrate and index % 4 == 3:
                body = json.dumps({
                    "ref": "refs/heads/main", "after": commit, "deleted": False,
                    "repository": {"clone_url": path, "full_name": f"class/{student}", "default_branch": "main"},
                    "pusher": {"name": student, "email": f"{student}@example.org"}, "sender": {"login": student},
                }).encode()
                signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/webhooks/github", data=body, method="POST",
                    headers={"Content-Type": "application/json", "X-GitHub-Event": "push",
                             "X-GitHub-Delivery": f"delivery-{index}", "X-Hub-Signature-256": signature})
            else:
                body = json.dumps({"repository": path, "lab": "hello-io",
                                   "student": {"email": f"{student}@example.org"}}).encode()
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/gradings", data=body, method="POST",
                                                 headers={"Authorization": f"Bearer {token}",
                                                          "Content-Type": "application/json"})
            assert urllib.request.urlopen(request).status == 202
        lease = ["--lease", "3s"] if demonstrate else []

        def worker(label):
            return subprocess.Popen([ladder, "worker", "--queue", url, "--concurrency", "1", "--name", label] + lease,
                                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        started = time.perf_counter()
        running = [worker(f"w{i}") for i in range(workers)]
        if demonstrate:
            # Half way, the first worker is killed in the middle of a grading, and a new one takes its place.
            while int(sql(name, "SELECT count(*) FROM ladder.job WHERE state = 'done'")) < len(repositories) // 2:
                time.sleep(0.05)
            while sql(name, "SELECT count(*) FROM ladder.job WHERE state = 'running' AND lease_owner = 'w0'") == "0":
                time.sleep(0.01)
            running[0].send_signal(signal.SIGKILL)
            running[0].wait()
            running[0] = worker("w0-again")
        wait_done(name, len(repositories))
        elapsed = time.perf_counter() - started
        for process in running + [server]:
            process.terminate()
            process.wait()
        if demonstrate:
            return {
                "jobs done": sql(name, "SELECT count(*) FROM ladder.job WHERE state = 'done'"),
                "through webhooks": sql(name, "SELECT count(*) FROM ladder.webhook_delivery"),
                "graded attempts": sql(name, "SELECT count(*) FROM ladder.attempt "
                                             "WHERE status IN ('passed', 'failed', 'error')"),
                "passed": sql(name, "SELECT count(*) FROM ladder.attempt WHERE status = 'passed'"),
                "jobs graded twice": sql(name, "SELECT count(*) FROM (SELECT job_id FROM ladder.attempt WHERE status "
                                               "IN ('passed', 'failed', 'error') GROUP BY job_id HAVING count(*) > 1) t"),
                "attempts left running": sql(name, "SELECT count(*) FROM ladder.attempt WHERE status = 'running'"),
                "attempts interrupted by the kill": sql(name, "SELECT count(*) FROM ladder.attempt "
                                                              "WHERE status = 'interrupted'"),
                "leases taken over": sql(name, "SELECT coalesce(sum(count), 0) FROM ladder.job_failure_count "
                                               "WHERE cause = 'lease_lapsed'"),
            }
        return elapsed

    def classroom(queue):
        roster = os.path.join(work, "roster.csv")
        with open(roster, "w") as f:
            f.write("student,repository\n")
            for path in repositories:
                f.write(f"{os.path.basename(path)},{path}\n")
        out = tempfile.mkdtemp(dir=work)
        command = [ladder, "classroom", "grade", "--roster", roster, "--lab", "hello-io", "--out", out]
        worker = None
        if queue:
            url = database("classroom")
            command += ["--queue", url]
            worker = subprocess.Popen([ladder, "worker", "--queue", url, "--concurrency", "2"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            command += ["--jobs", "2", "--store", os.path.join(work, "classroom.sqlite")]
        started = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if worker:
            worker.terminate()
            worker.wait()
        assert result.returncode == 0 and result.stdout.startswith(f"{len(repositories)} passed"), result.stdout[:400]
        return elapsed

    one = through_serve(1)
    two = through_serve(2)
    demonstration = through_serve(2, demonstrate=True)
    n = len(repositories)
    assert (demonstration["jobs done"], demonstration["graded attempts"], demonstration["jobs graded twice"],
            demonstration["attempts left running"]) == (str(n), str(n), "0", "0"), demonstration
    in_process = classroom(queue=False)
    queued = classroom(queue=True)
    claims = []
    for claimers in (1, 4, 16):
        out = subprocess.run([os.path.join(bin_dir, "ladder-queue-bench"), database(f"claims{claimers}"), str(claim_jobs),
                              str(claimers)], capture_output=True, text=True, check=True).stdout
        claims.append(json.loads(out))
finally:
    subprocess.run(as_server + [pg + "/pg_ctl", "-D", data, "-m", "fast", "-s", "stop"])
    shutil.rmtree(work, ignore_errors=True)

n = len(repositories)
print(f"| {n} gradings of hello-io through `ladder serve` and the queue | seconds | gradings/s |")
print("| --- | ---: | ---: |")
print(f"| 1 worker | {one:.1f} | {n / one:.1f} |")
print(f"| 2 workers | {two:.1f} | {n / two:.1f} |")
print()
print(f"| `ladder classroom grade`, {n} repositories, 2 at a time | seconds |")
print("| --- | ---: |")
print(f"| in-process (`--jobs 2`) | {in_process:.1f} |")
print(f"| through the queue (`--queue`, one worker `--concurrency 2`) | {queued:.1f} |")
print()
print("| jobs claimed, begun and recorded by one PostgreSQL (no grading) | jobs/s |")
print("| --- | ---: |")
for row in claims:
    print(f"| {row['workers']} claimers at once | {row['per_second']:.0f} |")
best = max(row["per_second"] for row in claims)
overhead = (queued - in_process) / n * 1000
print()
share = 100 / 1.5 / best * 100
print(f"**2 workers / 1 worker: {one / two:.2f}x** (goal: at least 1.7x on 2 cores); "
      f"**queue overhead: {overhead:.1f} ms per job** (goal: under 10 ms); "
      f"**one PostgreSQL: {best:.0f} jobs/s**, so 100 workers each grading a 1.5 s http lab ask "
      f"{100 / 1.5:.0f} jobs/s, {share:.0f}% of it: at 100 workers the bottleneck is "
      + ("the grading machines' cores, not the database" if share < 50 else "the database"))
print()
print(f"Many machines, not timed: {n} repositories ({n - n // 4} through the API, {n // 4} through signed push "
      "webhooks), 2 workers, one killed with -9 mid-grade and replaced:")
print()
print("| after the run | count |")
print("| --- | ---: |")
for key, value in demonstration.items():
    print(f"| {key} | {value} |")
