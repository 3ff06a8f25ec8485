#!/usr/bin/env python3
"""`ladder submit` per language of one `io` lab (log-stats) and one `http` lab (rest-notes), each language's
reference solution committed, against the same reference's work done bare (no sandbox), interleaved in one run.
Prints a Markdown table.

The submit, end to end: `ladder submit --json --jobs JOBS` in a learner repository made by `ladder start --lang`,
the lab's reference for that language (Graders/<lab>/reference/<lang>/) copied over the starter and committed.
Its JSON report gives the build's wallMilliseconds, shown beside the submit's own time, and each test's
wallMilliseconds (the program's own run in its box), shown summed.

The bare baseline, per run: the files of the commit the submit grades (the starter with the reference over it:
rest-notes' Java reference uses the starter's Json.java) copied into a fresh directory before the clock starts,
then, timed,
- the language's `build` command from lab.toml, once, when it has one (go, java, rust);
- the lab's hidden tests from its grader.toml, JOBS at a time, all in that one built directory (no copy per test):
  - io (log-stats): the language's `run` command once per test, with the test's `args`, `env` and stdin
    (`stdin` or `stdin-file`, a file under Graders/log-stats/); its exit status and the selected lines of its
    output are checked against the expected output, as `compare = "lines"` does;
  - http (rest-notes): the `run` command started once per test with PORT set to a free port, polled every 2 ms
    until it accepts a TCP connection on 127.0.0.1, sent every step of that test in order (method, path, headers,
    body, one connection per request, `{{name}}` captures substituted; the status checked when the step has one),
    then killed (SIGKILL) and waited for.
The bare runs get what the sandbox profile gives the program (Sandbox/profiles): PATH=/usr/local/bin:/usr/bin:/bin,
so the same system toolchains (e.g. /usr/bin/cargo, not a rustup one earlier on the caller's PATH), and the
profile's environment with its /tmp paths (GOCACHE, CARGO_HOME, ...) moved into a fresh directory of the run, so
the build is as cold as the sandboxed one. That directory and the copy live where ladder keeps its scratch space
($TMPDIR, else /dev/shm when it is a tmpfs), as the box's /tmp is a tmpfs too.

Every command runs with HOME, the XDG directories, LADDER_STORE and the git configuration in a temporary
directory, so nothing touches the user's store or git identity.

Usage: bench/languages/bench.py LADDER_BINARY [RUNS] [JOBS] [LAB:LANG,...]
  RUNS: timed runs per language (default 5), after one untimed warm-up;
  JOBS: `--jobs` of the submit and tests run at once by the baseline (default: the machine's cores);
  LAB:LANG,...: only these, e.g. log-stats:go,rest-notes:java (default: every language of both labs).
"""
import atexit, concurrent.futures, http.client, json, os, re, shutil, signal, socket, statistics, subprocess, sys
import tempfile, threading, time, tomllib

ladder = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
jobs = int(sys.argv[3]) if len(sys.argv) > 3 else (os.cpu_count() or 1)
only = set(sys.argv[4].split(",")) if len(sys.argv) > 4 else None
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LABS = ["log-stats", "rest-notes"]
KNOWN_PROFILES = {"java": "jvm", "kotlin": "jvm", "cpp": "c"}  # Sources/LadderModel/Lab.swift

work = tempfile.mkdtemp(prefix="ladder-bench-languages-")
atexit.register(shutil.rmtree, work, ignore_errors=True)
env = dict(os.environ, GIT_CONFIG_GLOBAL=os.path.join(work, "gitconfig"), GIT_CONFIG_SYSTEM="/dev/null", HOME=work,
           XDG_CONFIG_HOME=os.path.join(work, "config"), XDG_DATA_HOME=os.path.join(work, "data"),
           XDG_CACHE_HOME=os.path.join(work, "cache"), XDG_STATE_HOME=os.path.join(work, "state"),
           LADDER_STORE=os.path.join(work, "store.sqlite"), NO_COLOR="1")
