import Foundation
import LadderModel
import LadderSandbox

/// Runs the learner's program once with the test's arguments, input and fixtures, and checks its output.
struct IORunner {
    let context: RunContext

    func run(_ test: GraderTest, _ check: IOCheck) async throws -> RunResult {
        var result = try await judge(test, check)
        // The report shows a test's input only when it failed (and was not secret); a passing test's long stdin
        // is not worth describing.
        if result.verdict != .passed {
            result.input = TestInput.describe(
                check, command: context.language.run, stdin: try check.stdin.map(context.text))
        }
        return result
    }

    private func judge(_ test: GraderTest, _ check: IOCheck) async throws -> RunResult {
        let workdir = try context.testDirectory()
        try context.place(check.files, in: workdir)
        var stdin = SandboxInput.none
        switch check.stdin {
        case .inline(let text): stdin = .data(Data(text.utf8))
        case .file(let path): stdin = try context.stdin(fromFixture: path)
        case nil: break
        }
        let policy = SandboxPolicy(
            profile: context.language.profile, limits: context.limits(for: test), workdir: workdir,
            environment: check.environment, stdin: stdin)
        let outcome = try await context.sandbox.run(context.language.run + check.arguments, policy: policy)
        if let (verdict, detail) = outcome.failure(expectedExit: check.exitCode) {
            return RunResult(verdict, detail, outcome: outcome)
        }
        let expectedStdout = try check.stdout.map(context.text) ?? (Self.needsExpectedText(check.comparison) ? nil : "")
        if let expectedStdout,
            let result = try compareStream(
                "standard output", expected: expectedStdout, actual: outcome.stdout, using: check.comparison,
                select: check.select)
        {
            return RunResult(result.0, result.1, outcome: outcome)
        }
        // Like stdout, a regex or contains check of stderr carries its own pattern and needs no expected text.
        let expectedStderr =
            try check.stderr.map(context.text) ?? (Self.needsExpectedText(check.stderrComparison) ? nil : "")
        if let expectedStderr {
            let result = try compareStream(
                "standard error", expected: expectedStderr, actual: outcome.stderr,
                using: check.stderrComparison, select: nil)
            if let result { return RunResult(result.0, result.1, outcome: outcome) }
        }
        return RunResult(.passed, outcome: outcome)
    }

    /// Compares one stream; nil when it matches.
    private func compareStream(
        _ stream: String, expected: String, actual: Data, using comparison: OutputComparison, select: String?
    ) throws -> (Verdict, String)? {
        var expectedText = expected
        var actualData = actual
        if let select {
            guard let pattern = try? Regex(select) else {
                throw GradingFailure.grader("the grader's select pattern '\(select)' is not a valid regular expression")
            }
            expectedText = Self.lines(of: expected, matching: pattern)
            actualData = Data(Self.lines(of: String(decoding: actual, as: UTF8.self), matching: pattern).utf8)
        }
        let outcome: ComparisonOutcome
        do {
            outcome = try compare(expected: expectedText, actual: actualData, using: comparison)
        } catch {
            throw GradingFailure.infrastructure(error.description)
        }
        switch outcome {
        case .matched:
            return nil
        case .graderError(let message):
            return (.graderError, message)
        case .mismatched(let explanation):
            var detail = "\(stream): \(explanation)"
            if Self.showsDiff(comparison) {
                let diff = BoundedDiff(
                    expected: expectedText, actual: actualData, ignoringTrailingWhitespace: comparison != .exact)
                if !diff.isEmpty { detail += "\n\(diff)" }
            }
            return (.wrongAnswer, detail)
        }
    }

    /// Regex and contains comparisons carry their own pattern; the others compare against an expected text.
    static func needsExpectedText(_ comparison: OutputComparison) -> Bool {
        switch comparison {
        case .regex, .contains: false
        default: true
        }
    }

    static func showsDiff(_ comparison: OutputComparison) -> Bool {
        switch comparison {
        case .exact, .trimmed, .lines: true
        default: false
        }
    }

    static func lines(of text: String, matching pattern: Regex<AnyRegexOutput>) -> String {
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            return (try? pattern.firstMatch(in: trimmed)) != nil
        }
        return kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
    }
}
