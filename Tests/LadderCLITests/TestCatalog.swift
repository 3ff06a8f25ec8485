import Foundation
import Testing

/// A small catalog the tests write into a temporary directory and pass with `--catalog`.
///
/// The competency map and the ladder are the repository's own; the labs are tiny and made to provoke one
/// behaviour each (a verdict, a grader kind, a bad input), so that what the tests expect follows from what is here.
struct TestCatalog {
    let root: String

    /// Writes every lab below into `directory/catalog` and returns the catalog.
    static func write(in machine: LearnerMachine) throws -> TestCatalog {
        let root = machine.path("catalog")
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: root + "/Labs", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: root + "/Graders", withIntermediateDirectories: true)
        for name in ["competencies.toml", "ladder.toml"] {
            try fileManager.copyItem(
                atPath: Products.packageRoot.appendingPathComponent("Labs/\(name)").path, toPath: root + "/Labs/\(name)"
            )
        }
        for lab in TestLab.all {
            try writeFiles(lab.publicFiles.merging(["lab.toml": lab.manifest]) { $1 }, under: root + "/Labs/" + lab.id)
            try writeFiles(lab.graderFiles, under: root + "/Graders/" + lab.id)
        }
        return TestCatalog(root: root)
    }
}

/// One lab of the test catalog: its manifest, its public files and its hidden grader.
struct TestLab {
    let id: String
    let manifest: String
    let publicFiles: [String: String]
    let graderFiles: [String: String]

    static let all: [TestLab] = [
        hello, verdicts, forge, probe, slow, cBuild, brokenRegex, missingFixture, noRuntime, itemsAPI, sqlOrders,
        tapScript,
    ]

    /// A lab.toml with one stage; `languages` is the `[[languages]]` sections, verbatim.
    static func manifest(
        id: String, rung: String = "junior", competencies: [String], points: Int, passMark: Int? = nil,
        languages: String,
        limits: String = #"wall-time = "10s"\#ncpu-time = "5s"\#nmemory = "256M"\#nprocesses = 16\#noutput = "1M""#
    ) -> String {
        """
        id = "\(id)"
        title = "Test lab \(id)"
        version = "1.2.0"
        summary = "A lab the CLI tests made to check \(id)."
        rung = "\(rung)"
        competencies = [\(competencies.map { "\"\($0)\"" }.joined(separator: ", "))]
        pass-mark = \(passMark ?? points)

        [limits]
        \(limits)

        \(languages)

        [[stages]]
        id = "main"
        title = "The only stage"
        summary = "Everything the lab checks."
        points = \(points)

        """
    }

    static let python = """
        [[languages]]
        id = "python"
        run = ["python3", "main.py"]
        """

    // MARK: hello: the plain lab (pass, fail, test, progress, history, notes, bad inputs)

