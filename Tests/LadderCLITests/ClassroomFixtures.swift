import Foundation
import Testing

/// What the CI, classroom and signing tests share: a two-stage lab, repositories with chosen commit times, a CSV
/// reader for the gradebook, and Python's `junitparser` in a virtual environment.
extension TestLab {
    /// Greets Ada and Grace; only the solution with `shout` also passes the second stage.
    static let helloGreetOnly = """
        import sys
        name = sys.stdin.read().strip()
        print(f"Hello, {name}!")

        """

    static let helloAdaOnly = """
        print("Hello, Ada!")

        """

    /// Two stages (`greet`: two tests, `shout`: one), so that the formats' per-stage structure can be checked.
    static let stages = TestLab(
        id: "stages",
        manifest: """
            id = "stages"
            title = "Test lab stages"
            version = "2.0.1"
            summary = "A lab the CLI tests made with two stages."
            rung = "junior"
            competencies = ["languages.python"]
            pass-mark = 20

            [limits]
            wall-time = "10s"
            cpu-time = "5s"
            memory = "256M"
            processes = 16
            output = "1M"

            \(python)

            [[stages]]
            id = "greet"
            title = "Greeting"
            summary = "Greet by name."
            points = 10

            [[stages]]
            id = "shout"
            title = "Shouting"
            summary = "Greet loudly."
            points = 10

            """,
        publicFiles: ["README.md": "# Stages\n", "starter/python/main.py": helloStarter],
        graderFiles: [
            "grader.toml": """
            format = 1
            [[stages]]
            id = "greet"
              [[stages.tests]]
              id = "ada"
              title = "Greets Ada"
              points = 5
              stdin = "Ada\\n"
              stdout = "Hello, Ada!\\n"
              [[stages.tests]]
              id = "grace"
              title = "Greets Grace"
              points = 5
              stdin = "Grace\\n"
              stdout = "Hello, Grace!\\n"
            [[stages]]
            id = "shout"
              [[stages.tests]]
              id = "loud"
              title = "Shouts at Ada"
              points = 10
              feedback = "With --shout, greet in capitals."
              args = ["--shout"]
              stdin = "Ada\\n"
              stdout = "HELLO, ADA!\\n"
            """
        ])
}

extension TestCatalog {
    /// The test catalog with ``TestLab/stages`` added.
    static func writeWithStages(in machine: LearnerMachine) throws -> TestCatalog {
        let catalog = try write(in: machine)
        let lab = TestLab.stages
        try writeFiles(
            lab.publicFiles.merging(["lab.toml": lab.manifest]) { $1 }, under: catalog.root + "/Labs/" + lab.id)
        try writeFiles(lab.graderFiles, under: catalog.root + "/Graders/" + lab.id)
        return catalog
    }
}

/// Commit times for a classroom: a week ago the starter, then a solution, the deadline, and late work.
struct Timeline {
    let starter: Date
    let onTime: Date
    let deadline: Date
    let late: Date

    init(now: Date = Date()) {
        // Whole seconds: git and the gradebook keep no fractions.
        let base = Date(timeIntervalSince1970: (now.timeIntervalSince1970 - 7 * 86_400).rounded(.down))
        starter = base
        onTime = base.addingTimeInterval(86_400)
        deadline = base.addingTimeInterval(2 * 86_400)
        late = base.addingTimeInterval(3 * 86_400)
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

extension LearnerMachine {
    /// The environment that makes a `git commit` carry `date` as its author and committer time.
    static func gitDate(_ date: Date) -> [String: String] {
        let raw = "\(Int(date.timeIntervalSince1970)) +0000"
        return ["GIT_AUTHOR_DATE": raw, "GIT_COMMITTER_DATE": raw]
    }

    /// Runs `git` with this machine's isolated configuration, failing the test when it fails; its standard output.
    @discardableResult
    func git(
        _ arguments: [String], in directory: String, environment extra: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let result = try await run(["/usr/bin/env", "git"] + arguments, in: directory, environment: extra)
        #expect(result.exitCode == 0, "\(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// The full id of `revision` in `repository`.
    func sha(_ revision: String = "HEAD", in repository: String) async throws -> String {
        try await git(["rev-parse", revision], in: repository).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes `files` and commits them at `date`; the new commit's id.
    @discardableResult
    func commit(_ files: [String: String], in repository: String, message: String, at date: Date) async throws -> String
    {
        try writeFiles(files, under: repository)
        try await git(["add", "-A"], in: repository)
        try await git(["commit", "-q", "-m", message], in: repository, environment: Self.gitDate(date))
        return try await sha(in: repository)
    }

    /// Starts `lab` with `ladder start`, moves the starter commit back to `startedAt` (`ladder start` commits at the
    /// current time), then commits each of `commits` at its time. The repository and its commits' ids, oldest first.
    func startLab(
        _ lab: String, from catalog: TestCatalog, named name: String, startedAt: Date,
        commits: [(files: [String: String], at: Date)] = []
    ) async throws -> (path: String, commits: [String]) {
        let directory = try await startLab(lab, from: catalog, named: name)
        try await git(
            ["commit", "-q", "--amend", "--no-edit", "--reset-author"], in: directory,
            environment: Self.gitDate(startedAt))
        var ids = [try await sha(in: directory)]
        for (index, commit) in commits.enumerated() {
            ids.append(try await self.commit(commit.files, in: directory, message: "Work \(index + 1)", at: commit.at))
        }
        return (directory, ids)
    }
}

/// Reads RFC 4180 CSV (quoted fields, `""`, CRLF or LF) into records of fields.
func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)[...]
    while let scalar = characters.popFirst() {
        if quoted {
            if scalar == "\"" {
                if characters.first == "\"" {
                    field.unicodeScalars.append("\"")
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.unicodeScalars.append(scalar)
            }
            continue
        }
        switch scalar {
        case "\"": quoted = true
        case ",":
            record.append(field)
            field = ""
        case "\r": continue
        case "\n":
            record.append(field)
            records.append(record)
            record = []
            field = ""
        default: field.unicodeScalars.append(scalar)
        }
    }
    if !field.isEmpty || !record.isEmpty {
        record.append(field)
        records.append(record)
    }
    return records
}
