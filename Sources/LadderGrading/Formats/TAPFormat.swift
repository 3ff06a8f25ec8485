import Foundation
import LadderModel
import LadderText

/// Writes a ``GradeReport`` as TAP version 13 (Test Anything Protocol).
///
/// ```
/// TAP version 13
/// # log-stats 1.2.0: failed: 7/10 points (pass mark 8)
/// 1..3
/// ok 1 - parse/empty-input
///   ---
///   title: "Empty input"
///   verdict: "passed"
///   points: 2
///   maxPoints: 2
///   ...
/// not ok 2 - parse/one-line
///   ---
///   title: "One line"
///   verdict: "wrong-answer"
///   points: 0
///   maxPoints: 3
///   message: "line 1: expected \"1\", got \"0\""
///   feedback: "Count the last line even without a newline."
///   ...
/// ```
///
/// Every test has a YAML block with its title, verdict and points; failed tests add `message` (what differed)
/// and `feedback` (the lab author's hint). Strings are YAML double-quoted scalars (JSON string syntax), so any
/// output a learner's program produced stays on one line and cannot end the block. A `#` in a description is
/// escaped as `\#`, as the protocol requires. When no test ran because the build or the infrastructure failed,
/// the plan is `1..0` and a `Bail out!` line says why.
public enum TAPFormat {
    /// The report as a TAP 13 document (ends with a newline).
    public static func render(_ report: GradeReport) -> String {
        var out = "TAP version 13\n"
        out += "# \(oneLine(report.labID)) \(oneLine(report.labVersion)): \(FormatSupport.scoreLine(report))\n"
        let total = report.stages.reduce(0) { $0 + $1.tests.count }
        out += "1..\(total)\n"
        var number = 0
        for stage in report.stages {
            for test in stage.tests {
                number += 1
                let description = escapeDescription(FormatSupport.path(stage, test))
                out += "\(test.verdict == .passed ? "ok" : "not ok") \(number) - \(description)\n"
                out += "  ---\n"
                out += "  title: \(quoted(test.title))\n"
                out += "  verdict: \(quoted(test.verdict.rawValue))\n"
                out += "  points: \(test.points)\n"
                out += "  maxPoints: \(test.maxPoints)\n"
                out += "  durationMs: \(test.wallMilliseconds)\n"
                if test.verdict != .passed {
                    if let detail = test.detail, !detail.isEmpty { out += "  message: \(quoted(detail))\n" }
                    if let feedback = test.feedback, !feedback.isEmpty { out += "  feedback: \(quoted(feedback))\n" }
                }
                out += "  ...\n"
            }
        }
        if total == 0, let reason = bailOutReason(report) {
            out += "Bail out! \(oneLine(reason))\n"
        }
        return out
    }

    private static func bailOutReason(_ report: GradeReport) -> String? {
        if let build = report.build, !build.succeeded {
            return "the build failed: \(build.command.joined(separator: " "))"
        }
        if report.status == .error || report.status == .interrupted {
            return report.errorMessage ?? "grading did not finish (\(report.status.rawValue))"
        }
        return nil
    }

    /// A test description: one line, `#` escaped so it is not read as a directive.
    static func escapeDescription(_ text: String) -> String {
        oneLine(text.replacingOccurrences(of: "\\", with: "\\\\")).replacingOccurrences(of: "#", with: "\\#")
    }

    /// Text for a comment or `Bail out!` line: line breaks and other controls escaped.
    static func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += TextPreview.escaped(scalar)
            } else if QuotedString.isLineBreakLookalike(scalar) {
                out += QuotedString.unicodeEscape(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A YAML double-quoted scalar in JSON string syntax (valid YAML), with every character some reader takes
    /// for a line break escaped too, so the scalar stays on its line.
    static func quoted(_ text: String) -> String {
        QuotedString.json(text, escapingLineBreakLookalikes: true)
    }
}