env.pop("LADDER_CATALOG", None)
with open(env["GIT_CONFIG_GLOBAL"], "w") as f:
    f.write("[user]\n\tname = Bench\n\temail = bench@ladder.invalid\n[init]\n\tdefaultBranch = main\n")


def profile_environment(name):
    """The environment a sandbox profile sets, its parents' first (`extends`)."""
    with open(os.path.join(repo, "Sandbox", "profiles", f"{name}.json")) as f:
        profile = json.load(f)
    base = profile_environment(profile["extends"]) if profile.get("extends") else {}
    return {**base, **(profile.get("environment") or {})}


class Case:
    """One language of one lab: its learner repository and what the bare baseline needs."""

    def __init__(self, lab, language, tests):
        self.lab, self.language, self.tests = lab, language["id"], tests
        self.kind = "http" if all(t.get("kind") == "http" for t in tests) else "io"
        assert all(t.get("kind", "io") == self.kind for t in tests), f"{lab}: io and http tests mixed"
        self.build, self.run = language.get("build"), language["run"]
        self.profile = profile_environment(language.get("profile", KNOWN_PROFILES.get(self.language, self.language)))
        self.reference = os.path.join(repo, "Graders", lab, "reference", self.language)
        self.graders = os.path.join(repo, "Graders", lab)
        self.learner = os.path.join(work, "learners", f"{lab}-{self.language}")
        self.submit_ms, self.build_ms, self.tests_ms, self.bare_ms, self.bare_build_ms = [], [], [], [], []
        self.failure, self.flaky = None, []

    @property
    def name(self):
        return f"{self.lab}:{self.language}"


cases = []
skipped = []
for lab in LABS:
    with open(os.path.join(repo, "Labs", lab, "lab.toml"), "rb") as f:
        manifest = tomllib.load(f)
    with open(os.path.join(repo, "Graders", lab, "grader.toml"), "rb") as f:
        grader = tomllib.load(f)
    tests = [t for stage in grader["stages"] for t in stage["tests"]]
    for language in manifest["languages"]:
        if only is not None and f"{lab}:{language['id']}" not in only:
            continue
        if not os.path.isdir(os.path.join(repo, "Graders", lab, "reference", language["id"])):
            skipped.append(f"{lab}:{language['id']} (no reference)")
            continue
        cases.append(Case(lab, language, tests))

# --- ladder submit -------------------------------------------------------------------------------------------

