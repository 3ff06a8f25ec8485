import Foundation
import LadderModel

/// Writes a ``GradeReport`` for GitHub Actions: workflow-command annotations and a Markdown step summary.
///
/// ``annotations(_:)`` gives one line per failed test, `::error title=<stage/test: title>::<message>`
/// (`::warning` for a `grader-error`, which is the lab's fault and not the learner's), a `::warning` per warning of
/// the report (a GitHub Classroom file's ignored fields and skipped steps), then one `::notice` or `::error` line
/// with the score. Data is escaped as the Actions runner requires (`%` → `%25`,
/// `\r` → `%0D`, `\n` → `%0A`; in properties also `:` → `%3A` and `,` → `%2C`), so every annotation is exactly one
/// line and nothing a learner's program printed can start a workflow command of its own.
///
/// ``stepSummary(_:)`` is Markdown for `$GITHUB_STEP_SUMMARY`: the score and status, then a table per stage.
/// Learner-controlled text is escaped for Markdown and HTML so it shows as text.
public enum GitHubActionsFormat {
    /// The annotation lines (ends with a newline).
    public static func annotations(_ report: GradeReport) -> String {
        var out = ""
        for stage in report.stages {
            for test in stage.tests where test.verdict != .passed {
                let command = test.verdict == .graderError ? "warning" : "error"
                let title = "\(FormatSupport.path(stage, test)): \(test.title)"
                var message =
                    FormatSupport.verdictPhrase(test.verdict)
                    + " (\(test.points)/\(test.maxPoints) points)"
                let text = FormatSupport.failureText(test)
                if !text.isEmpty { message += "\n" + text }
                out += workflowCommand(command, properties: [("title", title)], message: message)
            }
        }
        if let build = report.build, !build.succeeded {
            out += workflowCommand(
                "error", properties: [("title", "Build failed: \(build.command.joined(separator: " "))")],
                message: build.output.isEmpty ? "the build failed" : build.output)
        }
        for warning in report.warnings ?? [] {
            out += workflowCommand("warning", properties: [("title", "Ladder: \(report.labID)")], message: warning)
        }
        var summary = "\(report.labTitle) (\(report.labID) \(report.labVersion)): \(FormatSupport.scoreLine(report))"
        if let reason = report.errorMessage { summary += "\n" + reason }
        let command = report.status == .passed ? "notice" : "error"
        out += workflowCommand(command, properties: [("title", "Ladder: \(report.labID)")], message: summary)
        return out
    }

    /// One workflow command line, `::command key=value,...::message`, escaped.
    public static func workflowCommand(_ command: String, properties: [(String, String)], message: String) -> String {
        let props = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(command)\(props.isEmpty ? "" : " " + props)::\(escapeData(message))\n"
    }

    /// Escapes a command's data (the message) as the Actions runner expects.
    public static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a command's property value: as data, and `:` and `,` too, which delimit properties.
    public static func escapeProperty(_ text: String) -> String {
        escapeData(text)
            .replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }

    /// The Markdown step summary: status and score, then one table per stage (ends with a newline).
    public static func stepSummary(_ report: GradeReport) -> String {
        let mark = report.status == .passed ? "✅" : "❌"
        var out = "## \(mark) \(markdown(report.labTitle)) (`\(code(report.labID))` \(markdown(report.labVersion)))\n\n"
        out +=
            "**\(report.status.rawValue.capitalized)**: \(report.score)/\(report.maxScore) points "
            + "(pass mark \(report.passMark))"
        if let commit = report.commit { out += ", commit `\(code(String(commit.prefix(12))))`" }
        if let learner = report.learner { out += ", learner \(markdown(learner))" }
        out += "\n\n"
        if let reason = report.errorMessage {
            out += "> **Error:** \(markdown(reason))\n\n"
        }
        if let build = report.build, !build.succeeded {
            out += "### ❌ Build failed\n\n<pre>\(html(String(build.output.prefix(4000))))</pre>\n\n"
        }
        for stage in report.stages {
            out +=
                "### \(stage.passed ? "✅" : "❌") \(markdown(stage.title.isEmpty ? stage.id : stage.title)): "
                + "\(stage.score)/\(stage.maxScore)\n\n"
            out += "| Test | Verdict | Points | Details |\n|---|---|---|---|\n"
            for test in stage.tests {
                let verdict = (test.verdict == .passed ? "✅ " : "❌ ") + test.verdict.rawValue
                let details =
                    test.verdict == .passed ? "" : markdown(String(FormatSupport.failureText(test).prefix(600)))
                out += "| \(markdown(test.title)) | \(verdict) | \(test.points)/\(test.maxPoints) | \(details) |\n"
            }
            out += "\n"
        }
        return out
    }

    /// Text for a Markdown table cell or paragraph: HTML and Markdown syntax escaped, line breaks as `<br>`.
    static func markdown(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\r\n": out += "<br>"
            case "\r": break
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~":
                out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }

    /// Text inside a Markdown code span: backticks would end it, and line breaks would break the table.
    static func code(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// Text inside an HTML element.
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
