import Foundation
import Testing

/// `ladder start`: the repository it makes, as the `git` CLI sees it, and every way it refuses.
@Suite struct StartTests {
    let machine: LearnerMachine
    let labDirectory = Products.packageRoot.appendingPathComponent("Labs/log-stats").path
    let graderDirectory = Products.packageRoot.appendingPathComponent("Graders/log-stats").path

    init() throws {
        machine = try LearnerMachine()
    }

    @Test func startMakesOneCleanCommitHoldingTheStarterReadmeTestsPinAndGitignore() async throws {
        let directory = machine.path("work/my-log-stats")
        let result = try await machine.ladder("start", "log-stats", "--dir", directory)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("Started log-stats"), "\(result)")
        #expect(result.stdout.contains("ladder submit"), "the next steps: \(result)")

        #expect(try await machine.git("rev-list", "--count", "HEAD", in: directory) == "1\n")
        #expect(try await machine.git("status", "--porcelain", "--untracked-files=all", in: directory) == "")
        let author = try await machine.git("log", "-1", "--format=%an <%ae>", in: directory)
        #expect(author == "\(machine.learnerName) <\(machine.learnerEmail)>\n", "the learner's git identity")

        let committed = try await machine.git("ls-tree", "-r", "--name-only", "HEAD", in: directory)
            .split(separator: "\n").map(String.init).sorted()
        let starter = filesUnder(labDirectory + "/starter/python")
        let visibleTests = filesUnder(labDirectory + "/tests").map { "tests/" + $0 }
        let expected = (starter + visibleTests + ["README.md", ".gitignore", ".ladder/lab.toml"]).sorted()
        #expect(committed == expected)

