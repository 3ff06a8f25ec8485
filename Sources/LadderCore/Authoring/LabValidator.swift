import Foundation
import LadderGrading
import LadderModel
import LadderSandbox

/// Proves a lab trustworthy before learners see it: `ladder lab validate`.
///
/// It checks the manifest and the grader spec, then grades, `runs` times each (`wrongRuns` for all but the
/// reference), the reference solution (full marks in every language), the starter (must not pass) and every
/// known-wrong solution (each must fail a hidden test), and compares the verdicts of the runs to find flaky tests. A solution directory holds the files that differ from the
/// starter: it is graded over a copy of the starter with the lab's visible tests, as a learner's repository would be.
public struct LabValidator: Sendable {
    public var sandbox: Sandbox
    /// How many times each reference solution is graded; its verdicts must be the same every time, since a flaky test
    /// is one that fails right answers. A compiled language's tree is built once: later runs, and the visible tests'
    /// run, take that build from ``builds``.
    public var runs: Int
    /// How many times each starter and known-wrong solution is graded (their verdicts must agree too); by default
    /// `runs`. Fewer saves most of a catalog's validation time: a lab has many more wrong solutions than references.
    public var wrongRuns: Int
    /// Where the composed submissions and the grader's scratch directories are made.
    public let scratchParent: String
    /// How many boxes run at once, across labs, solutions, runs and the tests of each grade.
    public var boxes: GradingBudget
    /// How many gradings are under way at once: enough to keep every box busy while some gradings wait for a service
    /// or a build, few enough that scratch copies and progress stay local to the labs being validated.
    public var gradings: GradingBudget
    /// Whether and how mutants of the reference are graded to measure the hidden tests' strength (`--strength`).
    public var mutation: MutationSettings?
    /// Whether the lab's recorded strength (`strength.toml`) is checked and part of it graded again
    /// (`--strength-sample`), when it is not measured.
    public var strengthSample: StrengthSample?
    /// When set, only this many known-wrong solutions per lab are graded, picked by its seed (`--wrong-sample`):
    /// CI's everyday check, each day others, where an author's validation grades every one.
    public var wrongSample: StrengthSample?
    /// When set, only this many languages' starters per lab are graded, picked by its seed (`--starter-sample`): a
    /// starter must not pass, which its author's validation checks in every language; CI's daily sample keeps
    /// checking it without compiling every language's starter every run.
    public var starterSample: StrengthSample?
    /// When set, each lab's reference is graded in only this many of its languages (`--reference-sample`): its first
    /// language always, the others picked by the seed, and every language of the labs validated together in at least
    /// one of them (``ReferenceSample``). An author's validation grades every language's; CI's daily sample keeps
    /// every language and, over the days, every pair of lab and language checked.
    public var referenceSample: StrengthSample?
    /// Whose references are graded `runs` times to find flaky tests: every language's, or the lab's first
    /// language's only, the others `wrongRuns` times (`--determinism first`): a flaky test is the test's, seen in any
    /// language, and the second run of every compiled language's reference is much of a catalog's validation time.
    public var determinism: DeterminismScope = .everyLanguage
    /// The builds of the lab being validated, each given to every later grading of the same tree: one lab's
    /// validation keeps its own, dropped when the lab is done, since no other lab grades the same trees.
    var builds: BuildCache?

    public enum DeterminismScope: String, Sendable, CaseIterable {
        case everyLanguage = "every"
        case firstLanguage = "first"
    }

    public init(
        sandbox: Sandbox, runs: Int = 3, wrongRuns: Int? = nil, scratchParent: String = NSTemporaryDirectory(),
        boxes: GradingBudget = GradingBudget(),
        mutation: MutationSettings? = nil, strengthSample: StrengthSample? = nil
    ) {
        self.sandbox = sandbox
        self.runs = max(1, runs)
        self.wrongRuns = max(1, wrongRuns ?? runs)
        self.scratchParent = scratchParent
        self.boxes = boxes
        self.gradings = GradingBudget(slots: 2 * boxes.slots)
        self.mutation = mutation
        self.strengthSample = strengthSample
    }

    /// The options that grade only a sample of a lab's solutions, as given on the command line.
    var samples: [String] {
        [
            wrongSample.map { _ in "--wrong-sample" }, starterSample.map { _ in "--starter-sample" },
            referenceSample.map { _ in "--reference-sample" },
        ].compactMap { $0 }
    }

    /// A grader whose boxes come out of ``boxes``.
    var grader: Grader {
        Grader(sandbox: sandbox, scratchParent: scratchParent, boxes: boxes, builds: builds)
    }

    /// Validates one lab; never throws: every problem is a failed check in the result.
    public func validate(_ location: LabLocation, events: @escaping @Sendable (ValidationEvent) -> Void = { _ in })
        async -> LabValidation
    {
        await validate(location, references: nil, events: events)
    }

    /// Validates one lab, grading the references `references` names (planned by a `--reference-sample` across the
    /// labs of the run; nil: every language's).
    func validate(
        _ location: LabLocation, references: [ReferenceSample.Planned]?,
        events: @escaping @Sendable (ValidationEvent) -> Void
    ) async -> LabValidation {
        events(.labStarted(location))
        var validator = self
        validator.builds = BuildCache(parent: scratchParent)
        var run = ValidationRun(location: location, runs: runs, wrongRuns: wrongRuns, events: events)
        run.plannedReferences = references
        await run.perform(validator: validator)
        let result = run.result
        events(.labFinished(result))
        return result
    }

