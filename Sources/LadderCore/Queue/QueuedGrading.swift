import Foundation
import LadderGrading
import LadderModel
import LadderPostgres
import LadderStore

/// The classroom commands over the queue: jobs enqueued for `ladder worker`s to grade, followed until each is graded
/// or given up, then read back as gradebook rows, and the regrading of the attempts other graders graded.
extension LadderEnvironment {
    /// The lab's version and grader digest in this catalog, which the jobs carry so that a worker with another
    /// catalog refuses them instead of grading against other tests.
    func pinned(_ labID: String) throws -> (Lab, version: String, digest: String) {
        let lab = try catalog.requireLab(labID)
        let (_, digest) = try graderSpec(for: lab)
        return (lab, lab.version.description, digest)
    }

    /// Enqueues one job per roster entry, in roster order, each for the head of the repository's default branch.
    public func enqueueClassroom(_ roster: [RosterEntry], labID: String, queue: PostgresJobQueue) async throws
        -> [JobID]
    {
        let (_, version, digest) = try pinned(labID)
        var ids: [JobID] = []
        for entry in roster {
            ids.append(
                try await queue.enqueue(
                    GradingJobSpec(
                        repository: entry.repository.description, labID: labID, labVersion: version,
                        graderDigest: digest, studentEmail: entry.email ?? "\(entry.student)@roster.invalid",
                        studentName: entry.name ?? entry.student)))
        }
        return ids
    }

    /// Waits until every job in `ids` is done or dead, and calls `finished` once for each, in the order they finish;
    /// with nil for a job gone from the queue (deleted by hand), so following never waits forever. It looks again
    /// whenever the queue announces a finished job (``JobNotice/finished``), and every `poll` in case an announcement
    /// was lost. Cancelled, it returns at once: the jobs stay in the queue for the workers.
    public func follow(
        _ ids: [JobID], queue: PostgresJobQueue, poll: Duration = .milliseconds(500),
        finished: (JobID, GradingJob?) async throws -> Void
    ) async throws {
        let announced = Doorbell()
        let listener = Task { await queue.listen(for: .finished, ringing: announced) }
        defer { listener.cancel() }
        var waiting = Set(ids)
        while !waiting.isEmpty {
            try Task.checkCancellation()
            let seen = announced.rings
            let jobs = try await queue.jobs(Array(waiting))
            for id in waiting.subtracting(jobs.map(\.id)).sorted() {
                waiting.remove(id)
                try await finished(id, nil)
            }
            for job in jobs where job.state == .done || job.state == .dead {
                waiting.remove(job.id)
                try await finished(job.id, job)
            }
            if !waiting.isEmpty { await announced.wait(after: seen, timeout: poll) }
        }
    }

    static let vanishedReason = "the job is no longer in the queue (deleted by hand?)"

    /// The gradebook row of a finished job of `entry`: its grade, or why it has none.
    public func gradebookRow(
        _ job: GradingJob?, entry: RosterEntry, labID: String, queue: PostgresJobQueue
    ) async throws -> GradebookRow {
        let location = entry.repository.description
        guard let job, job.state == .done, let attemptID = job.attemptID,
            let detail = try await queue.store.attempt(attemptID)
        else {
            return GradebookRow(
                student: entry.student, repository: location, commit: nil, score: nil, maxScore: nil, status: .error,
                late: false, gradedAt: job?.finishedAt ?? Date(),
                reason: job.map { $0.lastError ?? "not graded" } ?? Self.vanishedReason, reused: false, report: nil)
        }
        let lab = try catalog.requireLab(labID)
        let (spec, _) = try graderSpec(for: lab)
        let report = GradeReport(reusing: detail, lab: lab, spec: spec, learner: job.spec.studentEmail)
        return GradebookRow(
            student: entry.student, repository: location, commit: detail.attempt.commit, score: report.score,
            maxScore: report.maxScore, status: GradebookRow.Status(report.status), late: false,
            gradedAt: report.finishedAt,
            reason: report.errorMessage, reused: false, report: report)
    }

