import Foundation
import LadderJSON
import LadderModel
import LadderTOML
import LadderText

/// How a GitHub Classroom test compares the program's output with its `output` field.
public enum AutogradingComparison: String, Sendable, CaseIterable {
    /// The output, trimmed, equals the expected text, trimmed.
    case exact
    /// The trimmed output contains the trimmed expected text. GitHub's default.
    case included
    /// The `output` field is a regular expression found somewhere in the trimmed output (not anchored).
    case regex
}

/// One test of an `autograding.json`, with GitHub Classroom's semantics.
///
/// What GitHub's autograding action does, and so what Ladder does (from its runner's source; `docs/autograding.md`
/// has every rule with its source and what differs):
/// - `setup` (when not empty) and then `run` are each run by `/bin/sh -c` in the repository's checkout, which every
///   test of the file shares in turn, with ``environment`` and `PATH`. A setup or run that exits non-zero fails the
///   test; the timeout (minutes, `0` or absent meaning 1) covers both together.
/// - `input`, when not empty, is the run's standard input; otherwise standard input is left open and empty.
/// - When both `output` and `input` are empty, only the exit status counts. Otherwise the output is compared:
///   both sides have `\r\n` turned into `\n` and leading and trailing whitespace removed (JavaScript `trim()`), then
///   `exact` wants them equal, `included` wants the expected text inside the output, and `regex` wants the
///   `output` pattern (unchanged, a JavaScript regular expression) to match somewhere in the output.
/// - The test earns all its `points` or none.
///
/// The newer workflow format's graders (``AutogradingAction``) become tests of the same kind, with the few
/// differences their runners have.
///
/// ``compare(stdout:)`` implements the comparison exactly (``AutogradingExpectation``). ``graderTest(id:networkSetup:)``
/// makes the test one of Ladder's grader tests, which `AutogradingRunner` runs.
public struct AutogradingTest: Sendable, Equatable {
    /// The test's name as the file gives it (not necessarily unique).
    public var name: String
    /// Run before `run`, in the same directory; nil when the file leaves it empty.
    public var setup: String?
    /// The command whose output is checked, run by `/bin/sh -c`.
    public var run: String
    /// The run's standard input; nil when empty.
    public var input: String?
    /// The expected output (for `regex`, the pattern); nil when empty.
    public var output: String?
    /// How the output is compared with ``output``.
    public var comparison: AutogradingComparison
    /// For setup and run together.
    public var timeout: Duration
    /// Earned in full when the test passes, otherwise none.
    public var points: Int
    /// Which of GitHub's runners the test was written for.
    public var action: AutogradingAction

    /// GitHub's default when `timeout` is absent or 0.
    public static let defaultTimeout: Duration = .seconds(60)

    /// The environment GitHub gives setup and run, besides `PATH`: `FORCE_COLOR` (all versions of its runner), and
    /// `HOME`, `DOTNET_CLI_HOME` and `DOTNET_NOLOGO` (its runner since education/autograding#53, and the newer
    /// classroom-resources graders). `HOME` is the shared home's path in the box, GitHub's own (`/home/runner`).
    public static let environment = [
        "FORCE_COLOR": "true", "HOME": SharedCheckout.homeMount, "DOTNET_CLI_HOME": "/tmp", "DOTNET_NOLOGO": "true",
    ]

    public init(
        name: String, setup: String? = nil, run: String, input: String? = nil, output: String? = nil,
        comparison: AutogradingComparison = .included, timeout: Duration = defaultTimeout, points: Int = 0,
        action: AutogradingAction = .autograding
    ) {
        self.name = name
        self.setup = setup.flatMap { $0.isEmpty ? nil : $0 }
        self.run = run
        self.input = input.flatMap { $0.isEmpty ? nil : $0 }
        self.output = output.flatMap { $0.isEmpty ? nil : $0 }
        self.comparison = comparison
        self.timeout = timeout
        self.points = points
        self.action = action
    }

    /// Whether the output is compared at all: GitHub skips the comparison when `output` and `input` are both empty.
    public var comparesOutput: Bool { output != nil || input != nil }

    /// The setup command as GitHub runs it (Node's `spawn(setup, {shell: true})`); nil when there is none.
    public var setupCommand: [String]? { setup.map { ["/bin/sh", "-c", $0] } }

    /// The run command as GitHub runs it.
    public var runCommand: [String] { ["/bin/sh", "-c", run] }

    /// What the output is compared with, and how; nil when nothing is compared.
    public var expectation: AutogradingExpectation? {
        guard comparesOutput else { return nil }
        return AutogradingExpectation(
            comparison: comparison, expected: output ?? "", normalizesLineEndings: action.normalizesLineEndings)
    }

    /// Compares a run's standard output exactly as GitHub Classroom does; see ``AutogradingExpectation``.
    ///
    /// Mismatch messages show the expected text or pattern as written and a bounded, escaped window of the output.
    public func compare(stdout: Data) throws(ComparisonUnavailable) -> ComparisonOutcome {
        try expectation?.compare(stdout) ?? .matched
    }

    // MARK: As a Ladder grader test

    /// The test as one of Ladder's grader tests: an `autograding` test with wall and CPU time limited to the timeout
    /// (the runner takes the rest of its limits from the `autograding` sandbox profile).
    ///
    /// - Parameter networkSetup: whether setup gets the host's network and a `sudo` (``AutogradingCheck``).
    public func graderTest(id: String, networkSetup: Bool = false) -> GraderTest {
        GraderTest(
            id: id, title: name, points: points, feedback: nil, limits: Limits(wallTime: timeout, cpuTime: timeout),
            kind: .autograding(AutogradingCheck(test: self, networkSetup: networkSetup)))
    }
}