    /// Validates several labs, as many side by side as the budget has slots, each in at most half its boxes; results
    /// come back in the order given.
    ///
    /// The labs with the most to grade start first (``estimatedWork(_:)``), so that the catalog's longest lab is not
    /// the last one started, running alone on a machine that has cores to spare. A lab's events (all but the
    /// transient `grading` ones, which come as they happen) are delivered together when it finishes, so its lines
    /// never interleave with another lab's.
    public func validate(_ locations: [LabLocation], events: @escaping @Sendable (ValidationEvent) -> Void = { _ in })
        async -> [LabValidation]
    {
        let delivery = NSLock()
        // Each manifest read once here, for the order and the reference plan; a lab that does not load is left to its
        // own validation's errors.
        let manifests = locations.map { try? Lab.load(directory: $0.labDirectory) }
        let references = referencePlan(locations, manifests)
        // Each lab may hold half the boxes: a lab whose tests wait seconds on timers (a service's shutdown deadline, a
        // retry's backoff) holding them all left both cores idle for 20 s at a time in the catalog's validation.
        let labShare = (boxes.slots + 1) / 2
        let work: [Int] = zip(locations, manifests).map { Self.estimatedWork($0, lab: $1) }
        let order: [Int] = locations.indices.sorted { left, right in
            work[left] != work[right] ? work[left] > work[right] : left < right
        }
        return await withTaskGroup(of: (Int, LabValidation).self) { group in
            var started = 0
            func startNext() {
                guard started < order.count else { return }
                let index = order[started]
                started += 1
                group.addTask {
                    let held = HeldEvents()
                    var validator = self
                    if locations.count > 1 { validator.boxes = GradingBudget(slots: labShare, within: boxes) }
                    let result = await validator.validate(
                        locations[index], references: references?[locations[index].id]
                    ) { event in
                        if case .grading = event { events(event) } else { held.append(event) }
                    }
                    delivery.withLock { held.all.forEach(events) }
                    return (index, result)
                }
            }
            for _ in 0..<boxes.slots { startNext() }
            var results = [LabValidation?](repeating: nil, count: locations.count)
            while let (index, result) = await group.next() {
                results[index] = result
                startNext()
            }
            return results.compactMap { $0 }
        }
    }
}

extension LabValidator {
    /// With a `--reference-sample`, the references each lab grades, planned over all of `locations` (their
    /// `manifests`, nil where one does not load) so that every language is graded in one of them.
    func referencePlan(_ locations: [LabLocation], _ manifests: [Lab?]) -> [String: [ReferenceSample.Planned]]? {
        guard let referenceSample else { return nil }
        let labs = zip(locations, manifests).compactMap { location, lab -> ReferenceSample.LabLanguages? in
            guard let lab else { return nil }
            // A record that does not load is the strength check's to report.
            let recorded =
                strengthSample == nil
                ? nil : (try? StrengthRecord.load(graderDirectory: location.graderDirectory))?.language
            return ReferenceSample.LabLanguages(
                id: location.id, languages: lab.languages.map(\.id), strengthLanguage: recorded)
        }
        return ReferenceSample(referenceSample).plan(labs)
    }

    /// A rough measure of how much grading a lab's validation holds: its solutions (a reference and a starter per
    /// language, and each known-wrong one) times its hidden tests, each weighed by what its kind costs, measured over
    /// the catalog: an io, SQL or git test 1; an http test 3 (a service started, many requests); a script test 10
    /// (a grader program, often driving a service through timed scenarios: the slowest labs to validate are made of
    /// them); a mutation test 25 (the suite once per mutant). Only for ordering; a lab that does not load weighs
    /// nothing, and its problems are found when it is validated.
    static func estimatedWork(_ location: LabLocation) -> Int {
        estimatedWork(location, lab: try? Lab.load(directory: location.labDirectory))
    }

    /// ``estimatedWork(_:)`` of a lab whose manifest is read already (nil: it does not load).
    static func estimatedWork(_ location: LabLocation, lab: Lab?) -> Int {
        guard let lab, let spec = try? GraderSpec.load(directory: location.graderDirectory, lab: lab) else { return 0 }
        let wrong = ValidationRun.subdirectories(of: location.graderDirectory + "/wrong").reduce(0) { count, name in
            count + ValidationRun.subdirectories(of: location.graderDirectory + "/wrong/" + name).count
        }
        let tests = spec.stages.flatMap(\.tests).reduce(0) { total, test in
            switch test.kind.graderKind {
            case .tests: total + 25
            case .script: total + 10
            case .http: total + 3
            case .io, .sql, .git, nil: total + 1
            }
        }
        return (2 * lab.languages.count + wrong) * tests
    }
}

/// Events of one lab, kept until the lab is done.
private final class HeldEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ValidationEvent] = []

    func append(_ event: ValidationEvent) { lock.withLock { events.append(event) } }
    var all: [ValidationEvent] { lock.withLock { events } }
}

/// A solution to grade: the reference, the starter or a known-wrong solution, in one language.
struct Candidate {
    enum Role: Equatable {
        case reference
        case starter
        case wrong(String)
    }

    let role: Role
    let language: LabLanguage
    /// The solution's own files; nil for the starter, which is the base of every submission.
    let directory: String?

    var subject: String {
        switch role {
        case .reference: "reference (\(language.id))"
        case .starter: "starter (\(language.id))"
        case .wrong(let name): "wrong/\(name) (\(language.id))"
        }
    }
}

