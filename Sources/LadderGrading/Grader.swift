import Foundation
import LadderModel
import LadderSandbox
import LadderText

/// One submission to grade: the lab, the language, the hidden spec and the learner's files.
public struct GradingRequest: Sendable {
    public var lab: Lab
    public var language: LabLanguage
    public var spec: GraderSpec
    /// The digest of the grader's files (``GraderDigest``), recorded with the grade.
    public var graderDigest: String
    /// A directory holding the learner's files exactly as committed; it is copied, never changed.
    public var submission: String
    public var learner: String?
    public var commit: String?
    public var tree: String?
    /// The git directory of the repository `commit` is in, for git tests; it is only read, through a copy.
    public var repository: String?
    public var toolVersion: String

    public init(
        lab: Lab, language: LabLanguage, spec: GraderSpec, graderDigest: String, submission: String,
        learner: String? = nil, commit: String? = nil, tree: String? = nil, repository: String? = nil,
        toolVersion: String
    ) {
        self.lab = lab
        self.language = language
        self.spec = spec
        self.graderDigest = graderDigest
        self.submission = submission
        self.learner = learner
        self.commit = commit
        self.tree = tree
        self.repository = repository
        self.toolVersion = toolVersion
    }
}

/// Grades submissions: builds them once in the sandbox, then runs every stage's tests, each in a fresh copy side by
/// side, or one after another in one shared checkout when the spec asks for that (``TestWorkspace``).
///
/// It never prints; progress goes to the `events` callback, the result is a ``GradeReport``.
public struct Grader: Sendable {
    public let sandbox: Sandbox
    /// Where scratch directories are made (default: the system's temporary directory).
    public var scratchParent: String
    /// The boxes this grader may run at once, shared with whatever else grades in this process: the tests of a
    /// grade run side by side within it, and the build takes a slot of its own.
    public var boxes: GradingBudget
    /// Where builds are kept to be given to the next grading of the same tree, if anywhere: `lab validate` grades a
    /// reference several times; a learner's submit grades its commit once and keeps nothing.
    public var builds: BuildCache?

    /// Limits for the build step: compilers need more room than the programs they build.
    public static let buildLimits = SandboxLimits(
        wallTime: .seconds(120), cpuTime: .seconds(120), memoryBytes: 2 << 30, processes: 256)

    public init(
        sandbox: Sandbox, scratchParent: String = NSTemporaryDirectory(), boxes: GradingBudget = GradingBudget(),
        builds: BuildCache? = nil
    ) {
        self.sandbox = sandbox
        self.scratchParent = scratchParent
        self.boxes = boxes
        self.builds = builds
    }

