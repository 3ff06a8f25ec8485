import Foundation
import LadderModel

/// Everything one grading run found; every output format (terminal, JSON, JUnit, TAP, notes) is made from it.
public struct GradeReport: Sendable, Codable, Equatable {
    /// The version of this report's JSON shape; bump it when a field changes meaning or goes away.
    public static let formatVersion = 1

    public var formatVersion: Int = GradeReport.formatVersion
    public var labID: String
    public var labVersion: String
    public var labTitle: String
    public var graderDigest: String
    public var language: String
    /// Who is graded: the learner's email, or the student id of a roster.
    public var learner: String?
    /// The Ladder version that graded, so a grade says which rules made it.
    public var toolVersion: String
    public var commit: String?
    public var tree: String?
    public var build: BuildReport?
    public var stages: [StageReport]
    public var score: Int
    public var maxScore: Int
    public var passMark: Int
    /// `passed` or `failed` for a finished grading; `error` when the infrastructure or the lab failed; `interrupted`
    /// when the grading task was cancelled before it finished (the report then holds no verdict to record).
    public var status: AttemptStatus
    /// Why the attempt is `error` (infrastructure, never the learner's code) or `interrupted`, when it is.
    public var errorMessage: String?
    public var startedAt: Date
    public var finishedAt: Date
    /// The last stage graded when only part of the lab was (`--stage`); nil when every stage was. A partial grade
    /// never passes the lab, whatever its status says about the stages it graded.
    public var throughStage: String?
    /// What reading the graders warned about: a GitHub Classroom file's ignored fields and skipped steps, each as
    /// `file:line: where: what`; nil when nothing.
    public var warnings: [String]?

    public init(
        labID: String, labVersion: String, labTitle: String, graderDigest: String, language: String, learner: String?,
        toolVersion: String, commit: String?, tree: String?, build: BuildReport?, stages: [StageReport], score: Int,
        maxScore: Int, passMark: Int, status: AttemptStatus, errorMessage: String?, startedAt: Date, finishedAt: Date
    ) {
        self.labID = labID
        self.labVersion = labVersion
        self.labTitle = labTitle
        self.graderDigest = graderDigest
        self.language = language
        self.learner = learner
        self.toolVersion = toolVersion
        self.commit = commit
        self.tree = tree
        self.build = build
        self.stages = stages
        self.score = score
        self.maxScore = maxScore
        self.passMark = passMark
        self.status = status
        self.errorMessage = errorMessage
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    public var passed: Bool { status == .passed }

    /// Whether the grade is a pass: every required test passed and the score reaches the pass mark. Partial credit
    /// alone never passes, so a known bug caught by a required test always fails the lab.
    public static func passes(stages: [StageReport], score: Int, passMark: Int) -> Bool {
        score >= passMark && stages.allSatisfy { $0.requiredPassed }
    }

    /// The required tests that did not pass, `stage/test`, in order: why a grade with points failed.
    public var failedRequired: [String] {
        stages.flatMap { stage in
            stage.tests.filter { $0.required && $0.verdict != .passed }.map { "\(stage.id)/\($0.id)" }
        }
    }

    public var tests: [TestReport] { stages.flatMap(\.tests) }

    /// Every verdict with how many tests got it, most decisive first.
    public var verdictCounts: [(Verdict, Int)] {
        let counts = Dictionary(grouping: tests, by: \.verdict).mapValues(\.count)
        return Verdict.precedence.compactMap { verdict in counts[verdict].map { (verdict, $0) } }
    }
}

/// The build step's result, when the language has one.
public struct BuildReport: Sendable, Codable, Equatable {
    public var command: [String]
    public var succeeded: Bool
    public var verdict: Verdict
    /// The compiler's own words (bounded), shown to the learner on failure.
    public var output: String
    public var wallMilliseconds: Int

    public init(command: [String], succeeded: Bool, verdict: Verdict, output: String, wallMilliseconds: Int) {
        self.command = command
        self.succeeded = succeeded
        self.verdict = verdict
        self.output = output
        self.wallMilliseconds = wallMilliseconds
    }
}

/// One stage: its tests and the points they earned.
public struct StageReport: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var tests: [TestReport]

    public var score: Int { tests.reduce(0) { $0 + $1.points } }
    public var maxScore: Int { tests.reduce(0) { $0 + $1.maxPoints } }
    /// The most decisive verdict among the stage's tests.
    public var verdict: Verdict { tests.map(\.verdict).min() ?? .passed }
    public var passed: Bool { tests.allSatisfy { $0.verdict == .passed } }
    /// Whether every required test of the stage passed (stretch goals may still fail).
    public var requiredPassed: Bool { tests.allSatisfy { !$0.required || $0.verdict == .passed } }

    public init(id: String, title: String, tests: [TestReport]) {
        self.id = id
        self.title = title
        self.tests = tests
    }
}

/// One test's verdict, points and the feedback a learner sees.
public struct TestReport: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var verdict: Verdict
    public var points: Int
    public var maxPoints: Int
    /// The lab author's hint for this test, shown when it fails.
    public var feedback: String?
    /// What was checked and what differed (expected vs. got, bounded), or what went wrong.
    public var detail: String?
    public var wallMilliseconds: Int
    public var cpuMilliseconds: Int
    public var peakMemoryBytes: Int
    /// Whether passing the lab needs this test; a stretch goal (`required = false`) only adds points.
    public var required: Bool
    /// What the test gave the learner's code (arguments, stdin, fixtures, requests), bounded, so a learner can
    /// reproduce a failure; nil for a passed or secret test.
    public var input: String?

    public init(
        id: String, title: String, verdict: Verdict, points: Int, maxPoints: Int,
        feedback: String? = nil, detail: String? = nil,
        wallMilliseconds: Int = 0, cpuMilliseconds: Int = 0, peakMemoryBytes: Int = 0,
        required: Bool = true, input: String? = nil
    ) {
        self.id = id
        self.title = title
        self.verdict = verdict
        self.points = points
        self.maxPoints = maxPoints
        self.feedback = feedback
        self.detail = detail
        self.wallMilliseconds = wallMilliseconds
        self.cpuMilliseconds = cpuMilliseconds
        self.peakMemoryBytes = peakMemoryBytes
        self.required = required
        self.input = input
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, verdict, points, maxPoints, feedback, detail, wallMilliseconds, cpuMilliseconds, peakMemoryBytes
        case required, input
    }

    /// Reads a report; one written before tests could be stretch goals has no `required`, and every test was required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        verdict = try container.decode(Verdict.self, forKey: .verdict)
        points = try container.decode(Int.self, forKey: .points)
        maxPoints = try container.decode(Int.self, forKey: .maxPoints)
        feedback = try container.decodeIfPresent(String.self, forKey: .feedback)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
        wallMilliseconds = try container.decode(Int.self, forKey: .wallMilliseconds)
        cpuMilliseconds = try container.decode(Int.self, forKey: .cpuMilliseconds)
        peakMemoryBytes = try container.decode(Int.self, forKey: .peakMemoryBytes)
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? true
        input = try container.decodeIfPresent(String.self, forKey: .input)
    }
}

/// What a grading run reports as it goes, for a live display; the grading core never prints.
public enum GradingEvent: Sendable {
    case buildStarted(command: [String])
    case buildFinished(BuildReport)
    case stageStarted(id: String, title: String, tests: Int)
    case testFinished(stageID: String, TestReport)
    case stageFinished(StageReport)
}