/// The state of one lab's validation while it runs.
private struct ValidationRun {
    let location: LabLocation
    /// How many times each reference is graded, and each other solution.
    let runs: Int
    let wrongRuns: Int
    let events: @Sendable (ValidationEvent) -> Void
    let started = Date()
    var checks: [ValidationCheck] = []
    var lab: Lab?
    var strength: GraderStrength?
    var mutationStrength: MutationStrength?
    var digest: String?
    var cost: ValidationCost?
    /// Which known-wrong solutions a `--wrong-sample` graded, for the strength check's line.
    var wrongSampleNote: String?
    /// The references a `--reference-sample` planned across the labs validated together; nil: every language's.
    var plannedReferences: [ReferenceSample.Planned]?

    init(location: LabLocation, runs: Int, wrongRuns: Int, events: @escaping @Sendable (ValidationEvent) -> Void) {
        self.location = location
        self.runs = runs
        self.wrongRuns = wrongRuns
        self.events = events
    }

    var result: LabValidation {
        LabValidation(
            labID: location.id, version: lab?.version.description, labDirectory: location.labDirectory,
            graderDirectory: location.graderDirectory, runs: runs, checks: checks, strength: strength,
            mutationStrength: mutationStrength, graderDigest: digest, seconds: Date().timeIntervalSince(started),
            cost: cost)
    }

    mutating func add(
        _ kind: String, _ subject: String, _ status: ValidationCheck.Status, _ detail: String, tests: [String] = []
    ) {
        let check = ValidationCheck(kind: kind, subject: subject, status: status, detail: detail, tests: tests)
        checks.append(check)
        events(.checked(check))
    }

    mutating func perform(validator: LabValidator) async {
        guard let loaded = loadManifest() else { return }
        let (lab, map) = loaded
        self.lab = lab
        guard let spec = loadSpec(lab) else { return }
        checkLimits(lab, spec)
        checkReadmeRules(spec)
        do {
            digest = try GraderDigest.compute(directory: location.graderDirectory)
        } catch {
            add(
                "grader-spec", "grader digest", .failed,
                "cannot read every file of \(location.graderDirectory): \(error)")
            return
        }
        let candidates = sampleReferences(
            sampleStarters(sampleWrongSolutions(findCandidates(lab), validator.wrongSample), validator.starterSample),
            sample: validator.referenceSample)
        // Every solution's runs are graded side by side (within the budget), then judged in order.
        let outcomes = await Self.gradeAll(
            candidates, lab: lab, spec: spec, digest: digest ?? "", validator: validator, events: events)
        var graded: [(Candidate, [GradeReport])] = []
        for (candidate, outcome) in zip(candidates, outcomes) {
            let reports: [GradeReport]
            switch outcome {
            case .success(let graded): reports = graded
            case .failure(let error):
                add(
                    Self.kind(of: candidate), candidate.subject, .failed,
                    "cannot prepare the submission: \(error.underlying)")
                reports = []
            }
            judge(candidate, reports, lab: lab)
            graded.append((candidate, reports))
            if candidate.role == .reference, let first = reports.first, first.status != .error {
                await checkVisibleTests(candidate, lab: lab, map: map, validator: validator)
            }
        }
        cost = ValidationCost(
            gradings: graded.flatMap { candidate, reports in reports.map { (candidate.subject, $0) } })
        checkDistinctWrongSolutions(graded)
        checkDeterminism(graded)
        let wrong = graded.compactMap { candidate, reports -> WrongSolutionResult? in
            guard case .wrong(let name) = candidate.role, let first = reports.first, first.status != .error else {
                return nil
            }
            return WrongSolutionResult(
                name: name, language: candidate.language.id, caughtBy: Self.caughtBy(first), score: first.score,
                maxScore: first.maxScore)
        }
        let strength = GraderStrength(solutions: wrong)
        self.strength = strength
        if strength.total == 0 {
            add(
                "strength", "grader strength", .failed,
                "no known-wrong solution could be graded: add at least one to \(location.graderDirectory)/wrong/<name>/<language>/, a mistake learners really make, so the hidden tests are proven to catch it"
            )
        } else {
            let missed = strength.solutions.filter { !$0.caught }.map { "wrong/\($0.name) (\($0.language))" }
            add(
                "strength", "grader strength", missed.isEmpty ? .passed : .failed,
                "\(strength.caught) of \(strength.total) known-wrong solutions caught"
                    + (wrongSampleNote.map { " (\($0))" } ?? "")
                    + (missed.isEmpty ? "" : "; not caught: \(missed.joined(separator: ", "))"))
        }
        let references = graded.filter { $0.0.role == .reference }.map { ($0.0, $0.1.first) }
        await checkMutationStrength(lab: lab, spec: spec, references: references, validator: validator)
    }

    /// `--strength` measures (and with `--record` writes `strength.toml`); `--strength-sample` checks the record and
    /// grades part of it again; otherwise a record that is out of date is a warning.
    mutating func checkMutationStrength(
        lab: Lab, spec: GraderSpec, references: [(Candidate, GradeReport?)], validator: LabValidator
    ) async {
        let fingerprint: String
        do {
            fingerprint = try StrengthRecord.fingerprint(of: location)
        } catch {
            add(StrengthMeasurement.kind, "strength record", .failed, "cannot read every file of the lab: \(error)")
            return
        }
        let record: StrengthRecord?
        do {
            record = try StrengthRecord.load(graderDirectory: location.graderDirectory)
        } catch {
            add(StrengthMeasurement.kind, "strength record", .failed, "\(error)")
            return
        }
        let measurement = StrengthMeasurement(
            location: location, lab: lab, spec: spec, digest: digest ?? "",
            settings: validator.mutation ?? MutationSettings(), validator: validator, events: events)
        let outcome: StrengthMeasurement.Outcome
        if let settings = validator.mutation {
            outcome = await measurement.measure(references: references)
            mutationStrength = outcome.strength
            if settings.record {
                recordStrength(outcome, fingerprint: fingerprint, settings: settings, sampled: validator.samples)
            }
        } else if let sample = validator.strengthSample {
            outcome = await measurement.verify(
                record: record, fingerprint: fingerprint, sample: sample, references: references)
        } else {
            // An author's everyday run: a record the lab has outgrown is worth a word, a lab never measured is
            // `--strength-sample`'s to refuse.
            if let record, record.fingerprint != fingerprint {
                add(
                    StrengthMeasurement.kind, "strength record", .warning,
                    "out of date: the lab changed since its strength was measured; `ladder lab validate \(location.id) --strength --record` measures it again"
                )
            }
            return
        }
        for check in outcome.checks {
            add(check.kind, check.subject, check.status, check.detail, tests: check.tests)
        }
    }

