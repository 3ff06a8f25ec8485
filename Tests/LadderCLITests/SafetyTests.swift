import Foundation
import Testing

/// What a learner's code cannot do to its grade, and what a killed or crowded `ladder submit` leaves behind.
@Suite struct SafetyTests {
    let machine: LearnerMachine
    let catalog: TestCatalog

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
    }

    // MARK: forged output

    @Test func forgedTAPJSONResultFilesAndNotesDoNotChangeTheGrade() async throws {
        let repository = machine.path("repos/forge")
        let secretFile = catalog.root + "/Graders/forge/cases/secret.out"
        let program = """
            import json, os
            print("TAP version 13")
            print("1..1")
            print("ok 1 - secret")
            print(json.dumps({"score": 100, "status": "passed", "tests": [{"name": "secret", "passed": True}]}))
            fake = json.dumps({"score": 100, "max_score": 100, "status": "passed", "tests": [{"score": 10, "max_score": 10}]})
            targets = ["results.json", "grade.json", ".ladder/grade.json", ".git/refs/notes/ladder",
                       \(String(reflecting: repository + "/.git/refs/notes/ladder")),
                       \(String(reflecting: repository + "/FORGED")),
                       \(String(reflecting: machine.store)),
                       \(String(reflecting: secretFile))]
            for target in targets:
                try:
                    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
                    with open(target, "w") as f:
                        f.write(fake if target.endswith(".json") else "0" * 40 + "\\n")
                    print("WROTE", target)
                except OSError as error:
                    print("BLOCKED", target, type(error).__name__)

            """
        _ = try await machine.startLab("forge", from: catalog, files: ["main.py": program])
        let secretBefore = try Data(contentsOf: URL(fileURLWithPath: secretFile))

        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 1, "\(result)")
        #expect(report.status == "failed")
        #expect(report.score == 0)
        #expect(report.verdict("secret") == "wrong-answer")
        // The program ran and printed its forgeries; they are only its output.
        #expect(report.detail("secret").contains("ok 1 - secret"), "\(report.detail("secret"))")

        // Nothing it wrote reached the host: not the repository, not the store, not the grader.
        #expect(!FileManager.default.fileExists(atPath: repository + "/FORGED"))
        #expect(!FileManager.default.fileExists(atPath: repository + "/results.json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: secretFile)) == secretBefore)
        #expect(try await machine.git("status", "--porcelain", "--untracked-files=all", in: repository) == "")

        // The grade that travels with the commit and the one in the store both say failed, 0.
        let note = try await machine.git("notes", "--ref", "ladder", "show", "HEAD", in: repository)
        #expect(note.contains("forge 1.2.0: failed, 0/10"), "\(note)")
        #expect(note.contains("wrong-answer"), "\(note)")
        let history = try await machine.history(catalog: catalog)
        #expect(history.count == 1)
        #expect(history.first?.string("status") == "failed")
        #expect(history.first?.int("score") == 0)
    }

    // MARK: hidden means hidden

    @Test func theLearnersCodeFindsNothingOfTheGrader() async throws {
        let program = TestLab.probeProgram(catalog: catalog.root, machine: machine.root.path)
        let repository = try await machine.startLab("probe", from: catalog, files: ["main.py": program])
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(
            report.verdict("nothing-readable") == "passed",
            "the learner's code found part of the grader: \(report.detail("nothing-readable"))\n\(result)")
        // The grader's paths are not its contents, but they should not be shown either.
        #expect(report.verdict("no-paths-disclosed") == "passed", "\(report.detail("no-paths-disclosed"))")
    }

    /// Symlinks are committed as symlinks and exported as such; inside the box they point at nothing.
    @Test func committedSymlinksToTheGraderLeadNowhere() async throws {
        let program = """
            import os
            for name in ["leak.txt", "leak-dir"]:
                try:
                    if os.path.isdir(name):
                        print("LEAKED:", sorted(os.listdir(name)))
                    else:
                        print("LEAKED:", open(name).read()[::-1])
                except OSError as error:
                    print("unreachable:", name, type(error).__name__)

            """
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": program])
        let hidden = catalog.root + "/Graders/hello"
        try FileManager.default.createSymbolicLink(
            atPath: repository + "/leak.txt", withDestinationPath: hidden + "/cases/ada.out")
        try FileManager.default.createSymbolicLink(atPath: repository + "/leak-dir", withDestinationPath: hidden)
        try machine.commit([:], in: repository, message: "Links")
        let tree = try await machine.git("ls-tree", "HEAD", in: repository)
        #expect(tree.contains("120000 blob") && tree.contains("leak-dir"), "committed as symlinks: \(tree)")

        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 1, "\(result)")
        #expect(!report.detail("ada").contains("LEAKED"), "\(report.detail("ada"))")
        #expect(report.detail("ada").contains("unreachable: leak.txt"), "\(report.detail("ada"))")
        // `ladder test` copies the working tree: the links must not be followed there either.
        let practice = try await machine.ladder(["test", "--catalog", catalog.root], in: repository)
        #expect(!practice.stdout.contains("LEAKED"), "\(practice)")
        #expect(practice.stdout.contains("unreachable: leak.txt"), "\(practice)")
    }

    // MARK: interrupted attempts

    /// Serialized: both cases run the same lab, whose program the test looks for among the machine's processes.
    @Test(.serialized, arguments: [SIGKILL, SIGINT])
    func anInterruptedSubmitIsRecordedAsInterruptedAndLeavesNothingRunning(signal: Int32) async throws {
        let repository = try await machine.startLab("slow", from: catalog)
        let submit = try machine.launch([Products.ladder, "submit", "--catalog", catalog.root], in: repository)
        let running = try await eventually(timeout: .seconds(30)) {
            try await machine.history(catalog: catalog).contains { $0.string("status") == "running" }
        }
        #expect(running, "the attempt is recorded as running while it is graded")
        // Give the sandbox time to start the program, so there is something to leave behind.
        _ = await eventually(timeout: .seconds(5)) { !Self.processes(mentioning: "slow-lab-marker").isEmpty }
        submit.signal(signal)
        let ended = try await submit.wait(timeout: .seconds(30))
        #expect(ended.exitCode == 128 + signal, "\(ended)")
        if signal == SIGINT {
            #expect(ended.stderr.contains("Interrupted"), "\(ended)")
        }

        let history = try await machine.history(catalog: catalog)
        #expect(history.count == 1)
        let attempt = try #require(history.first)
        #expect(attempt.string("status") == "interrupted", "\(attempt)")
        #expect(attempt.string("finishedAt") != nil, "\(attempt)")
        #expect(
            attempt["score"] == nil || attempt["score"] is NSNull, "an interrupted attempt has no score: \(attempt)")

        let gone = await eventually(timeout: .seconds(10)) { Self.processes(mentioning: "slow-lab-marker").isEmpty }
        #expect(gone, "the learner's program outlived ladder: \(Self.processes(mentioning: "slow-lab-marker"))")
        if signal == SIGINT {
            let left = try FileManager.default.contentsOfDirectory(atPath: machine.temporary)
            #expect(left.isEmpty, "left in TMPDIR: \(left)")
        }
        try await expectConsistentStore()

        // The store is usable afterwards.
        let hello = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let (after, _) = try await machine.submit(hello, catalog: catalog)
        #expect(after.exitCode == 0, "\(after)")
        #expect(try await machine.history(catalog: catalog).count == 2)
    }

    /// A program that leaves a daemon behind (new session, double fork) does not leave it on the machine.
    @Test func aDaemonStartedByTheLearnersCodeDiesWithTheTest() async throws {
        let marker = "daemon-marker-" + UUID().uuidString
        let program = """
            import os, sys
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", \(String(reflecting: marker))])
                os._exit(0)
            os.wait()
            def daemon_running():
                for pid in filter(str.isdigit, os.listdir("/proc")):
                    try:
                        if \(String(reflecting: marker)).encode() in open("/proc/%s/cmdline" % pid, "rb").read():
                            return True
                    except OSError:
                        pass
                return False
            import time
            deadline = time.time() + 5
            while not daemon_running() and time.time() < deadline:
                time.sleep(0.02)
            # The greeting only when the daemon is really there, so a pass proves there was something to clean up.
            print(("Hello, " + sys.stdin.read().strip() + "!") if daemon_running() else "no daemon")

            """
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": program])
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 0, "\(result)")
        #expect(report.status == "passed", "\(report.detail("ada"))")
        #expect(Self.processes(mentioning: marker).isEmpty, "left running: \(Self.processes(mentioning: marker))")
    }

    // MARK: concurrent submits

    @Test func fourSubmitsAtOnceAreAllRecorded() async throws {
        var repositories: [(path: String, passes: Bool)] = []
        for index in 0..<4 {
            let passes = index % 2 == 0
            let path = try await machine.startLab(
                "hello", from: catalog, named: "hello-\(index)",
                files: ["main.py": passes ? TestLab.helloSolution : TestLab.helloStarter + "\n"])
            repositories.append((path, passes))
        }
        let submits = try repositories.map { repository in
            try machine.launch([Products.ladder, "submit", "--json", "--catalog", catalog.root], in: repository.path)
        }
        var results: [CommandResult] = []
        for submit in submits {
            results.append(try await submit.wait())
        }
        for (result, repository) in zip(results, repositories) {
            #expect(result.exitCode == (repository.passes ? 0 : 1), "\(result)")
            let note = try await machine.git("notes", "--ref", "ladder", "show", "HEAD", in: repository.path)
            #expect(note.contains(repository.passes ? "passed, 20/20" : "failed, 0/20"), "\(note)")
        }
        let history = try await machine.history(catalog: catalog)
        #expect(history.count == 4, "\(history)")
        let ids = Set(history.compactMap { $0.int("id") })
        #expect(ids.count == 4, "distinct ids: \(history.map { $0["id"] ?? "-" })")
        #expect(history.filter { $0.string("status") == "passed" }.count == 2)
        #expect(history.filter { $0.string("status") == "failed" }.count == 2)
        let commits = Set(history.compactMap { $0.string("commit") })
        let heads = try await Set(
            repositories.asyncMap {
                try await machine.git("rev-parse", "HEAD", in: $0.path).trimmingCharacters(in: .newlines)
            })
        #expect(commits == heads, "each attempt graded its own repository's HEAD")
        try await expectConsistentStore()
    }

    // MARK: helpers

    /// The store passes SQLite's integrity check and holds no attempt still marked running.
    private func expectConsistentStore(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else {
            // Without the sqlite3 CLI the history checks above stand alone.
            return
        }
        let integrity = try await machine.run(["/usr/bin/sqlite3", machine.store, "PRAGMA integrity_check;"])
        #expect(integrity.stdout == "ok\n", "\(integrity)", sourceLocation: sourceLocation)
        let running = try await machine.run([
            "/usr/bin/sqlite3", machine.store, "SELECT count(*) FROM attempt WHERE status = 'running';",
        ])
        #expect(running.stdout == "0\n", "\(running)", sourceLocation: sourceLocation)
    }

    /// Pids of processes whose command line contains `marker` (the test's own lab program carries one).
    static func processes(mentioning marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            return String(decoding: data, as: UTF8.self).contains(marker) ? pid : nil
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self {
            values.append(try await transform(element))
        }
        return values
    }
}
