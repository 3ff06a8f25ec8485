import Foundation
import LadderStore
import PostgresNIO

/// The grading jobs many workers share, in the same PostgreSQL database as the results.
///
/// A worker ``claim(worker:)``s the next ready job with `SELECT … FOR UPDATE SKIP LOCKED`, so two workers never take
/// the same one and neither waits for the other. It holds the job under a lease it renews with
/// ``heartbeat(_:)``; a job whose lease lapsed (its worker died or hung) is taken by the next claim, which counts that
/// as a failure. Every write a worker makes for a job is fenced by the lease's token: the attempt it begins, the grade
/// it records (in the same transaction that marks the job done, so a job gets exactly one graded attempt even when
/// a lease lapses while its first worker still runs), a failure it reports, the job it hands back. A failure of the
/// infrastructure is tried again after a growing wait, up to ``RetryPolicy/maxFailures``, then the job is dead with
/// the reason.
public final class PostgresJobQueue: Sendable {
    /// The results store of the same database, which records the jobs' attempts.
    public let store: PostgresResultStore
    /// How long a claim lasts without a heartbeat.
    public let lease: Duration
    public let retry: RetryPolicy

    public init(store: PostgresResultStore, lease: Duration = .seconds(30), retry: RetryPolicy = RetryPolicy()) {
        self.store = store
        self.lease = lease
        self.retry = retry
    }

    /// Opens the queue (and the results store) of the database at `url`.
    public static func open(
        url: String, lease: Duration = .seconds(30), retry: RetryPolicy = RetryPolicy()
    ) async throws -> PostgresJobQueue {
        PostgresJobQueue(store: try await PostgresResultStore.open(url: url), lease: lease, retry: retry)
    }

    // MARK: Enqueuing and reading

    /// Adds a job, ready at once.
    public func enqueue(_ spec: GradingJobSpec) async throws -> JobID {
        for (field, value) in [("repository", spec.repository), ("lab id", spec.labID ?? "-")] where value.isEmpty {
            throw JobQueueError.invalidJob(field: field, reason: "is empty")
        }
        let email = try Validation.email(spec.studentEmail, operation: "enqueuing a grading job")
        return try await store.withConnection("enqueuing a grading job of \(spec.repository)") { connection in
            try await self.insert(spec, email: email, connection)
        }
    }

    func insert(_ spec: GradingJobSpec, email: String, _ connection: PostgresConnection) async throws -> JobID {
        let rows = try await PostgresResultStore.rows(
            connection,
            """
            INSERT INTO ladder.job (state, repository, commit_id, lab_id, lab_version, grader_digest,
                student_email, student_name, max_failures, run_after, enqueued_at)
            VALUES ('queued', \(spec.repository), \(spec.commit), \(spec.labID), \(spec.labVersion),
                \(spec.graderDigest), \(email), \(spec.studentName), \(Int32(retry.maxFailures)),
                clock_timestamp(), clock_timestamp())
            RETURNING id
            """)
        return JobID(rawValue: try Columns(rows[0])("id"))
    }

    /// Keeps a learner's uploaded pack and enqueues the grading of `spec`'s commit in it, in one transaction: the job's
    /// repository is the upload's ``GradingJobSpec/uploadPrefix``-name, which a worker reads with ``upload(_:)``.
    public func enqueueUpload(_ pack: Data, _ spec: GradingJobSpec) async throws -> JobID {
        guard let commit = spec.commit else { throw JobQueueError.invalidJob(field: "commit", reason: "is missing") }
        let email = try Validation.email(spec.studentEmail, operation: "enqueuing an uploaded submission")
        return try await store.transaction("enqueuing the submission of \(email)") { connection in
            let rows = try await PostgresResultStore.rows(
                connection,
                """
                INSERT INTO ladder.upload (learner_email, commit_id, pack) VALUES (\(email), \(commit), \(pack))
                RETURNING id
                """)
            var job = spec
            job.repository = GradingJobSpec.uploadPrefix + String(try Columns(rows[0])("id", as: Int64.self))
            return try await self.insert(job, email: email, connection)
        }
    }

    /// The pack of an upload (see ``enqueueUpload(_:_:)``) and the commit it was uploaded for, or nil when there is
    /// no such upload.
    public func upload(_ id: Int64) async throws -> (pack: Data, commit: String)? {
        try await store.withConnection("reading upload \(id)") { connection in
            try await PostgresResultStore.rows(
                connection, "SELECT pack, commit_id FROM ladder.upload WHERE id = \(id)"
            ).first.map { row in
                let columns = Columns(row)
                return (try columns("pack", as: Data.self), try columns("commit_id", as: String.self))
            }
        }
    }

