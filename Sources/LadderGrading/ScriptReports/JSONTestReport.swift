import Foundation
import LadderJSON
import LadderText

/// A reader for Ladder's JSON report format for `script` graders.
///
/// The report is one JSON object:
///
/// ```json
/// {"tests": [
///   {"name": "adds two numbers", "passed": true, "score": 2, "max_score": 2},
///   {"name": "rejects overflow", "passed": false, "message": "expected an error, got 0", "max_score": 1},
///   {"name": "stress", "passed": true, "skipped": true, "message": "needs 4 cores", "duration": 0.25}
/// ]}
/// ```
///
/// Each test needs `name` (a non-empty string) and `passed` (a boolean). Optional: `message` (string or null),
/// `skipped` (boolean, default false), `score` and `max_score` (numbers ≥ 0, with `score ≤ max_score` when both
/// are given) and `duration` (seconds, a number ≥ 0). Other keys are ignored, so scripts may add their own.
public enum JSONTestReport {
    /// Parses a JSON report.
    public static func parse(_ data: Data) throws(ScriptReportError) -> [ScriptTestResult] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw ScriptReportError(format: .json, line: error.line, reason: "\(error)")
        }
        guard case .object(let root) = document else {
            throw failure("the report must be an object with a `tests` array, got \(document.kindDescription)")
        }
        guard let tests = root["tests"] else { throw failure("the report has no `tests` array") }
        guard case .array(let entries) = tests else {
            throw failure("`tests` must be an array, got \(tests.kindDescription)")
        }
        var results: [ScriptTestResult] = []
        for (index, entry) in entries.enumerated() {
            let place = "tests[\(index)]"
            guard case .object(let fields) = entry else {
                throw failure("\(place) must be an object, got \(entry.kindDescription)")
            }
            guard case .string(let name)? = fields["name"], !name.isEmpty else {
                throw failure("\(place).name must be a non-empty string" + got(fields["name"]))
            }
            guard case .bool(let passed)? = fields["passed"] else {
                throw failure("\(place).passed must be true or false" + got(fields["passed"]))
            }
            var result = ScriptTestResult(name: name, passed: passed)
            switch fields["message"] {
            case nil, .null?: break
            case .string(let message)?: result.message = ScriptReport.bounded(message)
            case let other?: throw failure("\(place).message must be a string" + got(other))
            }
            switch fields["skipped"] {
            case nil, .null?: break
            case .bool(let skipped)?: result.skipped = skipped
            case let other?: throw failure("\(place).skipped must be true or false" + got(other))
            }
            result.score = try amount(fields["score"], "\(place).score")
            result.maxScore = try amount(fields["max_score"], "\(place).max_score")
            if let score = result.score, let maxScore = result.maxScore, score > maxScore {
                throw failure(
                    "\(place).score \(TextPreview.number(score)) is more than its max_score \(TextPreview.number(maxScore))"
                )
            }
            if let seconds = try amount(fields["duration"], "\(place).duration") {
                result.duration = .seconds(seconds)
            }
            results.append(result)
        }
        return results
    }

    private static func amount(_ value: JSONValue?, _ place: String) throws(ScriptReportError) -> Double? {
        switch value {
        case nil, .null?: return nil
        case .number(let number)?:
            let amount = number.doubleValue
            guard amount.isFinite, amount >= 0 else { throw failure("\(place) must be a number ≥ 0, got \(number)") }
            return amount
        case let other?:
            throw failure("\(place) must be a number" + got(other))
        }
    }

    private static func got(_ value: JSONValue?) -> String {
        guard let value else { return " (it is missing)" }
        return ", got \(value.serialized(maxLength: 60))"
    }

    private static func failure(_ reason: String) -> ScriptReportError {
        ScriptReportError(format: .json, line: nil, reason: reason)
    }
}
