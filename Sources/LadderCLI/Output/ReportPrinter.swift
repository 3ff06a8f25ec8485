import Foundation
import LadderGrading
import LadderModel

/// Shows a grading run as it goes and sums it up: score, verdict per stage and test, feedback for failures.
struct ReportPrinter: Sendable {
    /// How many lines of a failure's detail to show.
    var detailLines = 24

    /// The live line for an event.
    func line(for event: GradingEvent) -> String? {
        switch event {
        case .buildStarted(let command):
            return Terminal.dim("Building: \(command.joined(separator: " "))")
        case .buildFinished(let build):
            return build.succeeded
                ? Terminal.dim("Built in \(build.wallMilliseconds) ms")
                : Terminal.red("Build failed (\(build.verdict.rawValue))")
        case .stageStarted(_, let title, _):
            return Terminal.bold(title)
        case .testFinished(_, let test):
            let mark = test.verdict == .passed ? Terminal.green("✓") : Terminal.red("✗")
            let verdict = test.verdict == .passed ? "" : "  " + Terminal.red(test.verdict.rawValue)
            let timing = Terminal.dim("  \(test.wallMilliseconds) ms")
            return "  \(mark) \(test.title)  \(test.points)/\(test.maxPoints)\(verdict)\(timing)"
        case .stageFinished:
            return nil
        }
    }

    /// The summary after the last test.
    func summary(_ report: GradeReport) -> String {
        var out: [String] = [""]
        if let build = report.build, !build.succeeded {
            out.append(Terminal.red("The build failed") + " (`\(build.command.joined(separator: " "))`):")
            out.append(indent(limited(build.output)))
            out.append("")
        }
        let failures = report.stages.flatMap { stage in stage.tests.filter { $0.verdict != .passed }.map { (stage, $0) }
        }
        if !failures.isEmpty, report.build?.succeeded != false {
            out.append(Terminal.bold("What to look at"))
            for (stage, test) in failures.prefix(6) {
                let stretch = test.required ? "" : Terminal.dim(" (stretch goal, not needed to pass)")
                out.append("  \(Terminal.red("✗")) \(stage.title) › \(test.title): \(test.verdict.rawValue)\(stretch)")
                if let feedback = test.feedback {
                    out.append("    Hint: \(feedback)")
                }
                if let detail = test.detail {
                    out.append(indent(limited(detail), by: 4))
                }
                if let input = test.input {
                    out.append("    Input:")
                    out.append(indent(limited(input), by: 6))
                }
            }
            if failures.count > 6 {
                out.append(Terminal.dim("  … and \(failures.count - 6) more failing tests"))
            }
            out.append("")
        }
        for stage in report.stages {
            let mark = stage.passed ? Terminal.green("✓") : Terminal.red("✗")
            out.append(
                "  \(mark) \(stage.title.padding(toLength: 44, withPad: " ", startingAt: 0)) \(stage.score)/\(stage.maxScore)"
            )
        }
        let status: String
        switch report.status {
        case .passed: status = Terminal.green("PASSED")
        case .failed: status = Terminal.red("FAILED")
        case .error: status = Terminal.yellow("ERROR")
        case .interrupted: status = Terminal.yellow("INTERRUPTED")
        case .running: status = "RUNNING"
        }
        out.append("")
        out.append(
            "\(status)  \(report.score)/\(report.maxScore) points (pass mark \(report.passMark))  \(report.labID) \(report.labVersion) · \(report.language)"
                + (report.commit.map { " · \($0.prefix(10))" } ?? ""))
        if let stage = report.throughStage {
            out.append(
                "Graded through stage \(stage) only: a partial attempt, which never passes the lab nor counts towards a rung; run it without --stage to be graded on every stage."
            )
        }
        let failedRequired = report.failedRequired
        if report.status == .failed, !failedRequired.isEmpty {
            out.append(
                "A pass needs every required test to pass; \(failedRequired.count) failed: "
                    + failedRequired.prefix(6).joined(separator: ", ") + (failedRequired.count > 6 ? ", …" : ""))
        }
        if let message = report.errorMessage {
            out.append(Terminal.yellow("Not graded: ") + message)
        }
        return out.joined(separator: "\n")
    }

    private func limited(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count <= detailLines { return text }
        return lines.prefix(detailLines).joined(separator: "\n") + "\n… (\(lines.count - detailLines) more lines)"
    }

    private func indent(_ text: String, by spaces: Int = 2) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }
}