    /// Appends what the worker holding `claim` tells of its grading (each a JSON text), after those it told before.
    /// Returns false when the worker no longer holds the job.
    public func appendEvents(_ events: [String], for claim: JobClaim) async throws -> Bool {
        guard !events.isEmpty else { return true }
        return try await store.transaction("telling the progress of job \(claim.id)") { connection in
            try await Self.commitWithoutWaitingForDisk(connection)
            let held = try await PostgresResultStore.rows(
                connection,
                """
                SELECT coalesce((SELECT max(seq) FROM ladder.job_event WHERE job_id = j.id), 0) AS last
                FROM ladder.job AS j
                WHERE j.id = \(claim.id.rawValue) AND j.state = 'running' AND j.lease_token = \(claim.token)
                FOR UPDATE
                """)
            guard let row = held.first else { return false }
            var seq = Int32(try Columns(row)("last", as: Int32.self))
            for event in events {
                seq += 1
                try await connection.query(
                    "INSERT INTO ladder.job_event (job_id, seq, event) VALUES (\(claim.id.rawValue), \(seq), \(event))",
                    logger: PostgresResultStore.logger)
            }
            return true
        }
    }

    /// What was told of job `id`'s grading after the `after`-th event, in order, with their numbers.
    public func events(of id: JobID, after: Int) async throws -> [(seq: Int, event: String)] {
        try await store.withConnection("reading the progress of job \(id)") { connection in
            try await PostgresResultStore.rows(
                connection,
                """
                SELECT seq, event FROM ladder.job_event WHERE job_id = \(id.rawValue) AND seq > \(Int32(clamping: after))
                ORDER BY seq LIMIT 1000
                """
            ).map { row in
                let columns = Columns(row)
                return (Int(try columns("seq", as: Int32.self)), try columns("event", as: String.self))
            }
        }
    }

    /// How many uploads `email` made since `date`, for the server's per-learner limit.
    public func uploads(by email: String, since date: Date) async throws -> Int {
        try await store.withConnection("counting the uploads of \(email)") { connection in
            let rows = try await PostgresResultStore.rows(
                connection,
                """
                SELECT count(*) AS n FROM ladder.upload
                WHERE learner_email = \(email) AND created_at >= ladder.at(\(Validation.milliseconds(date)))
                """)
            return Int(try Columns(rows[0])("n", as: Int64.self))
        }
    }

    /// One job, as it is now.
    public func job(_ id: JobID) async throws -> GradingJob? {
        try await store.withConnection("reading job \(id)") { connection in
            try await PostgresResultStore.rows(
                connection, "SELECT \(unescaped: Self.jobColumns) FROM ladder.job WHERE id = \(id.rawValue)"
            )
            .first.map(Self.job)
        }
    }

    /// How many jobs are in each state.
    public func counts() async throws -> [JobState: Int] {
        try await store.withConnection("counting jobs") { connection in try await self.counts(connection) }
    }

    func counts(_ connection: PostgresConnection) async throws -> [JobState: Int] {
        var counts: [JobState: Int] = [:]
        for row in try await PostgresResultStore.rows(
            connection, "SELECT state, count(*) AS jobs FROM ladder.job GROUP BY state")
        {
            let columns = Columns(row)
            let state = try StoredValue.decode(JobState.self, columns("state"), column: "job.state")
            counts[state] = Int(try columns("jobs", as: Int64.self))
        }
        return counts
    }

    // MARK: A worker's side