    /// Writes what `--strength --record` measured to the lab's `strength.toml`, when it proves something and the
    /// rest of the validation graded every solution and passed: a current record is what lets CI grade samples.
    mutating func recordStrength(
        _ outcome: StrengthMeasurement.Outcome, fingerprint: String, settings: MutationSettings, sampled: [String]
    ) {
        let failed = checks.filter { $0.status == .failed }.count
        guard sampled.isEmpty, failed == 0 else {
            add(
                StrengthMeasurement.kind, "strength record", .failed,
                "not written: "
                    + (sampled.isEmpty
                        ? "\(failed) check\(failed == 1 ? "" : "s") above failed, and a record vouches for a lab that passed its whole validation; fix \(failed == 1 ? "it" : "them") and measure again"
                        : "\(sampled.joined(separator: ", ")) graded a sample, and a record vouches for a lab whose every solution passed its validation; measure without them")
            )
            return
        }
        let record: StrengthRecord
        if let strength = outcome.strength, strength.unjudged == 0, strength.nonEquivalent > 0 {
            record = StrengthRecord(fingerprint: fingerprint, strength: strength)
        } else if let reason = outcome.notMeasurable {
            record = StrengthRecord(fingerprint: fingerprint, notMeasured: reason, maxMutants: settings.maxMutants)
        } else {
            add(
                StrengthMeasurement.kind, "strength record", .failed,
                "not written: the measurement proved nothing (see above); fix that and measure again")
            return
        }
        do {
            try record.write(graderDirectory: location.graderDirectory)
            add(
                StrengthMeasurement.kind, "strength record", .passed,
                "written to Graders/\(location.id)/\(StrengthRecord.fileName): \(record.summary)")
        } catch {
            add(
                StrengthMeasurement.kind, "strength record", .failed,
                "cannot write \(location.graderDirectory)/\(StrengthRecord.fileName): \(error)")
        }
    }

    // MARK: Manifest and spec

    mutating func loadManifest() -> (Lab, CompetencyMap?)? {
        var map: CompetencyMap?
        do {
            map = try CompetencyMap.load(path: location.competencyMapPath)
        } catch {
            add("manifest", "competency map", .failed, "cannot check competency keys: \(error)")
        }
        let checks = LabChecks(
            competencies: map, expectedID: location.id,
            directoryExists: { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            })
        let lab: Lab
        do {
            lab = try Lab.load(directory: location.labDirectory, checks: checks)
        } catch {
            add("manifest", "lab.toml", .failed, "\(error)")
            return nil
        }
        let languages = lab.languages.map(\.id).joined(separator: ", ")
        add(
            "manifest", "lab.toml", .passed,
            "well-formed: id matches its directory, \(lab.competencies.count) competenc\(lab.competencies.count == 1 ? "y" : "ies") in the map, "
                + "languages \(languages) with starters, \(lab.stages.count) stage\(lab.stages.count == 1 ? "" : "s") worth \(lab.totalPoints) points, pass mark \(lab.passMark)"
        )
        if !FileManager.default.fileExists(atPath: location.labDirectory + "/README.md") {
            add(
                "manifest", "README.md", .warning,
                "\(location.labDirectory)/README.md is missing: learners get no instructions")
        }
        return (lab, map)
    }

    mutating func loadSpec(_ lab: Lab) -> GraderSpec? {
        guard FileManager.default.fileExists(atPath: location.graderDirectory + "/grader.toml") else {
            add(
                "grader-spec", "grader.toml", .failed,
                "\(location.graderDirectory)/grader.toml is missing: every lab needs a hidden grader")
            return nil
        }
        let spec: GraderSpec
        do {
            spec = try GraderSpec.load(directory: location.graderDirectory, lab: lab)
        } catch {
            add("grader-spec", "grader.toml", .failed, "\(error)")
            return nil
        }
        let tests = spec.stages.flatMap(\.tests)
        var kinds: [String] = []
        for test in tests where !kinds.contains(test.kind.name) { kinds.append(test.kind.name) }
        add(
            "grader-spec", "grader.toml", .passed,
            "matches lab.toml: \(spec.stages.count) stage\(spec.stages.count == 1 ? "" : "s") in the same order, \(tests.count) test\(tests.count == 1 ? "" : "s") "
                + "(\(kinds.joined(separator: ", "))) worth \(spec.totalPoints) points")
        return spec
    }

