import Foundation
import LadderGrading
import LadderModel
import LadderSandbox

/// `ladder lab validate --strength`: the share of the reference solution's mutants that the hidden tests kill.
///
/// The mutants come from one language's reference (Python when the lab offers it, else the first whose reference
/// holds Python or SQL files of its own), sampled by ``MutantGenerator``. Each is graded like a learner's submission,
/// side by side within the validator's budget, and compared test by test with the reference's verdicts: the first
/// test that differs kills it, and its grading stops there. A mutant every test agrees on survived.
struct StrengthMeasurement {
    static let kind = "mutation-strength"

    let location: LabLocation
    let lab: Lab
    let spec: GraderSpec
    let digest: String
    let settings: MutationSettings
    let validator: LabValidator
    let events: @Sendable (ValidationEvent) -> Void

    struct Outcome: Sendable {
        var strength: MutationStrength?
        var checks: [ValidationCheck] = []
        /// Why the lab's strength cannot be measured at all (a history, no Python or SQL); nil when it can.
        var notMeasurable: String?
    }

    /// What measuring needs once the lab is known measurable: the reference, its files, the equivalents and the
    /// mutants sampled from it.
    struct Prepared: Sendable {
        let reference: Candidate
        let expected: [String: Verdict]
        let files: [String]
        let subject: String
        let equivalents: EquivalentMutants
        let catalog: MutantCatalog
    }

    /// Measures the lab's strength; `references` are its references with their first grade (nil: not graded).
    func measure(references: [(Candidate, GradeReport?)]) async -> Outcome {
        let started = Date()
        var outcome = Outcome()
        let prepared: Prepared
        switch await prepare(references, maxMutants: settings.maxMutants, seed: MutationSettings.sampleSeed) {
        case .failure(let failed): return failed.outcome
        case .success(let ready): prepared = ready
        }
        let known = Set(prepared.catalog.candidates.map(\.id))
        for declaration in prepared.equivalents.declarations where !known.contains(declaration.id) {
            outcome.checks.append(
                check(
                    EquivalentMutants.fileName, .warning,
                    "line \(declaration.line): no mutant of the reference has the id \(declaration.id) now (the code it changed has changed); remove the declaration, and judge the new survivors"
                ))
        }
        let results = await grade(
            prepared.catalog.mutants, reference: prepared.reference, expected: prepared.expected,
            equivalents: prepared.equivalents)
        let strength = MutationStrength(
            language: prepared.reference.language.id, candidates: prepared.catalog.candidates.count,
            maxMutants: settings.maxMutants, mutants: results, notes: prepared.catalog.notes,
            seconds: Date().timeIntervalSince(started))
        outcome.strength = strength
        outcome.checks.append(judge(strength, subject: prepared.subject, files: prepared.files))
        return outcome
    }

