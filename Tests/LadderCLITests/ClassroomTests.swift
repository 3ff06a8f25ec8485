import Foundation
import Testing

/// `ladder classroom grade` on a generated classroom: a gradebook checked row by row, the reports, the store, the
/// second run that skips what it graded, `--force`, and rosters that cannot be used.
@Suite struct ClassroomTests {
    let machine: LearnerMachine
    let catalog: TestCatalog
    let timeline = Timeline()

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
    }

    /// A token for https clones, which must appear nowhere.
    static let token = "ghp_classroomTokenThatMustNotLeak0123"

    func classroom(_ arguments: [String]) async throws -> CommandResult {
        try await machine.ladder(
            ["classroom", "grade", "--catalog", catalog.root] + arguments, in: machine.root.path,
            environment: ["LADDER_GIT_TOKEN": Self.token])
    }

    /// `ladder history --json` of one learner.
    func attempts(of learner: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [[String: Any]]
    {
        let result = try await machine.ladder(["history", "--json", "--learner", learner, "--catalog", catalog.root])
        #expect(result.exitCode == 0, "\(result)", sourceLocation: sourceLocation)
        return try #require(try? result.json() as? [[String: Any]], "\(result)", sourceLocation: sourceLocation)
    }

    /// What one gradebook row should say.
    struct ExpectedRow {
        let student: String
        let repository: String
        var commit = ""
        var score = ""
        var max = ""
        let status: String
        /// nil: not checked.
        var late: String? = "no"
        var reason: String?
    }

    /// A classroom of nine: correct, wrong, late, empty, missing, a `file://` bare repository, all work after the
    /// deadline, a directory that is not a repository, and an https server that refuses connections.
    func makeClassroom() async throws -> (roster: String, expected: [ExpectedRow]) {
        let onTime = { (files: [String: String]) in [(files: files, at: timeline.onTime)] }
        let ada = try await machine.startLab(
            "hello", from: catalog, named: "ada", startedAt: timeline.starter,
            commits: onTime(["main.py": TestLab.helloSolution]))
        let bob = try await machine.startLab(
            "hello", from: catalog, named: "bob", startedAt: timeline.starter,
            commits: onTime(["main.py": "print('Hi')\n"]))
        let cy = try await machine.startLab(
            "hello", from: catalog, named: "cy", startedAt: timeline.starter,
            commits: [
                (["main.py": TestLab.helloAdaOnly], timeline.onTime),
                (["main.py": TestLab.helloSolution], timeline.late),
            ])
        let fayWork = try await machine.startLab(
            "hello", from: catalog, named: "fay-work", startedAt: timeline.starter,
            commits: onTime(["main.py": TestLab.helloSolution]))
        let fay = machine.path("remote/fay.git")
        try await machine.git(["clone", "-q", "--bare", fayWork.path, fay], in: machine.root.path)
        let gus = try await machine.startLab(
            "hello", from: catalog, named: "gus", startedAt: timeline.deadline.addingTimeInterval(3600),
            commits: [(["main.py": TestLab.helloSolution], timeline.late)])
        let dee = machine.path("repos/dee")
        try FileManager.default.createDirectory(atPath: dee, withIntermediateDirectories: true)
        try await machine.git(["init", "-q"], in: dee)
        let eve = machine.path("repos/eve-never-pushed")
        let hal = machine.path("repos/hal")
        try writeFiles(["main.py": TestLab.helloSolution], under: hal)

        let roster = machine.path("roster.csv")
        try """
        student,repository,name,email\r
        ada,repos/ada,Ada Lovelace,\r
        bob,\(bob.path),,\r
        cy,\(cy.path),,\r
        dee,\(dee),,\r
        eve,\(eve),,\r
        fay,file://\(fay),"Fay, F.",fay@school.test\r
        gus,\(gus.path),,\r
        hal,\(hal),,\r
        ivy,https://127.0.0.1:9/course/ivy.git,,\r

        """.write(toFile: roster, atomically: true, encoding: .utf8)
        let expected = [
            ExpectedRow(
                student: "ada", repository: ada.path, commit: ada.commits[1], score: "20", max: "20", status: "passed"),
            ExpectedRow(
                student: "bob", repository: bob.path, commit: bob.commits[1], score: "0", max: "20", status: "failed"),
            ExpectedRow(
                student: "cy", repository: cy.path, commit: cy.commits[1], score: "10", max: "20", status: "failed",
                late: "yes"),
            ExpectedRow(student: "dee", repository: dee, status: "error", reason: "\(dee) has no commits yet"),
            ExpectedRow(student: "eve", repository: eve, status: "error", reason: "no such repository: \(eve)"),
            ExpectedRow(
                student: "fay", repository: "file://" + fay, commit: fayWork.commits[1], score: "20", max: "20",
                status: "passed"),
            // Whether work with no commit before the deadline counts as late is not settled (it says "no" today).
            ExpectedRow(
                student: "gus", repository: gus.path, status: "error", late: "yes",
                reason: "no commit at or before the deadline"),
            ExpectedRow(student: "hal", repository: hal, status: "error", reason: "\(hal) is not a git repository"),
            ExpectedRow(
                student: "ivy", repository: "https://127.0.0.1:9/course/ivy.git", status: "error",
                reason: "cannot clone"),
        ]
        return (roster, expected)
    }

    /// Reads OUT/gradebook.csv and checks it row by row against `expected`; the rows as dictionaries by column.
    @discardableResult
    func checkGradebook(
        _ out: String, _ expected: [ExpectedRow], gradedAfter start: Date,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [[String: String]] {
        let text = try String(contentsOfFile: out + "/gradebook.csv", encoding: .utf8)
        #expect(text.hasSuffix("\r\n"), "RFC 4180 line ends", sourceLocation: sourceLocation)
        let records = parseCSV(text)
        let header = try #require(records.first, sourceLocation: sourceLocation)
        #expect(
            header == ["student", "repository", "commit", "score", "max", "status", "late", "graded_at", "reason"],
            sourceLocation: sourceLocation)
        let rows = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        #expect(rows.count == expected.count, "\(text)", sourceLocation: sourceLocation)
        #expect(records.dropFirst().allSatisfy { $0.count == header.count }, "\(text)", sourceLocation: sourceLocation)
        for (row, want) in zip(rows, expected) {
            let context = "row \(want.student): \(row)"
            #expect(row["student"] == want.student, "\(context)", sourceLocation: sourceLocation)
            #expect(row["repository"] == want.repository, "\(context)", sourceLocation: sourceLocation)
            #expect(row["commit"] == want.commit, "\(context)", sourceLocation: sourceLocation)
            #expect(row["score"] == want.score, "\(context)", sourceLocation: sourceLocation)
            #expect(row["max"] == want.max, "\(context)", sourceLocation: sourceLocation)
            #expect(row["status"] == want.status, "\(context)", sourceLocation: sourceLocation)
            if let late = want.late {
                #expect(row["late"] == late, "\(context)", sourceLocation: sourceLocation)
            }
            if let reason = want.reason {
                #expect(row["reason"]?.contains(reason) == true, "\(context)", sourceLocation: sourceLocation)
            } else {
                #expect(row["reason"] == "", "\(context)", sourceLocation: sourceLocation)
            }
            let gradedAt = try #require(
                row["graded_at"].flatMap { ISO8601DateFormatter().date(from: $0) }, "\(context)",
                sourceLocation: sourceLocation)
            #expect(
                gradedAt >= start.addingTimeInterval(-1) && gradedAt <= Date().addingTimeInterval(1), "\(context)",
                sourceLocation: sourceLocation)
        }
        return rows
    }

    @Test func gradesAGeneratedClassroomRowByRowAndSkipsWhatItGradedBefore() async throws {
        let (roster, expected) = try await makeClassroom()
        let out = machine.path("grades")
        let start = Date()
        let first = try await classroom([
            "--roster", roster, "--lab", "hello", "--deadline", Timeline.iso(timeline.deadline), "--jobs", "2", "--out",
            out,
        ])
        #expect(first.exitCode == 0, "one bad repository never ends the batch: \(first)")
        #expect(
            first.stdout.contains("2 passed, 2 failed, 5 not graded, 2 late, 0 unchanged since the last run"),
            "\(first)")
        #expect(
            first.stderr.contains("Grading 9 repositories against hello, at most 2 sandboxed runs at a time"),
            "\(first)")
        #expect(first.stderr.contains("9/9 graded · 5 not graded"), "the progress bar's last line: \(first)")
        for student in ["dee", "eve", "gus", "hal", "ivy"] {
            #expect(first.stdout.contains("  \(student): "), "every row not graded is listed with its reason: \(first)")
        }
        try checkGradebook(out, expected, gradedAfter: start)
        let gradebook = try String(contentsOfFile: out + "/gradebook.csv", encoding: .utf8)
        #expect(!(first.output + gradebook).contains(Self.token), "the token is never shown")

        // A report per graded student, and none for those not graded.
        let reports = out + "/reports"
        #expect(filesUnder(reports) == ["ada.json", "bob.json", "cy.json", "fay.json"])
        for row in expected where !row.commit.isEmpty {
            let data = try #require(FileManager.default.contents(atPath: "\(reports)/\(row.student).json"))
            let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(report.int("formatVersion") == 1)
            #expect(report.string("commit") == row.commit, "\(row.student)")
            #expect(report.int("score").map(String.init) == row.score, "\(row.student)")
            #expect(report.string("status") == row.status, "\(row.student)")
        }

        // The store holds one attempt per graded student, under the roster's identity.
        let adaAttempts = try await attempts(of: "ada@roster.invalid")
        #expect(adaAttempts.count == 1)
        #expect(adaAttempts.first?.string("source") == "classroom")
        #expect(adaAttempts.first?.string("commit") == expected[0].commit)
        #expect(adaAttempts.first?.int("score") == 20)
        #expect(adaAttempts.first?.string("repository") == expected[0].repository)
        #expect(
            try await attempts(of: "cy@roster.invalid").first?.string("commit") == expected[2].commit,
            "the on-time commit")
        #expect(try await attempts(of: "cy@roster.invalid").first?["late"] as? Bool == true, "recorded as late work")
        #expect(try await attempts(of: "ada@roster.invalid").first?["late"] as? Bool == false)
        #expect(
            try await attempts(of: "fay@school.test").first?.string("status") == "passed",
            "the roster's email is the learner")
        for student in ["dee", "eve", "gus", "hal", "ivy"] {
            #expect(try await attempts(of: "\(student)@roster.invalid").isEmpty, "\(student)")
        }

        func reportTexts() throws -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: try filesUnder(reports).map { name in
                    (name, try String(contentsOfFile: "\(reports)/\(name)", encoding: .utf8))
                })
        }
        let firstReports = try reportTexts()

        // Again: what was graded at the same commit with the same graders is skipped.
        let second = try await classroom([
            "--roster", roster, "--lab", "hello", "--deadline", Timeline.iso(timeline.deadline), "--jobs", "2", "--out",
            out,
        ])
        #expect(second.exitCode == 0, "\(second)")
        #expect(
            second.stdout.contains("2 passed, 2 failed, 5 not graded, 2 late, 4 unchanged since the last run"),
            "\(second)")
        try checkGradebook(out, expected, gradedAfter: start)
        let secondReports = try reportTexts()
        let changed = firstReports.keys.sorted().filter { secondReports[$0] != firstReports[$0] }
        #expect(
            changed.isEmpty && secondReports.count == firstReports.count,
            "the reports of skipped repositories are the same as the first run's (titles, hints, times): \(changed.first.map { "\($0) was\n\(firstReports[$0] ?? "")\nand is now\n\(secondReports[$0] ?? "")" } ?? "")"
        )
        #expect(try await attempts(of: "ada@roster.invalid").count == 1, "not graded again")
        #expect(try await attempts(of: "fay@school.test").count == 1, "not graded again")

        // --force grades everything again.
        let forced = try await classroom([
            "--roster", roster, "--lab", "hello", "--deadline", Timeline.iso(timeline.deadline), "--jobs", "2", "--out",
            out, "--force",
        ])
        #expect(forced.exitCode == 0, "\(forced)")
        #expect(
            forced.stdout.contains("2 passed, 2 failed, 5 not graded, 2 late, 0 unchanged since the last run"),
            "\(forced)")
        let forcedStart = try #require(
            try checkGradebook(out, expected, gradedAfter: start).first?["graded_at"].flatMap {
                ISO8601DateFormatter().date(from: $0)
            })
        #expect(forcedStart >= start.addingTimeInterval(-1))
        #expect(try await attempts(of: "ada@roster.invalid").count == 2)
        #expect(try await attempts(of: "cy@roster.invalid").count == 2)
    }

    @Test func withoutADeadlineTheLastCommitIsGradedAndNothingIsLate() async throws {
        let (roster, expected) = try await makeClassroom()
        let out = machine.path("no-deadline")
        let result = try await classroom(["--roster", roster, "--lab", "hello", "--jobs", "1", "--out", out])
        #expect(result.exitCode == 0, "\(result)")
        let rows = try #require(try? parseCSV(String(contentsOfFile: out + "/gradebook.csv", encoding: .utf8)))
        let byStudent = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        let cy = try #require(byStudent["cy"])
        #expect(cy[2] == (try await machine.sha(in: expected[2].repository)), "HEAD: \(cy)")
        #expect(cy[3] == "20" && cy[5] == "passed" && cy[6] == "no", "\(cy)")
        #expect(byStudent["gus"]?[5] == "passed", "\(byStudent)")
        #expect(rows.dropFirst().allSatisfy { $0[6] == "no" }, "\(rows)")
    }

    // MARK: What is written

    @Test func everyStudentGetsAReportOfTheirOwnEvenWhenTheirIdsReadAlike() async throws {
        let solved = try await machine.startLab(
            "hello", from: catalog, named: "shared", files: ["main.py": TestLab.helloSolution])
        let long = String(repeating: "l", count: 300)
        let students = ["a/b", "a b", "a_b", long]
        let roster = machine.path("roster.csv")
        try (["student,repository"] + students.map { "\($0),\(solved)" }).joined(separator: "\n")
            .write(toFile: roster, atomically: true, encoding: .utf8)
        let out = machine.path("alike")
        let result = try await classroom(["--roster", roster, "--lab", "hello", "--jobs", "2", "--out", out])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("4 passed, 0 failed, 0 not graded"), "\(result)")

        let files = filesUnder(out + "/reports")
        #expect(files.count == 4, "one report each: \(files)")
        #expect(files.contains("a_b.json"), "a plain id keeps its name: \(files)")
        var learners: [String] = []
        for file in files {
            let data = try #require(FileManager.default.contents(atPath: out + "/reports/" + file))
            let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            learners.append(report.string("learner") ?? "?")
            #expect(file.utf8.count < 100, "\(file)")
        }
        #expect(
            Set(learners) == Set(students.map { "\($0)@roster.invalid" }),
            "each report is its own student's: \(learners)")

        // The names are the same on the next run: a student's report is replaced, not joined by another.
        let again = try await classroom(["--roster", roster, "--lab", "hello", "--force", "--out", out])
        #expect(again.exitCode == 0, "\(again)")
        #expect(filesUnder(out + "/reports") == files)
    }

    @Test func aReportThatCannotBeWrittenIsAnErrorRowNotSilence() async throws {
        let solved = try await machine.startLab(
            "hello", from: catalog, named: "ada", files: ["main.py": TestLab.helloSolution])
        let roster = machine.path("roster.csv")
        try "student,repository\nada,\(solved)\nbob,\(solved)\n".write(
            toFile: roster, atomically: true, encoding: .utf8)
        let out = machine.path("blocked")
        // Where ada's report would go is taken by a directory.
        try FileManager.default.createDirectory(atPath: out + "/reports/ada.json", withIntermediateDirectories: true)
        let result = try await classroom(["--roster", roster, "--lab", "hello", "--out", out])
        #expect(result.exitCode == 0, "the others are still graded: \(result)")
        #expect(result.stdout.contains("1 passed, 0 failed, 1 not graded"), "\(result)")
        #expect(
            result.stdout.contains(
                "  ada: cannot write the report of ada to \(out)/reports/ada.json: it is a directory"), "\(result)")
        let rows = parseCSV(try String(contentsOfFile: out + "/gradebook.csv", encoding: .utf8))
        let ada = try #require(rows.first { $0.first == "ada" })
        #expect(ada[5] == "error" && ada[8].contains("cannot write the report"), "\(ada)")
        #expect(
            filesUnder(out + "/reports") == ["bob.json"], "no temporary file is left: \(filesUnder(out + "/reports"))")
    }

    @Test func anOutputThatIsAFileOrADeadlineThatIsNotExactIsRefusedBeforeGrading() async throws {
        let ada = try await machine.startLab("hello", from: catalog, named: "ada")
        let roster = machine.path("roster.csv")
        try "student,repository\nada,\(ada)\n".write(toFile: roster, atomically: true, encoding: .utf8)
        let file = machine.path("taken.txt")
        try "not a directory\n".write(toFile: file, atomically: true, encoding: .utf8)

        let taken = try await classroom(["--roster", roster, "--lab", "hello", "--out", file])
        #expect(taken.exitCode == 2, "\(taken)")
        #expect(
            taken.stderr.contains("cannot use \(file) as the output directory: it exists and is not a directory"),
            "\(taken)")
        #expect(!taken.stderr.contains("NSCocoaErrorDomain") && !taken.stderr.contains("Error Domain"), "\(taken)")

        let out = machine.path("deadline-out")
        let badDeadline = try await classroom([
            "--roster", roster, "--lab", "hello", "--deadline", "2026-02-30T00:00:00Z", "--out", out,
        ])
        #expect(badDeadline.exitCode == 2, "\(badDeadline)")
        #expect(
            badDeadline.stderr.contains(
                "--deadline: '2026-02-30T00:00:00Z' is not a date and time Ladder accepts: February 2026 has 28 days"),
            "\(badDeadline)")
        #expect(!FileManager.default.fileExists(atPath: out), "\(badDeadline)")
        #expect(try await attempts(of: "ada@roster.invalid").isEmpty)
    }

    @Test func aCloneFailureReadsTheSameOnEveryRunAndNamesOnlyWhatTheRosterGave() async throws {
        let notARepository = machine.path("plain.git")
        try writeFiles(["README": "not a repository\n"], under: notARepository)
        let roster = machine.path("roster.csv")
        try """
        student,repository
        ivy,https://127.0.0.1:9/course/ivy.git
        joe,file://\(notARepository)

        """.write(toFile: roster, atomically: true, encoding: .utf8)
        var reasons: [[String]] = []
        for run in 1...2 {
            let out = machine.path("clones-\(run)")
            let result = try await classroom(["--roster", roster, "--lab", "hello", "--out", out])
            #expect(result.exitCode == 0, "\(result)")
            let rows = parseCSV(try String(contentsOfFile: out + "/gradebook.csv", encoding: .utf8)).dropFirst()
            reasons.append(rows.map { $0[8] })
        }
        #expect(reasons[0] == reasons[1], "\(reasons)")
        let ivy = reasons[0][0]
        #expect(ivy.hasPrefix("cannot clone https://127.0.0.1:9/course/ivy.git: "), "\(ivy)")
        #expect(
            reasons[0][1] == "file://\(notARepository) is not a git repository (give the repository's top directory)",
            "\(reasons)")
        for reason in reasons[0] {
            #expect(!reason.contains(machine.temporary) && !reason.contains("clone-"), "no scratch path: \(reason)")
        }
    }

    // MARK: Bad input

    /// Runs a classroom with `roster` (the file's text) and expects exit 2, a message with every part of `message`,
    /// and no gradebook.
    func expectRejected(
        roster text: String, lab: String = "hello", message parts: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let ada = try await machine.startLab("hello", from: catalog, named: "ada-\(UUID().uuidString.prefix(6))")
        let roster = machine.path("roster-\(UUID().uuidString.prefix(6)).csv")
        try text.replacingOccurrences(of: "ADA", with: ada).write(toFile: roster, atomically: true, encoding: .utf8)
        let out = machine.path("out-\(UUID().uuidString.prefix(6))")
        let result = try await classroom(["--roster", roster, "--lab", lab, "--out", out])
        #expect(result.exitCode == 2, "\(result)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(result.stderr.contains(part), "the message says \(part): \(result)", sourceLocation: sourceLocation)
        }
        #expect(
            !FileManager.default.fileExists(atPath: out + "/gradebook.csv"), "nothing graded",
            sourceLocation: sourceLocation)
        #expect(try await attempts(of: "ada@roster.invalid").isEmpty, sourceLocation: sourceLocation)
    }

    @Test func aRosterWithAMissingColumnIsRefused() async throws {
        try await expectRejected(
            roster: "student,repo\nada,ADA\n",
            message: [".csv:1:", "missing column repository", "student and repository", "found: student, repo"])
    }

    @Test func duplicateStudentsAreRefusedNamingBothLines() async throws {
        try await expectRejected(
            roster: "student,repository\nada,ADA\nbob,ADA\nAda,ADA\n",
            message: [".csv:4:", "duplicate student \"Ada\"", "also on line 2"])
    }

    @Test func aBadURLIsRefusedWithItsLine() async throws {
        try await expectRejected(
            roster: "student,repository\nada,ADA\nbob,ftp://example.org/bob.git\n",
            message: [".csv:3:", "column repository", "ftp://", "not accepted", "file:// URL or an https:// URL"])
        try await expectRejected(
            roster: "student,repository\nada,git@github.com:org/ada.git\n",
            message: [".csv:2:", "SSH address"])
        try await expectRejected(
            roster: "student,repository\nada,https://tok:secret@github.com/org/ada.git\n",
            message: [".csv:2:", "credentials"])
    }

    @Test func anUnknownLabOrAMissingRosterIsRefused() async throws {
        try await expectRejected(
            roster: "student,repository\nada,ADA\n", lab: "helo", message: ["unknown lab `helo`", "hello"])

        let missing = try await classroom([
            "--roster", machine.path("nope.csv"), "--lab", "hello", "--out", machine.path("out"),
        ])
        #expect(missing.exitCode == 2, "\(missing)")
        #expect(missing.stderr.contains("nope.csv: no such file"), "\(missing)")

        let jobs = try await classroom([
            "--roster", machine.path("nope.csv"), "--lab", "hello", "--out", machine.path("out"), "--jobs", "0",
        ])
        #expect(jobs.exitCode == 2, "\(jobs)")
        #expect(jobs.stderr.contains("--jobs must be between 1 and 64"), "\(jobs)")
    }
}
