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
/// What GitHub's autograding action does, and so what Ladder does (from its runner's source):
/// - `setup` (when not empty) and then `run` are each run by `/bin/sh -c` in the repository's directory, with only
///   `PATH` and `FORCE_COLOR=true` in the environment. A setup or run that exits non-zero fails the test; the
///   timeout (minutes, `0` or absent meaning 1) covers both together.
/// - `input`, when not empty, is the run's standard input.
/// - When both `output` and `input` are empty, only the exit status counts. Otherwise the output is compared:
///   both sides have `\r\n` turned into `\n` and leading and trailing whitespace removed (JavaScript `trim()`), then
///   `exact` wants them equal, `included` wants the expected text inside the output, and `regex` wants the
///   `output` pattern (unchanged, a JavaScript regular expression) to match somewhere in the output.
/// - The test earns all its `points` or none.
///
/// The newer workflow format's graders (``AutogradingRunner``) become tests of the same kind, with the few
/// differences their runners have.
///
/// ``compare(stdout:)`` implements the comparison exactly (``AutogradingExpectation``). ``graderTest(id:)``
/// expresses the whole test as an `io` grader test for Ladder's runner; see there for the representation.
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
    public var runner: AutogradingRunner

    /// GitHub's default when `timeout` is absent or 0.
    public static let defaultTimeout: Duration = .seconds(60)

    /// The environment GitHub gives setup and run, besides `PATH`.
    public static let environment = ["FORCE_COLOR": "true"]

    public init(
        name: String, setup: String? = nil, run: String, input: String? = nil, output: String? = nil,
        comparison: AutogradingComparison = .included, timeout: Duration = defaultTimeout, points: Int = 0,
        runner: AutogradingRunner = .autograding
    ) {
        self.name = name
        self.setup = setup.flatMap { $0.isEmpty ? nil : $0 }
        self.run = run
        self.input = input.flatMap { $0.isEmpty ? nil : $0 }
        self.output = output.flatMap { $0.isEmpty ? nil : $0 }
        self.comparison = comparison
        self.timeout = timeout
        self.points = points
        self.runner = runner
    }

    /// Whether the output is compared at all: GitHub skips the comparison when `output` and `input` are both empty.
    public var comparesOutput: Bool { output != nil || input != nil }

    /// The whole test as one command line: setup (its output sent to standard error, its standard input empty, a
    /// failure ending the test with its exit status), then run.
    ///
    /// Setup and run are passed as arguments, not pasted into a script, so no quoting can go wrong.
    public var command: [String] {
        guard let setup else { return ["/bin/sh", "-c", run] }
        return [
            "/bin/sh", "-c", "/bin/sh -c \"$1\" </dev/null >&2 || exit\nexec /bin/sh -c \"$2\"", "autograding", setup,
            run,
        ]
    }

    /// What the output is compared with, and how; nil when nothing is compared.
    public var expectation: AutogradingExpectation? {
        guard comparesOutput else { return nil }
        return AutogradingExpectation(
            comparison: comparison, expected: output ?? "", normalizesLineEndings: runner.normalizesLineEndings)
    }

    /// Compares a run's standard output exactly as GitHub Classroom does; see ``AutogradingExpectation``.
    ///
    /// Mismatch messages show the expected text or pattern as written and a bounded, escaped window of the output.
    public func compare(stdout: Data) throws(ComparisonUnavailable) -> ComparisonOutcome {
        try expectation?.compare(stdout) ?? .matched
    }

    // MARK: As a Ladder grader test

    /// The test as an `io` grader test that reproduces GitHub's pass/fail with Ladder's stock comparisons.
    ///
    /// Representation (what the runner must do):
    /// - `IOCheck.arguments` is the *whole* command line (``command``): the runner executes it as is, with no
    ///   language run command in front, in a writable copy of the repository;
    /// - `IOCheck.environment` is ``environment``; `stdin` is the input; `exitCode` is 0;
    /// - `limits.wallTime` is the timeout, which a runner clamps to its sandbox profile's maximum.
    ///
    /// The comparison is ``OutputComparison/autograding(_:)`` with the test's ``expectation``, so the runner compares
    /// exactly as ``compare(stdout:)`` does.
    public func graderTest(id: String) -> GraderTest {
        var check = IOCheck(
            arguments: command, stdin: input.map(ExpectedText.inline), environment: Self.environment,
            stdout: nil, exitCode: 0)
        if let comparison = ioComparison {
            check.stdout = .inline("")
            check.comparison = comparison
        }
        return GraderTest(
            id: id, title: name, points: points, feedback: nil, limits: Limits(wallTime: timeout), kind: .io(check))
    }

    /// The comparison GitHub's runner makes, or nil when nothing needs comparing.
    var ioComparison: OutputComparison? {
        expectation.map(OutputComparison.autograding)
    }
}

extension AutogradingConfig {
    /// The tests as a grader spec with one stage, `autograding`, each test an `io` test (see
    /// ``AutogradingTest/graderTest(id:)``) whose id is made from its name (`hello-test`, `hello-test-2`, …).
    ///
    /// - Parameter directory: the directory the spec's fixtures would be relative to (the repository).
    public func graderSpec(directory: String) -> GraderSpec {
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
            return test.graderTest(id: id)
        }
        return GraderSpec(directory: directory, stages: [GraderStage(id: "autograding", tests: graderTests)])
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
