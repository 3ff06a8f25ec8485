import Foundation
import LadderModel
import LadderSandbox
import LadderText

/// Grades the learner's own test suite by mutation: it must pass on correct implementations and fail on mutants.
///
/// Each run is a fresh copy of the built submission with grader files copied over it, so only the learner's tests
/// are judged, never their copy of the module under test. The suite runs first on the implementation and on every
/// behaviour-equivalent rewrite of it; failing any of those scores nothing, because a suite that rejects correct
/// code is wrong however many mutants it rejects too. Then it runs once per mutant: any failure (a non-zero exit, a
/// crash, a limit) kills the mutant. The test earns its points in proportion to the mutants killed.
struct MutationRunner {
    let context: RunContext
    func run(_ test: GraderTest, _ check: MutationCheck) async throws -> RunResult {
        guard let command = check.command ?? context.language.test else {
            throw GradingFailure.grader(
                "the test '\(test.id)' has no 'command' and the lab's \(context.language.id) language has no 'test' command; give one of them"
            )
        }
        let limits = context.limits(for: test)
        let language = context.language.id
        var base: [String] = []
        if let implementation = check.implementation {
            guard let path = implementation.path(for: language) else {
                throw GradingFailure.grader(
                    "the test '\(test.id)' has no \(language) implementation; add '\(implementation.path)/\(language)/'"
                )
            }
            base = [context.fixture(path)]
        }
        // An equivalent or a mutant with no folder for the learner's language does not apply to it.
        let correct = [base] + check.equivalents.compactMap { $0.path(for: language) }.map { [context.fixture($0)] }
        let applicable = check.mutants.compactMap { mutant in mutant.files.path(for: language).map { (mutant, $0) } }
        let mutants = applicable.map(\.0)
        guard !mutants.isEmpty else {
            throw GradingFailure.grader(
                "the test '\(test.id)' has no mutant for \(language); port at least one mutant in '\(check.mutantsDirectory)' to it"
            )
        }
        var totals = Totals()
        let mutantSources = applicable.map { base + [context.fixture($0.1)] }
        // What each run copies: the grader's files, or what the test's `prepare` command made of them, once for all.
        var correctOverlays = correct
        var mutantOverlays = mutantSources
        var sharedKeys = correct
        if let prepare = check.prepare[language] {
            let prepared = try await self.prepared(prepare, correct + mutantSources, limits: limits)
            correctOverlays = Array(prepared[..<correct.count])
            mutantOverlays = Array(prepared[correct.count...])
            // Another test's runs on the same correct code, prepared by the same command, are the same runs.
            sharedKeys = correct.map { $0 + ["prepared by"] + prepare }
        }

        let correctOutcomes = try await runSuites(
            command, overlays: correctOverlays, limits: limits, sharedAs: sharedKeys)
        for (index, outcome) in correctOutcomes.enumerated() {
            totals.add(outcome)
            guard let (verdict, why) = try Self.suiteFailure(of: outcome) else { continue }
            return totals.result(
                Self.rejectsCorrectCode(verdict: verdict, why: why, outcome: outcome, equivalent: index > 0))
        }

        let mutantOutcomes = try await runSuites(command, overlays: mutantOverlays, limits: limits)
        var survivors: [MutationCheck.Mutant] = []
        var killedByLimit = 0
        for (mutant, outcome) in zip(mutants, mutantOutcomes) {
            totals.add(outcome)
            guard let (verdict, _) = try Self.suiteFailure(of: outcome) else {
                survivors.append(mutant)
                continue
            }
            if verdict != .runtimeError { killedByLimit += 1 }
        }
        let total = mutants.count
        let killed = total - survivors.count
        var detail =
            killed == total
            ? "your tests caught all \(total) mutants (broken versions of the code under test)"
            : "your tests caught \(killed) of \(total) mutants (broken versions of the code under test); "
                + "each one still passing shows behaviour your tests do not check:\n"
                + survivors.map { "✗ \($0.about)" }.joined(separator: "\n")
        if killedByLimit > 0 {
            detail +=
                "\n\(killedByLimit) of the \(killed) caught only through a limit (time, memory, output) or a crash "
                + "of your tests; that counts, but a failing assertion says more than a hang"
        }
        return totals.result(
            RunResult(
                killed == total ? .passed : .wrongAnswer, detail, fraction: Double(killed) / Double(total)))
    }