    /// Every rule the README marks (`<!-- rule: ID -->`) must be named by some hidden test's `covers`.
    mutating func checkReadmeRules(_ spec: GraderSpec) {
        let file = location.labDirectory + "/README.md"
        guard let data = FileManager.default.contents(atPath: file) else { return }
        let rules: ReadmeRules
        do {
            rules = try ReadmeRules(String(decoding: data, as: UTF8.self), file: file)
        } catch {
            add("readme-rules", "README rules", .failed, "\(error)")
            return
        }
        let coverage = rules.coverage(of: spec)
        let bare = coverage.testsWithoutCovers
        let bareNote =
            bare.isEmpty
            ? ""
            : "; \(bare.count) hidden test\(bare.count == 1 ? " names" : "s name") no rule (covers = [...]): \(Self.few(bare))"
        guard !rules.rules.isEmpty else {
            add(
                "readme-rules", "README rules", .warning,
                "README.md marks no rules, so whether every rule has a hidden test cannot be checked; mark each rule with <!-- rule: ID --> and name it in the covers list of the tests that check it\(bareNote)",
                tests: bare)
            return
        }
        var problems: [String] = []
        if !coverage.uncovered.isEmpty {
            problems.append(
                "no hidden test covers "
                    + coverage.uncovered.map { "'\($0.id)' (README.md:\($0.line))" }.joined(separator: ", ")
                    + "; add a test with covers = [\"ID\"] that fails when the rule is broken")
        }
        if !coverage.unknownCovers.isEmpty {
            problems.append(
                "covers entries that name no marked rule: \(Self.few(coverage.unknownCovers)); use the ids of README.md's <!-- rule: ID --> marks"
            )
        }
        if problems.isEmpty {
            add(
                "readme-rules", "README rules", bare.isEmpty ? .passed : .warning,
                "every one of the \(rules.rules.count) rules README.md marks is covered by a hidden test\(bareNote)",
                tests: bare)
        } else {
            add("readme-rules", "README rules", .failed, problems.joined(separator: "; "), tests: bare)
        }
    }

    static func few(_ items: [String]) -> String {
        items.prefix(6).joined(separator: ", ") + (items.count > 6 ? ", and \(items.count - 6) more" : "")
    }

    mutating func checkLimits(_ lab: Lab, _ spec: GraderSpec) {
        let own = spec.stages.flatMap { stage in stage.tests.filter { $0.limits != nil }.map { "\(stage.id)/\($0.id)" }
        }
        let labLimits = lab.limits.isEmpty ? "the sandbox profiles' defaults" : Self.describe(lab.limits)
        let tests =
            own.isEmpty
            ? "no test sets its own"
            : "\(own.count) test\(own.count == 1 ? " sets its" : "s set their") own (\(own.prefix(5).joined(separator: ", "))\(own.count > 5 ? ", ..." : ""))"
        add("limits", "limits", .passed, "within the maxima: lab \(labLimits); \(tests)", tests: own)
    }

    static func describe(_ limits: Limits) -> String {
        limits.tomlLines.map { $0.replacingOccurrences(of: " = ", with: " ").replacingOccurrences(of: "\"", with: "") }
            .joined(separator: ", ")
    }

    // MARK: Solutions

    mutating func findCandidates(_ lab: Lab) -> [Candidate] {
        let fileManager = FileManager.default
        let grader = location.graderDirectory
        var references: [Candidate] = []
        for language in lab.languages {
            let directory = grader + "/reference/" + language.id
            if Self.isDirectory(directory) {
                references.append(Candidate(role: .reference, language: language, directory: directory))
            } else {
                add(
                    "reference", "reference (\(language.id))", .failed,
                    "\(directory) is missing: every language the lab offers needs a reference solution that gets full marks"
                )
            }
        }
        for name in Self.subdirectories(of: grader + "/reference") where lab.language(name) == nil {
            add(
                "reference", "reference/\(name)", .warning,
                "the lab does not offer `\(name)` (lab.toml's [[languages]]), so this reference is never checked")
        }
        let starters = lab.languages.map { Candidate(role: .starter, language: $0, directory: nil) }
        var wrong: [Candidate] = []
        for name in Self.subdirectories(of: grader + "/wrong") {
            let directory = grader + "/wrong/" + name
            let languages = Self.subdirectories(of: directory)
            let offered = languages.compactMap { lab.language($0) }
            if offered.isEmpty {
                let files = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
                add(
                    "wrong-solution", "wrong/\(name)", .failed,
                    "holds no directory named after a language of the lab (\(lab.languages.map(\.id).joined(separator: ", "))); found \(files.isEmpty ? "nothing" : files.sorted().joined(separator: ", ")). Put the files in wrong/\(name)/<language>/"
                )
            }
            for other in languages where lab.language(other) == nil {
                add(
                    "wrong-solution", "wrong/\(name)/\(other)", .warning,
                    "the lab does not offer `\(other)`, so this solution is never graded")
            }
            wrong += offered.map { Candidate(role: .wrong(name), language: $0, directory: directory + "/" + $0.id) }
        }
        return references + starters + wrong
    }

    /// The candidates with only `sample.count` known-wrong solutions (each in all its languages), picked by the
    /// sample's seed; all of them without a sample.
    mutating func sampleWrongSolutions(_ candidates: [Candidate], _ sample: StrengthSample?) -> [Candidate] {
        guard let sample else { return candidates }
        var names: [String] = []
        for case .wrong(let name) in candidates.map(\.role) where !names.contains(name) { names.append(name) }
        guard names.count > sample.count else { return candidates }
        let picked = Set(SeededSample.pick(names, count: sample.count, seed: sample.seed, id: { $0 }))
        wrongSampleNote =
            "a sample of \(picked.count) of the \(names.count) known-wrong solutions, picked by seed \(sample.seed): "
            + picked.sorted().joined(separator: ", ")
        return candidates.filter { candidate in
            guard case .wrong(let name) = candidate.role else { return true }
            return picked.contains(name)
        }
    }

