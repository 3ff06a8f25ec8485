import Foundation
import LadderModel
import LadderText

/// Writes a ``GradeReport`` as JUnit XML, the format CI servers (Jenkins, GitLab, GitHub test reporters) read.
///
/// Shape: one `<testsuites>` root with the totals; one `<testsuite>` per stage (`name`, `tests`, `failures`,
/// `errors`, `skipped`, `time`, `timestamp`); one `<testcase>` per test with `classname` = `<lab-id>.<stage-id>`,
/// `name` = the test's title and `time` in seconds. A test that failed through the learner's code (wrong answer,
/// a limit, a runtime error, a crash) carries `<failure message=… type=verdict>` with the detail and hint as text;
/// a `build-error` or `grader-error` carries `<error>` instead, since no assertion ran. A failed build's
/// output goes into the first suite's `<system-err>`. A report without tests (the build or the infrastructure
/// failed before any ran) gets one suite `ladder` with one erroring test case, so CI shows a red result rather
/// than an empty one.
///
/// Everything is escaped, and characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF), which learner
/// output can contain, are replaced by visible escapes (`\x07`), so the document always parses.
public enum JUnitXMLFormat {
    /// The report as a JUnit XML document (UTF-8, ends with a newline).
    public static func render(_ report: GradeReport) -> String {
        var xml = XMLWriter()
        xml.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        var stages = report.stages
        if stages.allSatisfy(\.tests.isEmpty), let placeholder = placeholderStage(report) {
            stages = [placeholder]
        }
        let tests = stages.flatMap(\.tests)
        xml.open(
            "testsuites",
            [
                ("name", report.labID),
                ("tests", String(tests.count)),
                ("failures", String(tests.filter { isFailure($0.verdict) }.count)),
                ("errors", String(tests.filter { isError($0.verdict) }.count)),
                ("skipped", "0"),
                (
                    "time",
                    FormatSupport.seconds(
                        milliseconds: FormatSupport.milliseconds(from: report.startedAt, to: report.finishedAt))
                ),
            ])
        for (index, stage) in stages.enumerated() {
            xml.open(
                "testsuite",
                [
                    ("name", stage.title.isEmpty ? stage.id : stage.title),
                    ("id", String(index)),
                    ("package", report.labID),
                    ("tests", String(stage.tests.count)),
                    ("failures", String(stage.tests.filter { isFailure($0.verdict) }.count)),
                    ("errors", String(stage.tests.filter { isError($0.verdict) }.count)),
                    ("skipped", "0"),
                    ("time", FormatSupport.seconds(milliseconds: stage.tests.reduce(0) { $0 + $1.wallMilliseconds })),
                    ("timestamp", Units.timestamp(report.startedAt)),
                ])
            if index == 0 {
                writeProperties(report, into: &xml)
            }
            for test in stage.tests {
                writeTestCase(test, stage: stage, labID: report.labID, into: &xml)
            }
            if index == 0, let build = report.build, !build.succeeded, !build.output.isEmpty {
                xml.element("system-err", [], text: build.output)
            }
            xml.close("testsuite")
        }
        xml.close("testsuites")
        return xml.text
    }

    static func isFailure(_ verdict: Verdict) -> Bool {
        verdict != .passed && !isError(verdict)
    }

    static func isError(_ verdict: Verdict) -> Bool {
        verdict == .buildError || verdict == .graderError
    }

    private static func writeProperties(_ report: GradeReport, into xml: inout XMLWriter) {
        var properties: [(String, String)] = [
            ("lab.id", report.labID),
            ("lab.version", report.labVersion),
            ("language", report.language),
            ("grader.digest", report.graderDigest),
            ("status", report.status.rawValue),
            ("score", String(report.score)),
            ("maxScore", String(report.maxScore)),
            ("passMark", String(report.passMark)),
            ("tool.version", report.toolVersion),
        ]
        if let commit = report.commit { properties.append(("commit", commit)) }
        if let learner = report.learner { properties.append(("learner", learner)) }
        xml.open("properties", [])
        for (name, value) in properties {
            xml.empty("property", [("name", name), ("value", value)])
        }
        xml.close("properties")
    }

    private static func writeTestCase(_ test: TestReport, stage: StageReport, labID: String, into xml: inout XMLWriter)
    {
        let attributes = [
            ("classname", "\(labID).\(stage.id)"),
            ("name", test.title.isEmpty ? test.id : test.title),
            ("time", FormatSupport.seconds(milliseconds: test.wallMilliseconds)),
        ]
        guard test.verdict != .passed else {
            xml.empty("testcase", attributes)
            return
        }
        xml.open("testcase", attributes)
        xml.element(
            isError(test.verdict) ? "error" : "failure",
            [("message", FormatSupport.summaryLine(test)), ("type", test.verdict.rawValue)],
            text: FormatSupport.failureText(test)
        )
        xml.close("testcase")
    }

    /// The one stage shown when no test ran, saying why.
    private static func placeholderStage(_ report: GradeReport) -> StageReport? {
        let verdict: Verdict
        let detail: String
        if let build = report.build, !build.succeeded {
            verdict = .buildError
            detail = "the build failed: \(build.command.joined(separator: " "))"
        } else if report.status == .error || report.status == .interrupted {
            verdict = .graderError
            detail = report.errorMessage ?? "grading did not finish (\(report.status.rawValue))"
        } else {
            return nil
        }
        return StageReport(
            id: "ladder", title: "ladder",
            tests: [
                TestReport(
                    id: verdict.rawValue, title: verdict == .buildError ? "build" : "grading", verdict: verdict,
                    points: 0, maxPoints: report.maxScore, detail: detail)
            ])
    }
}

/// Builds an indented XML document with every attribute and text escaped.
struct XMLWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        line("<\(name)\(Self.attributes(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        line("<\(name)\(Self.attributes(attributes))/>")
    }

    /// An element with text content; the text keeps its own line breaks, so it is not indented.
    mutating func element(_ name: String, _ attributes: [(String, String)], text content: String) {
        line("<\(name)\(Self.attributes(attributes))>\(Self.escape(content, inAttribute: false))</\(name)>")
    }

    static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1, inAttribute: true))\"" }.joined()
    }

    /// Escapes markup characters and replaces what XML 1.0 cannot contain at all.
    ///
    /// In attributes, line breaks and tabs become character references, because a parser would otherwise
    /// normalise them to spaces.
    static func escape(_ raw: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "\n" where inAttribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t" where inAttribute: out += "&#9;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\u{00}"..<"\u{20}": out += "\\x" + TextPreview.hexByte(UInt8(scalar.value))
            case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
