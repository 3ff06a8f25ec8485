import Foundation
import LadderJSON
import LadderText

/// GitHub Classroom's `.github/classroom/autograding.json`, read strictly so that a course moving to Ladder learns
/// about every problem at once, by test and field, instead of a test silently doing something else.
///
/// The file is `{"tests": [ {…}, … ]}`; each test has `name` and `run` (required), and `setup`, `input`, `output`,
/// `comparison` (`included`, `exact` or `regex`; default `included`), `timeout` (minutes; default 1) and
/// `points` (a whole number; default 0), any of which may be absent or `null`. Unknown fields are errors, since
/// GitHub would ignore them and the author probably meant something by them.
public struct AutogradingConfig: Sendable, Equatable {
    /// Where GitHub Classroom keeps the file in a repository.
    public static let defaultPath = ".github/classroom/autograding.json"

    /// The tests, in file order.
    public var tests: [AutogradingTest]

    public init(tests: [AutogradingTest]) {
        self.tests = tests
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
        if let unknown = top.keys.sorted().first(where: { $0 != "tests" }) {
            throw AutogradingError(file: file, field: unknown, reason: "unknown field; the file has only \"tests\"")
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
            tests.append(try AutogradingTest(parsing: item, index: index, file: file))
        }
        return AutogradingConfig(tests: tests)
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

    /// `file: tests[2] ("Hello"), field comparison: reason`.
    public var description: String {
        var location = file + ": "
        if let testIndex {
            location += "tests[\(testIndex)]"
            if let testName { location += " (\"\(TextPreview.render(testName, limit: 60))\")" }
            location += field.map { ".\($0)" } ?? ""
            location += ": "
        } else if let field {
            location += "\(field): "
        }
        return location + reason
    }
}
