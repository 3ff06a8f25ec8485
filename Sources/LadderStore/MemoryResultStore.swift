import Foundation
import LadderModel

/// A results store held in memory, for tests of the layers above; it keeps the same rules as SQLite.
public actor MemoryResultStore: ResultStore {
    private struct LabKey: Hashable {
        var labID: String
        var version: String
        var graderDigest: String
    }

    private var learners: [LearnerID: LearnerRecord] = [:]
    private var labs: [LabKey: LabRecord] = [:]
    private var attemptRecords: [AttemptID: AttemptRecord] = [:]
    private var results: [AttemptID: [TestResultRecord]] = [:]
    private var lastLearnerID: Int64 = 0
    private var lastAttemptID: Int64 = 0

    public init() {}

    public func upsertLearner(name: String, email: String) throws -> LearnerRecord {
        let email = try Validation.email(email, operation: "recording a learner")
        let operation = "recording learner \(email)"
        let name = try Validation.name(name, operation: operation)
        if var existing = learners.values.first(where: { $0.email == email }) {
            existing.name = name
            learners[existing.id] = existing
            return existing
        }
        lastLearnerID += 1
        let record = LearnerRecord(
            id: LearnerID(rawValue: lastLearnerID), name: name, email: email, createdAt: Validation.truncated(Date()))
        learners[record.id] = record
        return record
    }

    public func learner(email: String) throws -> LearnerRecord? {
        let email = try Validation.email(email, operation: "looking up a learner")
        return learners.values.first { $0.email == email }
    }

    public func learner(id: LearnerID) -> LearnerRecord? {
        learners[id]
    }

    public func registerLab(_ lab: LabRecord) throws {
        try Validation.lab(lab, operation: "registering lab \(lab.labID)")
        labs[LabKey(labID: lab.labID, version: lab.version, graderDigest: lab.graderDigest)] = lab
    }

    public func beginAttempt(_ attempt: NewAttempt, owner: OwnerIdentity) throws -> AttemptID {
        try Validation.newAttempt(attempt, operation: "beginning an attempt at \(attempt.lab.labID)")
        guard learners[attempt.learner] != nil else { throw StoreError.learnerNotFound(attempt.learner) }
        try registerLab(attempt.lab)
        lastAttemptID += 1
        let id = AttemptID(rawValue: lastAttemptID)
        attemptRecords[id] = AttemptRecord(
            id: id, learner: attempt.learner, labID: attempt.lab.labID, labVersion: attempt.lab.version,
            graderDigest: attempt.lab.graderDigest, language: attempt.language, commit: attempt.commit,
            tree: attempt.tree, repository: attempt.repository, source: attempt.source,
            toolVersion: attempt.toolVersion, status: .running, score: nil, maxScore: nil,
            startedAt: Validation.truncated(attempt.startedAt), finishedAt: nil, owner: owner, signature: nil,
            message: nil, throughStage: attempt.throughStage, late: attempt.late)
        return id
    }

    public func finishAttempt(_ id: AttemptID, with outcome: AttemptOutcome) throws -> AttemptRecord {
        guard var record = attemptRecords[id] else { throw StoreError.attemptNotFound(id) }
        guard record.status == .running else { throw StoreError.attemptFinished(id, status: record.status) }
        try Validation.outcome(outcome, of: id, startedAt: record.startedAt)
        record.status = outcome.status
        record.score = outcome.score
        record.maxScore = outcome.maxScore
        record.finishedAt = Validation.truncated(outcome.finishedAt)
        record.signature = outcome.signature
        record.message = outcome.message
        attemptRecords[id] = record
        results[id] = outcome.results
        return record
    }

    @discardableResult
    public func markInterrupted(_ id: AttemptID, reason: String) throws -> Bool {
        guard let record = attemptRecords[id] else { throw StoreError.attemptNotFound(id) }
        guard record.status == .running else { return false }
        interrupt(id, message: reason)
        return true
    }

    @discardableResult
    public func reapInterrupted() -> [AttemptID] {
        let dead = attemptRecords.values
            .filter { $0.status == .running && $0.owner.liveness() == .dead }
            .map(\.id)
            .sorted()
        for id in dead {
            let owner = attemptRecords[id]!.owner
            interrupt(
                id, message: "the grading process \(owner.pid) on \(owner.host) ended before the attempt finished")
        }
        return dead
    }

    private func interrupt(_ id: AttemptID, message: String) {
        guard var record = attemptRecords[id] else { return }
        record.status = .interrupted
        record.finishedAt = max(record.startedAt, Validation.truncated(Date()))
        record.message = message
        attemptRecords[id] = record
    }

    public func attempt(_ id: AttemptID) -> AttemptDetail? {
        attemptRecords[id].map { AttemptDetail(attempt: $0, results: results[id] ?? []) }
    }

    public func attempts(learner: LearnerID, labID: String?, limit: Int?) throws -> [AttemptRecord] {
        try Validation.limit(limit, operation: "reading the history of learner \(learner)")
        let matching = attemptRecords.values
            .filter { $0.learner == learner && (labID == nil || $0.labID == labID) }
            .sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
        return limit.map { Array(matching.prefix($0)) } ?? matching
    }

    public func passedLabs(learner: LearnerID) -> [PassedLab] {
        let passed = attemptRecords.values.filter {
            $0.learner == learner && $0.status == .passed && $0.throughStage == nil
        }
        return Dictionary(grouping: passed, by: \.labID).values.compactMap { attempts -> PassedLab? in
            let best = attempts.min { a, b in
                let (shareA, shareB) = (Self.share(a), Self.share(b))
                if shareA != shareB { return shareA > shareB }
                return (a.finishedAt!, a.id) < (b.finishedAt!, b.id)
            }
            guard let best, let score = best.score, let maxScore = best.maxScore, let finishedAt = best.finishedAt,
                let lab = labs[LabKey(labID: best.labID, version: best.labVersion, graderDigest: best.graderDigest)]
            else { return nil }
            return PassedLab(
                labID: best.labID, labVersion: best.labVersion, graderDigest: best.graderDigest, title: lab.title,
                rung: lab.rung, areas: lab.areas, attemptID: best.id, commit: best.commit, tree: best.tree,
                score: score, maxScore: maxScore, finishedAt: finishedAt)
        }
        .sorted { $0.labID < $1.labID }
    }

    public func latestGrades(labID: String?) -> [LatestGrade] {
        let graded = attemptRecords.values.filter {
            (labID == nil || $0.labID == labID) && [.passed, .failed, .error].contains($0.status)
                && $0.throughStage == nil
        }
        struct Key: Hashable {
            var learner: LearnerID
            var labID: String
        }
        return Dictionary(grouping: graded) { Key(learner: $0.learner, labID: $0.labID) }.values
            .compactMap { attempts -> LatestGrade? in
                guard let newest = attempts.max(by: { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }),
                    let learner = learners[newest.learner]
                else { return nil }
                return LatestGrade(learner: learner, attempt: newest)
            }
            .sorted { ($0.learner.email, $0.attempt.labID) < ($1.learner.email, $1.attempt.labID) }
    }

    public func findFinishedAttempt(
        labID: String, commit: String, graderDigest: String, learner: LearnerID?, repository: String?
    ) -> AttemptRecord? {
        attemptRecords.values
            .filter {
                $0.labID == labID && $0.commit == commit && $0.graderDigest == graderDigest
                    && ($0.status == .passed || $0.status == .failed) && $0.throughStage == nil
                    && (learner == nil || $0.learner == learner) && (repository == nil || $0.repository == repository)
            }
            .max { ($0.finishedAt!, $0.id) < ($1.finishedAt!, $1.id) }
    }

    private static func share(_ attempt: AttemptRecord) -> Double {
        Validation.share(score: attempt.score ?? 0, maxScore: attempt.maxScore ?? 0)
    }
}
