import Foundation
import LadderModel

/// Where results of attempts are kept: the seam between the use cases and a database.
///
/// SQLite (``SQLiteResultStore``) is the embedded default; `PostgresResultStore` (in `LadderPostgres`) is
/// the store many grading machines share; ``MemoryResultStore`` serves tests of the layers above.
///
/// The lifecycle of an attempt: ``beginAttempt(_:owner:)`` records it as `running` with its owner
/// process; ``finishAttempt(_:with:)`` writes its test results and final status in one transaction;
/// from then on it never changes. A grader stopped by a signal calls ``markInterrupted(_:reason:)``;
/// one that died without a word is found by ``reapInterrupted()``, which turns every `running`
/// attempt whose owner is gone into `interrupted`, gone as ``OwnerIdentity/liveness(leaseExpiresAt:now:)``
/// decides: the process ended on this machine, or, where the store gives attempts a lease (PostgreSQL),
/// its grader stopped renewing it, wherever that grader ran.
public protocol ResultStore: Sendable {
    /// Records a learner, or renames the one with that email; emails are compared trimmed and lowercased.
    func upsertLearner(name: String, email: String) async throws -> LearnerRecord

    /// The learner with that email (compared trimmed and lowercased), if any.
    func learner(email: String) async throws -> LearnerRecord?

    /// The learner with that id, if any.
    func learner(id: LearnerID) async throws -> LearnerRecord?

    /// Records a lab version, or refreshes its title, rung and areas; idempotent.
    func registerLab(_ lab: LabRecord) async throws

    /// Records a `running` attempt owned by `owner` (and registers its lab) and returns its id.
    func beginAttempt(_ attempt: NewAttempt, owner: OwnerIdentity) async throws -> AttemptID

    /// Writes the test results and the final status of a running attempt, all or nothing.
    ///
    /// Throws ``StoreError/attemptFinished(_:status:)`` when the attempt already finished (including
    /// when it was reaped as interrupted meanwhile); nothing is written then.
    func finishAttempt(_ id: AttemptID, with outcome: AttemptOutcome) async throws -> AttemptRecord

    /// Marks a running attempt `interrupted`; returns false when it had already finished.
    @discardableResult
    func markInterrupted(_ id: AttemptID, reason: String) async throws -> Bool

    /// Marks `interrupted` every running attempt whose owner process is gone; returns their ids.
    @discardableResult
    func reapInterrupted() async throws -> [AttemptID]

    /// One attempt with its test results.
    func attempt(_ id: AttemptID) async throws -> AttemptDetail?

    /// A learner's attempts, newest first, optionally of one lab only.
    func attempts(learner: LearnerID, labID: String?, limit: Int?) async throws -> [AttemptRecord]

    /// The labs a learner has passed, each with its best passing attempt, ordered by lab id.
    func passedLabs(learner: LearnerID) async throws -> [PassedLab]

    /// Each learner's newest graded attempt (passed, failed or error) of `labID`, or of every lab when nil, ordered
    /// by the learner's email then the lab: a class's gradebook. A staged run (`--stage`) is no grade of the lab.
    func latestGrades(labID: String?) async throws -> [LatestGrade]

    /// The newest `passed` or `failed` attempt of that lab at that commit and grader digest, if any.
    ///
    /// `error` and `interrupted` attempts do not count: the work was not graded. Narrow the search
    /// to a learner, a repository or both; nil matches any.
    func findFinishedAttempt(
        labID: String, commit: String, graderDigest: String, learner: LearnerID?, repository: String?
    ) async throws -> AttemptRecord?
}

extension ResultStore {
    /// Records a `running` attempt owned by this process.
    public func beginAttempt(_ attempt: NewAttempt) async throws -> AttemptID {
        try await beginAttempt(attempt, owner: .current)
    }

    /// All of a learner's attempts, newest first.
    public func attempts(learner: LearnerID, labID: String? = nil) async throws -> [AttemptRecord] {
        try await attempts(learner: learner, labID: labID, limit: nil)
    }
}
