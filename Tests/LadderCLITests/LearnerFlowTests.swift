import Foundation
import Testing

/// The learner's loop: `ladder test` on the working tree, `submit` of the commit, the git note, `history`,
/// `progress` up the ladder, and the bad inputs a learner's repository can hold.
@Suite struct LearnerFlowTests {
    let machine: LearnerMachine
    let catalog: TestCatalog

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
    }

    @Test func visibleTestsRunOnTheWorkingTreeIncludingUncommittedEditsAndRecordNothing() async throws {
        let repository = try await machine.startLab("hello", from: catalog)
        let failing = try await machine.ladder(["test", "--catalog", catalog.root], in: repository)
        #expect(failing.exitCode == 1, "\(failing)")
        #expect(failing.stdout.contains("✗ 01-world"), "\(failing)")
        #expect(failing.stdout.contains(#"expected "Hello, World!", got "TODO""#), "\(failing)")

        try writeFiles(["main.py": TestLab.helloSolution], under: repository)
        let passing = try await machine.ladder(["test", "--catalog", catalog.root], in: repository)
        #expect(passing.exitCode == 0, "an uncommitted fix counts for `ladder test`: \(passing)")
        #expect(passing.stdout.contains("✓ 01-world"), "\(passing)")
        #expect(passing.stdout.contains("The visible tests pass"), "\(passing)")

        let json = try await machine.ladder(["test", "--json", "--catalog", catalog.root], in: repository)
        let report = try #require(try json.json() as? [String: Any], "\(json)")
        #expect(report.string("status") == "passed")
        #expect(report.int("score") == 1)

        // Practice is not recorded, and the hidden tests were not run.
        #expect(try await machine.history(catalog: catalog).isEmpty)
        #expect(!passing.stdout.contains("Greets Ada"), "the hidden tests stay hidden")
        #expect(try await machine.git("status", "--porcelain", in: repository) == " M main.py\n")
    }

    @Test func submitGradesTheCommitNotTheWorkingTreeAndNotesTheGrade() async throws {
        let repository = try await machine.startLab("hello", from: catalog)
        try writeFiles(["main.py": TestLab.helloSolution, "scratch.txt": "notes\n"], under: repository)
        let (first, firstReport) = try await machine.submit(repository, catalog: catalog)
        #expect(first.exitCode == 1, "the committed starter fails: \(first)")
        #expect(firstReport.status == "failed")
        #expect(firstReport.score == 0)
        #expect(first.stderr.contains("not committed, so not graded"), "\(first)")
        #expect(
            first.stderr.contains("main.py") && first.stderr.contains("scratch.txt"), "the warning names them: \(first)"
        )
        #expect(firstReport.verdict("ada") == "wrong-answer")
        #expect(firstReport.test("ada")?.string("feedback") == "Print a greeting with the name you read.")
        let starterCommit = try await machine.git("rev-parse", "HEAD", in: repository).trimmingCharacters(in: .newlines)
        #expect(firstReport.commit == starterCommit)

        try machine.commit([:], in: repository, message: "Greet by name")
        let passing = try await machine.ladder(["submit", "--catalog", catalog.root], in: repository)
        #expect(passing.exitCode == 0, "\(passing)")
        #expect(passing.stdout.contains("✓ Greets Ada  10/10"), "\(passing)")
        #expect(passing.stdout.contains("PASSED  20/20 points (pass mark 20)"), "\(passing)")
        #expect(!passing.stderr.contains("not committed"), "\(passing)")

        let solvedCommit = try await machine.git("rev-parse", "HEAD", in: repository).trimmingCharacters(in: .newlines)
        let note = try await machine.git("notes", "--ref", "ladder", "show", "HEAD", in: repository)
        #expect(note.hasPrefix("Ladder grade: hello 1.2.0: passed, 20/20 (pass mark 20)"), "\(note)")
        #expect(note.contains("passed         ada 10/10"), "\(note)")
        #expect(note.contains("grader-digest: sha256:"), "\(note)")
        let oldNote = try await machine.git("notes", "--ref", "ladder", "show", starterCommit, in: repository)
        #expect(oldNote.contains("failed, 0/20"), "\(oldNote)")

        let history = try await machine.history(catalog: catalog)
        #expect(history.map { $0.string("status") } == ["passed", "failed"], "newest first: \(history)")
        #expect(history.map { $0.string("commit") } == [solvedCommit, starterCommit])
        #expect(history.allSatisfy { $0.string("labID") == "hello" && $0.string("labVersion") == "1.2.0" })
        #expect(history.first?.int("score") == 20 && history.first?.int("maxScore") == 20)
        #expect(history.first?.string("graderDigest")?.hasPrefix("sha256:") == true)

        let text = try await machine.ladder(["history", "--catalog", catalog.root], in: repository)
        #expect(text.exitCode == 0, "\(text)")
        #expect(
            text.stdout.contains("hello") && text.stdout.contains("20/20")
                && text.stdout.contains(String(solvedCommit.prefix(10))), "\(text)")
        #expect(try await machine.history(catalog: catalog, lab: "sql-orders").isEmpty)
        let unknown = try await machine.ladder(["history", "helo", "--catalog", catalog.root], in: repository)
        #expect(unknown.exitCode != 0, "\(unknown)")
        #expect(unknown.stderr.contains("`hello`"), "suggests the close id: \(unknown)")
    }

    @Test func passingLabsInTwoAreasReachesTheJuniorRung() async throws {
        let before = try await machine.ladder(["progress", "--catalog", catalog.root])
        #expect(before.exitCode == 0, "\(before)")
        #expect(before.stdout.contains("Rung: not on the ladder yet"), "\(before)")
        #expect(before.stdout.contains("0/2 labs, 0/2 areas"), "\(before)")

        let hello = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let first = try await machine.ladder(["submit", "--catalog", catalog.root], in: hello)
        #expect(first.exitCode == 0, "\(first)")
        #expect(!first.stdout.contains("new rung"), "\(first)")
        let halfway = try await machine.ladder(["progress", "--json", "--catalog", catalog.root])
        let junior = try #require(try rung("junior", in: halfway))
        #expect((junior["labsCounted"] as? [String]) == ["hello"], "\(halfway)")
        #expect(junior.int("labsMissing") == 1 && junior.int("areasMissing") == 1, "\(halfway)")

        let sql = try await machine.startLab(
            "sql-orders", from: catalog,
            files: ["query.sql": "SELECT id, total FROM orders WHERE customer = 3 ORDER BY id;\n"])
        let second = try await machine.ladder(["submit", "--catalog", catalog.root], in: sql)
        #expect(second.exitCode == 0, "\(second)")
        #expect(second.stdout.contains("You reached a new rung: Junior Backend Developer"), "\(second)")

        let after = try await machine.ladder(["progress", "--catalog", catalog.root])
        #expect(after.stdout.contains("Rung: Junior Backend Developer"), "\(after)")
        #expect(after.stdout.contains("✓ Junior Backend Developer"), "\(after)")
        let sqlCommit = try await machine.git("rev-parse", "--short=10", "HEAD", in: sql).trimmingCharacters(
            in: .newlines)
        #expect(
            after.stdout.contains("sql-orders") && after.stdout.contains("commit \(sqlCommit)"),
            "the commit that proved it: \(after)")
        #expect(after.stdout.contains("Database Design & Management"), "passed labs by area: \(after)")
        #expect(after.stdout.contains("To reach Backend Developer"), "\(after)")
        #expect(after.stdout.contains("A way up"), "every rung not reached has a route or a reason: \(after)")
        let json = try await machine.ladder(["progress", "--json", "--catalog", catalog.root])
        let object = try #require(try json.json() as? [String: Any], "\(json)")
        #expect(object.string("current") == "junior", "\(json)")
        #expect(try rung("junior", in: json)?["reached"] as? Bool == true)
        #expect(try rung("backend", in: json)?["reached"] as? Bool == false)
        let routes = object["routes"] as? [[String: Any]] ?? []
        #expect(routes.map { $0.string("rung") } == ["backend", "senior", "architect"], "\(json)")
        #expect(
            routes.allSatisfy { ($0["labs"] as? [String])?.contains("hello") == false },
            "passed labs are never on a route: \(json)")
    }

    // MARK: bad inputs

    @Test func outsideALabRepositoryNothingIsGradedOrRecorded() async throws {
        let plain = machine.path("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        for command in ["submit", "test"] {
            let result = try await machine.ladder([command, "--catalog", catalog.root], in: plain)
            expectRefusal(result, mentioning: ["not inside a lab repository", "ladder start"])
        }
        // A git repository that `ladder start` did not make.
        let other = machine.path("other")
        try machine.commit(["app.py": "print(1)\n"], in: try initRepository(other), message: "Mine")
        let result = try await machine.ladder(["submit", "--catalog", catalog.root], in: other)
        expectRefusal(result, mentioning: [other + "/.ladder/lab.toml", "ladder start"])
        #expect(try await machine.history(catalog: catalog).isEmpty)
    }

    @Test func aRepositoryWithNoCommitsIsToldToCommit() async throws {
        let empty = try initRepository(machine.path("empty"))
        let result = try await machine.ladder(["submit", "--catalog", catalog.root], in: empty)
        expectRefusal(result, mentioning: ["no commits yet", "git commit"])
        #expect(try await machine.history(catalog: catalog).isEmpty)
    }

    @Test func aDetachedHeadIsToldToSwitchBack() async throws {
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        try await machine.git("checkout", "-q", "--detach", "HEAD~1", in: repository)
        let result = try await machine.ladder(["submit", "--catalog", catalog.root], in: repository)
        expectRefusal(result, mentioning: ["HEAD is detached", "git switch"])
        #expect(try await machine.history(catalog: catalog).isEmpty)
    }

    @Test(arguments: [
        (#"lab = "hello""#, #"lab = "helo""#, ["lab 'helo'", "not in the catalog", "'hello'"]),
        (#"version = "1.2.0""#, #"version = "9.0.0""#, ["9.0.0", "1.2.0"]),
        (#"language = "python""#, #"language = "cobol""#, ["cobol", "python"]),
    ])
    func aPinEditedToSomethingTheCatalogLacksIsRefusedNamingIt(original: String, edited: String, mentions: [String])
        async throws
    {
        let repository = try await machine.startLab("hello", from: catalog)
        let pinPath = repository + "/.ladder/lab.toml"
        let pin = try String(contentsOfFile: pinPath, encoding: .utf8)
        #expect(pin.contains(original), "\(pin)")
        try machine.commit(
            [".ladder/lab.toml": pin.replacingOccurrences(of: original, with: edited)], in: repository,
            message: "Edit the pin")
        let result = try await machine.ladder(["submit", "--catalog", catalog.root], in: repository)
        expectRefusal(result, mentioning: mentions + [pinPath])
        #expect(
            !result.stderr.contains("ladder-submission-"), "names the learner's file, not a temporary copy: \(result)")
        #expect(try await machine.history(catalog: catalog).isEmpty)
    }

    @Test func submitAndTestTakeTheRepositoryAsAPath() async throws {
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let elsewhere = machine.root.path
        let practice = try await machine.ladder(
            ["test", "--path", repository, "--catalog", catalog.root], in: elsewhere)
        #expect(practice.exitCode == 0, "\(practice)")
        let graded = try await machine.ladder(
            ["submit", "--path", repository + "/tests", "--catalog", catalog.root], in: elsewhere)
        #expect(graded.exitCode == 0, "a directory inside the repository finds it: \(graded)")
        let history = try await machine.history(catalog: catalog)
        #expect(history.first?.string("repository")?.hasPrefix(repository) == true, "\(history)")
    }

    /// `submit --help` promises: 0 passed, 1 not passed, 2 not graded. Input that cannot be graded is "not graded".
    @Test func badInputIsNotGradedByTheExitStatus() async throws {
        let plain = machine.path("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        let help = try await machine.ladder("submit", "--help")
        #expect(help.stdout.contains("2 not graded"), "\(help)")
        let result = try await machine.ladder(["submit", "--catalog", catalog.root], in: plain)
        #expect(result.exitCode != 0, "\(result)")
        #expect(result.exitCode == 2, "\(result)")
    }

    @Test func aStoreThatIsNotADatabaseIsExplainedAndLeftAlone() async throws {
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let notAStore = machine.path("notes.txt")
        try "my own notes\n".write(toFile: notAStore, atomically: true, encoding: .utf8)
        let result = try await machine.ladder(
            ["submit", "--catalog", catalog.root], in: repository, environment: ["LADDER_STORE": notAStore])
        expectRefusal(result, mentioning: [notAStore, "not an SQLite database", "--store"])
        #expect(try String(contentsOfFile: notAStore, encoding: .utf8) == "my own notes\n")
    }

    // MARK: helpers

    private func rung(_ id: String, in result: CommandResult) throws -> [String: Any]? {
        let object = try #require(try result.json() as? [String: Any], "\(result)")
        let ladder = object["ladder"] as? [String: Any]
        return ladder?.array("rungs").first { $0.string("rung") == id }
    }

    private func initRepository(_ path: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "init", "-q"]
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        process.environment = machine.environment
        try process.run()
        process.waitUntilExit()
        return path
    }

    private func expectRefusal(
        _ result: CommandResult, mentioning parts: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.exitCode != 0, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "one clear line: \(result)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(result.stderr.contains(part), "\(result)", sourceLocation: sourceLocation)
        }
    }
}