    /// Takes the next ready job for `worker`, or nil when none is ready.
    ///
    /// Ready: queued and past its backoff, or running under a lease that lapsed. Taking over a lapsed lease counts a
    /// failure (the worker that held it died or hung) and interrupts the attempt it left running; a job that used up
    /// its failures that way is dead, and the next one is looked at.
    public func claim(worker: String) async throws -> JobClaim? {
        let lease = lease.inSeconds
        return try await store.transaction("claiming a job for \(worker)") { connection in
            try await Self.commitWithoutWaitingForDisk(connection)
            while true {
                let candidates = try await PostgresResultStore.rows(
                    connection,
                    """
                    SELECT id, state, failures, max_failures, lease_owner FROM ladder.job
                    WHERE (state = 'queued' AND run_after <= clock_timestamp())
                        OR (state = 'running' AND lease_expires_at <= clock_timestamp())
                    ORDER BY run_after, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED
                    """)
                guard let candidate = candidates.first.map(Columns.init) else { return nil }
                let id: Int64 = try candidate("id")
                var failures = Int(try candidate("failures", as: Int32.self))
                var lastError: String? = nil
                if try candidate("state", as: String.self) == JobState.running.rawValue {
                    let owner = try candidate("lease_owner", as: String?.self) ?? "unknown"
                    let reason = "the lease of worker \(owner) lapsed: it died or hung while grading"
                    failures += 1
                    lastError = reason
                    try await Self.interruptAttempts(ofJob: id, reason: reason, connection)
                    try await Self.count(.leaseLapsed, connection)
                    if failures >= Int(try candidate("max_failures", as: Int32.self)) {
                        try await Self.bury(id, failures: failures, reason: reason, connection)
                        continue
                    }
                }
                let rows = try await PostgresResultStore.rows(
                    connection,
                    """
                    UPDATE ladder.job SET state = 'running', lease_token = gen_random_uuid(), lease_owner = \(worker),
                        lease_expires_at = clock_timestamp() + make_interval(secs => \(lease)),
                        heartbeat_at = clock_timestamp(), claims = claims + 1, failures = \(Int32(failures)),
                        last_error = coalesce(\(lastError), last_error)
                    WHERE id = \(id)
                    RETURNING \(unescaped: Self.jobColumns), lease_token
                    """)
                return JobClaim(
                    job: try Self.job(rows[0]), token: try Columns(rows[0])("lease_token"), worker: worker)
            }
        }
    }

    /// Renews the claim's lease; false when the worker no longer holds the job (it must stop grading it).
    @discardableResult
    public func heartbeat(_ claim: JobClaim) async throws -> Bool {
        let lease = lease.inSeconds
        return try await store.transaction("renewing the lease of job \(claim.id)") { connection in
            try await Self.commitWithoutWaitingForDisk(connection)
            return try await !PostgresResultStore.rows(
                connection,
                """
                UPDATE ladder.job SET lease_expires_at = clock_timestamp() + make_interval(secs => \(lease)),
                    heartbeat_at = clock_timestamp()
                WHERE id = \(claim.id.rawValue) AND state = 'running' AND lease_token = \(claim.token)
                RETURNING id
                """
            ).isEmpty
        }
    }

    /// Begins the job's attempt, if the worker still holds the job.
    public func beginAttempt(for claim: JobClaim, _ attempt: NewAttempt, owner: OwnerIdentity) async throws
        -> AttemptID
    {
        try await store.beginAttempt(attempt, owner: owner, job: claim.id.rawValue) { connection in
            try await Self.commitWithoutWaitingForDisk(connection)
            _ = try await Self.fence(claim, connection)
        }
    }

    /// Lets the current transaction's commit return before its WAL reaches the disk (`synchronous_commit = off`),
    /// for the writes a worker makes on the way to a grade: its claim, heartbeats and the attempt it begins.
    ///
    /// Safe because the grade is recorded, fenced, in a transaction that does wait: its commit makes every earlier
    /// one durable too (the WAL is written in order). A database that crashes first loses at most the last few of
    /// these writes, and consistently: a lost claim returns the job to the queue and the worker's fenced writes for it
    /// are refused, so the job is still graded exactly once. Each saved an fsync, about a third of the database's
    /// time per job.
    static func commitWithoutWaitingForDisk(_ connection: PostgresConnection) async throws {
        try await connection.query("SET LOCAL synchronous_commit = off", logger: PostgresResultStore.logger)
    }

    /// Records the job's grade and marks the job done, in one transaction, if the worker still holds the job.
    ///
    /// A worker that lost the job gets ``JobQueueError/leaseLost(_:worker:)``: its grade is not recorded and its
    /// attempt ends `interrupted`, so the job keeps exactly one graded attempt, the other worker's.
    public func finishAttempt(for claim: JobClaim, _ id: AttemptID, with outcome: AttemptOutcome) async throws
        -> AttemptRecord
    {
        do {
            return try await store.finishAttempt(id, with: outcome) { connection in
                try await Self.fence(claim, connection)
                try await connection.query(
                    """
                    UPDATE ladder.job SET state = 'done', attempt_id = \(id.rawValue), finished_at = clock_timestamp(),
                        lease_token = NULL, lease_expires_at = NULL
                    WHERE id = \(claim.id.rawValue)
                    """, logger: PostgresResultStore.logger)
            }
        } catch let error as JobQueueError {
            _ = try? await store.markInterrupted(
                id,
                reason: "worker \(claim.worker) lost job \(claim.id) to another worker before recording this grade")
            throw error
        }
    }