extension AutogradingConfig {
    /// The tests as a grader spec with one stage, `autograding`, each test made by
    /// ``AutogradingTest/graderTest(id:networkSetup:)`` with an id made from its name (`hello-test`, `hello-test-2`,
    /// …), run in file order in one shared checkout as on GitHub's runner.
    ///
    /// - Parameters:
    ///   - directory: the directory the spec's fixtures would be relative to (the repository).
    ///   - networkSetup: whether setup commands get the host's network and a `sudo` (`--allow-network-setup`).
    public func graderSpec(directory: String, networkSetup: Bool = false) -> GraderSpec {
        var used: Set<String> = []
        let graderTests = tests.enumerated().map { index, test in
            let base = Self.slug(test.name) ?? "test-\(index + 1)"
            var id = base
            var suffix = 2
            while used.contains(id) {
                id = "\(base)-\(suffix)"
                suffix += 1
            }
            used.insert(id)
            return test.graderTest(id: id, networkSetup: networkSetup)
        }
        return GraderSpec(
            directory: directory, stages: [GraderStage(id: "autograding", tests: graderTests)],
            workspace: .sharedCheckout)
    }

    /// Lower-case ASCII letters and digits, other runs of characters as one `-`; nil when nothing is left.
    static func slug(_ name: String) -> String? {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, out.last != "-" {
                out += "-"
            }
        }
        while out.last == "-" { out.removeLast() }
        return out.isEmpty ? nil : String(out.prefix(60))
    }
}

extension AutogradingTest {
    /// The fields of a test in autograding.json.
    static let fields = ["name", "setup", "run", "input", "output", "comparison", "timeout", "points"]

    /// Reads one element of `tests`, naming the index and field in every error and warning.
    init(parsing value: JSONValue, index: Int, file: String, warnings: inout [AutogradingWarning])
        throws(AutogradingError)
    {
        guard case .object(let fields) = value else {
            throw AutogradingError(
                file: file, testIndex: index, reason: "expected a test object, got \(value.kindDescription)")
        }
        let testName: String? = if case .string(let text)? = fields["name"] { text } else { nil }
        func error(_ field: String?, _ reason: String) -> AutogradingError {
            AutogradingError(file: file, testIndex: index, testName: testName, field: field, reason: reason)
        }
        func warning(_ field: String?, _ message: String) {
            warnings.append(
                AutogradingWarning(
                    file: file,
                    location: AutogradingError.location(testIndex: index, testName: testName, field: field),
                    message: message))
        }
        for unknown in fields.keys.sorted() where !Self.fields.contains(unknown) {
            warning(
                unknown,
                "unknown field, ignored (as GitHub ignores it)"
                    + Suggestions.didYouMean(Suggestions.closest(to: unknown, in: Self.fields, limit: 1))
                    + "; a test has \(Self.fields.joined(separator: ", "))")
        }
        func string(_ key: String, required: Bool) throws(AutogradingError) -> String? {
            switch fields[key] {
            case nil, .null?:
                if required { throw error(key, "missing; every test needs a \(key)") }
                return nil
            case .string(let text)?:
                if required, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw error(key, "empty; every test needs a \(key)")
                }
                return text
            case let other?:
                throw error(key, "expected a string, got \(other.kindDescription)")
            }
        }
        func number(_ key: String) throws(AutogradingError) -> JSONNumber? {
            switch fields[key] {
            case nil, .null?: return nil
            case .number(let number)?: return number
            case let other?:
                throw error(key, "expected a number, got \(other.kindDescription) \(other.serialized(maxLength: 30))")
            }
        }

        let name = try string("name", required: true)!
        let run = try string("run", required: true)!
        let comparison: AutogradingComparison
        if let text = try string("comparison", required: false) {
            guard let known = AutogradingComparison(rawValue: text) else {
                let supported = AutogradingComparison.allCases.map(\.rawValue).joined(separator: ", ")
                throw error("comparison", "unknown comparison \"\(TextPreview.render(text))\"; supported: \(supported)")
            }
            comparison = known
        } else {
            comparison = .included
        }
        var timeout = AutogradingTest.defaultTimeout
        if let minutes = try number("timeout") {
            let value = minutes.doubleValue
            guard value.isFinite, value >= 0 else {
                throw error("timeout", "expected a positive number of minutes, got \(minutes.literal)")
            }
            if value > 0 { timeout = .milliseconds(Int64((value * 60_000).rounded())) }
        }
        var points = 0
        if let number = try number("points") {
            guard let whole = number.int64Value, whole >= 0, let value = Int(exactly: whole) else {
                throw error("points", "expected a whole number of points, 0 or more, got \(number.literal)")
            }
            points = value
        }
        let output = try string("output", required: false)
        if comparison == .regex, let pattern = output, !pattern.isEmpty {
            do {
                _ = try JavaScriptRegex(pattern)
            } catch .syntaxError(let message) {
                warning(
                    "output",
                    "/\(TextPreview.render(pattern))/ is not a valid JavaScript regular expression (\(message)); "
                        + "GitHub's runner fails this test on every run, and so does Ladder")
            } catch let problem {
                throw error("output", "/\(TextPreview.render(pattern))/: \(problem)")
            }
        }
        self.init(
            name: name, setup: try string("setup", required: false), run: run,
            input: try string("input", required: false),
            output: output, comparison: comparison, timeout: timeout, points: points)
    }
}