    static let helloStarter = """
        import sys
        name = sys.stdin.read().strip()
        print("TODO")

        """
    static let helloSolution = """
        import sys
        name = sys.stdin.read().strip()
        print(f"Hello, {name}!")

        """
    static let hello = TestLab(
        id: "hello",
        manifest: manifest(
            id: "hello", competencies: ["languages.python"], points: 20, passMark: 20, languages: python),
        publicFiles: [
            "README.md": "# Hello\n\nRead a name on standard input and greet it: `Hello, NAME!`.\n",
            "starter/python/main.py": helloStarter,
            "tests/01-world.in": "World\n",
            "tests/01-world.out": "Hello, World!\n",
        ],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "ada"
              title = "Greets Ada"
              points = 10
              feedback = "Print a greeting with the name you read."
              stdin = "Ada\\n"
              stdout-file = "cases/ada.out"
              [[stages.tests]]
              id = "grace"
              title = "Greets Grace"
              points = 10
              feedback = "Print a greeting with the name you read."
              stdin = "Grace\\n"
              stdout = "Hello, Grace!\\n"
            """,
            "cases/ada.out": "Hello, Ada!\n",
            // For `ladder lab publish`, which grades the reference before it publishes.
            "reference/python/main.py": helloSolution,
            "wrong/hard-coded/python/main.py": "print('Hello, Ada!')\n",
        ])

    // MARK: verdicts: one test per verdict the learner's program can earn

    /// The learner's program of the `verdicts` lab does what its first argument says.
    static let verdictsProgram = #"""
        import os, sys, time
        mode = sys.argv[1] if len(sys.argv) > 1 else "pass"
        if mode == "pass":
            print("hello")
        elif mode == "wrong":
            print("goodbye")
        elif mode == "spin":
            while True:
                pass
        elif mode == "hog":
            hog = bytearray(1 << 30)
            print("hello", len(hog))
        elif mode == "flood":
            line = "y" * 1023 + "\n"
            while True:
                sys.stdout.write(line)
        elif mode == "exit3":
            print("hello")
            sys.exit(3)
        elif mode == "raise":
            raise ValueError("the learner's own uncaught exception")
        elif mode == "segv":
            sys.stdout.flush()
            os.kill(os.getpid(), 11)
        elif mode == "binary":
            sys.stdout.buffer.write(b"\xff\xfe\x00\x01 bin \x80\x1b[31m\n")
        """#

    /// Test id → (argument, expected verdict).
    static let verdictCases: [(id: String, mode: String, verdict: String, limits: String)] = [
        ("passes", "pass", "passed", ""),
        ("wrong", "wrong", "wrong-answer", ""),
        ("spins", "spin", "time-limit", #"wall-time = "2s"\#n    cpu-time = "500ms""#),
        ("hogs", "hog", "memory-limit", #"memory = "64M""#),
        ("floods", "flood", "output-limit", #"output = "64K"\#n    wall-time = "5s""#),
        ("exits-3", "exit3", "runtime-error", ""),
        ("raises", "raise", "runtime-error", ""),
        ("segfaults", "segv", "crashed", ""),
        ("binary", "binary", "wrong-answer", ""),
    ]

    static let verdicts = TestLab(
        id: "verdicts",
        manifest: manifest(
            id: "verdicts", competencies: ["languages.python"], points: 10 * verdictCases.count, languages: python),
        publicFiles: ["README.md": "# Verdicts\n", "starter/python/main.py": verdictsProgram],
        graderFiles: [
            "grader.toml": "format = 1\n[[stages]]\nid = \"main\"\n"
                + verdictCases.map { test in
                    """
                      [[stages.tests]]
                      id = "\(test.id)"
                      points = 10
                      feedback = "Hint for \(test.id)."
                      args = ["\(test.mode)"]
                      stdout = "hello\\n"
                    """ + (test.limits.isEmpty ? "" : "\n    [stages.tests.limits]\n    \(test.limits)")
                }.joined(separator: "\n") + "\n"
        ])

    // MARK: forge: the expected output is a secret; the learner's program forges results instead

    static let forgeSecret = "the-hidden-answer-7f3c1e"
    static let forge = TestLab(
        id: "forge",
        manifest: manifest(id: "forge", competencies: ["security.input-validation"], points: 10, languages: python),
        publicFiles: ["README.md": "# Forge\n", "starter/python/main.py": "print('starter')\n"],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "secret"
              points = 10
              stdout-file = "cases/secret.out"
              compare = "exact"
            """,
            "cases/secret.out": forgeSecret + "\n",
        ])

    // MARK: probe: passes only when the learner's program finds nothing of the grader

    static let probeSecret = "probe-marker-5b2d"
    static let probe = TestLab(
        id: "probe",
        manifest: manifest(
            id: "probe", competencies: ["security.vulnerability-assessment"], points: 20, languages: python),
        publicFiles: ["README.md": "# Probe\n", "starter/python/main.py": "print('starter')\n"],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "nothing-readable"
              points = 10
              args = ["contents"]
              compare = "contains"
              pattern = "PROBE-DONE found=0;"
              stdin-file = "cases/probe.in"
              [stages.tests.limits]
              wall-time = "30s"
              cpu-time = "20s"
              [[stages.tests]]
              id = "no-paths-disclosed"
              points = 10
              args = ["paths"]
              compare = "contains"
              pattern = "PROBE-DONE found=0;"
              stdin-file = "cases/probe.in"
            """,
            "cases/probe.in": "\n",
            "cases/probe-marker-secret.txt": probeSecret + "\n",
        ])

    /// A learner's program that looks for the hidden grader everywhere it can think of and reports what it found.
    ///
    /// It prints `PROBE-DONE found=N;` (the grader passes it only for N = 0) and, when it found something, lists it
    /// on standard error and exits 3, so the report's stderr tail says what leaked.
    static func probeProgram(catalog: String, machine: String) -> String {
        """
        import os, sys
        CATALOG = \(String(reflecting: catalog))
        MACHINE = \(String(reflecting: machine))
        PACKAGE = \(String(reflecting: Products.packageRoot.path))
        SECRET = \(String(reflecting: String(probeSecret.reversed())))[::-1]
        HIDDEN_NAMES = {"grader.toml", "probe-marker-secret.txt", "Graders", "secret.out"}
        found = []

        def contents():
            for path in [CATALOG, CATALOG + "/Graders", CATALOG + "/Graders/probe/grader.toml",
                         CATALOG + "/Graders/probe/cases/probe-marker-secret.txt", MACHINE, MACHINE + "/store/ladder.sqlite",
                         MACHINE + "/home/.gitconfig", PACKAGE, PACKAGE + "/Graders", PACKAGE + "/Graders/log-stats/grader.toml",
                         "../Graders", "../../Graders", "../../../Graders", "/Graders", "/grader", "/work/../Graders",
                         "/work/.git", "/submission", "/proc/1/root/" + CATALOG, "/proc/1/cwd"]:
                if os.path.exists(path):
                    found.append("exists:" + path)
            for line in open("/proc/self/mountinfo"):
                # The box's work directory is a copy in the grader's scratch space (under MACHINE in these tests).
                if "Graders" in line or CATALOG in line:
                    found.append("mount:" + line.split()[3])
            for key, value in os.environ.items():
                if "Graders" in value or CATALOG in value or MACHINE in value or key.startswith("LADDER"):
                    found.append("env:" + key)
            for top, dirs, files in os.walk("/"):
                if top in ("/proc", "/sys", "/dev", "/usr"):
                    dirs[:] = []
                    continue
                for name in dirs + files:
                    if name in HIDDEN_NAMES:
                        found.append("file:" + os.path.join(top, name))
                for name in files:
                    path = os.path.join(top, name)
                    try:
                        if os.path.getsize(path) < 65536 and SECRET.encode() in open(path, "rb").read():
                            found.append("secret-in:" + path)
                    except OSError:
                        pass

        def paths():
            try:
                if b"Graders" in open("/proc/1/cmdline", "rb").read():
                    found.append("the command line of pid 1 names Graders/")
            except OSError:
                pass
            for fd in os.listdir("/proc/self/fd"):
                try:
                    if "Graders" in os.readlink("/proc/self/fd/" + fd):
                        found.append("fd %s is %s" % (fd, os.readlink("/proc/self/fd/" + fd)))
                except OSError:
                    pass

        {"contents": contents, "paths": paths}[sys.argv[1]]()
        print("PROBE-DONE found=%d;" % len(found))
        if found:
            sys.stderr.write("\\n".join(found) + "\\n")
            sys.exit(3)

        """
    }

    // MARK: slow: a test that takes 20 s, to be interrupted

    static let slow = TestLab(
        id: "slow",
        manifest: manifest(
            id: "slow", competencies: ["languages.python"], points: 10, languages: python,
            limits: #"wall-time = "40s"\#ncpu-time = "5s""#),
        publicFiles: [
            "README.md": "# Slow\n",
            "starter/python/main.py": "import sys, time\ntime.sleep(20)\nprint('done')\n",
        ],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "sleeps"
              points = 10
              args = ["slow-lab-marker"]
              stdout = "done\\n"
            """
        ])

    // MARK: c-build: a compiled language with a build step

    static let cBuild = TestLab(
        id: "c-build",
        manifest: manifest(
            id: "c-build", competencies: ["performance.system-performance"], points: 10,
            languages: """
                [[languages]]
                id = "c"
                build = ["gcc", "-o", "main", "main.c"]
                run = ["./main"]
                """),
        publicFiles: [
            "README.md": "# C\n",
            "starter/c/main.c": "#include <stdio.h>\nint main(void) {\n    printf(\"hi\\n\")\n    return 0;\n}\n",
        ],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "says-hi"
              points = 10
              stdout = "hi\\n"
            """
        ])

    // MARK: broken graders: the lab's fault, never the learner's
    // (the expected JSON is broken: a fault found only while grading; a bad regex is refused when the spec loads)

    static let brokenRegex = TestLab(
        id: "broken-regex",
        manifest: manifest(id: "broken-regex", competencies: ["quality.unit-testing"], points: 10, languages: python),
        publicFiles: ["README.md": "# Broken\n", "starter/python/main.py": "print('hello')\n"],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "bad-pattern"
              points = 10
              compare = "json"
              stdout = '{"greeting": hel(lo'
            """
        ])

    static let missingFixture = TestLab(
        id: "missing-fixture",
        manifest: manifest(
            id: "missing-fixture", competencies: ["quality.unit-testing"], points: 10, languages: python),
        publicFiles: ["README.md": "# Missing\n", "starter/python/main.py": "print('hello')\n"],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "needs-fixture"
              points = 10
              stdout-file = "cases/not-there.out"
            """
        ])

    // MARK: no-runtime: the language's interpreter is not installed

    static let noRuntime = TestLab(
        id: "no-runtime",
        manifest: manifest(
            id: "no-runtime", competencies: ["languages.ruby"], points: 10,
            languages: """
                [[languages]]
                id = "mystery"
                profile = "default"
                run = ["no-such-runtime", "main.x"]
                """),
        publicFiles: ["README.md": "# Mystery\n", "starter/mystery/main.x": "print hello\n"],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "hello"
              points = 10
              stdout = "hello\\n"
            """
        ])

    // MARK: items-api: an http lab

    static let itemsAPI = TestLab(
        id: "items-api",
        manifest: manifest(
            id: "items-api", competencies: ["api.restful-design"], points: 10,
            languages: """
                [[languages]]
                id = "python"
                run = ["python3", "server.py"]
                """),
        publicFiles: ["README.md": "# Items\n", "starter/python/server.py": "import time\ntime.sleep(3600)\n"],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "create-then-read"
              title = "Create an item, then read it back"
              points = 10
              kind = "http"
              startup-timeout = "2s"
              feedback = "POST /items answers 201 with a Location; GET on it returns the item."
                [[stages.tests.steps]]
                method = "POST"
                path = "/items"
                body = '{"name": "pen", "price": 3}'
                status = 201
                expect-headers = { Location = "/items/[0-9]+" }
                capture = { location = "header:Location", id = "/id" }
                [[stages.tests.steps]]
                method = "GET"
                path = "/items/{{id}}"
                status = 200
                json = '{"name": "pen", "price": 3}'
                [[stages.tests.steps]]
                method = "GET"
                path = "{{location}}"
                status = 200
                pointers = { "/name" = '"pen"' }
            """
        ])

    /// A service that does what the items-api lab asks; `createStatus` lets a test make it wrong.
    static func itemsService(createStatus: Int = 201) -> String {
        """
        import json, os
        from http.server import BaseHTTPRequestHandler, HTTPServer

        items = {}

        class Handler(BaseHTTPRequestHandler):
            def send(self, status, body=None, headers=()):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                item = json.loads(self.rfile.read(length) or b"{}")
                item["id"] = len(items) + 1
                items[item["id"]] = item
                self.send(\(createStatus), item, [("Location", "/items/%d" % item["id"])])

            def do_GET(self):
                parts = self.path.strip("/").split("/")
                if len(parts) == 2 and parts[0] == "items" and parts[1].isdigit() and int(parts[1]) in items:
                    self.send(200, items[int(parts[1])])
                else:
                    self.send(404, {"error": "not found"})

            def log_message(self, *args):
                pass

        HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()

        """
    }

    // MARK: sql-orders: an sql lab

    static let sqlOrders = TestLab(
        id: "sql-orders",
        manifest: manifest(
            id: "sql-orders", competencies: ["databases.relational"], points: 20,
            languages: """
                [[languages]]
                id = "sql"
                profile = "python"
                run = ["sqlite3"]
                """),
        publicFiles: ["README.md": "# Orders\n", "starter/sql/query.sql": "SELECT 1;\n"],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "rows"
              title = "The right orders"
              points = 10
              kind = "sql"
              seed = "seed.sql"
              query = "query.sql"
              rows = '[[4, 7.5], [1, 10.0]]'
              [[stages.tests]]
              id = "uses-index"
              title = "Uses the customer index"
              points = 10
              kind = "sql"
              seed = "seed.sql"
              query = "query.sql"
              rows = '[[1, 10.0], [4, 7.5]]'
              ordered = true
              plan-includes = ["USING INDEX orders_by_customer"]
              plan-excludes = ["SCAN orders"]
            """,
            "seed.sql": """
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL, total REAL NOT NULL);
            CREATE INDEX orders_by_customer ON orders (customer);
            INSERT INTO orders VALUES (1, 3, 10.0), (2, 5, 99.0), (3, 4, 1.0), (4, 3, 7.5), (5, 6, 12.0);

            """,
        ])

    // MARK: tap-script: a script grader reporting TAP

    static let tapScript = TestLab(
        id: "tap-script",
        manifest: manifest(id: "tap-script", competencies: ["quality.unit-testing"], points: 10, languages: python),
        publicFiles: [
            "README.md": "# Answers\n", "starter/python/main.py": "print('unused')\n",
            "starter/python/answer.txt": "?\n?\n",
        ],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "main"
              [[stages.tests]]
              id = "answers"
              points = 10
              kind = "script"
              command = ["python3", "/grader/check.py"]
              format = "tap"
            """,
            "check.py": """
            import os
            lines = open("/submission/answer.txt").read().split("\\n")
            checks = [("the first answer is 42", lines[0:1] == ["42"]),
                      ("the second answer is forty-two", lines[1:2] == ["forty-two"])]
            print("TAP version 13")
            print("1..%d" % len(checks))
            for number, (name, ok) in enumerate(checks, 1):
                print(("ok" if ok else "not ok") + " %d - %s" % (number, name))
            """,
        ])
}

extension LearnerMachine {
    /// Starts `lab` from `catalog` in a new repository, then commits `files` over the starter (when any).
    func startLab(
        _ lab: String, from catalog: TestCatalog, named name: String? = nil, language: String? = nil,
        files: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let directory = path("repos/" + (name ?? lab))
        let result = try await ladder(
            ["start", lab, "--dir", directory, "--catalog", catalog.root] + (language.map { ["--lang", $0] } ?? []))
        #expect(result.exitCode == 0, "\(result)", sourceLocation: sourceLocation)
        if !files.isEmpty {
            try commit(files, in: directory, message: "My solution")
        }
        return directory
    }

    /// Writes `files` into the repository and commits them with the `git` CLI.
    func commit(_ files: [String: String], in repository: String, message: String) throws {
        try writeFiles(files, under: repository)
        for command in [["add", "-A"], ["commit", "-q", "-m", message]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git"] + command
            process.currentDirectoryURL = URL(fileURLWithPath: repository)
            process.environment = environment
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw POSIXError(
                    .EIO, userInfo: [NSLocalizedDescriptionKey: "git \(command.joined(separator: " ")) failed"])
            }
        }
    }

    /// `ladder submit --json` in `repository`: the command's result and its grade report.
    func submit(
        _ repository: String, catalog: TestCatalog, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (CommandResult, GradeReportJSON) {
        let result = try await ladder(["submit", "--json", "--catalog", catalog.root], in: repository)
        let object = try #require(
            try? result.json() as? [String: Any], "not a JSON report: \(result)", sourceLocation: sourceLocation)
        return (result, GradeReportJSON(object: object))
    }

    /// `ladder history --json`: the attempts, newest first.
    func history(catalog: TestCatalog, lab: String? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> [[String: Any]]
    {
        let result = try await ladder(
            ["history", "--json", "--catalog", catalog.root] + (lab.map { [$0] } ?? []), in: root.path)
        #expect(result.exitCode == 0, "\(result)", sourceLocation: sourceLocation)
        return try #require(try? result.json() as? [[String: Any]], "\(result)", sourceLocation: sourceLocation)
    }
}

/// The parts of `ladder submit --json`'s grade report the tests read.
struct GradeReportJSON: @unchecked Sendable {
    let object: [String: Any]

    var status: String? { object.string("status") }
    var score: Int? { object.int("score") }
    var maxScore: Int? { object.int("maxScore") }
    var errorMessage: String? { object.string("errorMessage") }
    var commit: String? { object.string("commit") }
    var build: [String: Any]? { object["build"] as? [String: Any] }
    var tests: [[String: Any]] { object.array("stages").flatMap { $0.array("tests") } }

    func test(_ id: String) -> [String: Any]? { tests.first { $0.string("id") == id } }
    func verdict(_ id: String) -> String? { test(id)?.string("verdict") }
    func detail(_ id: String) -> String { test(id)?.string("detail") ?? "" }
}