    /// Reports that grading the job failed for the infrastructure, not the learner: the job is tried again after the
    /// policy's wait, or is dead once it failed ``RetryPolicy/maxFailures`` times. Returns the job's new state.
    ///
    /// `final`: the job cannot be graded however often it is tried (the repository pins a lab no catalog has, or has
    /// no commit): it is dead at once, with the reason, counted as given up and not as the infrastructure's failure.
    @discardableResult
    public func fail(_ claim: JobClaim, reason: String, final: Bool = false) async throws -> JobState {
        let retry = retry
        return try await store.transaction("reporting the failure of job \(claim.id)") { connection in
            let failures = try await Self.fence(claim, connection) + 1
            try await Self.interruptAttempts(ofJob: claim.id.rawValue, reason: reason, connection)
            if !final { try await Self.count(.infrastructure, connection) }
            if final || failures >= claim.job.maxFailures {
                try await Self.bury(claim.id.rawValue, failures: failures, reason: reason, connection)
                return .dead
            }
            let delay = retry.delay(afterFailures: failures).inSeconds
            try await connection.query(
                """
                UPDATE ladder.job SET state = 'queued', failures = \(Int32(failures)), last_error = \(reason),
                    run_after = clock_timestamp() + make_interval(secs => \(delay)), lease_token = NULL,
                    lease_expires_at = NULL
                WHERE id = \(claim.id.rawValue)
                """, logger: PostgresResultStore.logger)
            return .queued
        }
    }

    /// Hands the job back without counting a failure, for another worker to take after `delay` (a worker stopping,
    /// or one without the lab version the job needs, which says so in `reason`).
    public func release(_ claim: JobClaim, reason: String? = nil, delay: Duration = .zero) async throws {
        try await handBack(claim, reason: reason, delay: delay, refused: false)
    }

    /// Hands the job back because this worker cannot grade it as asked (`reason` says why, on the job), for another
    /// worker to take after `delay`; counted among the refusals `/metrics` shows, but not as a failure of the job.
    public func refuse(_ claim: JobClaim, reason: String, delay: Duration) async throws {
        try await handBack(claim, reason: reason, delay: delay, refused: true)
    }

    private func handBack(_ claim: JobClaim, reason: String?, delay: Duration, refused: Bool) async throws {
        let delay = delay.inSeconds
        let message = reason ?? "worker \(claim.worker) stopped before grading it"
        try await store.transaction("handing back job \(claim.id)") { connection in
            try await Self.fence(claim, connection)
            try await Self.interruptAttempts(ofJob: claim.id.rawValue, reason: message, connection)
            if refused { try await Self.count(.refused, connection) }
            try await connection.query(
                """
                UPDATE ladder.job SET state = 'queued', last_error = coalesce(\(reason), last_error),
                    run_after = clock_timestamp() + make_interval(secs => \(delay)), lease_token = NULL,
                    lease_expires_at = NULL
                WHERE id = \(claim.id.rawValue)
                """, logger: PostgresResultStore.logger)
        }
    }

    /// The results store as the worker grading `claim` sees it: attempts it begins belong to the job, and its grade is
    /// recorded only while it holds the job.
    public func store(for claim: JobClaim) -> some ResultStore {
        FencedJobStore(queue: self, claim: claim)
    }

    // MARK: Helpers

    static let jobColumns = """
        id, state, repository, commit_id, lab_id, lab_version, grader_digest, student_email, student_name, claims,
        failures, max_failures, ladder.ms(run_after) AS run_after, lease_owner,
        ladder.ms(lease_expires_at) AS lease_expires_at, attempt_id, last_error, ladder.ms(enqueued_at) AS enqueued_at,
        ladder.ms(finished_at) AS finished_at
        """

    /// Locks the job's row and checks that `claim` still holds it; returns the job's failures so far.
    @discardableResult
    private static func fence(_ claim: JobClaim, _ connection: PostgresConnection) async throws -> Int {
        let rows = try await PostgresResultStore.rows(
            connection,
            """
            SELECT failures FROM ladder.job
            WHERE id = \(claim.id.rawValue) AND state = 'running' AND lease_token = \(claim.token)
            FOR UPDATE
            """)
        guard let row = rows.first else { throw JobQueueError.leaseLost(claim.id, worker: claim.worker) }
        return Int(try Columns(row)("failures", as: Int32.self))
    }