    /// Grades `request`; infrastructure failures become an `error` report rather than a thrown error, and a cancelled
    /// task an `interrupted` one.
    public func grade(_ request: GradingRequest, events: @Sendable (GradingEvent) -> Void = { _ in }) async
        -> GradeReport
    {
        let startedAt = Date()
        var report = GradeReport(
            labID: request.lab.id, labVersion: request.lab.version.description, labTitle: request.lab.title,
            graderDigest: request.graderDigest, language: request.language.id, learner: request.learner,
            toolVersion: request.toolVersion, commit: request.commit, tree: request.tree, build: nil, stages: [],
            score: 0, maxScore: request.spec.totalPoints, passMark: request.lab.passMark, status: .error,
            errorMessage: nil, startedAt: startedAt, finishedAt: startedAt)
        let workspace: Workspace
        do {
            workspace = try Workspace(parent: scratchParent)
        } catch {
            report.errorMessage = "\(error)"
            report.finishedAt = Date()
            return report
        }
        defer { workspace.remove() }
        var scrubber = ReportScrubber(scratch: workspace.root)
        do {
            let build = try workspace.copy(of: request.submission, as: "build")
            if let command = request.language.build {
                events(.buildStarted(command: command))
                var buildReport = try await buildOnce(command, in: build, profile: request.language.profile)
                buildReport.output = scrubber.scrub(buildReport.output)
                // A cancelled run is killed by the sandbox; its outcome is not the learner's.
                try Task.checkCancellation()
                report.build = buildReport
                events(.buildFinished(buildReport))
                if !buildReport.succeeded {
                    report.stages = Self.unbuilt(request, verdict: buildReport.verdict)
                    return finish(report)
                }
            }
            let checkout =
                request.spec.workspace == .sharedCheckout
                ? try workspace.sharedCheckout(of: build, repository: request.repository, commit: request.commit)
                : nil
            let context = RunContext(
                sandbox: sandbox, lab: request.lab, language: request.language, spec: request.spec, build: build,
                workspace: workspace, boxes: boxes, repository: request.repository, commit: request.commit,
                checkout: checkout)
            report.stages = try await runStages(request, context: context, scrubber: &scrubber, events: events)
            return finish(report)
        } catch is CancellationError {
            // Stopped, not failed: whatever the killed runs said is not a verdict, and the caller records the
            // attempt `interrupted` from this status.
            report.status = .interrupted
            report.errorMessage = "grading was stopped before it finished"
        } catch let error as SandboxError where error.isMachineFailure {
            // Only the build gets here: `run(_:context:)` turns a test's machine failure into a MachineFailure.
            if Task.isCancelled {
                report.status = .interrupted
                report.errorMessage = "grading was stopped before it finished"
            } else {
                report.errorMessage = MachineFailure(what: "the build", reason: error.message).description
            }
        } catch {
            report.errorMessage = "\(error)"
        }
        report.finishedAt = Date()
        return report
    }

    private func finish(_ report: GradeReport) -> GradeReport {
        var report = report
        report.finishedAt = Date()
        report.score = report.stages.reduce(0) { $0 + $1.score }
        if let broken = report.tests.first(where: { $0.verdict == .graderError }) {
            report.status = .error
            report.errorMessage =
                "the lab's grader failed on \(broken.id): \(broken.detail ?? "no detail"); this is not your code's fault"
        } else {
            report.status =
                GradeReport.passes(stages: report.stages, score: report.score, passMark: report.passMark)
                ? .passed : .failed
        }
        return report
    }

