import Foundation
import LadderModel

/// The machine-readable formats a ``GradeReport`` can be written in, for `ladder grade --format`.
///
/// The terminal's text rendering is the CLI's own; everything here is pure: a report in, bytes out.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Ladder's own JSON; see ``LadderJSONFormat``.
    case json
    /// JUnit XML, one `<testsuite>` per stage; see ``JUnitXMLFormat``.
    case junit
    /// TAP version 13; see ``TAPFormat``.
    case tap
    /// GitHub Actions workflow-command annotations; see ``GitHubActionsFormat``.
    case github
    /// Gradescope's `results.json`; see ``GradescopeFormat``.
    case gradescope

    /// The report in this format, as UTF-8 bytes ending with a newline.
    ///
    /// For ``github`` this is the annotation lines only; the step summary is ``GitHubActionsFormat/stepSummary(_:)``.
    public func render(_ report: GradeReport) -> Data {
        switch self {
        case .json: LadderJSONFormat.render(report)
        case .junit: Data(JUnitXMLFormat.render(report).utf8)
        case .tap: Data(TAPFormat.render(report).utf8)
        case .github: Data(GitHubActionsFormat.annotations(report).utf8)
        case .gradescope: GradescopeFormat.render(report)
        }
    }
}

/// Small pieces the formats share, so that every format names and times tests the same way.
enum FormatSupport {
    /// `stage/test`, the path that identifies a test within a lab in every format.
    static func path(_ stage: StageReport, _ test: TestReport) -> String {
        "\(stage.id)/\(test.id)"
    }

    /// Milliseconds as decimal seconds with three decimals (`1234` → `1.234`), independent of the locale.
    static func seconds(milliseconds: Int) -> String {
        let value = max(0, milliseconds)
        let fraction = String(value % 1000)
        return "\(value / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// The wall time between two dates in whole milliseconds, never negative.
    static func milliseconds(from start: Date, to end: Date) -> Int {
        let interval = end.timeIntervalSince(start)
        guard interval.isFinite, interval > 0 else { return 0 }
        return Int((interval * 1000).rounded())
    }

    /// What a learner should read about a test that did not pass: verdict, detail and the lab author's hint.
    static func failureText(_ test: TestReport) -> String {
        var parts: [String] = []
        if let detail = test.detail, !detail.isEmpty { parts.append(detail) }
        if let input = test.input, !input.isEmpty { parts.append("Input:\n\(input)") }
        if let feedback = test.feedback, !feedback.isEmpty { parts.append("Hint: \(feedback)") }
        if !test.required { parts.append("A stretch goal: it adds points but passing the lab does not need it.") }
        return parts.joined(separator: "\n")
    }

    /// A one-line summary of a failed test for places that take a single line (attributes, titles).
    static func summaryLine(_ test: TestReport) -> String {
        let first = test.detail?.split(whereSeparator: \.isNewline).first.map(String.init)
        return [verdictPhrase(test.verdict), first].compactMap { $0 }.joined(separator: ": ")
    }

    /// A verdict in words, for people rather than parsers.
    static func verdictPhrase(_ verdict: Verdict) -> String {
        switch verdict {
        case .passed: "passed"
        case .wrongAnswer: "wrong answer"
        case .timeLimit: "time limit exceeded"
        case .memoryLimit: "memory limit exceeded"
        case .outputLimit: "output limit exceeded"
        case .runtimeError: "runtime error"
        case .crashed: "crashed"
        case .buildError: "build error"
        case .graderError: "grader error (the lab's fault, not yours)"
        }
    }

    /// The overall line: status, score and pass mark.
    ///
    /// A grade that failed with enough points names the required tests that failed: the points do not explain it.
    static func scoreLine(_ report: GradeReport) -> String {
        let line = "\(report.status.rawValue): \(report.score)/\(report.maxScore) points (pass mark \(report.passMark))"
        guard report.status == .failed, report.score >= report.passMark, !report.failedRequired.isEmpty else {
            return line
        }
        return line + "; required tests failing: " + report.failedRequired.joined(separator: ", ")
    }
}