        // What is committed is exactly the lab's public files.
        for file in starter {
            try expectSameContents(directory + "/" + file, labDirectory + "/starter/python/" + file)
        }
        for file in visibleTests + ["README.md"] {
            try expectSameContents(directory + "/" + file, labDirectory + "/" + file)
        }
        let pin = try String(contentsOfFile: directory + "/.ladder/lab.toml", encoding: .utf8)
        #expect(pin.contains(#"lab = "log-stats""#))
        #expect(pin.contains(#"language = "python""#))
        #expect(pin.contains(#"version = "1."#))
        let gitignore = try String(contentsOfFile: directory + "/.gitignore", encoding: .utf8)
        #expect(gitignore.contains("__pycache__/"))
    }

    @Test func nothingFromGradersReachesTheRepository() async throws {
        let directory = machine.path("ls")
        let result = try await machine.ladder("start", "log-stats", "--dir", directory)
        #expect(result.exitCode == 0, "\(result)")
        let committed = try await machine.git("ls-tree", "-r", "--name-only", "HEAD", in: directory)
            .split(separator: "\n").map(String.init)
        var committedContents: [Data: String] = [:]
        for path in committed {
            let blob = try await machine.run(
                ["/usr/bin/env", "git", "cat-file", "blob", "HEAD:" + path], in: directory)
            committedContents[blob.stdoutData] = path
        }
        let hidden = filesUnder(graderDirectory)
        #expect(hidden.count > 5, "the lab's hidden half is there to compare with")
        for file in hidden {
            let contents = try Data(contentsOf: URL(fileURLWithPath: graderDirectory + "/" + file))
            guard !contents.isEmpty else { continue }
            #expect(
                committedContents[contents] == nil,
                "Graders/log-stats/\(file) was committed as \(committedContents[contents] ?? "")")
            #expect(!committed.contains(file), "a path from Graders/: \(file)")
        }
        #expect(
            !committed.contains { $0.hasPrefix("reference/") || $0.hasPrefix("wrong/") || $0.hasSuffix("grader.toml") })
        #expect(!FileManager.default.fileExists(atPath: directory + "/Graders"))
    }

    @Test func startInNodeCommitsTheNodeStarter() async throws {
        let directory = machine.path("node")
        let result = try await machine.ladder("start", "log-stats", "--lang", "node", "--dir", directory)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("in node"), "\(result)")
        let committed = try await machine.git("ls-tree", "-r", "--name-only", "HEAD", in: directory)
        #expect(committed.contains("main.js\n"))
        #expect(!committed.contains("main.py"))
        try expectSameContents(directory + "/main.js", labDirectory + "/starter/node/main.js")
        let pin = try String(contentsOfFile: directory + "/.ladder/lab.toml", encoding: .utf8)
        #expect(pin.contains(#"language = "node""#))
        #expect(try await machine.git("status", "--porcelain", in: directory) == "")
    }

    @Test func startWithoutDirUsesTheLabIDInTheCurrentDirectoryAndAcceptsAnEmptyOne() async throws {
        let work = machine.path("cwd")
        try FileManager.default.createDirectory(atPath: work + "/empty", withIntermediateDirectories: true)
        let defaulted = try await machine.ladder(["start", "log-stats"], in: work)
        #expect(defaulted.exitCode == 0, "\(defaulted)")
        #expect(FileManager.default.fileExists(atPath: work + "/log-stats/.ladder/lab.toml"))
        let intoEmpty = try await machine.ladder(["start", "log-stats", "--dir", "empty"], in: work)
        #expect(intoEmpty.exitCode == 0, "\(intoEmpty)")
        #expect(FileManager.default.fileExists(atPath: work + "/empty/.git"))
    }

    // MARK: refusals: one clear line, a non-zero exit, nothing left on disk

    @Test func unknownLabSuggestsTheClosestAndMakesNothing() async throws {
        let directory = machine.path("typo")
        let result = try await machine.ladder("start", "log-stat", "--dir", directory)
        try expectRefusal(result, mentioning: ["unknown lab `log-stat`", "`log-stats`"])
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func unknownLanguageListsTheOfferedOnesAndMakesNothing() async throws {
        let directory = machine.path("cobol")
        let result = try await machine.ladder("start", "log-stats", "--lang", "cobol", "--dir", directory)
        try expectRefusal(result, mentioning: ["cobol", "python, node"])
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func nonEmptyDirectoryIsRefusedAndLeftAsItWas() async throws {
        let directory = machine.path("busy")
        try writeFiles(["notes.txt": "mine\n"], under: directory)
        let result = try await machine.ladder("start", "log-stats", "--dir", directory)
        try expectRefusal(result, mentioning: [directory, "not empty"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["notes.txt"])
        #expect(try String(contentsOfFile: directory + "/notes.txt", encoding: .utf8) == "mine\n")
    }

    @Test func aFileInTheWayIsRefused() async throws {
        let file = machine.path("a-file")
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await machine.ladder("start", "log-stats", "--dir", file)
        try expectRefusal(result, mentioning: [file, "not a directory"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "x")
    }

    /// Root ignores permission bits, so "not writable" is made with a path whose parent is a regular file.
    @Test func unwritableDirectoryIsRefusedAndMakesNothing() async throws {
        let file = machine.path("blocker")
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let directory = file + "/sub/lab"
        let before = try FileManager.default.contentsOfDirectory(atPath: machine.root.path).sorted()
        let result = try await machine.ladder("start", "log-stats", "--dir", directory)
        try expectRefusal(result, mentioning: ["cannot create", directory])
        #expect(try FileManager.default.contentsOfDirectory(atPath: machine.root.path).sorted() == before)
    }

    @Test func aMissingCatalogIsExplained() async throws {
        let result = try await machine.ladder(
            "start", "log-stats", "--dir", machine.path("x"), "--catalog", machine.path("nowhere"))
        try expectRefusal(result, mentioning: ["--catalog", "Labs/"])
        #expect(!FileManager.default.fileExists(atPath: machine.path("x")))
    }

    // MARK: helpers

    private func expectRefusal(
        _ result: CommandResult, mentioning parts: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.exitCode != 0, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "one clear line: \(result)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(result.stderr.contains(part), "\(result)", sourceLocation: sourceLocation)
        }
        #expect(
            !result.stderr.contains("LadderError("), "no Swift type dump: \(result)", sourceLocation: sourceLocation)
    }

    private func expectSameContents(
        _ actual: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let got = try Data(contentsOf: URL(fileURLWithPath: actual))
        let want = try Data(contentsOf: URL(fileURLWithPath: expected))
        #expect(got == want, "\(actual) differs from \(expected)", sourceLocation: sourceLocation)
    }
}