    /// The candidates with only `sample.count` languages' starters, picked by the sample's seed, and a line that
    /// says which; all of them without a sample.
    mutating func sampleStarters(_ candidates: [Candidate], _ sample: StrengthSample?) -> [Candidate] {
        guard let sample else { return candidates }
        let languages = candidates.filter { $0.role == .starter }.map(\.language.id)
        guard languages.count > sample.count else { return candidates }
        let picked = Set(SeededSample.pick(languages, count: sample.count, seed: sample.seed, id: { $0 }))
        add(
            "sample", "starters", .passed,
            "the starters of \(picked.count) of the \(languages.count) languages graded, picked by seed \(sample.seed): "
                + languages.filter(picked.contains).joined(separator: ", "))
        return candidates.filter { $0.role != .starter || picked.contains($0.language.id) }
    }

    /// The candidates with the references of only the languages the `--reference-sample` planned across the labs
    /// validated together (``ReferenceSample``), and a line that says which and why; all of them without a plan (a
    /// lab validated alone grades every language, since no other lab of its run grades any).
    mutating func sampleReferences(_ candidates: [Candidate], sample: StrengthSample?) -> [Candidate] {
        guard let sample, let planned = plannedReferences else { return candidates }
        let languages = candidates.filter { $0.role == .reference }.map(\.language.id)
        let picked = planned.filter { languages.contains($0.language) }
        guard picked.count < languages.count else { return candidates }
        let reasons = picked.map { planned in
            switch planned.reason {
            case .first: "\(planned.language) (the lab's first language)"
            case .picked: "\(planned.language) (picked by seed \(sample.seed))"
            case .coverage: "\(planned.language) (no other lab graded it)"
            case .strength: "\(planned.language) (its strength is recorded on it)"
            }
        }
        add(
            "sample", "references", .passed,
            "the references of \(picked.count) of the \(languages.count) languages graded: "
                + reasons.joined(separator: ", "))
        let graded = Set(picked.map(\.language))
        return candidates.filter { $0.role != .reference || graded.contains($0.language.id) }
    }

    /// Grades every candidate its number of runs (``LabValidator/runs`` for references, ``LabValidator/wrongRuns`` for
    /// the others), all side by side within the validator's budget; results in candidate order.
    static func gradeAll(
        _ candidates: [Candidate], lab: Lab, spec: GraderSpec, digest: String, validator: LabValidator,
        events: @escaping @Sendable (ValidationEvent) -> Void
    ) async -> [Result<[GradeReport], CompositionError>] {
        await withTaskGroup(of: (Int, Result<[GradeReport], CompositionError>).self) { group in
            for (index, candidate) in candidates.enumerated() {
                group.addTask {
                    (
                        index,
                        await grade(
                            candidate, lab: lab, spec: spec, digest: digest,
                            runs: candidate.role == .reference
                                && (validator.determinism == .everyLanguage
                                    || candidate.language.id == lab.languages.first?.id)
                                ? validator.runs : validator.wrongRuns,
                            validator: validator, events: events)
                    )
                }
            }
            var outcomes = [Result<[GradeReport], CompositionError>](repeating: .success([]), count: candidates.count)
            for await (index, outcome) in group {
                outcomes[index] = outcome
            }
            return outcomes
        }
    }

