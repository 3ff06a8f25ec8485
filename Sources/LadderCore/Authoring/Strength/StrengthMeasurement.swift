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

    struct Outcome {
        var strength: MutationStrength?
        var checks: [ValidationCheck] = []
    }

    /// Measures the lab's strength; `references` are its references with their first grade (nil: not graded).
    func measure(references: [(Candidate, GradeReport?)]) async -> Outcome {
        let started = Date()
        var outcome = Outcome()
        // A mutant is a changed file of the reference; a reference that is a history would need it as a commit, and
        // measured as plain files it is graded without its history, which kills every mutant for the wrong reason.
        if references.contains(where: { $0.0.directory.map(HistoryScript.exists) == true }) {
            outcome.checks.append(
                check(
                    "mutation strength", .warning,
                    "not measured: the reference is a history (history.toml), and mutants of a history are not made yet; the known-wrong histories prove the hidden tests"
                ))
            return outcome
        }
        let (chosen, notes) = choose(references)
        guard let (reference, report, files) = chosen else {
            let languages = references.map(\.0.language.id).joined(separator: ", ")
            outcome.checks.append(
                check(
                    "mutation strength", .warning,
                    "not measured: Ladder's mutation operators cover Python and SQL, and no reference (\(languages.isEmpty ? "none" : languages)) has .py or .sql files of its own"
                ))
            return outcome
        }
        let subject = "mutation strength (\(reference.language.id))"
        // A mutant is judged by whether some test notices it: against a reference that fails a test, that says nothing.
        guard let report, report.status != .error, report.tests.allSatisfy({ $0.verdict == .passed }) else {
            outcome.checks.append(
                check(
                    subject, .failed,
                    "not measured: the reference (\(reference.language.id)) must pass every hidden test first, because a mutant is killed by a test whose verdict differs from the reference's"
                ))
            return outcome
        }
        let equivalents: EquivalentMutants
        do {
            equivalents = try EquivalentMutants.load(graderDirectory: location.graderDirectory)
        } catch {
            outcome.checks.append(check(EquivalentMutants.fileName, .failed, "\(error)"))
            return outcome
        }
        let catalog: MutantCatalog
        do {
            catalog = try await MutantGenerator(sandbox: validator.sandbox, scratchParent: validator.scratchParent)
                .generate(files: files, in: reference.directory ?? "", maxMutants: settings.maxMutants)
        } catch {
            outcome.checks.append(
                check(
                    subject, .failed,
                    "not measured: could not derive mutants: \(error) (Ladder's own fault, not the lab's)"))
            return outcome
        }
        let known = Set(catalog.candidates.map(\.id))
        for declaration in equivalents.declarations where !known.contains(declaration.id) {
            outcome.checks.append(
                check(
                    EquivalentMutants.fileName, .warning,
                    "line \(declaration.line): no mutant of the reference has the id \(declaration.id) now (the code it changed has changed); remove the declaration, and judge the new survivors"
                ))
        }
        let results = await grade(
            catalog.mutants, reference: reference, expected: Self.verdicts(report), equivalents: equivalents)
        let strength = MutationStrength(
            language: reference.language.id, candidates: catalog.candidates.count, maxMutants: settings.maxMutants,
            mutants: results, notes: notes + catalog.notes, seconds: Date().timeIntervalSince(started))
        outcome.strength = strength
        outcome.checks.append(judge(strength, subject: subject, files: files))
        return outcome
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