    /// Checks the lab's strength record (`strength.toml`) instead of measuring: it must exist, match the lab as it
    /// is now, show the required share, and `sample.count` of its killed mutants, graded again, must be killed again.
    func verify(
        record: StrengthRecord?, fingerprint: String, sample: StrengthSample, references: [(Candidate, GradeReport?)]
    ) async -> Outcome {
        var outcome = Outcome()
        let subject = "strength record"
        let measureAgain =
            "measure with `ladder lab validate \(location.id) --strength --record` and commit Graders/\(location.id)/\(StrengthRecord.fileName)"
        guard let record else {
            outcome.checks.append(check(subject, .failed, "the lab's strength was never recorded: \(measureAgain)"))
            return outcome
        }
        guard record.fingerprint == fingerprint else {
            outcome.checks.append(
                check(
                    subject, .failed,
                    "out of date: it was measured on other hidden tests, reference, starter or manifest than the lab has now; \(measureAgain)"
                ))
            return outcome
        }
        if let reason = record.notMeasured {
            outcome.checks.append(check(subject, .passed, "current; not measurable: \(reason)"))
            return outcome
        }
        guard record.passed else {
            outcome.checks.append(
                check(
                    subject, .failed,
                    "\(record.summary): at least \(MutationStrength.requiredPercent)% must be killed; run `ladder lab validate \(location.id) --strength` for the survivors"
                ))
            return outcome
        }
        let chosen = record.sample(sample.count, seed: sample.seed)
        guard !chosen.isEmpty else {
            outcome.checks.append(check(subject, .passed, "current: \(record.summary)"))
            return outcome
        }
        let prepared: Prepared
        switch await prepare(references, maxMutants: record.maxMutants, seed: record.seed) {
        case .failure(let failed): return failed.outcome
        case .success(let ready): prepared = ready
        }
        guard prepared.reference.language.id == record.language else {
            outcome.checks.append(
                check(
                    subject, .failed,
                    "recorded on the \(record.language ?? "?") reference, but the \(prepared.reference.language.id) one is mutated now; \(measureAgain)"
                ))
            return outcome
        }
        let byID = Dictionary(prepared.catalog.mutants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var mutants: [Mutant] = []
        for entry in chosen {
            guard let mutant = byID[entry.id] else {
                outcome.checks.append(
                    check(
                        subject, .failed,
                        "mutant \(entry.id) (\(entry.listing)) is not made any more (Ladder's mutation operators or their sample changed); \(measureAgain)"
                    ))
                return outcome
            }
            mutants.append(mutant)
        }
        let results = await grade(
            mutants, reference: prepared.reference, expected: prepared.expected, equivalents: EquivalentMutants.none)
        let notKilled = results.filter { $0.status != .killed }
        let regraded = "\(results.count) of its killed mutants graded again (sample seed \(sample.seed))"
        if notKilled.isEmpty {
            outcome.checks.append(
                check(subject, .passed, "current: \(record.summary); \(regraded), each killed again"))
        } else {
            let listed = notKilled.map { result in
                "\(result.listing) [\(result.id)]: "
                    + (result.status == .survived ? "survived" : result.note ?? "not graded")
            }
            outcome.checks.append(
                check(
                    subject, .failed,
                    "\(record.summary) is not what the tests do now: \(regraded), and \(notKilled.count) were not killed: "
                        + listed.joined(separator: "; ") + ". A test may have become flaky or weaker; \(measureAgain)"))
        }
        return outcome
    }

    /// Finds the reference to mutate and derives its mutants; a failed or warning outcome when that cannot be done.
    func prepare(_ references: [(Candidate, GradeReport?)], maxMutants: Int, seed: String) async -> Result<
        Prepared, OutcomeFailure
    > {
        var outcome = Outcome()
        // A mutant is a changed file of the reference; a reference that is a history would need it as a commit, and
        // measured as plain files it is graded without its history, which kills every mutant for the wrong reason.
        if references.contains(where: { $0.0.directory.map(HistoryScript.exists) == true }) {
            let reason =
                "the reference is a history (history.toml), and mutants of a history are not made yet; the known-wrong histories prove the hidden tests"
            outcome.notMeasurable = reason
            outcome.checks.append(check("mutation strength", .warning, "not measured: " + reason))
            return .failure(OutcomeFailure(outcome))
        }
        let (chosen, notes) = choose(references)
        guard let (reference, report, files) = chosen else {
            let languages = references.map(\.0.language.id).joined(separator: ", ")
            let reason =
                "Ladder's mutation operators cover Python and SQL, and no reference (\(languages.isEmpty ? "none" : languages)) has .py or .sql files of its own"
            outcome.notMeasurable = reason
            outcome.checks.append(check("mutation strength", .warning, "not measured: " + reason))
            return .failure(OutcomeFailure(outcome))
        }
        let subject = "mutation strength (\(reference.language.id))"
        // A mutant is judged by whether some test notices it: against a reference that fails a test, that says nothing.
        guard let report, report.status != .error, report.tests.allSatisfy({ $0.verdict == .passed }) else {
            outcome.checks.append(
                check(
                    subject, .failed,
                    "not measured: the reference (\(reference.language.id)) must pass every hidden test first, because a mutant is killed by a test whose verdict differs from the reference's"
                ))
            return .failure(OutcomeFailure(outcome))
        }
        let equivalents: EquivalentMutants
        do {
            equivalents = try EquivalentMutants.load(graderDirectory: location.graderDirectory)
        } catch {
            outcome.checks.append(check(EquivalentMutants.fileName, .failed, "\(error)"))
            return .failure(OutcomeFailure(outcome))
        }
        let catalog: MutantCatalog
        do {
            catalog = try await MutantGenerator(sandbox: validator.sandbox, scratchParent: validator.scratchParent)
                .generate(files: files, in: reference.directory ?? "", maxMutants: maxMutants, seed: seed)
        } catch {
            outcome.checks.append(
                check(
                    subject, .failed,
                    "not measured: could not derive mutants: \(error) (Ladder's own fault, not the lab's)"))
            return .failure(OutcomeFailure(outcome))
        }
        return .success(
            Prepared(
                reference: reference, expected: Self.verdicts(report), files: files, subject: subject,
                equivalents: equivalents,
                catalog: MutantCatalog(
                    candidates: catalog.candidates, mutants: catalog.mutants, notes: notes + catalog.notes)))
    }

    /// An outcome that ends measuring early, as an error for `Result`.
    struct OutcomeFailure: Error {
        let outcome: Outcome
        init(_ outcome: Outcome) { self.outcome = outcome }
    }

    // MARK: The reference to mutate

    /// The reference to mutate and its files, and a note for each reference left out.
    func choose(_ references: [(Candidate, GradeReport?)]) -> ((Candidate, GradeReport?, [String])?, [String]) {
        // Python first, then the lab's order.
        let ordered =
            references.filter { $0.0.language.id == "python" } + references.filter { $0.0.language.id != "python" }
        var chosen: (Candidate, GradeReport?, [String])?
        var notes: [String] = []
        for (candidate, report) in ordered {
            guard let directory = candidate.directory else { continue }
            if chosen != nil {
                notes.append(
                    "the \(candidate.language.id) reference is not mutated: strength is measured on one language's reference, here \(chosen!.0.language.id)"
                )
                continue
            }
            let (files, sharedWithStarter) = mutableFiles(directory, language: candidate.language)
            notes += sharedWithStarter.map {
                "\($0) is not mutated: it is the starter's own file, not the learner's work"
            }
            if files.isEmpty {
                notes.append(
                    "the \(candidate.language.id) reference is not mutated: Ladder's operators cover Python (.py) and SQL (.sql) files, and it has none of its own"
                )
            } else {
                chosen = (candidate, report, files)
            }
        }
        return (chosen, notes)
    }

    /// The reference's .py and .sql files (relative paths, sorted), and those left out for being the starter's.
    func mutableFiles(_ directory: String, language: LabLanguage) -> ([String], [String]) {
        let fileManager = FileManager.default
        let starter = lab.directory + "/" + language.starter
        var files: [String] = []
        var shared: [String] = []
        let enumerator = fileManager.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || name == "__pycache__" {
                enumerator?.skipDescendants()
                continue
            }
            guard relative.hasSuffix(".py") || relative.hasSuffix(".sql"),
                (try? fileManager.attributesOfItem(atPath: directory + "/" + relative))?[.type] as? FileAttributeType
                    == .typeRegular
            else { continue }
            if fileManager.contentsEqual(atPath: directory + "/" + relative, andPath: starter + "/" + relative) {
                shared.append(relative)
            } else {
                files.append(relative)
            }
        }
        return (files.sorted(), shared.sorted())
    }