    /// Every stage's tests, side by side within ``boxes`` (one after another in a shared checkout, where each test
    /// must find what the one before it left), reported and announced to `events` in the spec's order, as if run one
    /// after another: a stage's tests after the one whose service never answered are `not run` (those already
    /// started are stopped from mattering, so the report never depends on which test finished first).
    private func runStages(
        _ request: GradingRequest, context: RunContext, scrubber: inout ReportScrubber,
        events: @Sendable (GradingEvent) -> Void
    ) async throws -> [StageReport] {
        let planned = request.spec.stages.enumerated().flatMap { stageIndex, stage in
            stage.tests.enumerated().map { PlannedTest(stage: stageIndex, index: $0.offset, test: $0.element) }
        }
        let downs = ServiceDownBoard(stages: request.spec.stages.count)
        // A machine failure comes back as a value and is thrown when its turn in the spec's order comes, so the
        // report names the first test the machine could not run, whichever failed first.
        let inFlight = request.spec.workspace == .sharedCheckout ? 1 : planned.count
        return try await withThrowingTaskGroup(of: (Int, Result<RunResult, MachineFailure>).self) { group in
            var started = 0
            // Starts the next test in the spec's order, if any is left.
            func startNext() {
                guard started < planned.count else { return }
                let position = started
                let planned = planned[position]
                started += 1
                group.addTask {
                    try await boxes.withSlot {
                        try Task.checkCancellation()
                        if planned.test.kind.startsService, let down = await downs.first(in: planned.stage),
                            down.index < planned.index
                        {
                            return (position, .success(Self.notRun(after: down)))
                        }
                        let result: RunResult
                        do {
                            result = try await run(planned.test, context: context)
                        } catch let failure as MachineFailure {
                            return (position, .failure(failure))
                        }
                        if result.serviceDown {
                            await downs.record(
                                ServiceDown(index: planned.index, test: planned.test.id, verdict: result.verdict),
                                in: planned.stage)
                        }
                        return (position, .success(result))
                    }
                }
            }
            while started < inFlight { startNext() }
            var results = [Result<RunResult, MachineFailure>?](repeating: nil, count: planned.count)
            var stages: [StageReport] = []
            var tests: [TestReport] = []
            var serviceDown: ServiceDown?
            var emitted = 0
            // Announces every stage before `stage` that has not been, each with the tests judged so far (a stage
            // without tests is announced as started and finished at its place).
            func closeStages(before stage: Int) {
                while stages.count < stage {
                    let spec = request.spec.stages[stages.count]
                    let title = request.lab.stageTitle(spec.id)
                    if spec.tests.isEmpty { events(.stageStarted(id: spec.id, title: title, tests: 0)) }
                    let stageReport = StageReport(id: spec.id, title: title, tests: tests)
                    stages.append(stageReport)
                    events(.stageFinished(stageReport))
                    tests = []
                }
            }
            while let (position, result) = try await group.next() {
                startNext()
                results[position] = result
                // Whatever has finished in order is judged and announced; the rest waits for its predecessors.
                while emitted < planned.count, let outcome = results[emitted] {
                    let result = try outcome.get()
                    let current = planned[emitted]
                    closeStages(before: current.stage)
                    let stage = request.spec.stages[current.stage]
                    if current.index == 0 {
                        events(
                            .stageStarted(
                                id: stage.id, title: request.lab.stageTitle(stage.id),
                                tests: stage.tests.count))
                        serviceDown = nil
                    }
                    var judged = result
                    if let down = serviceDown, current.test.kind.startsService {
                        judged = Self.notRun(after: down)
                    } else if result.serviceDown {
                        serviceDown = ServiceDown(index: current.index, test: current.test.id, verdict: result.verdict)
                    }
                    var testReport = Self.report(current.test, judged)
                    testReport.detail = scrubber.clean(testReport.detail, test: "\(stage.id)/\(current.test.id)")
                    testReport.input = testReport.input.map(scrubber.scrub)
                    tests.append(testReport)
                    events(.testFinished(stageID: stage.id, testReport))
                    emitted += 1
                    if current.index == stage.tests.count - 1 { closeStages(before: current.stage + 1) }
                }
            }
            try Task.checkCancellation()
            closeStages(before: request.spec.stages.count)
            return stages
        }
    }

    private static func notRun(after down: ServiceDown) -> RunResult {
        RunResult(down.verdict, "not run: the service did not start in test \(down.test) of this stage; fix that first")
    }

    /// Runs one test, turning a failure of the lab's grader into its verdict; a failure of the machine stops the
    /// whole grade (thrown as ``MachineFailure``), since no verdict about the learner's code can be trusted then.
    private func run(_ test: GraderTest, context: RunContext) async throws -> RunResult {
        do {
            return try await test.kind.run(test, context: context)
        } catch let error as SandboxError where error.isMachineFailure {
            // Cancelling a grade kills its launcher; that death is the stop, not a failure of the machine.
            try Task.checkCancellation()
            throw MachineFailure(what: "test \(test.id)", reason: error.message)
        } catch GradingFailure.infrastructure(let message) {
            throw MachineFailure(what: "test \(test.id)", reason: message)
        } catch let failure as GradingFailure {
            return RunResult(.graderError, failure.description)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return RunResult(.graderError, "\(error)")
        }
    }

