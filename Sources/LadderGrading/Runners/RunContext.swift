import Foundation
import LadderModel
import LadderSandbox

/// What every runner needs for one test: the sandbox, the lab, the built submission and where to make scratch files.
struct RunContext: Sendable {
    let sandbox: Sandbox
    let lab: Lab
    let language: LabLanguage
    let spec: GraderSpec
    /// The submission after its build step; each test runs in a fresh copy of it, or in ``checkout``.
    let build: String
    let workspace: Workspace
    /// The grading's budget of boxes, which a test that could use more than its own slot takes free slots from.
    let boxes: GradingBudget
    /// The submission's git directory and graded commit, which git tests read; nil when grading plain files.
    var repository: String? = nil
    var commit: String? = nil
    /// The learner's suite's runs on correct code, made once per grading for every mutation test.
    let correctSuiteRuns = CorrectSuiteRuns()
    /// The checkout every test shares when the spec asks for one (``TestWorkspace/sharedCheckout``).
    var checkout: SharedCheckout? = nil

    /// The directory a test runs in: the shared checkout, or else a fresh copy of the build.
    func testDirectory() throws -> String {
        try checkout?.directory ?? workspace.copy(of: build)
    }

    /// The sandbox limits for a test: the lab's, overridden by the test's own.
    func limits(for test: GraderTest) -> SandboxLimits {
        let merged = test.limits.map { lab.limits.overridden(by: $0) } ?? lab.limits
        return SandboxLimits(
            wallTime: merged.wallTime, cpuTime: merged.cpuTime, memoryBytes: merged.memoryBytes,
            processes: merged.processes, outputBytes: merged.outputBytes, fileSizeBytes: merged.fileSizeBytes)
    }

    /// A grader fixture's absolute path.
    func fixture(_ relative: String) -> String {
        spec.directory + "/" + relative
    }

    /// The text an ``ExpectedText`` stands for.
    func text(_ expected: ExpectedText) throws -> String {
        switch expected {
        case .inline(let text):
            return text
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: fixture(path)) else {
                throw GradingFailure.grader("the grader's fixture \(path) cannot be read")
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// A fixture as a program's standard input, copied into the workspace first: the program can see the path of
    /// its stdin (`/proc/self/fd/0`), and that path must not name the grader's directory.
    func stdin(fromFixture relative: String) throws -> SandboxInput {
        let copy = workspace.path("stdin")
        do {
            try FileManager.default.copyItem(atPath: fixture(relative), toPath: copy)
        } catch {
            throw GradingFailure.grader("the grader's fixture \(relative) cannot be read")
        }
        return .file(copy)
    }

    /// Copies fixture files into a run's work directory (destination relative to it → source under the grader).
    func place(_ files: [String: String], in workdir: String) throws {
        for (destination, source) in files.sorted(by: { $0.key < $1.key }) {
            let target = URL(fileURLWithPath: workdir).appendingPathComponent(destination)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: target.path) {
                try FileManager.default.removeItem(at: target)
            }
            try FileManager.default.copyItem(atPath: fixture(source), toPath: target.path)
        }
    }
}

/// What a runner found for one test, before points are given.
struct RunResult: Sendable {
    var verdict: Verdict
    var detail: String?
    var wallMilliseconds: Int = 0
    var cpuMilliseconds: Int = 0
    var peakMemoryBytes: Int = 0
    /// For tests scored in parts (script graders): the share of the points earned, 0...1.
    var fraction: Double?
    /// The learner's service never answered (it exited, or did not listen on `$PORT`): every later test of the stage
    /// that starts it would wait the same way for the same verdict.
    var serviceDown = false
    /// What the test gave the learner's code (``TestInput``), for the report of a failed, non-secret test.
    var input: String?

    init(_ verdict: Verdict, _ detail: String? = nil, outcome: SandboxOutcome? = nil, fraction: Double? = nil) {
        self.verdict = verdict
        self.detail = detail
        self.fraction = fraction
        if let outcome {
            wallMilliseconds = Int(Units.milliseconds(outcome.wallTime))
            cpuMilliseconds = Int(Units.milliseconds(outcome.cpuTime ?? .zero))
            peakMemoryBytes = outcome.peakMemoryBytes ?? 0
        }
    }
}
