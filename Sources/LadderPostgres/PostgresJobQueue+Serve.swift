import Foundation
import LadderStore
import PostgresNIO

/// What `ladder serve` and the classroom commands ask of the queue beyond a worker's side: webhook deliveries
/// enqueued once, many jobs read at once, the latest grades of a lab, and the counters of `/metrics`.
extension PostgresJobQueue {
    /// Enqueues `spec` for GitHub's delivery `delivery` of `event`, once: the same delivery sent again (GitHub
    /// redelivers after a timeout, or when someone asks it to) returns the job it made the first time, and so does
    /// the same push under a new delivery id while its job is not given up.
    public func enqueue(_ spec: GradingJobSpec, delivery: String, event: String) async throws -> DeliveryOutcome {
        guard !delivery.isEmpty else { throw JobQueueError.invalidJob(field: "delivery id", reason: "is empty") }
        if spec.repository.isEmpty || spec.labID?.isEmpty == true {
            throw JobQueueError.invalidJob(field: spec.repository.isEmpty ? "repository" : "lab id", reason: "is empty")
        }
        let email = try Validation.email(spec.studentEmail, operation: "enqueuing webhook delivery \(delivery)")
        return try await store.transaction("enqueuing webhook delivery \(delivery)") { connection in
            let fresh = try await PostgresResultStore.rows(
                connection,
                """
                INSERT INTO ladder.webhook_delivery (delivery_id, event, received_at)
                VALUES (\(delivery), \(event), clock_timestamp())
                ON CONFLICT (delivery_id) DO NOTHING
                RETURNING delivery_id
                """)
            guard !fresh.isEmpty else {
                // The row is another transaction's, committed (the insert waited for it) with its job.
                let rows = try await PostgresResultStore.rows(
                    connection, "SELECT job_id FROM ladder.webhook_delivery WHERE delivery_id = \(delivery)")
                let job: Int64? = try rows.first.flatMap { try Columns($0)("job_id") }
                guard let job else { throw JobQueueError.invalidJob(field: "delivery id", reason: "has no job") }
                return .duplicate(JobID(rawValue: job))
            }
            // The same push under another delivery id (a captured body replayed: GitHub signs the body, not the
            // id) is the job already made for it, unless that one was given up.
            let same = try await PostgresResultStore.rows(
                connection,
                """
                SELECT id FROM ladder.job
                WHERE repository = \(spec.repository) AND commit_id IS NOT DISTINCT FROM \(spec.commit)
                    AND lab_id IS NOT DISTINCT FROM \(spec.labID) AND student_email = \(email) AND state <> 'dead'
                ORDER BY id LIMIT 1
                """)
            let id: JobID
            if let row = same.first {
                id = JobID(rawValue: try Columns(row)("id"))
            } else {
                id = try await self.insert(spec, email: email, connection)
            }
            try await connection.query(
                "UPDATE ladder.webhook_delivery SET job_id = \(id.rawValue) WHERE delivery_id = \(delivery)",
                logger: PostgresResultStore.logger)
            return same.isEmpty ? .enqueued(id) : .duplicate(id)
        }
    }

    /// The jobs with these ids, as they are now, in id order (ids the queue lacks are left out).
    public func jobs(_ ids: [JobID]) async throws -> [GradingJob] {
        guard !ids.isEmpty else { return [] }
        let raw = ids.map(\.rawValue)
        return try await store.withConnection("reading \(ids.count) jobs") { connection in
            try await PostgresResultStore.rows(
                connection,
                "SELECT \(unescaped: Self.jobColumns) FROM ladder.job WHERE id = ANY(\(raw)) ORDER BY id"
            )
            .map(Self.job)
        }
    }

    /// The jobs of a classroom run or a regrade: the latest `limit` jobs, newest first, of `labID` when given.
    public func recentJobs(labID: String?, limit: Int) async throws -> [GradingJob] {
        try Validation.limit(limit, operation: "listing jobs")
        return try await store.withConnection("listing jobs") { connection in
            try await PostgresResultStore.rows(
                connection,
                """
                SELECT \(unescaped: Self.jobColumns) FROM ladder.job
                WHERE \(labID)::text IS NULL OR lab_id = \(labID)
                ORDER BY id DESC LIMIT \(Int64(limit))
                """
            )
            .map(Self.job)
        }
    }

    /// The repositories and commits of `labID` with a job not finished yet (queued or running): what a regrade must
    /// not enqueue again. A job for the branch's head has a nil commit.
    public func pendingGradings(labID: String) async throws -> Set<PendingGrading> {
        try await store.withConnection("reading the pending jobs of \(labID)") { connection in
            Set(
                try await PostgresResultStore.rows(
                    connection,
                    """
                    SELECT DISTINCT repository, commit_id FROM ladder.job
                    WHERE lab_id = \(labID) AND state IN ('queued', 'running')
                    """
                ).map { row in
                    let columns = Columns(row)
                    return PendingGrading(repository: try columns("repository"), commit: try columns("commit_id"))
                })
        }
    }

    /// The queue's counters as they are now.
    public func statistics() async throws -> QueueStatistics {
        let bounds = QueueStatistics.durationBounds
        return try await store.withConnection("reading the queue's statistics") { connection in
            let jobs = try await self.counts(connection)
            let totals = Columns(
                try await PostgresResultStore.rows(
                    connection,
                    """
                    SELECT coalesce(sum(claims), 0)::bigint AS claims,
                        coalesce(extract(epoch FROM clock_timestamp()
                            - min(enqueued_at) FILTER (WHERE state = 'queued')), 0)::float8 AS oldest
                    FROM ladder.job
                    """)[0])
            var failures: [JobFailureCause: Int] = [:]
            for row in try await PostgresResultStore.rows(
                connection, "SELECT cause, count FROM ladder.job_failure_count")
            {
                let columns = Columns(row)
                let cause = try StoredValue.decode(
                    JobFailureCause.self, columns("cause"), column: "job_failure_count.cause")
                failures[cause] = Int(try columns("count", as: Int64.self))
            }
            let durations = Columns(
                try await PostgresResultStore.rows(
                    connection,
                    """
                    WITH done AS (
                        SELECT extract(epoch FROM finished_at - enqueued_at)::float8 AS seconds
                        FROM ladder.job WHERE state = 'done'
                    )
                    SELECT (SELECT count(*) FROM done)::bigint AS count,
                        (SELECT coalesce(sum(seconds), 0) FROM done)::float8 AS sum,
                        array(
                            SELECT (SELECT count(*) FROM done WHERE seconds <= b.bound)::bigint
                            FROM unnest(\(bounds)::float8[]) WITH ORDINALITY AS b(bound, n) ORDER BY b.n
                        ) AS buckets
                    """)[0])
            return QueueStatistics(
                jobs: jobs, claims: Int(try totals("claims", as: Int64.self)), failures: failures,
                durationBuckets: try durations("buckets", as: [Int64].self).map { Int($0) },
                durationSum: try durations("sum"), durationCount: Int(try durations("count", as: Int64.self)),
                oldestQueuedAge: try totals("oldest"))
        }
    }
}