    /// Grades a roster through the queue: enqueues every repository, follows the jobs, writes each report as its
    /// job finishes and the gradebook at the end, in roster order. Cancelled, it stops following (the jobs stay
    /// queued and are graded all the same) and throws `CancellationError`.
    public func gradeClassroom(
        _ roster: [RosterEntry], labID: String, queue: PostgresJobQueue, output: ClassroomOutput,
        poll: Duration = .milliseconds(500), enqueued: ([JobID]) -> Void = { _ in },
        progress: @Sendable (ClassroomProgress, GradebookRow) -> Void = { _, _ in }
    ) async throws -> [GradebookRow] {
        let started = ContinuousClock.now
        let ids = try await enqueueClassroom(roster, labID: labID, queue: queue)
        enqueued(ids)
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var rows = [GradebookRow?](repeating: nil, count: roster.count)
        var (done, errors) = (0, 0)
        try await follow(ids, queue: queue, poll: poll) { id, job in
            guard let position = index[id] else { return }
            var row = try await gradebookRow(job, entry: roster[position], labID: labID, queue: queue)
            do throws(LadderError) {
                try output.writeReports(of: row)
            } catch {
                row = row.unwritten(because: error.message)
            }
            rows[position] = row
            done += 1
            if row.status == .error { errors += 1 }
            progress(
                ClassroomProgress(
                    done: done, total: roster.count, errors: errors, elapsed: ContinuousClock.now - started),
                row)
        }
        let gradebook = rows.compactMap { $0 }
        try output.writeGradebook(gradebook)
        return gradebook
    }
}

/// A learner's grade of a lab before and after a regrade.
public struct RegradedAttempt: Sendable {
    public var learner: LearnerRecord
    public var before: AttemptRecord
    public var job: JobID
    /// The new grade; nil when the job was given up (``reason`` says why).
    public var after: AttemptRecord?
    public var reason: String?

    /// Whether the verdict changed (a regrade that could not grade counts as a change: the grade is gone).
    public var changed: Bool { after?.status != before.status }
}

extension LadderEnvironment {
    /// The latest grades of `labID` that this catalog would grade differently (graded at another lab version or
    /// with other grader files), split into those a worker can regrade and those it cannot: a learner's own local
    /// `ladder submit` (its repository is on their machine; an upload to the server is regradable) or an attempt
    /// without a commit. Grades with a regrade
    /// already queued or running are left out, so running this twice enqueues nothing twice.
    public func staleGrades(labID: String, queue: PostgresJobQueue) async throws -> (
        regradable: [LatestGrade], elsewhere: [LatestGrade]
    ) {
        let (_, version, digest) = try pinned(labID)
        let pending = try await queue.pendingGradings(labID: labID)
        let stale = try await queue.store.latestGrades(labID: labID).filter {
            ($0.attempt.labVersion != version || $0.attempt.graderDigest != digest)
                && !pending.contains(PendingGrading(repository: $0.attempt.repository, commit: $0.attempt.commit))
        }
        // A submission uploaded to the server is kept there (`upload:ID`): a worker can grade it again.
        func canRegrade(_ grade: LatestGrade) -> Bool {
            grade.attempt.commit != nil
                && (grade.attempt.source != .submit
                    || grade.attempt.repository.hasPrefix(GradingJobSpec.uploadPrefix))
        }
        return (stale.filter(canRegrade), stale.filter { !canRegrade($0) })
    }

    /// Enqueues the regrading of each stale grade, at the commit and repository it graded, for the same learner;
    /// the earlier attempts stay as they were recorded.
    public func enqueueRegrades(_ stale: [LatestGrade], labID: String, queue: PostgresJobQueue) async throws
        -> [JobID]
    {
        let (_, version, digest) = try pinned(labID)
        var ids: [JobID] = []
        for grade in stale {
            ids.append(
                try await queue.enqueue(
                    GradingJobSpec(
                        repository: grade.attempt.repository, commit: grade.attempt.commit, labID: labID,
                        labVersion: version, graderDigest: digest, studentEmail: grade.learner.email,
                        studentName: grade.learner.name)))
        }
        return ids
    }

    /// Follows regrade jobs to their end and pairs each new grade with the one it replaces, in `stale`'s order.
    public func followRegrades(
        _ stale: [LatestGrade], jobs: [JobID], queue: PostgresJobQueue, poll: Duration = .milliseconds(500),
        progress: (RegradedAttempt) -> Void = { _ in }
    ) async throws -> [RegradedAttempt] {
        let index = Dictionary(uniqueKeysWithValues: jobs.enumerated().map { ($1, $0) })
        var results = [RegradedAttempt?](repeating: nil, count: stale.count)
        try await follow(jobs, queue: queue, poll: poll) { id, job in
            guard let position = index[id] else { return }
            var after: AttemptRecord?
            if let attempt = job?.attemptID { after = try await queue.store.attempt(attempt)?.attempt }
            let result = RegradedAttempt(
                learner: stale[position].learner, before: stale[position].attempt, job: id, after: after,
                reason: after == nil ? job.map { $0.lastError ?? "not graded" } ?? Self.vanishedReason : nil)
            results[position] = result
            progress(result)
        }
        return results.compactMap { $0 }
    }
}