    /// Grades a candidate `runs` times, the runs side by side; a submission that cannot be composed is an error.
    static func grade(
        _ candidate: Candidate, lab: Lab, spec: GraderSpec, digest: String, runs: Int, validator: LabValidator,
        events: @escaping @Sendable (ValidationEvent) -> Void
    ) async -> Result<[GradeReport], CompositionError> {
        let submission: ComposedSubmission
        do {
            submission = try SubmissionComposer(parent: validator.scratchParent).prepare(
                lab: lab, language: candidate.language, solution: candidate.directory, history: spec.readsHistory)
        } catch {
            return .failure(CompositionError(underlying: "\(error)"))
        }
        defer { submission.remove() }
        let grader = validator.grader
        let request = GradingRequest(
            lab: lab, language: candidate.language, spec: spec, graderDigest: digest, submission: submission.path,
            learner: candidate.subject, commit: submission.commit, repository: submission.repository,
            toolVersion: ladderVersion)
        let reports = await withTaskGroup(of: (Int, GradeReport).self) { group in
            for index in 1...runs {
                group.addTask {
                    await validator.gradings.withSlot {
                        events(.grading(subject: candidate.subject, run: index, of: runs))
                        return (index, await grader.grade(request))
                    }
                }
            }
            var reports: [(Int, GradeReport)] = []
            for await report in group { reports.append(report) }
            return reports.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return .success(reports)
    }

    static func kind(of candidate: Candidate) -> String {
        switch candidate.role {
        case .reference: "reference"
        case .starter: "starter"
        case .wrong: "wrong-solution"
        }
    }

    /// The tests a report failed for the learner's reasons (a grader-error is the lab's fault, not a catch).
    static func caughtBy(_ report: GradeReport) -> [String] {
        report.stages.flatMap { stage in
            stage.tests.filter { $0.verdict != .passed && $0.verdict != .graderError }.map { "\(stage.id)/\($0.id)" }
        }
    }

    /// Records the check a candidate's grades earn.
    mutating func judge(_ candidate: Candidate, _ reports: [GradeReport], lab: Lab) {
        guard let first = reports.first else { return }
        let kind = Self.kind(of: candidate)
        var graderErrors: [String] = []
        var errorDetails: [String] = []
        for report in reports {
            for stage in report.stages {
                for test in stage.tests where test.verdict == .graderError {
                    let key = "\(stage.id)/\(test.id)"
                    if !graderErrors.contains(key) {
                        graderErrors.append(key)
                        errorDetails.append("\(key): \(Self.firstLine(test.detail))")
                    }
                }
            }
        }
        if !graderErrors.isEmpty {
            add(
                kind, candidate.subject, .failed,
                "grader-error (the lab's own fault) in \(errorDetails.joined(separator: "; ")); fix the grader spec or its fixtures",
                tests: graderErrors)
            return
        }
        if let broken = reports.first(where: { $0.status == .error }) {
            add(kind, candidate.subject, .failed, "could not be graded: \(broken.errorMessage ?? "unknown error")")
            return
        }
        switch candidate.role {
        case .reference:
            let worst = reports.min { $0.score < $1.score } ?? first
            let failed = Self.failedTests(worst)
            if worst.score == worst.maxScore && failed.isEmpty {
                add(
                    kind, candidate.subject, .passed,
                    "full marks, \(worst.score)/\(worst.maxScore)\(reports.count > 1 ? ", in each of \(reports.count) runs" : "")"
                )
            } else {
                add(
                    kind, candidate.subject, .failed,
                    "\(worst.score)/\(worst.maxScore), not full marks\(Self.buildNote(worst)): \(Self.describeFailures(worst)); the reference must pass every hidden test",
                    tests: failed)
            }
        case .starter:
            if let passing = reports.first(where: \.passed) {
                add(
                    kind, candidate.subject, .failed,
                    "passes as given (\(passing.score)/\(passing.maxScore), every required test passes): a learner would pass without doing the lab; leave the work undone in the starter"
                )
            } else {
                let best = reports.max { $0.score < $1.score } ?? first
                add(
                    kind, candidate.subject, .passed,
                    "does not pass: \(best.score)/\(best.maxScore), \(best.failedRequired.count) required test\(best.failedRequired.count == 1 ? "" : "s") failing"
                )
            }
        case .wrong(let name):
            let caught = Self.caughtBy(first)
            if caught.isEmpty {
                add(
                    kind, candidate.subject, .failed,
                    "not caught: passes every hidden test (\(first.score)/\(first.maxScore)); add a hidden test that fails on the mistake wrong/\(name) models"
                )
            } else {
                if first.passed {
                    // Caught only by stretch goals: the learner with this mistake would still be told PASSED.
                    add(
                        kind, candidate.subject, .failed,
                        "caught only by tests marked required = false (\(caught.joined(separator: ", "))), so it still passes the lab; make one of them required or add a required test that fails on the mistake wrong/\(name) models",
                        tests: caught)
                } else {
                    add(
                        kind, candidate.subject, .passed,
                        "caught by \(caught.joined(separator: ", ")) (\(first.score)/\(first.maxScore))\(Self.buildNote(first))",
                        tests: caught)
                }
            }
        }
    }

    mutating func checkVisibleTests(_ reference: Candidate, lab: Lab, map: CompetencyMap?, validator: LabValidator)
        async
    {
        let subject = "visible tests (\(reference.language.id))"
        // Only the lab's own files are read for its visible tests; the ladder's rules play no part.
        let spec: GraderSpec
        do {
            spec = try LadderEnvironment.visibleTests(for: lab)
        } catch let error as LadderError {
            if !checks.contains(where: { $0.kind == "visible-tests" }) {
                add(
                    "visible-tests", "visible tests", .warning,
                    "\(error.message); add tests/NN-name.in and .out, or tests/grader.toml")
            }
            return
        } catch {
            add("visible-tests", subject, .failed, "tests/grader.toml is broken: \(error)")
            return
        }
        let submission: ComposedSubmission
        do {
            submission = try SubmissionComposer(parent: validator.scratchParent).prepare(
                lab: lab, language: reference.language, solution: reference.directory, history: spec.readsHistory)
        } catch {
            add("visible-tests", subject, .failed, "cannot prepare the submission: \(error)")
            return
        }
        defer { submission.remove() }
        var visibleLab = lab
        visibleLab.passMark = spec.requiredPoints
        let request = GradingRequest(
            lab: visibleLab, language: reference.language, spec: spec, graderDigest: "visible",
            submission: submission.path,
            commit: submission.commit, repository: submission.repository, toolVersion: ladderVersion)
        let events = events
        let report = await validator.gradings.withSlot {
            events(.grading(subject: subject, run: 1, of: 1))
            return await validator.grader.grade(request)
        }
        let failed = Self.failedTests(report)
        let count = report.tests.count
        if report.status == .passed, failed.isEmpty {
            add(
                "visible-tests", subject, .passed,
                count == 1 ? "the reference passes the visible test" : "the reference passes all \(count) visible tests"
            )
        } else if report.status == .error, failed.isEmpty {
            add("visible-tests", subject, .failed, "could not be run: \(report.errorMessage ?? "unknown error")")
        } else {
            add(
                "visible-tests", subject, .failed,
                "the reference fails \(failed.count) of \(count) visible tests: \(Self.describeFailures(report)); the visible tests must agree with the reference",
                tests: failed)
        }
    }

    // MARK: Across solutions

    mutating func checkDistinctWrongSolutions(_ graded: [(Candidate, [GradeReport])]) {
        var seen: [(name: String, language: String, tests: [String])] = []
        for (candidate, reports) in graded {
            guard case .wrong(let name) = candidate.role, let first = reports.first, first.status != .error else {
                continue
            }
            let tests = Self.caughtBy(first)
            guard !tests.isEmpty else { continue }
            if let twin = seen.first(where: { $0.language == candidate.language.id && Set($0.tests) == Set(tests) }) {
                add(
                    "distinct-wrong-solutions", "wrong/\(twin.name) and wrong/\(name) (\(candidate.language.id))",
                    .warning,
                    "caught by exactly the same tests (\(tests.joined(separator: ", "))): either they are the same mistake, or no test tells them apart; give each a test of its own",
                    tests: tests)
            }
            seen.append((name, candidate.language.id, tests))
        }
    }

    mutating func checkDeterminism(_ graded: [(Candidate, [GradeReport])]) {
        guard runs > 1 || wrongRuns > 1 else {
            add(
                "determinism", "determinism", .warning,
                "not checked: each solution was graded once (use --runs 2 or more)")
            return
        }
        var flaky = 0
        var solutions = 0
        for (candidate, reports) in graded where reports.count > 1 {
            solutions += 1
            if Set(reports.map { $0.build?.verdict }).count > 1 {
                flaky += 1
                let verdicts = reports.map { $0.build?.verdict.rawValue ?? "no build" }
                add(
                    "determinism", candidate.subject, .failed,
                    "the build gave different verdicts across \(reports.count) runs: \(verdicts.joined(separator: ", "))"
                )
                continue
            }
            var order: [String] = []
            var verdicts: [String: [String]] = [:]
            for report in reports {
                for stage in report.stages {
                    for test in stage.tests {
                        let key = "\(stage.id)/\(test.id)"
                        if verdicts[key] == nil { order.append(key) }
                        verdicts[key, default: []].append(test.verdict.rawValue)
                    }
                }
            }
            for key in order where Set(verdicts[key]!).count > 1 || verdicts[key]!.count != reports.count {
                flaky += 1
                add(
                    "determinism", "\(key) on \(candidate.subject)", .failed,
                    "flaky test \(key): \(reports.count) runs of \(candidate.subject) gave \(verdicts[key]!.joined(separator: ", ")); make its program and expected output deterministic (fixed seeds, sorted output, no clock)",
                    tests: [key])
            }
        }
        if flaky == 0 {
            let references = graded.filter { $0.0.role == .reference && $0.1.count > 1 }.count
            let which =
                runs == wrongRuns
                ? "\(runs) runs of each of \(solutions) solutions"
                : wrongRuns == 1
                    ? "\(runs) runs of each of \(references) reference\(references == 1 ? "" : "s") (the other solutions graded once)"
                    : "\(runs) runs of each of \(references) reference\(references == 1 ? "" : "s") and \(wrongRuns) of each of \(solutions - references) other solutions"
            add("determinism", "determinism", .passed, "\(which) gave identical verdicts for every test")
        }
    }

    // MARK: Helpers

    static func failedTests(_ report: GradeReport) -> [String] {
        report.stages.flatMap { stage in stage.tests.filter { $0.verdict != .passed }.map { "\(stage.id)/\($0.id)" } }
    }

    static func describeFailures(_ report: GradeReport) -> String {
        let failures = report.stages.flatMap { stage in
            stage.tests.filter { $0.verdict != .passed }.map {
                "\(stage.id)/\($0.id) (\($0.verdict.rawValue): \(firstLine($0.detail)))"
            }
        }
        return failures.prefix(4).joined(separator: "; ")
            + (failures.count > 4 ? "; and \(failures.count - 4) more" : "")
    }

    static func buildNote(_ report: GradeReport) -> String {
        guard let build = report.build, !build.succeeded else { return "" }
        return ", the build failed: \(firstLine(build.output))"
    }

    static func firstLine(_ text: String?) -> String {
        let line =
            (text ?? "no detail").split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init)
            ?? "no detail"
        return line.count > 160 ? String(line.prefix(157)) + "..." : line
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func subdirectories(of path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { !$0.hasPrefix(".") && isDirectory(path + "/" + $0) }.sorted()
    }
}

/// A solution that could not be laid out as a learner's repository would hold it.
struct CompositionError: Error {
    let underlying: String
}

/// Builds what a learner's repository would hold: the starter, the visible tests, then the solution's files over them.
struct SubmissionComposer {
    let parent: String

