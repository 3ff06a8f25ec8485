import Foundation
import Testing

/// `ladder grade` as CI runs it: exit statuses, which commit is graded, where the repository comes from, every
/// `--format`, and GitHub Classroom's autograding.json.
@Suite struct GradeCommandTests {
    let machine: LearnerMachine
    let catalog: TestCatalog

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.writeWithStages(in: machine)
    }

    func grade(_ arguments: [String], in directory: String, environment: [String: String] = [:]) async throws
        -> CommandResult
    {
        try await machine.ladder(
            ["grade", "--catalog", catalog.root] + arguments, in: directory, environment: environment)
    }

    /// `ladder grade --format json` of `repository`: the command's result and the report.
    func gradeJSON(_ repository: String, _ arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> (CommandResult, [String: Any])
    {
        let result = try await grade(["--format", "json"] + arguments + [repository], in: machine.root.path)
        let report = try #require(
            try? result.json() as? [String: Any], "not a JSON report: \(result)", sourceLocation: sourceLocation)
        return (result, report)
    }

    // MARK: Exit statuses

    @Test func aPassingRepositoryExitsZeroAndAFailingOneExitsOne() async throws {
        let solved = try await machine.startLab(
            "hello", from: catalog, named: "solved", files: ["main.py": TestLab.helloSolution])
        let passing = try await grade([], in: solved)
        #expect(passing.exitCode == 0, "\(passing)")
        #expect(passing.stdout.contains("PASSED  20/20 points (pass mark 20)"), "\(passing)")

        let starter = try await machine.startLab("hello", from: catalog, named: "starter")
        let failing = try await grade([], in: starter)
        #expect(failing.exitCode == 1, "\(failing)")
        #expect(failing.stdout.contains("FAILED  0/20 points"), "\(failing)")

        // Both were recorded, as `source: grade`.
        let history = try await machine.ladder([
            "history", "--json", "--learner", machine.learnerEmail, "--catalog", catalog.root,
        ])
        let attempts = try #require(try history.json() as? [[String: Any]], "\(history)")
        #expect(attempts.count == 2, "\(history)")
        #expect(attempts.allSatisfy { $0.string("source") == "grade" }, "\(history)")
    }

    @Test func aBrokenGraderOrARepositoryThatIsNotALabExitsTwo() async throws {
        let broken = try await machine.startLab("broken-regex", from: catalog)
        let (brokenResult, brokenReport) = try await gradeJSON(broken)
        #expect(brokenResult.exitCode == 2, "a grader error is not the learner's failure: \(brokenResult)")
        #expect(brokenReport.string("status") == "error")

        let plain = machine.path("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        try await machine.git(["init", "-q"], in: plain)
        try await machine.commit(["notes.txt": "not a lab\n"], in: plain, message: "Notes", at: Date())
        let notALab = try await grade([], in: plain)
        #expect(notALab.exitCode == 2, "\(notALab)")
        #expect(
            notALab.stderr.contains(".ladder/lab.toml") && notALab.stderr.contains("--lab"),
            "says how to fix it: \(notALab)")

        let notARepository = machine.path("not-a-repository")
        try FileManager.default.createDirectory(atPath: notARepository, withIntermediateDirectories: true)
        let noGit = try await grade([notARepository], in: machine.root.path)
        #expect(noGit.exitCode == 2, "\(noGit)")
        #expect(noGit.stderr.contains(notARepository), "names what it could not grade: \(noGit)")

        let missing = try await grade([machine.path("no-such-directory")], in: machine.root.path)
        #expect(missing.exitCode == 2, "\(missing)")
        #expect(missing.stderr.contains("no such repository"), "\(missing)")

        let unknownLab = try await grade(["--lab", "helo"], in: broken)
        #expect(unknownLab.exitCode == 2, "\(unknownLab)")
        #expect(
            unknownLab.stderr.contains("unknown lab `helo`") && unknownLab.stderr.contains("hello"), "\(unknownLab)")
        #expect(unknownLab.stdout.isEmpty, "nothing is reported when nothing was graded: \(unknownLab)")
    }

    @Test func usageErrorsExitTwo() async throws {
        let repository = try await machine.startLab("hello", from: catalog)
        let badFormat = try await grade(["--format", "nope"], in: repository)
        #expect(badFormat.exitCode == 2, "\(badFormat)")
        #expect(
            badFormat.stderr.contains("'nope'") && badFormat.stderr.contains("junit")
                && badFormat.stderr.contains("gradescope"),
            "lists the formats: \(badFormat)")

        let both = try await grade(["--commit", "HEAD", "--before", "2026-01-01"], in: repository)
        #expect(both.exitCode == 2, "\(both)")
        #expect(both.stderr.contains("--commit or --before, not both"), "\(both)")

        let badDate = try await grade(["--before", "next tuesday"], in: repository)
        #expect(badDate.exitCode == 2, "\(badDate)")
        #expect(badDate.stderr.contains("'next tuesday' is not a date"), "\(badDate)")

        let badRevision = try await grade(["--commit", "no-such-branch"], in: repository)
        #expect(badRevision.exitCode == 2, "\(badRevision)")
        #expect(badRevision.stderr.contains("no-such-branch"), "\(badRevision)")

        let unknownOption = try await grade(["--bogus"], in: repository)
        #expect(unknownOption.exitCode == 2, "\(unknownOption)")

        // Bad usage is "not graded" (2) for every command that grades, however deep, and plain usage (64) elsewhere.
        for arguments in [["submit", "--bogus"], ["test", "--bogus"], ["classroom", "grade", "--bogus"]] {
            let result = try await machine.ladder(arguments)
            #expect(result.exitCode == 2, "\(arguments): \(result)")
        }
        for arguments in [["list", "--bogus"], ["classroom", "--bogus"], ["lab", "validate", "--bogus"]] {
            let result = try await machine.ladder(arguments)
            #expect(result.exitCode == 64, "\(arguments): \(result)")
        }
    }

    @Test func minScoreDecidesTheExitStatusInsteadOfThePassMark() async throws {
        let half = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloAdaOnly])
        let plain = try await grade([], in: half)
        #expect(plain.exitCode == 1, "10/20 is below the pass mark: \(plain)")
        #expect(plain.stdout.contains("10/20"), "\(plain)")
        let enough = try await grade(["--min-score", "10"], in: half)
        #expect(enough.exitCode == 0, "\(enough)")
        let tooHigh = try await grade(["--min-score", "11"], in: half)
        #expect(tooHigh.exitCode == 1, "\(tooHigh)")
    }

    // MARK: Which commit

    @Test func commitGradesTheGivenRevision() async throws {
        let timeline = Timeline()
        let (repository, commits) = try await machine.startLab(
            "hello", from: catalog, named: "history", startedAt: timeline.starter,
            commits: [
                (["main.py": TestLab.helloSolution], timeline.onTime),
                (["main.py": TestLab.helloAdaOnly], timeline.late),
            ])
        let (head, headReport) = try await gradeJSON(repository)
        #expect(head.exitCode == 1, "\(head)")
        #expect(headReport.string("commit") == commits[2])
        #expect(headReport.int("score") == 10)

        let (previous, previousReport) = try await gradeJSON(repository, ["--commit", "HEAD~1"])
        #expect(previous.exitCode == 0, "\(previous)")
        #expect(previousReport.string("commit") == commits[1])
        #expect(previousReport.int("score") == 20)

        let (byID, byIDReport) = try await gradeJSON(repository, ["--commit", String(commits[0].prefix(12))])
        #expect(byID.exitCode == 1, "\(byID)")
        #expect(byIDReport.string("commit") == commits[0])
        #expect(byIDReport.int("score") == 0)

        // The repository itself is not touched.
        #expect(try await machine.sha(in: repository) == commits[2])
        #expect(try await machine.git(["status", "--porcelain"], in: repository).isEmpty)
    }

    @Test func beforePicksTheLastCommitAtOrBeforeTheTime() async throws {
        let timeline = Timeline()
        let (repository, commits) = try await machine.startLab(
            "hello", from: catalog, named: "dated", startedAt: timeline.starter,
            commits: [
                (["main.py": TestLab.helloAdaOnly], timeline.onTime),
                (["main.py": TestLab.helloSolution], timeline.late),
            ])

        let (onTime, onTimeReport) = try await gradeJSON(repository, ["--before", Timeline.iso(timeline.deadline)])
        #expect(onTime.exitCode == 1, "\(onTime)")
        #expect(onTimeReport.string("commit") == commits[1], "the commit before the deadline, not HEAD")
        #expect(onTimeReport.int("score") == 10)
        #expect(
            onTime.stderr.contains("commits exist after the deadline")
                && onTime.stderr.contains(String(commits[1].prefix(10))),
            "flags the later work: \(onTime)")

        // At the second of a commit counts as at or before it.
        let (exact, exactReport) = try await gradeJSON(repository, ["--before", Timeline.iso(timeline.onTime)])
        #expect(exact.exitCode == 1, "\(exact)")
        #expect(exactReport.string("commit") == commits[1])

        let (after, afterReport) = try await gradeJSON(
            repository, ["--before", Timeline.iso(timeline.late.addingTimeInterval(60))])
        #expect(after.exitCode == 0, "\(after)")
        #expect(afterReport.string("commit") == commits[2])
        #expect(!after.stderr.contains("after the deadline"), "\(after)")

        let tooEarly = try await grade(
            ["--before", Timeline.iso(timeline.starter.addingTimeInterval(-60)), repository], in: machine.root.path)
        #expect(tooEarly.exitCode == 2, "\(tooEarly)")
        #expect(tooEarly.stderr.contains("no commit at or before the deadline"), "\(tooEarly)")
    }

    /// The deadline forms: an offset other than Z means the same instant, and what is not exactly one of the accepted
    /// forms is refused instead of read as something else.
    @Test func beforeTakesAnOffsetAndRefusesWhatItCannotReadExactly() async throws {
        let timeline = Timeline()
        let (repository, commits) = try await machine.startLab(
            "hello", from: catalog, named: "offsets", startedAt: timeline.starter,
            commits: [
                (["main.py": TestLab.helloAdaOnly], timeline.onTime),
                (["main.py": TestLab.helloSolution], timeline.late),
            ])
        let indian = ISO8601DateFormatter()
        indian.timeZone = TimeZone(secondsFromGMT: 5 * 3600 + 1800)
        let atOnTime = indian.string(from: timeline.onTime)
        #expect(atOnTime.hasSuffix("+05:30"), "\(atOnTime)")
        let (exact, exactReport) = try await gradeJSON(repository, ["--before", atOnTime])
        #expect(exact.exitCode == 1, "\(exact)")
        #expect(exactReport.string("commit") == commits[1], "the same instant as the on-time commit")
        let (earlier, earlierReport) = try await gradeJSON(
            repository, ["--before", indian.string(from: timeline.onTime.addingTimeInterval(-1))])
        #expect(earlier.exitCode == 1, "\(earlier)")
        #expect(earlierReport.string("commit") == commits[0], "one second before it")

        for (text, reason) in [
            ("2026-12-01T12:00", "it has no seconds and no offset"),
            ("2026-02-30T00:00:00Z", "February 2026 has 28 days"),
            ("2026-12-01T25:00:00Z", "the hour 25 is out of range"),
            ("2026-12-01T23:59:00Zjunk", "unexpected \"junk\" after the offset"),
        ] {
            let refused = try await grade(["--before", text], in: repository)
            #expect(refused.exitCode == 2, "\(refused)")
            #expect(
                refused.stderr.contains("--before: '\(text)' is not a date and time Ladder accepts: \(reason)"),
                "\(refused)")
            #expect(
                refused.stderr.contains("2026-12-01T23:59:00Z") && refused.stderr.contains("end of that day in UTC"),
                "shows the forms: \(refused)")
            #expect(refused.stdout.isEmpty, "\(refused)")
        }
        let help = try await machine.ladder(["grade", "--help"])
        #expect(help.stdout.contains("end of that day in UTC"), "\(help)")
    }

    // MARK: One pipeline

    @Test func aPinWithAnUnknownLanguageGetsTheSameErrorFromSubmitAndGrade() async throws {
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let pin = try String(contentsOfFile: repository + "/.ladder/lab.toml", encoding: .utf8)
        try machine.commit(
            [".ladder/lab.toml": pin.replacingOccurrences(of: "language = \"python\"", with: "language = \"cobol\"")],
            in: repository, message: "Edit the pin")

        let submit = try await machine.ladder(["submit", "--catalog", catalog.root], in: repository)
        #expect(submit.exitCode == 2, "\(submit)")
        let message = submit.stderrLines.last ?? ""
        #expect(
            message.contains(repository + "/.ladder/lab.toml:4: language: lab 'hello' has no language 'cobol'"),
            "\(submit)")
        for arguments in [[String](), ["--lab", "hello"], [repository], ["--lab", "hello", repository]] {
            let graded = try await grade(arguments, in: repository)
            #expect(graded.exitCode == 2, "\(arguments): \(graded)")
            #expect(graded.stderrLines.last == message, "the same error as submit: \(arguments): \(graded)")
            #expect(graded.stdout.isEmpty, "\(graded)")
        }
        #expect(try await machine.history(catalog: catalog).isEmpty, "nothing was graded")
    }

    // MARK: Where the repository comes from

    @Test func labNamesTheLabOfARepositoryWithoutAPin() async throws {
        let repository = machine.path("unpinned")
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        try await machine.git(["init", "-q"], in: repository)
        try await machine.commit(["main.py": TestLab.helloSolution], in: repository, message: "Solution", at: Date())

        let unnamed = try await grade([], in: repository)
        #expect(unnamed.exitCode == 2, "\(unnamed)")
        let (named, report) = try await gradeJSON(repository, ["--lab", "hello"])
        #expect(named.exitCode == 0, "\(named)")
        #expect(report.string("labID") == "hello")
        #expect(report.string("language") == "python", "the lab's default language")
        #expect(report.int("score") == 20)
    }

    @Test func aFileURLAndABareRepositoryAreClonedAndGraded() async throws {
        let working = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let head = try await machine.sha(in: working)
        let bare = machine.path("hello.git")
        try await machine.git(["clone", "-q", "--bare", working, bare], in: machine.root.path)

        for location in ["file://" + bare, bare, "file://" + working] {
            let (result, report) = try await gradeJSON(location)
            #expect(result.exitCode == 0, "\(location): \(result)")
            #expect(report.string("commit") == head, "\(location)")
            #expect(report.string("labID") == "hello", "the pin is read from the clone: \(location)")
        }
        // Nothing was left behind in the bare repository.
        #expect(!FileManager.default.fileExists(atPath: bare + "/main.py"))
    }

    // MARK: Formats

    /// The fields a table of docs/report-format.md lists under `heading`, with whether each is optional.
    static func documentedFields(under heading: String) throws -> [(name: String, optional: Bool)] {
        let doc = try String(
            contentsOf: Products.packageRoot.appendingPathComponent("docs/report-format.md"), encoding: .utf8)
        let lines = doc.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == heading }, "docs/report-format.md has no \(heading)")
        var fields: [(String, Bool)] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("#") { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[0].hasPrefix("`"), cells[0].hasSuffix("`") else { continue }
            fields.append((String(cells[0].dropFirst().dropLast()), cells[1].contains("optional")))
        }
        return fields
    }

    @Test func jsonHasEveryDocumentedFieldAndNoOther() async throws {
        let repository = try await machine.startLab("stages", from: catalog, files: ["main.py": TestLab.helloGreetOnly])
        let (result, report) = try await gradeJSON(repository)
        #expect(result.exitCode == 1, "\(result)")
        #expect(report.int("formatVersion") == 1)

        let topLevel = try Self.documentedFields(under: "### Top level")
        #expect(topLevel.count >= 18, "the documentation's table was read: \(topLevel.map(\.name))")
        for field in topLevel where !field.optional {
            #expect(report[field.name] != nil, "documented field \(field.name) is missing")
        }
        // This report has a learner, a commit and a tree; no build (Python) and no error.
        for field in ["learner", "commit", "tree"] { #expect(report[field] != nil, "\(field)") }
        #expect(
            Set(report.keys).subtracting(topLevel.map(\.name)).isEmpty, "undocumented fields: \(report.keys.sorted())")

        #expect(report.string("labID") == "stages")
        #expect(report.string("labVersion") == "2.0.1")
        #expect(report.string("graderDigest")?.hasPrefix("sha256:") == true)
        #expect(report.string("commit") == (try await machine.sha(in: repository)))
        #expect(report.string("tree") == (try await machine.sha("HEAD^{tree}", in: repository)))
        #expect(report.string("learner") == machine.learnerEmail)
        #expect(report.string("status") == "failed")
        #expect(report.int("score") == 10 && report.int("maxScore") == 20 && report.int("passMark") == 20)
        let started = try #require(report.string("startedAt").flatMap { ISO8601DateFormatter().date(from: $0) })
        let finished = try #require(report.string("finishedAt").flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(started <= finished)

        let stageFields = try Self.documentedFields(under: "### `stages[]`")
        let testFields = try Self.documentedFields(under: "### `stages[].tests[]`")
        let stages = report.array("stages")
        #expect(stages.map { $0.string("id") } == ["greet", "shout"])
        for stage in stages {
            #expect(Set(stage.keys) == Set(stageFields.map(\.name)), "\(stage.keys.sorted())")
            for test in stage.array("tests") {
                for field in testFields where !field.optional {
                    #expect(test[field.name] != nil, "\(field.name) missing in \(test)")
                }
                #expect(
                    Set(test.keys).subtracting(testFields.map(\.name)).isEmpty, "undocumented: \(test.keys.sorted())")
            }
        }
        let loud = try #require(stages.last?.array("tests").first)
        #expect(loud.string("verdict") == "wrong-answer")
        #expect(loud.int("points") == 0 && loud.int("maxPoints") == 10)
        #expect(loud.string("feedback") == "With --shout, greet in capitals.")
        #expect(loud.string("detail")?.contains("HELLO, ADA!") == true)

        // The same report gives the same bytes: sorted keys, and a newline at the end.
        #expect(result.stdout.hasSuffix("}\n"))
        let keys = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
            $0.split(separator: "\"")[1]
        }
        #expect(keys == keys.sorted(), "top-level keys are sorted")
    }

    @Test(.requires(JUnitParser.prerequisite))
    func junitParsesWithJunitparserOneSuitePerStageOneCasePerTest() async throws {
        let python = try JUnitParser.python.get()
        let repository = try await machine.startLab("stages", from: catalog, files: ["main.py": TestLab.helloGreetOnly])
        let xml = machine.path("junit.xml")
        let result = try await grade(["--format", "junit", "--output", xml], in: repository)
        #expect(result.exitCode == 1, "\(result)")

        let script = """
            import json, sys
            from junitparser import JUnitXml, TestSuite, Failure, Error, Skipped
            xml = JUnitXml.fromfile(sys.argv[1])
            suites = [xml] if isinstance(xml, TestSuite) else list(xml)
            out = []
            for suite in suites:
                cases = []
                for case in suite:
                    cases.append({"name": case.name, "classname": case.classname, "time": case.time,
                                  "results": [{"kind": type(r).__name__, "type": r.type, "message": r.message, "text": r.text}
                                              for r in case.result]})
                out.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures, "errors": suite.errors,
                            "time": suite.time, "cases": cases})
            print(json.dumps(out))
            """
        let parsed = try await machine.run([python, "-c", script, xml])
        #expect(parsed.exitCode == 0, "junitparser could not read it: \(parsed)")
        let suites = try #require(try parsed.json() as? [[String: Any]], "\(parsed)")
        #expect(suites.map { $0.string("name") } == ["Greeting", "Shouting"], "one testsuite per stage, by title")
        #expect(suites.map { $0.int("tests") } == [2, 1])
        #expect(suites.map { $0.int("failures") } == [0, 1])
        let cases = suites.flatMap { $0.array("cases") }
        #expect(
            cases.map { $0.string("name") } == ["Greets Ada", "Greets Grace", "Shouts at Ada"], "one testcase per test")
        #expect(cases.map { $0.string("classname") } == ["stages.greet", "stages.greet", "stages.shout"])
        for testCase in cases {
            let time = try #require(testCase["time"] as? Double, "a time on \(testCase)")
            #expect(time > 0 && time < 10, "\(testCase)")
        }
        for suite in suites { #expect((suite["time"] as? Double).map { $0 > 0 } == true, "\(suite)") }
        #expect(cases[0].array("results").isEmpty && cases[1].array("results").isEmpty)
        let failure = try #require(cases[2].array("results").first)
        #expect(failure.string("kind") == "Failure")
        #expect(failure.string("type") == "wrong-answer")
        #expect(failure.string("message")?.hasPrefix("wrong answer") == true, "\(failure)")
        #expect(failure.string("text")?.contains("With --shout, greet in capitals.") == true, "the hint: \(failure)")
        #expect(result.stdout.isEmpty, "--output: nothing on standard output: \(result)")

        // A grader error is an <error>, not a learner's <failure>.
        let broken = try await machine.startLab("broken-regex", from: catalog)
        let brokenXML = machine.path("broken.xml")
        let brokenResult = try await grade(["--format", "junit", "--output", brokenXML], in: broken)
        #expect(brokenResult.exitCode == 2, "\(brokenResult)")
        let brokenParsed = try await machine.run([python, "-c", script, brokenXML])
        let brokenSuites = try #require(try brokenParsed.json() as? [[String: Any]], "\(brokenParsed)")
        #expect(brokenSuites.map { $0.int("errors") } == [1], "\(brokenParsed)")
        let error = try #require(brokenSuites.first?.array("cases").first?.array("results").first, "\(brokenParsed)")
        #expect(error.string("kind") == "Error" && error.string("type") == "grader-error", "\(error)")
        #expect(error.string("message")?.isEmpty == false, "\(error)")
    }

    @Test func tapHasTheVersionThePlanAndOneLinePerTest() async throws {
        let repository = try await machine.startLab("stages", from: catalog, files: ["main.py": TestLab.helloGreetOnly])
        let result = try await grade(["--format", "tap"], in: repository)
        #expect(result.exitCode == 1, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "TAP version 13", "\(result)")
        #expect(lines.contains("1..3"), "the plan: \(result)")
        let verdictLines = lines.filter { $0.hasPrefix("ok ") || $0.hasPrefix("not ok ") }
        #expect(verdictLines == ["ok 1 - greet/ada", "ok 2 - greet/grace", "not ok 3 - shout/loud"], "\(result)")
        #expect(lines.contains { $0.contains("verdict: \"wrong-answer\"") }, "\(result)")
        #expect(lines.contains { $0.hasPrefix("#") && $0.contains("10/20") }, "\(result)")
    }

    @Test func githubWritesAnnotationsAndAStepSummary() async throws {
        let repository = try await machine.startLab("stages", from: catalog, files: ["main.py": TestLab.helloGreetOnly])
        let summary = machine.path("step-summary.md")
        try "# Earlier step\n".write(toFile: summary, atomically: true, encoding: .utf8)
        let result = try await grade(
            ["--format", "github"], in: repository, environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(result.exitCode == 1, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "one annotation per failed test and a final one: \(result)")
        #expect(lines.allSatisfy { $0.hasPrefix("::") }, "every line is a workflow command: \(result)")
        #expect(
            lines.first?.hasPrefix("::error title=shout/loud%3A Shouts at Ada::wrong answer (0/10 points)") == true,
            "\(result)")
        #expect(lines.last?.hasPrefix("::error title=Ladder%3A stages::") == true, "\(result)")
        #expect(lines.last?.contains("failed: 10/20 points (pass mark 20)") == true, "\(result)")

        let markdown = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(markdown.hasPrefix("# Earlier step\n"), "appended to what earlier steps wrote: \(markdown)")
        #expect(markdown.contains("❌") && markdown.contains("stages") && markdown.contains("2.0.1"), "\(markdown)")
        #expect(markdown.contains("| Test | Verdict | Points | Details |"), "\(markdown)")
        #expect(markdown.contains("Shouts at Ada") && markdown.contains("Greets Grace"), "\(markdown)")

        let solved = try await machine.startLab(
            "hello", from: catalog, named: "solved", files: ["main.py": TestLab.helloSolution])
        let fresh = machine.path("fresh-summary.md")
        let passed = try await grade(["--format", "github"], in: solved, environment: ["GITHUB_STEP_SUMMARY": fresh])
        #expect(passed.exitCode == 0, "\(passed)")
        #expect(
            passed.stdout.split(separator: "\n").map(String.init) == [
                "::notice title=Ladder%3A hello::Test lab hello (hello 1.2.0): passed: 20/20 points (pass mark 20)"
            ], "\(passed)")
        let freshMarkdown = try String(contentsOfFile: fresh, encoding: .utf8)
        #expect(freshMarkdown.contains("✅"), "a summary file that did not exist is created: \(freshMarkdown)")

        let quiet = try await grade(
            ["--format", "json"], in: solved, environment: ["GITHUB_STEP_SUMMARY": machine.path("json-summary.md")])
        #expect(quiet.exitCode == 0)
        #expect(
            !FileManager.default.fileExists(atPath: machine.path("json-summary.md")),
            "only --format github writes a summary")
    }

    @Test func gradescopeHasTheAutograderFields() async throws {
        let repository = try await machine.startLab("stages", from: catalog, files: ["main.py": TestLab.helloGreetOnly])
        let output = machine.path("results/results.json")
        try FileManager.default.createDirectory(atPath: machine.path("results"), withIntermediateDirectories: true)
        let result = try await grade(["--format", "gradescope", "--output", output], in: repository)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        let data = try #require(FileManager.default.contents(atPath: output))
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((results["score"] as? NSNumber)?.doubleValue == 10)
        #expect((results["execution_time"] as? NSNumber).map { $0.doubleValue >= 0 } == true, "\(results)")
        #expect(results.string("output")?.contains("10/20") == true)
        let tests = results.array("tests")
        #expect(tests.count == 3)
        for test in tests {
            for field in ["name", "status", "score", "max_score", "output", "visibility"] {
                #expect(test[field] != nil, "\(field) missing in \(test)")
            }
            #expect(["passed", "failed"].contains(test.string("status") ?? ""))
            #expect(test.string("visibility") == "visible")
        }
        #expect(
            tests.map { $0.string("name") } == [
                "Greeting / Greets Ada", "Greeting / Greets Grace", "Shouting / Shouts at Ada",
            ])
        #expect(tests.map { $0.string("status") } == ["passed", "passed", "failed"])
        #expect(tests.map { ($0["score"] as? NSNumber)?.intValue } == [5, 5, 0])
        #expect(tests.map { ($0["max_score"] as? NSNumber)?.intValue } == [5, 5, 10])
        #expect(tests[2].string("output")?.contains("HELLO, ADA!") == true, "\(tests[2])")
    }

    @Test func outputWritesTheReportToAFileAndKeepsTheExitStatus() async throws {
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let file = machine.path("report.json")
        let result = try await grade(["--format", "json", "--output", file], in: repository)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        #expect(report.string("status") == "passed")

        let text = machine.path("report.txt")
        let plain = try await grade(["--output", text], in: repository)
        #expect(plain.exitCode == 0, "\(plain)")
        #expect(try String(contentsOfFile: text, encoding: .utf8).contains("PASSED  20/20"))

        let unwritable = try await grade(
            ["--format", "json", "--output", machine.path("no/such/dir/report.json")], in: repository)
        #expect(unwritable.exitCode == 2, "\(unwritable)")
        #expect(
            unwritable.stderr.contains(
                "cannot write the report to \(machine.path("no/such/dir/report.json")): the directory \(machine.path("no/such/dir")) does not exist"
            ), "\(unwritable)")

        // A directory, or a path through a file: said about the path given, before anything is graded.
        let directory = machine.path("reports-dir")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (path, reason) in [
            (directory, "it is a directory; name a file"),
            (text + "/report.json", "\(text) is a file, not a directory"),
        ] {
            let refused = try await grade(["--format", "json", "--output", path], in: repository)
            #expect(refused.exitCode == 2, "\(refused)")
            #expect(refused.stderr.contains("cannot write the report to \(path): \(reason)"), "\(refused)")
            #expect(
                !refused.stderr.contains("NSCocoaErrorDomain") && !refused.stderr.contains("Error Domain"), "\(refused)"
            )
        }
    }

    // MARK: GitHub Classroom's autograding.json

    static let autograding = #"""
        {
          "tests": [
            {"name": "Exact hello", "setup": "echo built > built.txt", "run": "cat built.txt; python3 hello.py",
             "input": "", "output": "built\nHello, World!", "comparison": "exact", "timeout": 1, "points": 3},
            {"name": "Echoes its input", "setup": "", "run": "python3 echo.py", "input": "ping\n",
             "output": "got ping", "comparison": "included", "timeout": 1, "points": 2},
            {"name": "Version", "run": "python3 hello.py --version", "output": "^v[0-9]+\\.[0-9]+$",
             "comparison": "regex", "timeout": 1, "points": 4},
            {"name": "Says goodbye", "run": "python3 hello.py", "output": "Goodbye", "comparison": "included",
             "timeout": 1, "points": 5},
            {"name": "Exits cleanly", "run": "true", "points": 1},
            {"name": "Setup fails", "setup": "exit 7", "run": "echo never", "output": "never", "points": 6},
            {"name": "Too slow", "run": "sleep 30; echo done", "output": "done", "timeout": 0.03, "points": 7}
          ]
        }
        """#

    static let autogradedFiles = [
        ".github/classroom/autograding.json": autograding,
        "hello.py": "import sys\nprint('v1.2' if '--version' in sys.argv else 'Hello, World!')\n",
        "echo.py": "import sys\nprint('got ' + sys.stdin.read().strip())\n",
    ]

    func autogradedRepository(_ files: [String: String] = autogradedFiles, named name: String = "classroom-repo")
        async throws -> String
    {
        let repository = machine.path(name)
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        try await machine.git(["init", "-q"], in: repository)
        try await machine.commit(files, in: repository, message: "Assignment", at: Date())
        return repository
    }

    @Test func autogradingRunsTheClassroomTestsAndAddsUpTheirPoints() async throws {
        let repository = try await autogradedRepository()
        let result = try await grade(
            ["--autograding", ".github/classroom/autograding.json", "--format", "json"], in: repository)
        #expect(result.exitCode == 1, "not every test passes: \(result)")
        let report = try #require(try? result.json() as? [String: Any], "\(result)")
        let tests = report.array("stages").flatMap { $0.array("tests") }
        #expect(
            tests.map { $0.string("title") } == [
                "Exact hello", "Echoes its input", "Version", "Says goodbye", "Exits cleanly", "Setup fails",
                "Too slow",
            ])
        let verdicts = tests.map { $0.string("verdict") ?? "?" }
        #expect(Array(verdicts.prefix(3)) == ["passed", "passed", "passed"], "\(tests)")
        #expect(verdicts[3] == "wrong-answer", "\(tests)")
        #expect(verdicts[4] == "passed", "no output and no input: only the exit status counts")
        #expect(verdicts[5] == "runtime-error", "a failing setup fails the test: \(tests[5])")
        #expect(verdicts[6] == "time-limit", "the timeout is in minutes: \(tests[6])")
        #expect(tests.map { $0.int("points") } == [3, 2, 4, 0, 1, 0, 0])
        #expect(tests.map { $0.int("maxPoints") } == [3, 2, 4, 5, 1, 6, 7])
        #expect(report.int("score") == 10 && report.int("maxScore") == 28, "\(report)")
        #expect(report.string("status") == "failed")

        // The same file with an absolute path, and a minimum score.
        let absolute = try await grade(
            ["--autograding", repository + "/.github/classroom/autograding.json", "--min-score", "10"], in: repository)
        #expect(absolute.exitCode == 0, "\(absolute)")
        #expect(absolute.stdout.contains("10/28"), "\(absolute)")
    }

    @Test func autogradingWarnsOfAnUnknownFieldAndRefusesAnUnknownComparison() async throws {
        let unknownField =
            #"{"tests": [{"name": "fine", "run": "true"}, {"name": "Typo", "run": "true", "ouptut": "x"}]}"#
        let unknownComparison = #"{"tests": [{"name": "Fuzzy", "run": "true", "output": "x", "comparison": "fuzzy"}]}"#
        let repository = try await autogradedRepository([
            "field.json": unknownField, "comparison.json": unknownComparison, "hello.py": "print('hi')\n",
        ])

        // GitHub ignores a field it does not know, and grades; so does Ladder, and says so.
        let field = try await grade(["--autograding", "field.json"], in: repository)
        #expect(field.exitCode == 0, "\(field)")
        #expect(
            field.stderr.contains(
                "warning: field.json: tests[1] (\"Typo\").ouptut: unknown field, ignored (as GitHub ignores it) (did you mean 'output'?)"
            ), "\(field)")
        #expect(
            field.stderr.contains("name, setup, run, input, output, comparison, timeout, points"),
            "lists the fields: \(field)")
        #expect(!field.stderr.contains("/export-"), "names the file as given, not a scratch copy: \(field)")

        let comparison = try await grade(["--autograding", "comparison.json"], in: repository)
        #expect(comparison.exitCode == 2, "\(comparison)")
        #expect(
            comparison.stderr.contains("tests[0] (\"Fuzzy\").comparison: unknown comparison \"fuzzy\""), "\(comparison)"
        )
        #expect(comparison.stderr.contains("supported: exact, included, regex"), "\(comparison)")

        let missing = try await grade(["--autograding", ".github/classroom/autograding.json"], in: repository)
        #expect(missing.exitCode == 2, "\(missing)")
        #expect(missing.stderr.contains("no such file"), "\(missing)")
    }

    // MARK: GitHub Classroom's workflow (classroom.yml)

    /// A workflow in the newer format, as GitHub Classroom writes it, with steps a course adds around the graders.
    static let classroomWorkflow = #"""
        name: Autograding Tests
        'on': [push, repository_dispatch]
        permissions: {checks: write, actions: read, contents: read}
        jobs:
          run-autograding-tests:
            runs-on: ubuntu-latest
            if: github.actor != 'github-classroom[bot]'
            steps:
            - name: Checkout code
              uses: actions/checkout@v4
            - name: Set up Python
              uses: actions/setup-python@v5
              with: {python-version: '3.12'}
            - name: Imports
              id: imports
              uses: classroom-resources/autograding-command-grader@v1
              with:
                test-name: Imports
                command: python3 -c 'import hello'
                max-score: 1
            - name: Greets
              id: greets
              uses: classroom-resources/autograding-io-grader@v1
              with:
                test-name: Greets
                command: python3 hello.py
                input: Ada
                expected-output: Hello, Ada!
                comparison-method: exact
                max-score: 2
            - name: Version
              id: version
              uses: classroom-resources/autograding-io-grader@v1
              with:
                test-name: Version
                command: python3 hello.py --version
                expected-output: '^v\d+\.\d+$'
                comparison-method: regex
                max-score: 3
            - name: Any case
              id: any-case
              uses: classroom-resources/autograding-io-grader@v1
              with:
                test-name: Any case
                command: python3 hello.py
                input: Ada
                expected-output: '(?i)hello'
                comparison-method: regex
                max-score: 4
            - name: Says goodbye
              id: goodbye
              uses: classroom-resources/autograding-io-grader@v1
              with:
                test-name: Says goodbye
                command: python3 hello.py
                input: Ada
                expected-output: Goodbye
                comparison-method: contains
                max-score: 5
            - name: Unit tests
              id: unit-tests
              uses: classroom-resources/autograding-python-grader@v1
              with: {max-score: 6}
            - name: Not counted
              id: extra
              uses: classroom-resources/autograding-command-grader@v1
              with: {test-name: Not counted, command: 'false', max-score: 100}
            - name: Autograding Reporter
              uses: classroom-resources/autograding-grading-reporter@v1
              env:
                IMPORTS_RESULTS: "${{steps.imports.outputs.result}}"
                GREETS_RESULTS: "${{steps.greets.outputs.result}}"
                VERSION_RESULTS: "${{steps.version.outputs.result}}"
                ANY-CASE_RESULTS: "${{steps.any-case.outputs.result}}"
                GOODBYE_RESULTS: "${{steps.goodbye.outputs.result}}"
                UNIT-TESTS_RESULTS: "${{steps.unit-tests.outputs.result}}"
              with:
                runners: imports,greets,version,any-case,goodbye,unit-tests
        """#

    static let workflowFiles = [
        ".github/workflows/classroom.yml": classroomWorkflow,
        "hello.py": """
        import sys
        if __name__ == '__main__':
            if '--version' in sys.argv:
                print('  v1.2  ')
            else:
                print('Hello, ' + sys.stdin.read().strip() + '!')
        """,
        "tests/hello_test.py": "import hello\nassert hello.__name__ == 'hello'\n",
        // A stand-in for pytest, which the sandbox's python3 need not have: it checks how it is called and runs the
        // test files it is given.
        "pytest.py": """
        import subprocess, sys
        args = sys.argv[1:]
        files = [a for a in args if a.endswith('_test.py')]
        print('pytest stand-in:', ' '.join(args))
        ok = args[:2] == ['-s', '--tb=no'] and files == ['./tests/hello_test.py']
        sys.exit(0 if ok and all(subprocess.run([sys.executable, '-c', 'import sys; sys.path.insert(0, "."); exec(open(sys.argv[1]).read())', f]).returncode == 0 for f in files) else 1)
        """,
    ]

    @Test func workflowGradesTheGraderStepsTheReporterCounts() async throws {
        let repository = try await autogradedRepository(Self.workflowFiles)
        let result = try await grade(
            ["--workflow", ".github/workflows/classroom.yml", "--format", "json"], in: repository)
        #expect(result.exitCode == 1, "not every test passes: \(result)")
        let report = try #require(try? result.json() as? [String: Any], "\(result)")
        let tests = report.array("stages").flatMap { $0.array("tests") }
        #expect(
            tests.map { $0.string("title") } == [
                "Imports", "Greets", "Version", "Any case", "Says goodbye", "Unit tests",
            ], "the step the reporter does not name is not graded")
        #expect(
            tests.map { $0.string("verdict") ?? "?" } == [
                "passed", "passed", "passed", "wrong-answer", "wrong-answer", "passed",
            ], "\(tests)")
        #expect(tests.map { $0.int("points") } == [1, 2, 3, 0, 0, 6])
        #expect(report.int("score") == 12 && report.int("maxScore") == 21, "\(report)")
        #expect(
            tests[3].string("detail")?.contains(
                "the expected pattern /(?i)hello/ is not a valid JavaScript regular expression (Invalid group") == true,
            "\(tests[3])")
        #expect(
            tests[4].string("detail")?.contains(#"output (trimmed) does not contain "Goodbye": got "Hello, Ada!""#)
                == true, "\(tests[4])")
        for warning in [
            #"classroom.yml:9: step 1 ("Checkout code"): checkout, skipped"#,
            #"classroom.yml:11: step 2 ("Set up Python"): actions/setup-python@v5, skipped"#,
            #"step 6 ("Any case").with.expected-output: /(?i)hello/ is not a valid JavaScript regular expression"#,
            #"step 8 ("Unit tests"): the python grader runs pytest in its own image"#,
            #"step 9 ("Not counted"): not among the reporter's runners"#,
        ] {
            #expect(
                result.stderr.contains("warning: .github/workflows/" + warning) || result.stderr.contains(warning),
                "\(warning) in \(result.stderr)")
        }
        #expect(!result.stderr.contains("/export-"), "names the file as given, not a scratch copy: \(result)")
        let reported = (report["warnings"] as? [String]) ?? []
        #expect(reported.count == 5, "the report carries the warnings too: \(reported)")
        #expect(reported.first?.hasPrefix(#".github/workflows/classroom.yml:9: step 1 ("Checkout code")"#) == true)
        let github = try await grade(
            ["--workflow", ".github/workflows/classroom.yml", "--format", "github"], in: repository)
        #expect(
            github.stdout.contains(
                "::warning title=Ladder%3A autograding::.github/workflows/classroom.yml:9: step 1 (\"Checkout code\"): checkout, skipped"
            ), "\(github)")

        // --autograding where there is only the newer format says which option reads it.
        let json = try await grade(["--autograding", ".github/classroom/autograding.json"], in: repository)
        #expect(json.exitCode == 2, "\(json)")
        #expect(
            json.stderr.contains(
                ".github/classroom/autograding.json: no such file; the repository has .github/workflows/classroom.yml, GitHub Classroom's newer format: grade it with `ladder grade --workflow .github/workflows/classroom.yml`"
            ), "\(json)")

        let both = try await grade(
            ["--autograding", "a.json", "--workflow", ".github/workflows/classroom.yml"], in: repository)
        #expect(both.exitCode == 2 && both.stderr.contains("not both"), "\(both)")
    }

    @Test func workflowErrorsNameTheFileLineStepAndInput() async throws {
        var files = Self.workflowFiles
        files[".github/workflows/classroom.yml"] = Self.classroomWorkflow.replacingOccurrences(
            of: "comparison-method: exact", with: "comparison-method: included")
        let repository = try await autogradedRepository(files)
        let result = try await grade(["--workflow", ".github/workflows/classroom.yml"], in: repository)
        #expect(result.exitCode == 2, "\(result)")
        #expect(
            result.stderr.contains(
                #".github/workflows/classroom.yml:29: step 4 ("Greets").with.comparison-method: "included" is not a comparison the io grader knows"#
            ), "\(result)")
    }

    /// A timeout the sandbox cannot give is refused before anything runs, naming the test and the field; a failing
    /// test without points fails the run (exit 1) as it fails GitHub's.
    @Test func autogradingRefusesALongTimeoutAndFailsOnAFailingZeroPointTest() async throws {
        let long = #"{"tests": [{"name": "ok", "run": "true"}, {"name": "Slow build", "run": "true", "timeout": 15}]}"#
        let zero = #"{"tests": [{"name": "scored", "run": "true", "points": 3}, {"name": "free", "run": "false"}]}"#
        let repository = try await autogradedRepository(["long.json": long, "zero.json": zero])

        let refused = try await grade(["--autograding", "long.json"], in: repository)
        #expect(refused.exitCode == 2, "\(refused)")
        #expect(
            refused.stderr.contains(
                #"long.json: tests[1] ("Slow build").timeout: 15 minutes is longer than Ladder's sandbox allows (10 minutes"#
            ),
            "\(refused)")

        let failed = try await grade(["--autograding", "zero.json"], in: repository)
        #expect(failed.exitCode == 1, "\(failed)")
        #expect(failed.stdout.contains("FAILED  3/3 points"), "\(failed)")

        let misplaced = try await grade(["--allow-network-setup"], in: repository)
        #expect(misplaced.exitCode == 2 && misplaced.stderr.contains("--allow-network-setup is for"), "\(misplaced)")
    }

    /// `--allow-network-setup` gives setup commands the host's network (here a server on the host's loopback) and a
    /// `sudo`; the run command never gets the network. Without it, the setup fails and says why.
    @Test(.requires(.python3))
    func allowNetworkSetupGivesSetupTheHostsNetworkButNeverTheRun() async throws {
        let served = try TemporaryDirectory("served")
        try served.write("payload.txt", "from the host\n")
        let server = try LoopbackHTTPServer(directory: served.path)
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/payload.txt"
        let json = """
            {"tests": [
              {"name": "setup downloads", "setup": "sudo -H python3 fetch.py \(url) > fetched.txt",
               "run": "cat fetched.txt", "output": "from the host", "points": 2},
              {"name": "the run cannot", "run": "python3 fetch.py \(url)", "points": 1}
            ]}
            """
        let fetch =
            "import sys, urllib.request\nprint(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode(), end='')\n"
        let repository = try await autogradedRepository(["autograding.json": json, "fetch.py": fetch])

        let allowed = try await grade(
            ["--autograding", "autograding.json", "--allow-network-setup", "--format", "json"], in: repository)
        let report = try #require(try? allowed.json() as? [String: Any], "\(allowed)")
        let tests = report.array("stages").flatMap { $0.array("tests") }
        #expect(tests.map { $0.string("verdict") ?? "?" } == ["passed", "runtime-error"], "\(tests)")
        #expect(tests.last?.string("detail")?.contains("Connection refused") == true, "\(tests)")
        #expect(allowed.exitCode == 1 && report.int("score") == 2, "\(allowed)")
        #expect(server.requests >= 1)

        let refused = try await grade(["--autograding", "autograding.json", "--format", "json"], in: repository)
        let without = try #require(try? refused.json() as? [String: Any], "\(refused)")
        let first = try #require(without.array("stages").flatMap { $0.array("tests") }.first)
        #expect(first.string("verdict") == "runtime-error")
        #expect(first.string("detail")?.contains("network and `sudo` are off in Ladder's sandbox") == true, "\(first)")
        #expect(first.string("detail")?.contains("--allow-network-setup") == true, "\(first)")
    }
}

/// `python3 -m http.server` on the host's 127.0.0.1, serving a directory, on a port it picks.
final class LoopbackHTTPServer: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let log: Pipe

    init(directory: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory]
        let output = Pipe()
        log = Pipe()
        process.standardOutput = output
        process.standardError = log
        try process.run()
        // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"port (\d+)"#, options: .regularExpression),
            let port = Int(text[range].dropFirst(5))
        else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "http.server said: \(text)"])
        }
        self.port = port
    }

    /// How many requests it logged so far (it logs each to stderr).
    var requests: Int {
        stop()
        let logged = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return logged.components(separatedBy: "\"GET ").count - 1
    }

    /// Kills it: SIGKILL, since it inherits the test process's blocked SIGTERM.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
