import Foundation

/// One test as a `script` grader reported it.
public struct ScriptTestResult: Sendable, Equatable {
    /// The test's name as the report gives it (JUnit: `classname.name`).
    public var name: String
    /// Whether the test passed. A skipped test may still say whether it passed (TAP `ok # TODO`).
    public var passed: Bool
    /// Whether the test was skipped or marked TODO; such tests should not count towards the score.
    public var skipped: Bool
    /// What the report says about the test (failure message, expected and got), bounded in length.
    public var message: String?
    /// Points the report awards, when it awards any (JSON format only).
    public var score: Double?
    /// Points the test is worth according to the report (JSON format only).
    public var maxScore: Double?
    /// How long the test took according to the report.
    public var duration: Duration?

    /// Creates a result.
    public init(
        name: String, passed: Bool, skipped: Bool = false, message: String? = nil,
        score: Double? = nil, maxScore: Double? = nil, duration: Duration? = nil
    ) {
        self.name = name
        self.passed = passed
        self.skipped = skipped
        self.message = message
        self.score = score
        self.maxScore = maxScore
        self.duration = duration
    }
}

/// The report formats a `script` grader may write.
public enum ScriptReportFormat: String, Sendable, CaseIterable, Codable {
    /// Test Anything Protocol, version 13 (12 and 14 reports parse too).
    case tap
    /// JUnit XML (`<testsuites>`/`<testsuite>`/`<testcase>`).
    case junit
    /// Ladder's JSON report; see ``JSONTestReport``.
    case json

    /// The format's name for messages.
    public var displayName: String {
        switch self {
        case .tap: "TAP"
        case .junit: "JUnit XML"
        case .json: "JSON"
        }
    }
}

/// A `script` grader's report that cannot be read: the lab's fault, to be shown as a grader error.
public struct ScriptReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The format the report was read as.
    public let format: ScriptReportFormat
    /// The 1-based line of the report the problem is on, when known.
    public let line: Int?
    /// What is wrong with the report.
    public let reason: String

    public var description: String {
        "malformed \(format.displayName) report from the grader script" + (line.map { " at line \($0)" } ?? "")
            + ": \(reason)"
    }
}

/// Reads `script` grader reports in any supported format.
public enum ScriptReport {
    /// The longest message kept per test; longer ones end with `…`.
    public static let maximumMessageLength = 4000

    /// Parses `data` as a report in `format`.
    public static func parse(_ data: Data, format: ScriptReportFormat) throws(ScriptReportError) -> [ScriptTestResult] {
        switch format {
        case .tap: try TAPReport.parse(String(decoding: data, as: UTF8.self))
        case .junit: try JUnitReport.parse(data)
        case .json: try JSONTestReport.parse(data)
        }
    }

    static func bounded(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard text.count > maximumMessageLength else { return text }
        return String(text.prefix(maximumMessageLength)) + "…"
    }
}