    func compose(lab: Lab, language: LabLanguage, solution: String?) throws -> String {
        let fileManager = FileManager.default
        let directory = parent + "/ladder-validate-" + UUID().uuidString
        try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            try Self.overlay(lab.directory + "/" + language.starter, onto: directory)
            let tests = lab.directory + "/tests"
            if fileManager.fileExists(atPath: tests), !fileManager.fileExists(atPath: directory + "/tests") {
                try FileTree.copy(tests, to: directory + "/tests")
            }
            if let solution {
                try Self.overlay(solution, onto: directory)
            }
            return directory
        } catch {
            try? fileManager.removeItem(atPath: directory)
            throw error
        }
    }

    /// Copies every entry of `source` into `destination`, replacing files and merging directories.
    static func overlay(_ source: String, onto destination: String) throws {
        let fileManager = FileManager.default
        for name in try fileManager.contentsOfDirectory(atPath: source) {
            let from = source + "/" + name
            let to = destination + "/" + name
            var isDirectory: ObjCBool = false
            let exists = fileManager.fileExists(atPath: to, isDirectory: &isDirectory)
            let sourceIsDirectory =
                (try? fileManager.attributesOfItem(atPath: from)[.type] as? FileAttributeType) == .typeDirectory
            if exists, isDirectory.boolValue, sourceIsDirectory {
                try Self.overlay(from, onto: to)
            } else {
                if exists || (try? fileManager.destinationOfSymbolicLink(atPath: to)) != nil {
                    try fileManager.removeItem(atPath: to)
                }
                try FileTree.copy(from, to: to)
            }
        }
    }
}
