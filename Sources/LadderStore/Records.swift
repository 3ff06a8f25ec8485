import Foundation
import LadderModel

/// The identity of a learner in a store.
public struct LearnerID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    public var description: String { String(rawValue) }

    public static func < (lhs: LearnerID, rhs: LearnerID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The identity of an attempt in a store; increases with every attempt and is never reused.
public struct AttemptID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    public var description: String { String(rawValue) }

    public static func < (lhs: AttemptID, rhs: AttemptID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Which use case recorded an attempt.
public enum AttemptSource: String, Codable, Sendable, CaseIterable {
    /// A learner's `ladder submit`.
    case submit
    /// A non-interactive `ladder grade` (CI).
    case grade
    /// One repository of a `ladder classroom grade` run.
    case classroom
}

/// A person whose work is graded. The email is the natural key (stored trimmed and lowercased).
public struct LearnerRecord: Hashable, Sendable, Codable {
    public var id: LearnerID
    public var name: String
    public var email: String
    public var createdAt: Date

    public init(id: LearnerID, name: String, email: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.email = email
        self.createdAt = createdAt
    }
}

/// One version of a lab as it was graded: the same id and version with other grader files is another row.
public struct LabRecord: Hashable, Sendable, Codable {
    public var labID: String
    public var version: String
    /// A digest of the grader files; two attempts with the same digest were graded by the same tests.
    public var graderDigest: String
    public var title: String
    public var rung: Rung
    /// The competency areas the lab covers, as the catalog names them.
    public var areas: [String]

    public init(labID: String, version: String, graderDigest: String, title: String, rung: Rung, areas: [String]) {
        self.labID = labID
        self.version = version
        self.graderDigest = graderDigest
        self.title = title
        self.rung = rung
        self.areas = areas
    }
}

/// What is known when grading starts.
public struct NewAttempt: Hashable, Sendable, Codable {
    public var learner: LearnerID
    /// The lab graded; registered (or its title, rung and areas refreshed) as part of beginning the attempt.
    public var lab: LabRecord
    public var language: String
    /// The commit graded; nil only when there was none to grade (an empty or unclonable repository).
    public var commit: String?
    /// The tree of that commit.
    public var tree: String?
    /// The repository path or URL, as the learner or the roster named it.
    public var repository: String
    public var source: AttemptSource
    /// The version of the `ladder` tool that grades.
    public var toolVersion: String
    public var startedAt: Date
    /// The last stage graded when the learner asked for part of the lab (`ladder submit --stage`); nil for the whole
    /// lab. Such a partial attempt never counts as passing the lab, so never towards a rung.
    public var throughStage: String?
    /// The repository has commits after the deadline it was graded at (the graded commit is the last before it).
    public var late: Bool

    public init(
        learner: LearnerID,
        lab: LabRecord,
        language: String,
        commit: String?,
        tree: String?,
        repository: String,
        source: AttemptSource,
        toolVersion: String,
        startedAt: Date = Date(),
        throughStage: String? = nil,
        late: Bool = false
    ) {
        self.throughStage = throughStage
        self.late = late
        self.learner = learner
        self.lab = lab
        self.language = language
        self.commit = commit
        self.tree = tree
        self.repository = repository
        self.source = source
        self.toolVersion = toolVersion
        self.startedAt = startedAt
    }
}

/// The result of one test of an attempt. Results keep the order in which they were recorded.
public struct TestResultRecord: Hashable, Sendable, Codable {
    public var stageID: String
    public var testID: String
    public var verdict: Verdict
    public var points: Double
    public var maxPoints: Double
    /// Feedback for the learner; empty when there is none.
    public var message: String
    public var cpuMilliseconds: Int64?
    public var wallMilliseconds: Int64?
    public var memoryBytes: Int64?
    /// What the failing test gave the program (stdin, arguments, the request), as the report showed it; nil when the
    /// test passed, is secret, or was recorded before inputs were kept.
    public var input: String?

    public init(
        stageID: String,
        testID: String,
        verdict: Verdict,
        points: Double,
        maxPoints: Double,
        message: String = "",
        cpuMilliseconds: Int64? = nil,
        wallMilliseconds: Int64? = nil,
        memoryBytes: Int64? = nil,
        input: String? = nil
    ) {
        self.stageID = stageID
        self.testID = testID
        self.verdict = verdict
        self.points = points
        self.maxPoints = maxPoints
        self.message = message
        self.cpuMilliseconds = cpuMilliseconds
        self.wallMilliseconds = wallMilliseconds
        self.memoryBytes = memoryBytes
        self.input = input
    }
}

/// How an attempt ended: written together with its test results, in one transaction.
public struct AttemptOutcome: Hashable, Sendable, Codable {
    /// `passed`, `failed` or `error`; an interrupted attempt is recorded by `markInterrupted` or the reaper.
    public var status: AttemptStatus
    /// Required for `passed` and `failed`; for `error` both or neither of score and max score.
    public var score: Double?
    public var maxScore: Double?
    public var results: [TestResultRecord]
    /// A signature over the grade's canonical content, when grades are signed.
    public var signature: String?
    /// Why an attempt ended in `error`, or any note worth keeping with the grade.
    public var message: String?
    public var finishedAt: Date

    public init(
        status: AttemptStatus,
        score: Double?,
        maxScore: Double?,
        results: [TestResultRecord],
        signature: String? = nil,
        message: String? = nil,
        finishedAt: Date = Date()
    ) {
        self.status = status
        self.score = score
        self.maxScore = maxScore
        self.results = results
        self.signature = signature
        self.message = message
        self.finishedAt = finishedAt
    }
}

/// An attempt as stored.
public struct AttemptRecord: Hashable, Sendable, Codable {
    public var id: AttemptID
    public var learner: LearnerID
    public var labID: String
    public var labVersion: String
    public var graderDigest: String
    public var language: String
    public var commit: String?
    public var tree: String?
    public var repository: String
    public var source: AttemptSource
    public var toolVersion: String
    public var status: AttemptStatus
    public var score: Double?
    public var maxScore: Double?
    public var startedAt: Date
    /// Nil exactly while the attempt is `running`.
    public var finishedAt: Date?
    /// The process that graded (or is grading) the attempt.
    public var owner: OwnerIdentity
    public var signature: String?
    public var message: String?
    /// The last stage graded by a partial attempt (`--stage`); nil when the attempt graded the whole lab.
    public var throughStage: String?
    /// Graded at a deadline that later commits missed (see ``NewAttempt/late``).
    public var late: Bool

    public init(
        id: AttemptID,
        learner: LearnerID,
        labID: String,
        labVersion: String,
        graderDigest: String,
        language: String,
        commit: String?,
        tree: String?,
        repository: String,
        source: AttemptSource,
        toolVersion: String,
        status: AttemptStatus,
        score: Double?,
        maxScore: Double?,
        startedAt: Date,
        finishedAt: Date?,
        owner: OwnerIdentity,
        signature: String?,
        message: String?,
        throughStage: String? = nil,
        late: Bool = false
    ) {
        self.throughStage = throughStage
        self.late = late
        self.id = id
        self.learner = learner
        self.labID = labID
        self.labVersion = labVersion
        self.graderDigest = graderDigest
        self.language = language
        self.commit = commit
        self.tree = tree
        self.repository = repository
        self.source = source
        self.toolVersion = toolVersion
        self.status = status
        self.score = score
        self.maxScore = maxScore
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.owner = owner
        self.signature = signature
        self.message = message
    }
}

/// One attempt with its test results, in the order they were recorded.
public struct AttemptDetail: Hashable, Sendable, Codable {
    public var attempt: AttemptRecord
    public var results: [TestResultRecord]

    public init(attempt: AttemptRecord, results: [TestResultRecord]) {
        self.attempt = attempt
        self.results = results
    }
}

/// A lab a learner has passed, with the attempt that proved it.
///
/// When a learner passed a lab several times, the best attempt counts: the highest share of the
/// maximum score, and among equals the earliest (the commit that first proved it).
public struct PassedLab: Hashable, Sendable, Codable {
    public var labID: String
    public var labVersion: String
    public var graderDigest: String
    public var title: String
    public var rung: Rung
    public var areas: [String]
    public var attemptID: AttemptID
    public var commit: String?
    public var tree: String?
    public var score: Double
    public var maxScore: Double
    public var finishedAt: Date

    public init(
        labID: String,
        labVersion: String,
        graderDigest: String,
        title: String,
        rung: Rung,
        areas: [String],
        attemptID: AttemptID,
        commit: String?,
        tree: String?,
        score: Double,
        maxScore: Double,
        finishedAt: Date
    ) {
        self.labID = labID
        self.labVersion = labVersion
        self.graderDigest = graderDigest
        self.title = title
        self.rung = rung
        self.areas = areas
        self.attemptID = attemptID
        self.commit = commit
        self.tree = tree
        self.score = score
        self.maxScore = maxScore
        self.finishedAt = finishedAt
    }
}

/// A learner's latest grade of a lab: their newest graded attempt of it.
public struct LatestGrade: Sendable, Hashable {
    public var learner: LearnerRecord
    public var attempt: AttemptRecord

    public init(learner: LearnerRecord, attempt: AttemptRecord) {
        self.learner = learner
        self.attempt = attempt
    }
}