for case in cases:
    subprocess.run([ladder, "start", case.lab, "--lang", case.language, "--dir", case.learner, "--catalog", repo],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    shutil.copytree(case.reference, case.learner, dirs_exist_ok=True)
    subprocess.run(["git", "add", "-A"], cwd=case.learner, env=env, check=True)
    subprocess.run(["git", "commit", "-qm", f"{case.language} reference"], cwd=case.learner, env=env, check=True)


def time_submit(case):
    t = time.perf_counter()
    done = subprocess.run([ladder, "submit", "--json", "--jobs", str(jobs), "--catalog", repo], cwd=case.learner,
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t
    try:
        report = json.loads(done.stdout)
    except ValueError:
        raise RuntimeError(f"ladder submit exited {done.returncode}: {(done.stderr or done.stdout).strip()[:300]}")
    if done.returncode != 0 or report.get("status") != "passed":
        failed = [f"{t['id']}: {t['verdict']}" for s in report.get("stages", []) for t in s.get("tests", [])
                  if t.get("verdict") != "passed"]
        build = report.get("build") or {}
        raise RuntimeError(f"ladder submit exited {done.returncode}, status {report.get('status')}"
                           + (f", build {build.get('verdict')}: {build.get('output', '')[:200]}"
                              if build and not build.get("succeeded", True) else "")
                           + (f", {len(failed)} tests not passed (first: {failed[0]})" if failed else ""))
    build = report.get("build")
    if case.build is not None:
        assert build is not None, f"{case.name}: the report has no build"
    tests = sum(t.get("wallMilliseconds", 0) for s in report["stages"] for t in s["tests"])
    return elapsed, (build or {}).get("wallMilliseconds"), tests


# --- the bare baseline ---------------------------------------------------------------------------------------

BARE_PATH = "/usr/local/bin:/usr/bin:/bin"


def bare_environment(case, scratch):
    """The profile's environment with /tmp moved to this run's scratch directory."""
    result = {}
    for key, value in case.profile.items():
        result[key] = scratch + value[4:] if value == "/tmp" or value.startswith("/tmp/") else value
    result["PATH"] = BARE_PATH
    return result


def read_text(graders, test, inline, file_key):
    if file_key in test:
        with open(os.path.join(graders, test[file_key]), "rb") as f:
            return f.read()
    return test.get(inline, "").encode()


def selected_lines(text, select):
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    if select is not None:
        pattern = re.compile(select)
        lines = [line for line in lines if pattern.search(line)]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def bare_io_test(case, directory, environment, test):
    assert "files" not in test, f"{case.name}: io fixtures (`files`) are not done by this baseline"
    stdin = read_text(case.graders, test, "stdin", "stdin-file")
    done = subprocess.run(case.run + test.get("args", []), cwd=directory, input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, env={**environment, **test.get("env", {})})
    assert done.returncode == test.get("exit-code", 0), f"{case.name} {test['id']}: exit {done.returncode}"
    if test.get("compare", "lines") == "lines" and ("stdout" in test or "stdout-file" in test):
        expected = read_text(case.graders, test, "stdout", "stdout-file").decode()
        select = test.get("select")
        assert selected_lines(done.stdout.decode(), select) == selected_lines(expected, select), \
            f"{case.name} {test['id']}: wrong output"


ports_in_use, ports_lock = set(), threading.Lock()


def free_port():
    """A port no service of this run is using (the kernel may hand a port just closed out again)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with ports_lock:
            if port not in ports_in_use:
                ports_in_use.add(port)
                return port


def json_pointer(document, pointer):
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


def bare_http_test(case, directory, environment, test):
    port = free_port()
    service = subprocess.Popen(case.run, cwd=directory, env={**environment, "PORT": str(port)},
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert service.poll() is None, f"{case.name} {test['id']}: the service exited {service.returncode}"
                assert time.monotonic() < deadline, f"{case.name} {test['id']}: not ready in 10 s"
                time.sleep(0.002)
        captures = {}

        def fill(text):
            return re.sub(r"\{\{([A-Za-z0-9_-]+)\}\}", lambda m: captures[m.group(1)], text)

        for step in test["steps"]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            body = fill(step["body"]).encode() if "body" in step else None
            headers = {k: fill(v) for k, v in step.get("headers", {}).items()}
            connection.request(step.get("method", "GET"), fill(step["path"]), body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            connection.close()
            where = f"{case.name} {test['id']} {step.get('method', 'GET')} {step['path']} (port {port})"
            if "status" in step:
                assert response.status == step["status"], f"{where}: {response.status} {content[:200]!r}"
            for name, source in step.get("capture", {}).items():
                if source.startswith("header:"):
                    captures[name] = response.getheader(source[len("header:"):]) or ""
                else:
                    try:
                        value = json_pointer(json.loads(content), source)
                    except (ValueError, LookupError):
                        raise AssertionError(f"{where}: no {source} in {response.status} {content[:200]!r}")
                    captures[name] = value if isinstance(value, str) else json.dumps(value)
    finally:
        # A service that exited by itself could not listen: another process took the port between free_port()
        # and its bind, and the requests went to that process.
        exited = service.poll()
        os.killpg(service.pid, signal.SIGKILL)
        service.wait()
        with ports_lock:
            ports_in_use.discard(port)
        if exited is not None:
            raise AssertionError(f"{case.name} {test['id']}: the service exited {exited} before it was stopped "
                                 f"(port {port} taken by another process?)")


def scratch_parent():
    """Where ladder puts its scratch space (Sources/LadderCore/Paths/ScratchSpace.swift): $TMPDIR when set, else
    /dev/shm when it is a writable tmpfs, else the system's temporary directory. A Go or Rust build is twice as
    fast on tmpfs as on a disk here, so the baseline builds where the submit does."""
    if os.environ.get("TMPDIR"):
        return os.environ["TMPDIR"]
    with open("/proc/self/mounts") as f:
        shm = any(line.split()[1:3] == ["/dev/shm", "tmpfs"] for line in f if len(line.split()) > 2)
    return "/dev/shm" if shm and os.access("/dev/shm", os.W_OK) else tempfile.gettempdir()


bare_root = tempfile.mkdtemp(dir=scratch_parent(), prefix="ladder-bench-languages-bare-")
atexit.register(shutil.rmtree, bare_root, ignore_errors=True)


def time_bare(case):
    scratch = tempfile.mkdtemp(dir=bare_root, prefix="run-")
    directory = os.path.join(scratch, "work")
    shutil.copytree(case.learner, directory, ignore=shutil.ignore_patterns(".git"))
    environment = bare_environment(case, scratch)
    test = bare_http_test if case.kind == "http" else bare_io_test
    t = time.perf_counter()
    if case.build is not None:
        done = subprocess.run(case.build, cwd=directory, env=environment, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        assert done.returncode == 0, f"{case.name}: bare build failed: {done.stdout[:300]}"
    built = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(test, case, directory, environment, t) for t in case.tests]:
            future.result()
    elapsed = time.perf_counter() - t
    shutil.rmtree(scratch)
    return elapsed, built - t


# --- the run: one warm-up, then RUNS rounds, each language's submit and baseline side by side -----------------

for case in cases:
    try:
        time_submit(case)
        time_bare(case)
    except (RuntimeError, AssertionError, OSError) as error:
        case.failure = str(error)
        print(f"{case.name}: left out: {error}", file=sys.stderr)
for _ in range(runs):
    for case in cases:
        if case.failure:
            continue
        # A run that fails after the warm-up passed is counted and reported, not timed, and the run goes on.
        try:
            elapsed, build, tests = time_submit(case)
            case.submit_ms.append(elapsed * 1000)
            case.tests_ms.append(tests)
            if build is not None:
                case.build_ms.append(build)
        except (RuntimeError, AssertionError, OSError) as error:
            case.flaky.append(f"submit: {error}")
        try:
            elapsed, build = time_bare(case)
            case.bare_ms.append(elapsed * 1000)
            if case.build is not None:
                case.bare_build_ms.append(build * 1000)
        except (RuntimeError, AssertionError, OSError) as error:
            case.flaky.append(f"bare: {error}")

print(f"| lab (tests) | language | `ladder submit` median ms | its build, ms (share) | its tests' wall, sum ms "
      f"| bare baseline median ms | its build, ms | submit / bare |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for case in cases:
    label = f"{case.lab} ({case.kind}, {len(case.tests)})"
    if case.failure or not case.submit_ms or not case.bare_ms:
        print(f"| {label} | {case.language} | failed | | | | | |")
        continue
    s, b = statistics.median(case.submit_ms), statistics.median(case.bare_ms)
    if case.build_ms:
        build = statistics.median(case.build_ms)
        build_cell = f"{build:.0f} ({100 * build / s:.0f}%)"
    else:
        build_cell = "-"
    bare_build = f"{statistics.median(case.bare_build_ms):.0f}" if case.bare_build_ms else "-"
    tests = statistics.median(case.tests_ms)
    print(f"| {label} | {case.language} | {s:.0f} | {build_cell} | {tests:.0f} | {b:.0f} | {bare_build} "
          f"| {s / b:.1f}x |")
print()
print(f"{runs} runs per language after one warm-up, interleaved; `--jobs {jobs}` and {jobs} bare tests at once.")
for case in cases:
    if case.failure:
        print(f"- {case.name}: not measured: {case.failure}")
    for error in case.flaky:
        print(f"- {case.name}: a timed run failed and is not counted: {error}")
for name in skipped:
    print(f"- {name}: not measured")