    /// Why a suite run counts as failing, or nil when it passed. Past the output limit the launcher stops the
    /// box, so a suite that floods its output did not finish and fails like any other.
    static func suiteFailure(of outcome: SandboxOutcome) throws -> (Verdict, String)? {
        if let setupError = outcome.setupError {
            throw GradingFailure.grader("the sandbox could not run the test command: \(setupError)")
        }
        return outcome.failure(of: "your tests")
    }

    /// The result for a suite that fails on an implementation that is right: nothing earned, and the suite's own
    /// output so the learner can see which assertion is wrong.
    static func rejectsCorrectCode(verdict: Verdict, why: String, outcome: SandboxOutcome, equivalent: Bool)
        -> RunResult
    {
        var detail: String
        if equivalent {
            detail =
                "your tests fail on a correct implementation: it behaves exactly like the reference but is written "
                + "differently. Test behaviour through the public interface only, not source text, private attributes "
                + "or helper names."
        } else {
            detail =
                "your tests fail on a correct implementation, so they cannot tell right code from wrong; "
                + "fix the failing tests first."
        }
        let output = outputTail(outcome)
        if verdict == .runtimeError {
            detail += output.isEmpty ? "\n\(why)" : "\n" + output
        } else {
            detail += "\n\(why)"
        }
        return RunResult(verdict == .runtimeError ? .wrongAnswer : verdict, detail, fraction: 0)
    }

