import Foundation
import LadderJSON
import LadderTOML
import LadderText

/// GitHub Classroom's `.github/classroom/autograding.json`, read so that a course moving to Ladder runs unchanged and
/// learns about every problem at once, by test and field.
///
/// The file is `{"tests": [ {…}, … ]}`; each test has `name` and `run` (required), and `setup`, `input`, `output`,
/// `comparison` (`included`, `exact` or `regex`; default `included`), `timeout` (minutes; default 1) and
/// `points` (a whole number; default 0), any of which may be absent or `null`. Other fields (real files carry
/// `description` or `timeout-minutes`) are ignored, as GitHub ignores them, each with a warning naming it, since
/// the author may have meant something by it. A wrong value in a known field is an error.
public struct AutogradingConfig: Sendable, Equatable {
    /// Where GitHub Classroom keeps the file in a repository.
    public static let defaultPath = ".github/classroom/autograding.json"

    /// The tests, in file order.
    public var tests: [AutogradingTest]
    /// What was ignored or will behave as on GitHub though the author may not expect it; grading goes on.
    public var warnings: [AutogradingWarning]

    public init(tests: [AutogradingTest], warnings: [AutogradingWarning] = []) {
        self.tests = tests
        self.warnings = warnings
    }

    /// The points of all tests together.
    public var totalPoints: Int { tests.reduce(0) { $0 + $1.points } }

    /// Reads and parses an autograding file.
    public static func load(contentsOf path: String) throws(AutogradingError) -> AutogradingConfig {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw AutogradingError(
                file: path, reason: "no such file; GitHub Classroom keeps it at \(defaultPath) in the repository")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AutogradingError(file: path, reason: "the file cannot be read (check its permissions)")
        }
        return try parse(data, file: path)
    }

    /// Parses an autograding file's bytes; `file` names it in errors.
    public static func parse(_ data: Data, file: String = defaultPath) throws(AutogradingError) -> AutogradingConfig {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            throw AutogradingError(file: file, reason: error.description)
        }
        guard case .object(let top) = root else {
            throw AutogradingError(
                file: file, reason: "expected an object like {\"tests\": [...]}, got \(root.kindDescription)")
        }
        var warnings: [AutogradingWarning] = []
        for unknown in top.keys.sorted() where unknown != "tests" {
            warnings.append(
                AutogradingWarning(
                    file: file, location: unknown,
                    message: "unknown field, ignored (as GitHub ignores it); the file has only \"tests\""))
        }
        guard let testsValue = top["tests"] else {
            throw AutogradingError(file: file, field: "tests", reason: "missing; expected an array of tests")
        }
        guard case .array(let items) = testsValue else {
            throw AutogradingError(
                file: file, field: "tests", reason: "expected an array of tests, got \(testsValue.kindDescription)")
        }
        guard !items.isEmpty else {
            throw AutogradingError(file: file, field: "tests", reason: "the array is empty; add at least one test")
        }
        var tests: [AutogradingTest] = []
        for (index, item) in items.enumerated() {
            tests.append(try AutogradingTest(parsing: item, index: index, file: file, warnings: &warnings))
        }
        return AutogradingConfig(tests: tests, warnings: warnings)
    }
}

/// Something in an autograding file that GitHub ignores, or that will fail on GitHub as it does here; grading goes
/// on. Which file, where in it, and what.
public struct AutogradingWarning: Sendable, Equatable, CustomStringConvertible {
    /// The file's path as given.
    public var file: String
    /// The line (1-based), when the format keeps lines.
    public var line: Int?
    /// Where in the file (`tests[2] ("Hello").description`, `step 3 ("Run tests")`); nil for the whole file.
    public var location: String?
    public var message: String

    public init(file: String, line: Int? = nil, location: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.location = location
        self.message = message
    }

    /// `file:line: location: message`.
    public var description: String {
        file + (line.map { ":\($0)" } ?? "") + ": " + (location.map { "\($0): " } ?? "") + message
    }
}

/// A problem in an autograding file: which file, which test and field, what is wrong and what is accepted.
public struct AutogradingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The autograding file's path as given.
    public let file: String
    /// The 0-based index of the test in `tests`, when the problem is in one.
    public let testIndex: Int?
    /// The test's name, when it has one, to find it in a long file.
    public let testName: String?
    /// The field, when the problem is in one.
    public let field: String?
    /// What is wrong and what is accepted.
    public let reason: String

    public init(file: String, testIndex: Int? = nil, testName: String? = nil, field: String? = nil, reason: String) {
        self.file = file
        self.testIndex = testIndex
        self.testName = testName
        self.field = field
        self.reason = reason
    }

    /// `file: tests[2] ("Hello").comparison: reason`.
    public var description: String {
        let location = Self.location(testIndex: testIndex, testName: testName, field: field)
        return file + ": " + (location.map { "\($0): " } ?? "") + reason
    }

    /// `tests[2] ("Hello").comparison`, `tests[2]`, `comparison`, or nil.
    static func location(testIndex: Int?, testName: String?, field: String?) -> String? {
        guard let testIndex else { return field }
        var location = "tests[\(testIndex)]"
        if let testName { location += " (\"\(TextPreview.render(testName, limit: 60))\")" }
        return location + (field.map { ".\($0)" } ?? "")
    }
}