    /// Adds one to the queue's counter of failures for `cause`.
    static func count(_ cause: JobFailureCause, _ connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO ladder.job_failure_count (cause, count) VALUES (\(cause.rawValue), 1)
            ON CONFLICT (cause) DO UPDATE SET count = ladder.job_failure_count.count + 1
            """, logger: PostgresResultStore.logger)
    }

    private static func bury(
        _ id: Int64, failures: Int, reason: String, _ connection: PostgresConnection
    ) async throws {
        try await count(.givenUp, connection)
        try await connection.query(
            """
            UPDATE ladder.job SET state = 'dead', failures = \(Int32(failures)),
                last_error = \("gave up after \(failures) failure\(failures == 1 ? "" : "s"); the last: \(reason)"),
                finished_at = clock_timestamp(), lease_token = NULL, lease_expires_at = NULL
            WHERE id = \(id)
            """, logger: PostgresResultStore.logger)
    }

    private static func interruptAttempts(
        ofJob id: Int64, reason: String, _ connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            UPDATE ladder.attempt SET status = 'interrupted', finished_at = greatest(started_at, clock_timestamp()),
                message = \(reason)
            WHERE job_id = \(id) AND status = 'running'
            """, logger: PostgresResultStore.logger)
    }

    static func job(_ row: PostgresRow) throws -> GradingJob {
        let columns = Columns(row)
        let leaseExpiresAt: Int64? = try columns("lease_expires_at")
        let finishedAt: Int64? = try columns("finished_at")
        let attemptID: Int64? = try columns("attempt_id")
        return GradingJob(
            id: JobID(rawValue: try columns("id")),
            spec: GradingJobSpec(
                repository: try columns("repository"), commit: try columns("commit_id"), labID: try columns("lab_id"),
                labVersion: try columns("lab_version"), graderDigest: try columns("grader_digest"),
                studentEmail: try columns("student_email"), studentName: try columns("student_name")),
            state: try StoredValue.decode(JobState.self, columns("state"), column: "job.state"),
            claims: Int(try columns("claims", as: Int32.self)), failures: Int(try columns("failures", as: Int32.self)),
            maxFailures: Int(try columns("max_failures", as: Int32.self)),
            runAfter: Validation.date(milliseconds: try columns("run_after")), leaseOwner: try columns("lease_owner"),
            leaseExpiresAt: leaseExpiresAt.map(Validation.date(milliseconds:)),
            attemptID: attemptID.map(AttemptID.init),
            lastError: try columns("last_error"), enqueuedAt: Validation.date(milliseconds: try columns("enqueued_at")),
            finishedAt: finishedAt.map(Validation.date(milliseconds:)))
    }
}

/// The results store of one job's worker: every call goes to the database's store, but the attempt it begins belongs
/// to the job and its grade is recorded through the job's fence.
struct FencedJobStore: ResultStore {
    let queue: PostgresJobQueue
    let claim: JobClaim

    func upsertLearner(name: String, email: String) async throws -> LearnerRecord {
        try await queue.store.upsertLearner(name: name, email: email)
    }

    func learner(email: String) async throws -> LearnerRecord? { try await queue.store.learner(email: email) }

    func learner(id: LearnerID) async throws -> LearnerRecord? { try await queue.store.learner(id: id) }

    func registerLab(_ lab: LabRecord) async throws { try await queue.store.registerLab(lab) }

    func beginAttempt(_ attempt: NewAttempt, owner: OwnerIdentity) async throws -> AttemptID {
        try await queue.beginAttempt(for: claim, attempt, owner: owner)
    }

    func finishAttempt(_ id: AttemptID, with outcome: AttemptOutcome) async throws -> AttemptRecord {
        try await queue.finishAttempt(for: claim, id, with: outcome)
    }

    func markInterrupted(_ id: AttemptID, reason: String) async throws -> Bool {
        try await queue.store.markInterrupted(id, reason: reason)
    }

    func reapInterrupted() async throws -> [AttemptID] { try await queue.store.reapInterrupted() }

    func attempt(_ id: AttemptID) async throws -> AttemptDetail? { try await queue.store.attempt(id) }

    func attempts(learner: LearnerID, labID: String?, limit: Int?) async throws -> [AttemptRecord] {
        try await queue.store.attempts(learner: learner, labID: labID, limit: limit)
    }

    func passedLabs(learner: LearnerID) async throws -> [LadderStore.PassedLab] {
        try await queue.store.passedLabs(learner: learner)
    }

    func latestGrades(labID: String?) async throws -> [LatestGrade] {
        try await queue.store.latestGrades(labID: labID)
    }

    func findFinishedAttempt(
        labID: String, commit: String, graderDigest: String, learner: LearnerID?, repository: String?
    ) async throws -> AttemptRecord? {
        try await queue.store.findFinishedAttempt(
            labID: labID, commit: commit, graderDigest: graderDigest, learner: learner, repository: repository)
    }
}
