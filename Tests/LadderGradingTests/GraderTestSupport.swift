import Foundation
import LadderModel
import LadderSandbox
import LadderTOML
// Every file of this target uses the shared helpers: prerequisites, temporary directories, built products.
@_exported import LadderTestSupport
import Testing

@testable import LadderGrading

/// The real launcher and profiles of this build; tests that use them say `.requires(.sandbox)`.
enum GradingBox {
    static let repositoryRoot = BuiltProducts.repositoryRoot
    static let launcher = BuiltProducts.launcher
    static let profiles = BuiltProducts.profiles

    static func sandbox() throws -> Sandbox {
        try Sandbox(launcher: launcher, profilesDirectory: profiles)
    }
}

/// The language blocks synthetic labs use.
enum TestLanguage {
    static let python = """
        [[languages]]
        id = "python"
        run = ["python3", "main.py"]
        """

    static let c = """
        [[languages]]
        id = "c"
        build = ["gcc", "-O0", "-o", "prog", "main.c"]
        run = ["./prog"]
        """
}

/// A small lab made on disk by a test: `lab/lab.toml`, `grader/grader.toml` with fixtures, and `solution/`.
struct SyntheticLab {
    let root: TemporaryDirectory
    let lab: Lab
    let spec: GraderSpec

    var graderDirectory: String { root.file("grader") }
    var solutionDirectory: String { root.file("solution") }

    /// The lab.toml text for stages `(id, points)`.
    static func labTOML(
        stages: [(String, Int)], passMark: Int? = nil, language: String = TestLanguage.python, limits: String = ""
    ) -> String {
        let total = stages.reduce(0) { $0 + $1.1 }
        var text = """
            id = "synthetic"
            title = "A synthetic lab"
            version = "1.2.3"
            summary = "Made by a test."
            rung = "junior"
            competencies = ["languages.python"]
            pass-mark = \(passMark ?? total)

            \(limits.isEmpty ? "" : "[limits]\n" + limits + "\n")
            \(language)

            """
        for (id, points) in stages {
            text += """

                [[stages]]
                id = "\(id)"
                title = "Stage \(id)"
                points = \(points)

                """
        }
        return text
    }

    /// Writes the lab, the grader spec with its fixtures and the solution, and decodes them.
    /// Without `stages`, the lab gets the spec's stages worth what their tests are worth.
    init(
        stages: [(String, Int)]? = nil, passMark: Int? = nil, language: String = TestLanguage.python,
        limits: String = "",
        grader: String, fixtures: [String: String] = [:], solution: [String: String]
    ) throws {
        root = try TemporaryDirectory("lab")
        try root.write("grader/grader.toml", grader)
        for (path, text) in fixtures {
            try root.write("grader/" + path, text, executable: path.hasSuffix(".py") || path.hasSuffix(".sh"))
        }
        let stages =
            try stages
            ?? GraderSpec.load(directory: root.file("grader"), lab: nil)
            .stages.map { ($0.id, $0.tests.reduce(0) { $0 + $1.points }) }
        let labText = Self.labTOML(stages: stages, passMark: passMark, language: language, limits: limits)
        try root.write("lab/lab.toml", labText)
        lab = try Lab.decode(TOMLDocument.parse(labText, file: root.file("lab/lab.toml")), directory: root.file("lab"))
        try FileManager.default.createDirectory(atPath: root.file("solution"), withIntermediateDirectories: true)
        for (path, text) in solution {
            try root.write("solution/" + path, text)
        }
        spec = try GraderSpec.load(directory: root.file("grader"), lab: lab)
    }

    /// Grades the solution with the real sandbox and collects the events it reported, in order.
    func grade(
        scratch: String? = nil, sandbox: Sandbox? = nil, boxes: GradingBudget = GradingBudget(),
        builds: BuildCache? = nil
    ) async throws -> (GradeReport, [GradingEvent]) {
        let recorder = EventRecorder()
        let grader = Grader(
            sandbox: try sandbox ?? GradingBox.sandbox(), scratchParent: scratch ?? NSTemporaryDirectory(),
            boxes: boxes, builds: builds)
        let request = GradingRequest(
            lab: lab, language: lab.defaultLanguage, spec: spec, graderDigest: "sha256:test",
            submission: solutionDirectory,
            learner: "learner@example.com", commit: "c0ffee", tree: "7ree", toolVersion: "test")
        let report = await grader.grade(request) { recorder.record($0) }
        return (report, recorder.events)
    }
}

/// A grader spec for one stage `s` holding the given `[[stages.tests]]` bodies.
func oneStageSpec(_ tests: [String]) -> String {
    "format = 1\n\n[[stages]]\nid = \"s\"\n" + tests.map { "\n[[stages.tests]]\n" + $0 + "\n" }.joined()
}

/// Collects grading events from the engine's callback.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [GradingEvent] = []

    func record(_ event: GradingEvent) {
        lock.lock()
        collected.append(event)
        lock.unlock()
    }

    var events: [GradingEvent] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }
}

extension GradeReport {
    /// The report of the test with this id (ids are unique across the synthetic labs' stages).
    func test(_ id: String) -> TestReport? { tests.first { $0.id == id } }
}

extension GradingEvent {
    /// A short name for checking the order of events.
    var name: String {
        switch self {
        case .buildStarted: "buildStarted"
        case .buildFinished: "buildFinished"
        case .stageStarted(let id, _, _): "stageStarted:\(id)"
        case .testFinished(let stage, let test): "testFinished:\(stage)/\(test.id)"
        case .stageFinished(let stage): "stageFinished:\(stage.id)"
        }
    }
}