    // MARK: Grading

    /// Each test's verdict on the reference, by `stage/test`.
    static func verdicts(_ report: GradeReport) -> [String: Verdict] {
        var verdicts: [String: Verdict] = [:]
        for stage in report.stages {
            for test in stage.tests { verdicts[stage.id + "/" + test.id] = test.verdict }
        }
        return verdicts
    }

    /// Grades every mutant not declared equivalent, side by side within the budget; results in the mutants' order.
    func grade(_ mutants: [Mutant], reference: Candidate, expected: [String: Verdict], equivalents: EquivalentMutants)
        async -> [MutantResult]
    {
        await withTaskGroup(of: (Int, MutantResult).self) { group in
            var results: [MutantResult?] = Array(repeating: nil, count: mutants.count)
            for (index, mutant) in mutants.enumerated() {
                if let declared = equivalents.declaration(for: mutant.id) {
                    results[index] = Self.result(mutant, .equivalent, note: declared.reason)
                    continue
                }
                group.addTask {
                    let subject =
                        "mutant \(index + 1) of \(mutants.count) (\(mutant.file):\(mutant.line) \(mutant.operator))"
                    return (index, await grade(mutant, subject: subject, reference: reference, expected: expected))
                }
            }
            for await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
    }

    func grade(_ mutant: Mutant, subject: String, reference: Candidate, expected: [String: Verdict]) async
        -> MutantResult
    {
        let (validator, lab, spec, digest, events) = (validator, lab, spec, digest, events)
        return await validator.gradings.withSlot {
            events(.grading(subject: subject, run: 1, of: 1))
            let submission: String
            do {
                submission = try SubmissionComposer(parent: validator.scratchParent)
                    .compose(lab: lab, language: reference.language, solution: reference.directory)
            } catch {
                return Self.result(mutant, .unjudged, note: "cannot prepare the submission: \(error)")
            }
            defer { try? FileManager.default.removeItem(atPath: submission) }
            do {
                let path = submission + "/" + mutant.file
                try? FileManager.default.removeItem(atPath: path)
                try Data(mutant.source.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                return Self.result(mutant, .unjudged, note: "cannot write the mutant into the submission: \(error)")
            }
            let request = GradingRequest(
                lab: lab, language: reference.language, spec: spec, graderDigest: digest, submission: submission,
                learner: "mutant \(mutant.id)", toolVersion: ladderVersion)
            let grader = validator.grader
            let (report, difference) = await Self.gradeUntilKilled(request, grader: grader, expected: expected)
            return Self.judge(mutant, report: report, difference: difference, expected: expected)
        }
    }

    /// A test whose verdict on a mutant is not the reference's.
    struct Difference: Sendable {
        let test: String
        let verdict: Verdict
    }

    /// Grades a mutant, stopping at the first test whose verdict differs from the reference's: that kills it, and
    /// the remaining tests could only say so again.
    static func gradeUntilKilled(_ request: GradingRequest, grader: Grader, expected: [String: Verdict]) async -> (
        GradeReport, Difference?
    ) {
        let watch = KillWatch()
        let task = Task {
            await grader.grade(request) { event in
                guard case .testFinished(let stageID, let test) = event else { return }
                let key = stageID + "/" + test.id
                if test.verdict != .graderError, test.verdict != expected[key, default: .passed] {
                    watch.kill(Difference(test: key, verdict: test.verdict))
                }
            }
        }
        watch.attach(task)
        let report = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        return (report, watch.difference)
    }

    /// What a mutant's grade says: killed by the first test that differs, unjudged when the grading failed
    /// (a grader-error is the lab's or the machine's fault, never a kill), survived otherwise.
    static func judge(_ mutant: Mutant, report: GradeReport, difference: Difference?, expected: [String: Verdict])
        -> MutantResult
    {
        var difference = difference
        var graderError: String?
        for stage in report.stages {
            for test in stage.tests {
                let key = stage.id + "/" + test.id
                if test.verdict == .graderError {
                    let detail = test.detail?.split(separator: "\n").first.map(String.init) ?? "no detail"
                    graderError = graderError ?? "the grader failed on \(key): \(detail)"
                } else if difference == nil, test.verdict != expected[key, default: .passed] {
                    difference = Difference(test: key, verdict: test.verdict)
                }
            }
        }
        if let difference {
            return result(mutant, .killed, killedBy: difference.test, verdict: difference.verdict.rawValue)
        }
        if let graderError { return result(mutant, .unjudged, note: graderError) }
        if report.status == .error {
            return result(mutant, .unjudged, note: report.errorMessage ?? "the grading failed")
        }
        return result(mutant, .survived)
    }

    static func result(
        _ mutant: Mutant, _ status: MutantResult.Status, killedBy: String? = nil, verdict: String? = nil,
        note: String? = nil
    ) -> MutantResult {
        MutantResult(
            id: mutant.id, file: mutant.file, line: mutant.line, operator: mutant.operator, original: mutant.original,
            mutated: mutant.mutated, status: status, killedBy: killedBy, verdict: verdict, note: note)
    }

    // MARK: The check

    func judge(_ strength: MutationStrength, subject: String, files: [String]) -> ValidationCheck {
        if strength.mutants.isEmpty {
            return check(
                subject, .warning,
                "not measured: the operators found nothing to change in \(files.joined(separator: ", "))")
        }
        var detail = strength.summary
        if strength.unjudged > 0 {
            let first = strength.mutants.first { $0.status == .unjudged }
            detail +=
                "; \(strength.unjudged) could not be graded (\(first?.file ?? ""):\(first?.line ?? 0): \(first?.note ?? "no detail")), so the strength is not proven"
        }
        let survivors = strength.survivors.count
        if strength.nonEquivalent == 0 {
            detail += "; every sampled mutant is declared equivalent, so nothing was measured"
        } else if !strength.passed, strength.killed * 100 < MutationStrength.requiredPercent * strength.nonEquivalent {
            detail +=
                "; at least \(MutationStrength.requiredPercent)% must be killed. For each of the \(survivors) survivors listed, "
                + "add a hidden test that fails on it, or, when no input can tell it from the reference, declare it in "
                + "Graders/\(location.id)/\(EquivalentMutants.fileName)"
        } else if survivors > 0 {
            detail += "; \(survivors) survivor\(survivors == 1 ? "" : "s") listed"
        }
        return check(subject, strength.passed ? .passed : .failed, detail)
    }

    func check(_ subject: String, _ status: ValidationCheck.Status, _ detail: String) -> ValidationCheck {
        ValidationCheck(kind: Self.kind, subject: subject, status: status, detail: detail)
    }
}

/// The first difference of a mutant's grading, and the task to stop once there is one.
private final class KillWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<GradeReport, Never>?
    private var first: StrengthMeasurement.Difference?

    var difference: StrengthMeasurement.Difference? { lock.withLock { first } }

    func kill(_ difference: StrengthMeasurement.Difference) {
        let task = lock.withLock {
            if first == nil { first = difference }
            return self.task
        }
        task?.cancel()
    }

    /// The grading task; cancelled at once when a difference came before it was known.
    func attach(_ task: Task<GradeReport, Never>) {
        let killed = lock.withLock {
            self.task = task
            return first != nil
        }
        if killed { task.cancel() }
    }
}
