import Foundation
import LadderModel
import Testing

@testable import LadderGrading

@Suite struct FormatsTAPTests {
    @Test func planLinesAndYAMLBlocks() throws {
        let tap = TAPFormat.render(FormatsFixtures.report())
        let lines = tap.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "TAP version 13")
        #expect(lines[1] == "# log-stats 1.2.0: failed: 7/15 points (pass mark 10)")
        #expect(lines[2] == "1..5")
        #expect(lines.contains("ok 1 - parse/empty"))
        #expect(lines.contains("not ok 2 - parse/one-line"))
        #expect(lines.contains("not ok 3 - limits/huge"))
        #expect(lines.contains("ok 5 - limits/sum"))
        #expect(lines.contains("  verdict: \"wrong-answer\""))
        #expect(lines.contains("  points: 0"))
        #expect(lines.contains("  maxPoints: 3"))
        #expect(lines.contains("  feedback: \"Count the last line even without a newline.\""))
        // The hostile detail stays on one line: \r, \n, U+2028 and controls are escaped inside the quotes.
        let message = try #require(lines.first { $0.hasPrefix("  message: \"line 1") })
        #expect(message.contains("\\r\\n::error::forged # not a directive\\u2028separated"))
        #expect(message.contains("bell\\u0007"))
        #expect(tap.hasSuffix("  ...\n"))
    }

    @Test func roundTripsThroughLaddersTAPReader() throws {
        let results = try TAPReport.parse(TAPFormat.render(FormatsFixtures.report()))
        #expect(
            results.map(\.name) == ["parse/empty", "parse/one-line", "limits/huge", "limits/fixture", "limits/sum"])
        #expect(results.map(\.passed) == [true, false, false, false, true])
        #expect(results[2].message == "wall time limit of 2s exceeded")
        // Ladder's reader knows only \n and \t escapes, so compare the part before the exotic characters.
        #expect(
            results[1].message?.hasPrefix("line 1: expected \"42\", got \"<script>&amp;]]></script>\"\nbell") == true)
        #expect(results[1].message?.contains("::error::forged # not a directive") == true)
    }

    @Test func hashInIdsIsEscaped() {
        #expect(TAPFormat.escapeDescription("stage#1/test") == "stage\\#1/test")
        #expect(TAPFormat.escapeDescription("a\nb") == "a\\nb")
    }

    @Test func buildFailureBailsOut() throws {
        let tap = TAPFormat.render(FormatsFixtures.buildFailure())
        #expect(tap.contains("\n1..0\nBail out! the build failed: javac Main.java\n"))
        let results = try TAPReport.parse(tap)
        #expect(results.first?.passed == false)
    }
}

@Suite struct FormatsLadderJSONTests {
    @Test func sortedKeysISODatesAndVersion() throws {
        let data = LadderJSONFormat.render(FormatsFixtures.report())
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"formatVersion\" : 1"))
        #expect(text.contains("\"startedAt\" : \"2025-03-01T12:00:00Z\""))
        #expect(text.contains("\"finishedAt\" : \"2025-03-01T12:00:03Z\""))
        #expect(text.hasSuffix("}\n"))
        // Sorted keys: the top-level keys appear in alphabetical order.
        let topLevel = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
            $0.dropFirst(3).prefix { $0 != "\"" }
        }
        #expect(topLevel == topLevel.sorted())
        #expect(topLevel.contains("graderDigest"))
        // Same report, same bytes.
        #expect(LadderJSONFormat.render(FormatsFixtures.report()) == data)
    }

    @Test func decodesWhatItWrites() throws {
        var report = FormatsFixtures.report()
        report.finishedAt = FormatsFixtures.started.addingTimeInterval(3)  // whole seconds survive ISO 8601
        let decoded = try LadderJSONFormat.decode(LadderJSONFormat.render(report))
        #expect(decoded == report)
    }

    @Test func rejectsOtherVersionsAndNamesMissingFields() throws {
        var object = try #require(
            try JSONSerialization.jsonObject(with: LadderJSONFormat.render(FormatsFixtures.report())) as? [String: Any])
        object["formatVersion"] = 99
        let newer = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: ReportDecodingError.self) { try LadderJSONFormat.decode(newer) }
        do {
            _ = try LadderJSONFormat.decode(newer)
        } catch {
            #expect(error.description.contains("format version 99"))
        }
        object["formatVersion"] = 1
        object["labID"] = nil
        let withoutLabID = try JSONSerialization.data(withJSONObject: object)
        do {
            _ = try LadderJSONFormat.decode(withoutLabID)
            Issue.record("a report without labID decoded")
        } catch {
            #expect(error.description.contains("labID: missing"))
        }
        do {
            _ = try LadderJSONFormat.decode(Data("[1,".utf8))
            Issue.record("truncated JSON decoded")
        } catch {
            #expect(error.description.hasPrefix("cannot read the grade report: not a Ladder grade report"))
        }
    }
}

