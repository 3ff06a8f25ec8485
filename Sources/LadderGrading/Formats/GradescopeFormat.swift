import Foundation
import LadderJSON
import LadderModel

/// Writes a ``GradeReport`` as Gradescope's autograder `results.json`.
///
/// Fields, as Gradescope's autograder specification names them: top level `score` (overrides the sum of the
/// tests), `execution_time` (seconds), `output` (text about the whole submission), `visibility`,
/// `stdout_visibility` and `tests`; each test has `name` (`<stage title> / <test title>`), `number`
/// (`<stage>.<test>`, 1-based), `status` (`passed` or `failed`), `score`, `max_score`, `output` (verdict, detail and
/// hint), `tags` (the stage id and the verdict) and `visibility`.
public enum GradescopeFormat {
    /// When Gradescope shows a test or the autograder's standard output to the student.
    public enum Visibility: String, Sendable, CaseIterable {
        /// Never shown to students.
        case hidden
        /// Shown once the assignment's due date (or late due date) has passed.
        case afterDueDate = "after_due_date"
        /// Shown once the instructor publishes the grades.
        case afterPublished = "after_published"
        /// Always shown.
        case visible
    }

    /// The report as a `results.json` document (compact, sorted keys, ends with a newline).
    ///
    /// - Parameters:
    ///   - testVisibility: when students see the tests (the top-level `visibility`, repeated on each test).
    ///   - stdoutVisibility: when students see the autograder's standard output, which is Gradescope's own
    ///     capture of the run and may show more than the tests do; hidden unless you say otherwise.
    public static func render(
        _ report: GradeReport, testVisibility: Visibility = .visible, stdoutVisibility: Visibility = .hidden
    ) -> Data {
        var tests: [JSONValue] = []
        for (stageIndex, stage) in report.stages.enumerated() {
            for (testIndex, test) in stage.tests.enumerated() {
                var output = FormatSupport.verdictPhrase(test.verdict)
                let text = FormatSupport.failureText(test)
                if test.verdict != .passed, !text.isEmpty { output += "\n" + text }
                tests.append(
                    .object([
                        "name": .string(
                            "\(stage.title.isEmpty ? stage.id : stage.title) / \(test.title.isEmpty ? test.id : test.title)"
                        ),
                        "number": .string("\(stageIndex + 1).\(testIndex + 1)"),
                        "status": .string(test.verdict == .passed ? "passed" : "failed"),
                        "score": .number(JSONNumber(test.points)),
                        "max_score": .number(JSONNumber(test.maxPoints)),
                        "output": .string(output),
                        "tags": .array([.string(stage.id), .string(test.verdict.rawValue)]),
                        "visibility": .string(testVisibility.rawValue),
                    ]))
            }
        }
        var output = "\(report.labTitle) (\(report.labID) \(report.labVersion)): \(FormatSupport.scoreLine(report))"
        if let commit = report.commit { output += "\nCommit: \(commit)" }
        if let build = report.build, !build.succeeded {
            output += "\nThe build failed (\(build.command.joined(separator: " "))):\n\(build.output)"
        }
        if let reason = report.errorMessage { output += "\nError: \(reason)" }
        let seconds = FormatSupport.milliseconds(from: report.startedAt, to: report.finishedAt) / 1000
        let document: JSONValue = .object([
            "score": .number(JSONNumber(report.score)),
            "execution_time": .number(JSONNumber(seconds)),
            "output": .string(output),
            "visibility": .string(testVisibility.rawValue),
            "stdout_visibility": .string(stdoutVisibility.rawValue),
            "tests": .array(tests),
        ])
        return Data((document.serialized() + "\n").utf8)
    }
}