    /// The last lines of what the suite printed (test runners report failures on stderr, some on stdout), each
    /// line rendered printable and bounded on its own so the report keeps the suite's line breaks.
    static func outputTail(_ outcome: SandboxOutcome, lines: Int = 20) -> String {
        var parts: [String] = []
        for (name, data) in [("standard error", outcome.stderr), ("standard output", outcome.stdout)] {
            var kept = String(decoding: data.suffix(8192), as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
            while let last = kept.last, last.allSatisfy(\.isWhitespace) { kept.removeLast() }
            guard !kept.isEmpty else { continue }
            let shown = kept.suffix(lines).map { TextPreview.render($0, limit: 300) }
            let cut = kept.count > lines ? "…\n" : ""
            parts.append("\(name) (last lines):\n" + cut + shown.joined(separator: "\n"))
        }
        return parts.joined(separator: "\n")
    }

    /// Runs the test's `prepare` command once, in one box, over every implementation the test runs: each overlay list
    /// merged into a numbered directory of its own, whose names the command is given as arguments (an empty list,
    /// the submission's own files, has none and stays as it is). What the command leaves in each directory is what
    /// that run copies over the submission. Only the grader's files are there, so a failure is the grader's.
    private func prepared(_ prepare: [String], _ lists: [[String]], limits: SandboxLimits) async throws -> [[String]] {
        let root = try context.workspace.emptyDirectory("prepare")
        var names: [String] = []
        var prepared: [[String]] = []
        for (index, list) in lists.enumerated() {
            guard !list.isEmpty else {
                prepared.append([])
                continue
            }
            let directory = root + "/\(index)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            for overlay in list { try Self.copyContents(of: overlay, over: directory) }
            names.append("\(index)")
            prepared.append([directory])
        }
        guard !names.isEmpty else { return lists }
        let policy = SandboxPolicy(
            profile: context.language.profile, limits: limits,
            readOnlyMounts: [SandboxMount(context.spec.directory, at: "/grader")], workdir: root)
        let outcome = try await context.sandbox.run(prepare + names, policy: policy)
        if let setupError = outcome.setupError {
            throw GradingFailure.grader("the sandbox could not run the test's prepare command: \(setupError)")
        }
        if let (_, why) = outcome.failure(of: "the prepare command") {
            throw GradingFailure.grader(
                "the test's prepare command for \(context.language.id) failed on the grader's implementations: \(why)"
                    + outcome.stderrTail())
        }
        return prepared
    }

    /// Runs the suite once per overlay list; outcomes come back in input order. With `sharedAs`, the key of each
    /// run's files, a run another test of the grading made (or is making) under the same key is reused.
    ///
    /// The test's own slot of the grading budget runs suites one after another; every other slot that is free right
    /// now runs more of them side by side. A slot is only taken when free, never waited for, since this test already
    /// holds one (see ``GradingBudget``), so a mutation test never runs more boxes than the budget allows.
    private func runSuites(
        _ command: [String], overlays: [[String]], limits: SandboxLimits, sharedAs keys: [[String]]? = nil
    ) async throws -> [SandboxOutcome] {
        guard !overlays.isEmpty else { return [] }
        let queue = IndexQueue(count: overlays.count)
        let work: @Sendable () async throws -> [(Int, SandboxOutcome)] = {
            var done: [(Int, SandboxOutcome)] = []
            while let index = await queue.next() {
                let overlay = overlays[index]
                let outcome =
                    if let keys {
                        try await context.correctSuiteRuns.outcome(
                            command: command, overlays: keys[index], limits: limits
                        ) {
                            try await runSuite(command, overlays: overlay, limits: limits)
                        }
                    } else {
                        try await runSuite(command, overlays: overlay, limits: limits)
                    }
                done.append((index, outcome))
            }
            return done
        }
        return try await withThrowingTaskGroup(of: [(Int, SandboxOutcome)].self) { group in
            group.addTask { try await work() }
            for _ in 1..<min(context.boxes.slots, overlays.count) {
                group.addTask { try await context.boxes.withFreeSlot { try await work() } ?? [] }
            }
            var outcomes = [SandboxOutcome?](repeating: nil, count: overlays.count)
            while let done = try await group.next() {
                for (index, outcome) in done { outcomes[index] = outcome }
            }
            return outcomes.map { $0! }
        }
    }

    private func runSuite(_ command: [String], overlays: [String], limits: SandboxLimits) async throws -> SandboxOutcome
    {
        try Task.checkCancellation()
        let workdir = try context.workspace.copy(of: context.build)
        defer { try? FileManager.default.removeItem(atPath: workdir) }
        for overlay in overlays {
            try Self.copyContents(of: overlay, over: workdir)
        }
        let policy = SandboxPolicy(profile: context.language.profile, limits: limits, workdir: workdir)
        return try await context.sandbox.run(command, policy: policy)
    }

    /// Copies every file under `source` to the same relative path under `destination`, replacing what is there;
    /// a mutant's `about.txt` is for the learner's feedback and never reaches the run.
    ///
    /// The destination is the learner's copy: whatever stands in the way (a symbolic link above all, which could
    /// point anywhere on the host) is removed first, never followed.
    static func copyContents(of source: String, over destination: String) throws {
        let fileManager = FileManager.default
        guard let enumerator = fileManager.enumerator(atPath: source) else {
            throw GradingFailure.grader("the grader's directory \(source) cannot be read")
        }
        while let relative = enumerator.nextObject() as? String {
            if relative == MutationCheck.aboutFile { continue }
            let from = source + "/" + relative
            let to = destination + "/" + relative
            let existing = (try? fileManager.attributesOfItem(atPath: to))?[.type] as? FileAttributeType
            if try fileManager.attributesOfItem(atPath: from)[.type] as? FileAttributeType == .typeDirectory {
                if existing == .typeDirectory { continue }
                if existing != nil { try fileManager.removeItem(atPath: to) }
                try fileManager.createDirectory(atPath: to, withIntermediateDirectories: false)
            } else {
                if existing != nil { try fileManager.removeItem(atPath: to) }
                try fileManager.copyItem(atPath: from, toPath: to)
            }
        }
    }
}

/// Hands out 0..<count once each, to whichever worker asks first.
private actor IndexQueue {
    private var given = 0
    let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        guard given < count else { return nil }
        defer { given += 1 }
        return given
    }
}

/// Time and memory summed over a test's many suite runs.
private struct Totals {
    var wallMilliseconds = 0
    var cpuMilliseconds = 0
    var peakMemoryBytes = 0

    mutating func add(_ outcome: SandboxOutcome) {
        wallMilliseconds += Int(Units.milliseconds(outcome.wallTime))
        cpuMilliseconds += Int(Units.milliseconds(outcome.cpuTime ?? .zero))
        peakMemoryBytes = max(peakMemoryBytes, outcome.peakMemoryBytes ?? 0)
    }

    func result(_ result: RunResult) -> RunResult {
        var result = result
        result.wallMilliseconds = wallMilliseconds
        result.cpuMilliseconds = cpuMilliseconds
        result.peakMemoryBytes = peakMemoryBytes
        return result
    }
}