@Suite struct FormatsGitHubActionsTests {
    @Test func oneAnnotationLinePerFailureAndEscaping() {
        let out = GitHubActionsFormat.annotations(FormatsFixtures.report())
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.hasPrefix("::") })
        #expect(
            lines[0].hasPrefix(
                "::error title=parse/one-line%3A One line%2C no newline::wrong answer (0/3 points)%0Aline 1"))
        #expect(lines[0].contains("100%25 done%0D%0A::error::forged"))
        #expect(
            lines[1].hasPrefix(
                "::error title=limits/huge%3A A 1 GB log::time limit exceeded (0/4 points)%0Awall time limit of 2s exceeded"
            ))
        #expect(lines[2].hasPrefix("::warning title=limits/fixture%3A Missing fixture::grader error"))
        #expect(
            lines[3]
                == "::error title=Ladder%3A log-stats::Log statistics (log-stats 1.2.0): failed: 7/15 points (pass mark 10)"
        )
    }

    @Test func passedReportEndsWithANotice() {
        var report = FormatsFixtures.report(status: .passed)
        report.stages = [report.stages[0]]
        report.stages[0].tests = [report.stages[0].tests[0]]
        #expect(
            GitHubActionsFormat.annotations(report)
                == "::notice title=Ladder%3A log-stats::Log statistics (log-stats 1.2.0): passed: 7/15 points (pass mark 10)\n"
        )
    }

    @Test func escapesAsTheRunnerRequires() {
        #expect(GitHubActionsFormat.escapeData("50% a\r\nb:c,d") == "50%25 a%0D%0Ab:c,d")
        #expect(GitHubActionsFormat.escapeProperty("50% a\r\nb:c,d") == "50%25 a%0D%0Ab%3Ac%2Cd")
        #expect(GitHubActionsFormat.workflowCommand("notice", properties: [], message: "hi") == "::notice::hi\n")
    }

    @Test func stepSummaryTablesEscapeLearnerText() {
        let summary = GitHubActionsFormat.stepSummary(FormatsFixtures.report())
        #expect(
            summary.hasPrefix(
                "## ❌ Log statistics (`log-stats` 1.2.0)\n\n**Failed**: 7/15 points (pass mark 10), commit `0123456789ab`"
            ))
        #expect(
            summary.contains(
                "### ❌ Parse lines: 2/5\n\n| Test | Verdict | Points | Details |\n|---|---|---|---|\n| Empty input | ✅ passed | 2/2 |  |\n"
            ))
        #expect(
            summary.contains(
                "| One line, no newline | ❌ wrong-answer | 0/3 | line 1: expected \"42\", got \"&lt;script&gt;&amp;amp;\\]\\]&gt;&lt;/script&gt;\"<br>"
            ))
        #expect(summary.contains("<br>Hint: Count the last line even without a newline. |\n"))
        #expect(summary.contains("### ❌ Big files: 5/10"))
        // No raw line break inside a table row, and no raw HTML from the learner.
        let rows = summary.split(separator: "\n").filter { $0.hasPrefix("| ") }
        #expect(rows.count == 2 + 5)
        #expect(rows.allSatisfy { $0.hasSuffix(" |") })
        #expect(!summary.contains("<script>"))
    }

    @Test func stepSummaryShowsBuildOutput() {
        let summary = GitHubActionsFormat.stepSummary(FormatsFixtures.buildFailure())
        #expect(summary.contains("### ❌ Build failed\n\n<pre>Main.java:3: error: ';' expected &lt;here&gt;"))
    }
}

@Suite struct FormatsGradescopeTests {
    @Test func documentedFields() throws {
        let data = GradescopeFormat.render(FormatsFixtures.report())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["score", "execution_time", "output", "visibility", "stdout_visibility", "tests"])
        #expect(object["score"] as? Int == 7)
        #expect(object["execution_time"] as? Int == 3)
        #expect(object["stdout_visibility"] as? String == "hidden")
        #expect(
            (object["output"] as? String)?.hasPrefix("Log statistics (log-stats 1.2.0): failed: 7/15 points") == true)
        let tests = try #require(object["tests"] as? [[String: Any]])
        #expect(tests.count == 5)
        for test in tests {
            #expect(
                Set(test.keys) == ["name", "number", "status", "score", "max_score", "output", "tags", "visibility"])
        }
        #expect(
            tests.map { $0["name"] as? String } == [
                "Parse lines / Empty input", "Parse lines / One line, no newline", "Big files / A 1 GB log",
                "Big files / Missing fixture", "Big files / Sums bytes",
            ])
        #expect(tests.map { $0["status"] as? String } == ["passed", "failed", "failed", "failed", "passed"])
        #expect(tests.map { $0["score"] as? Int } == [2, 0, 0, 0, 5])
        #expect(tests.map { $0["max_score"] as? Int } == [2, 3, 4, 1, 5])
        #expect(tests.map { $0["number"] as? String } == ["1.1", "1.2", "2.1", "2.2", "2.3"])
        #expect((tests[1]["output"] as? String)?.hasPrefix("wrong answer\nline 1: expected \"42\"") == true)
        #expect(tests[0]["output"] as? String == "passed")
        #expect(tests.allSatisfy { $0["visibility"] as? String == "visible" })
    }

    @Test func visibilityOptions() throws {
        let data = GradescopeFormat.render(
            FormatsFixtures.report(), testVisibility: .afterDueDate, stdoutVisibility: .visible)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["visibility"] as? String == "after_due_date")
        #expect(object["stdout_visibility"] as? String == "visible")
        let tests = try #require(object["tests"] as? [[String: Any]])
        #expect(tests.allSatisfy { $0["visibility"] as? String == "after_due_date" })
    }
}

@Suite struct FormatsReportFormatTests {
    @Test func everyFormatRendersNonEmptyText() {
        for format in ReportFormat.allCases {
            let data = format.render(FormatsFixtures.report())
            #expect(data.last == 0x0A, "\(format) ends with a newline")
            #expect(String(validating: data, as: UTF8.self) != nil, "\(format) is UTF-8")
        }
        #expect(ReportFormat(rawValue: "junit") == .junit)
    }
}