    static func report(_ test: GraderTest, _ result: RunResult) -> TestReport {
        let points: Int
        if let fraction = result.fraction {
            points = Int((Double(test.points) * min(max(fraction, 0), 1)).rounded(.down))
        } else {
            points = result.verdict == .passed ? test.points : 0
        }
        return TestReport(
            id: test.id, title: test.title, verdict: result.verdict, points: points, maxPoints: test.points,
            feedback: result.verdict == .passed ? nil : test.feedback,
            // A secret test's detail (its expected output, or what the program printed of its input) would tell what
            // the secret is: the verdict and the hint are all it gives.
            detail: test.secret ? nil : result.detail,
            wallMilliseconds: result.wallMilliseconds, cpuMilliseconds: result.cpuMilliseconds,
            peakMemoryBytes: result.peakMemoryBytes, required: test.required,
            input: result.verdict == .passed || test.secret ? nil : result.input)
    }

    /// Builds `directory` in a box of its own, or gives it the same build from ``builds``.
    private func buildOnce(_ command: [String], in directory: String, profile: String) async throws -> BuildReport {
        let build = { try await boxes.withSlot { try await self.build(command, in: directory, profile: profile) } }
        // A tree that cannot be read whole is built as it is; its build will say what is wrong with it.
        guard let builds, let key = try? BuildCache.Key(tree: directory, command: command, profile: profile) else {
            return try await build()
        }
        return try await builds.build(key, in: directory, build)
    }

    private func build(_ command: [String], in directory: String, profile: String) async throws -> BuildReport {
        let policy = SandboxPolicy(profile: profile, limits: Self.buildLimits, workdir: directory)
        let outcome = try await sandbox.run(command, policy: policy)
        let output = TextPreview.renderLines((outcome.stdout + outcome.stderr).suffix(16_384), limit: 400)
        let verdict: Verdict
        if let (judged, _) = outcome.failure(of: "the build") {
            verdict = judged == .graderError ? .graderError : .buildError
        } else {
            verdict = .passed
        }
        return BuildReport(
            command: command, succeeded: verdict == .passed, verdict: verdict, output: output,
            wallMilliseconds: Int(Units.milliseconds(outcome.wallTime)))
    }

    /// Every test, unrun, with the verdict the build earned.
    static func unbuilt(_ request: GradingRequest, verdict: Verdict) -> [StageReport] {
        request.spec.stages.map { stage in
            StageReport(
                id: stage.id, title: request.lab.stageTitle(stage.id),
                tests: stage.tests.map { test in
                    TestReport(
                        id: test.id, title: test.title, verdict: verdict, points: 0, maxPoints: test.points,
                        detail: verdict == .buildError
                            ? "not run: the build failed" : "not run: the build could not start",
                        required: test.required)
                })
        }
    }
}

/// The machine could not run a test (the sandbox could not be built or started, no scratch space): the grade is an
/// infrastructure error, neither the learner's fault nor the lab's, and the same submission may be graded again.
struct MachineFailure: Error, CustomStringConvertible {
    /// What could not run: "the build", "test NAME".
    let what: String
    let reason: String

    var description: String {
        "this machine could not run \(what): \(reason); not your code's fault nor the lab's: grade it again, or run `ladder doctor`"
    }
}

/// One test of a grade with its place: the stage's position in the spec and the test's within the stage.
private struct PlannedTest: Sendable {
    let stage: Int
    let index: Int
    let test: GraderTest
}

/// The test of a stage whose service never answered.
private struct ServiceDown: Sendable {
    let index: Int
    let test: String
    let verdict: Verdict
}

/// The earliest test of each stage whose service never answered, so that later tests of the stage waiting for a box
/// need not wait for the same service again.
private actor ServiceDownBoard {
    private var downs: [ServiceDown?]

    init(stages: Int) {
        downs = Array(repeating: nil, count: stages)
    }

    func first(in stage: Int) -> ServiceDown? {
        downs[stage]
    }

    func record(_ down: ServiceDown, in stage: Int) {
        if let known = downs[stage], known.index < down.index { return }
        downs[stage] = down
    }
}
