import Foundation
import LadderModel
import LadderStore
import Logging
import PostgresNIO

/// The results store that many grading machines share: a PostgreSQL database, through postgres-nio's connection pool.
///
/// It keeps the same rules as ``SQLiteResultStore`` (the behaviour suite runs against both), with one difference the
/// many machines need: a running attempt is held by a lease. The process that began it renews the lease (every third
/// of ``leaseDuration``) while it lives; ``reapInterrupted()`` marks `interrupted` an attempt whose lease lapsed,
/// wherever its grader ran, and at once one whose grader this machine can see has ended (the pid rule SQLite uses).
/// Leases are timed by the database's clock, so the machines' clocks need not agree.
///
/// Opening a store connects once on its own (so a failure says exactly why: no server, a wrong password, no such
/// database), applies pending migrations under an advisory lock (so two machines opening at once do not race), then
/// reaps attempts whose grader is gone.
public final class PostgresResultStore: ResultStore {
    /// The database, as its URL names it (``PostgresStoreURL/description`` hides the password).
    public let url: PostgresStoreURL
    /// How long a running attempt stays owned without its grader renewing the lease.
    public let leaseDuration: Duration
    let client: PostgresClient
    private let running: Task<Void, Never>
    private let renewing: Task<Void, Never>
    private let renewals: LeaseRenewals

    /// The migrations this version of Ladder knows, oldest first, as `VERSION-NAME`.
    public static var schemaMigrations: [String] { migrations.map { "\($0.version)-\($0.name)" } }

    /// Opens the store at `url`, creating Ladder's schema `ladder` in that database when missing.
    ///
    /// - Parameters:
    ///   - leaseDuration: How long an attempt this process begins stays owned if the process stops renewing it
    ///     (it renews every third of that while it runs).
    ///   - reapOnOpen: Whether to mark `interrupted` the running attempts whose grader is gone.
    public static func open(
        _ url: PostgresStoreURL, leaseDuration: Duration = .seconds(30), reapOnOpen: Bool = true
    ) async throws -> PostgresResultStore {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: url.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw translate(error, operation: "connecting to PostgreSQL at \(url.serverDescription)", url: url)
        }
        do {
            try await migrate(connection, url: url)
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw translate(error, operation: "upgrading the schema", url: url)
        }
        let store = try PostgresResultStore(url: url, leaseDuration: leaseDuration)
        if reapOnOpen {
            try await store.reapInterrupted()
        }
        return store
    }

    /// Opens the store named by the URL `text`.
    public static func open(
        url text: String, leaseDuration: Duration = .seconds(30), reapOnOpen: Bool = true
    ) async throws -> PostgresResultStore {
        try await open(PostgresStoreURL(text), leaseDuration: leaseDuration, reapOnOpen: reapOnOpen)
    }

    private init(url: PostgresStoreURL, leaseDuration: Duration) throws {
        self.url = url
        self.leaseDuration = leaseDuration
        var configuration = try url.clientConfiguration()
        // A grading process records a few attempts at once; many machines share the server's connections.
        configuration.options.maximumConnections = 8
        let client = PostgresClient(configuration: configuration)
        self.client = client
        running = Task { await client.run() }
        let renewals = LeaseRenewals()
        self.renewals = renewals
        renewing = Task {
            await renewals.renew(through: client, every: leaseDuration / 3, for: leaseDuration)
        }
    }

    deinit {
        renewing.cancel()
        running.cancel()
    }

    /// Stops renewing leases and closes the connections; the store cannot be used afterwards.
    public func close() async {
        renewing.cancel()
        running.cancel()
        await running.value
    }

    // MARK: Learners and labs

    public func upsertLearner(name: String, email: String) async throws -> LearnerRecord {
        let email = try Validation.email(email, operation: "recording a learner")
        let operation = "recording learner \(email)"
        let name = try Validation.name(name, operation: operation)
        let now = Validation.milliseconds(Date())
        return try await withConnection(operation) { connection in
            let rows = try await Self.rows(
                connection,
                """
                INSERT INTO ladder.learner (name, email, created_at) VALUES (\(name), \(email), ladder.at(\(now)))
                ON CONFLICT (email) DO UPDATE SET name = excluded.name
                RETURNING id, name, email, ladder.ms(created_at) AS created_at
                """)
            guard let row = rows.first else {
                throw StoreError.database(
                    operation: operation, path: self.url.description, message: "no row returned", hint: nil)
            }
            return try Self.learner(row)
        }
    }

    public func learner(email: String) async throws -> LearnerRecord? {
        let email = try Validation.email(email, operation: "looking up a learner")
        return try await withConnection("looking up learner \(email)") { connection in
            try await Self.rows(
                connection,
                "SELECT id, name, email, ladder.ms(created_at) AS created_at FROM ladder.learner WHERE email = \(email)"
            )
            .first.map(Self.learner)
        }
    }

    public func learner(id: LearnerID) async throws -> LearnerRecord? {
        try await withConnection("looking up learner \(id)") { connection in
            try await Self.rows(
                connection,
                """
                SELECT id, name, email, ladder.ms(created_at) AS created_at FROM ladder.learner
                WHERE id = \(id.rawValue)
                """
            )
            .first.map(Self.learner)
        }
    }

    public func registerLab(_ lab: LabRecord) async throws {
        let operation = "registering lab \(lab.labID)"
        try Validation.lab(lab, operation: operation)
        try await withConnection(operation) { connection in try await Self.upsertLab(lab, connection) }
    }

    // MARK: Lifecycle

    public func beginAttempt(_ attempt: NewAttempt, owner: OwnerIdentity) async throws -> AttemptID {
        try await beginAttempt(attempt, owner: owner, job: nil) { _ in }
    }

    /// Begins an attempt, for `job` when it grades one, after `check` ran in the same transaction (a job queue checks
    /// there that its worker still holds the job).
    func beginAttempt(
        _ attempt: NewAttempt, owner: OwnerIdentity, job: Int64?,
        check: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> AttemptID {
        let operation = "beginning an attempt at \(attempt.lab.labID)"
        try Validation.newAttempt(attempt, operation: operation)
        let lease = leaseDuration.inSeconds
        let id = try await transaction(operation) { connection in
            try await check(connection)
            let learner = try await Self.rows(
                connection, "SELECT 1 FROM ladder.learner WHERE id = \(attempt.learner.rawValue)")
            guard !learner.isEmpty else { throw StoreError.learnerNotFound(attempt.learner) }
            try await Self.upsertLab(attempt.lab, connection)
            let startTime = owner.startTime.map { Int64(bitPattern: $0) }
            let rows = try await Self.rows(
                connection,
                """
                INSERT INTO ladder.attempt (learner_id, lab_id, lab_version, grader_digest, language, commit_id,
                    tree_id, repository, source, tool_version, status, started_at, owner_host, owner_pid,
                    owner_start_time, owner_boot_id, owner_token, lease_expires_at, through_stage, job_id, late)
                VALUES (\(attempt.learner.rawValue), \(attempt.lab.labID), \(attempt.lab.version),
                    \(attempt.lab.graderDigest), \(attempt.language), \(attempt.commit), \(attempt.tree),
                    \(attempt.repository), \(attempt.source.rawValue), \(attempt.toolVersion), 'running',
                    ladder.at(\(Validation.milliseconds(attempt.startedAt))), \(owner.host), \(owner.pid),
                    \(startTime), \(owner.bootID), \(owner.token),
                    clock_timestamp() + make_interval(secs => \(lease)), \(attempt.throughStage), \(job),
                    \(attempt.late))
                RETURNING id
                """)
            guard let row = rows.first else {
                throw StoreError.database(
                    operation: operation, path: self.url.description, message: "no row returned", hint: nil)
            }
            return AttemptID(rawValue: try Columns(row)("id", as: Int64.self))
        }
        // This process renews the leases of the attempts it grades; another owner's attempt is theirs to renew.
        if owner == .current {
            await renewals.add(id)
        }
        return id
    }

    public func finishAttempt(_ id: AttemptID, with outcome: AttemptOutcome) async throws -> AttemptRecord {
        try await finishAttempt(id, with: outcome) { _ in }
    }

    /// Finishes an attempt after `check` ran first in the same transaction; `check` may throw to leave it unfinished (a
    /// job queue refuses the grade of a worker that lost its job), or write more (the job done) in the same transaction.
    func finishAttempt(
        _ id: AttemptID, with outcome: AttemptOutcome,
        check: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> AttemptRecord {
        let record = try await transaction("finishing attempt \(id)") { connection in
            // First, so that a job's row is locked before its attempt's, in the order a job queue's claim takes them.
            try await check(connection)
            let rows = try await Self.rows(
                connection,
                """
                SELECT status, ladder.ms(started_at) AS started_at FROM ladder.attempt WHERE id = \(id.rawValue)
                FOR UPDATE
                """)
            guard let row = rows.first else { throw StoreError.attemptNotFound(id) }
            let columns = Columns(row)
            let status = try StoredValue.decode(AttemptStatus.self, columns("status"), column: "attempt.status")
            guard status == .running else { throw StoreError.attemptFinished(id, status: status) }
            try Validation.outcome(
                outcome, of: id, startedAt: Validation.date(milliseconds: try columns("started_at")))
            // Results first, then the status: a failure anywhere rolls both back, and the triggers refuse results once
            // the status says finished.
            for (ordinal, result) in outcome.results.enumerated() {
                try await connection.query(
                    """
                    INSERT INTO ladder.test_result (attempt_id, ordinal, stage_id, test_id, verdict, points,
                        max_points, message, cpu_ms, wall_ms, memory_bytes, input)
                    VALUES (\(id.rawValue), \(Int32(ordinal)), \(result.stageID), \(result.testID),
                        \(result.verdict.rawValue), \(result.points), \(result.maxPoints), \(result.message),
                        \(result.cpuMilliseconds), \(result.wallMilliseconds), \(result.memoryBytes), \(result.input))
                    """, logger: Self.logger)
            }
            let finished = try await Self.rows(
                connection,
                """
                UPDATE ladder.attempt AS a SET status = \(outcome.status.rawValue), score = \(outcome.score),
                    max_score = \(outcome.maxScore), finished_at = ladder.at(\(Validation.milliseconds(outcome.finishedAt))),
                    signature = \(outcome.signature), message = \(outcome.message)
                WHERE a.id = \(id.rawValue)
                RETURNING \(unescaped: Self.attemptColumns)
                """)
            guard let finished = finished.first else { throw StoreError.attemptNotFound(id) }
            return try Self.attempt(finished)
        }
        await renewals.remove(id)
        return record
    }

    @discardableResult
    public func markInterrupted(_ id: AttemptID, reason: String) async throws -> Bool {
        let now = Validation.milliseconds(Date())
        let interrupted = try await withConnection("marking attempt \(id) interrupted") { connection in
            let rows = try await Self.rows(
                connection,
                """
                WITH target AS (SELECT id FROM ladder.attempt WHERE id = \(id.rawValue)),
                    changed AS (
                        UPDATE ladder.attempt SET status = 'interrupted',
                            finished_at = greatest(started_at, ladder.at(\(now))), message = \(reason)
                        WHERE id = \(id.rawValue) AND status = 'running'
                        RETURNING id
                    )
                SELECT (SELECT count(*) FROM target) AS found, (SELECT count(*) FROM changed) AS changed
                """)
            guard let row = rows.first else { throw StoreError.attemptNotFound(id) }
            let columns = Columns(row)
            guard try columns("found", as: Int64.self) == 1 else { throw StoreError.attemptNotFound(id) }
            return try columns("changed", as: Int64.self) == 1
        }
        await renewals.remove(id)
        return interrupted
    }

    @discardableResult
    public func reapInterrupted() async throws -> [AttemptID] {
        let reaped = try await transaction("reaping interrupted attempts") { connection in
            // Rows another process is finishing or reaping are locked: skipped, not waited for.
            let rows = try await Self.rows(
                connection,
                """
                SELECT id, owner_host, owner_pid, owner_start_time, owner_boot_id, owner_token,
                    ladder.ms(lease_expires_at) AS lease_expires_at, ladder.ms(clock_timestamp()) AS now
                FROM ladder.attempt WHERE status = 'running'
                ORDER BY id
                FOR UPDATE SKIP LOCKED
                """)
            var reaped: [AttemptID] = []
            for row in rows {
                let columns = Columns(row)
                let owner = try Self.owner(columns)
                let expiresAt = Validation.date(milliseconds: try columns("lease_expires_at"))
                let now = Validation.date(milliseconds: try columns("now"))
                guard owner.liveness(leaseExpiresAt: expiresAt, now: now) == .dead else { continue }
                let message =
                    expiresAt <= now
                    ? "the grading process \(owner.pid) on \(owner.host) stopped renewing its lease, so it is taken to "
                        + "have ended before the attempt finished"
                    : "the grading process \(owner.pid) on \(owner.host) ended before the attempt finished"
                let id = AttemptID(rawValue: try columns("id"))
                try await connection.query(
                    """
                    UPDATE ladder.attempt SET status = 'interrupted',
                        finished_at = greatest(started_at, clock_timestamp()), message = \(message)
                    WHERE id = \(id.rawValue) AND status = 'running'
                    """, logger: Self.logger)
                reaped.append(id)
            }
            return reaped
        }
        for id in reaped { await renewals.remove(id) }
        return reaped
    }

    // MARK: Queries

    public func attempt(_ id: AttemptID) async throws -> AttemptDetail? {
        try await withConnection("reading attempt \(id)") { connection in
            guard
                let row = try await Self.rows(
                    connection,
                    "SELECT \(unescaped: Self.attemptColumns) FROM ladder.attempt AS a WHERE a.id = \(id.rawValue)"
                ).first
            else { return nil }
            let results = try await Self.rows(
                connection,
                """
                SELECT stage_id, test_id, verdict, points, max_points, message, cpu_ms, wall_ms, memory_bytes, input
                FROM ladder.test_result WHERE attempt_id = \(id.rawValue) ORDER BY ordinal
                """)
            return AttemptDetail(attempt: try Self.attempt(row), results: try results.map(Self.testResult))
        }
    }

    public func attempts(learner: LearnerID, labID: String?, limit: Int?) async throws -> [AttemptRecord] {
        let operation = "reading the history of learner \(learner)"
        try Validation.limit(limit, operation: operation)
        let limit = limit.map(Int64.init)
        return try await withConnection(operation) { connection in
            try await Self.rows(
                connection,
                """
                SELECT \(unescaped: Self.attemptColumns) FROM ladder.attempt AS a
                WHERE a.learner_id = \(learner.rawValue) AND (\(labID)::text IS NULL OR a.lab_id = \(labID))
                ORDER BY a.started_at DESC, a.id DESC
                LIMIT \(limit)
                """
            )
            .map(Self.attempt)
        }
    }

    public func passedLabs(learner: LearnerID) async throws -> [LadderStore.PassedLab] {
        try await withConnection("reading the passed labs of learner \(learner)") { connection in
            let rows = try await Self.rows(
                connection,
                """
                SELECT * FROM (
                    SELECT a.id, a.lab_id, a.lab_version, a.grader_digest, a.commit_id, a.tree_id, a.score,
                        a.max_score, ladder.ms(a.finished_at) AS finished_at, l.title, l.rung, l.areas::text AS areas,
                        row_number() OVER (
                            PARTITION BY a.lab_id
                            ORDER BY CASE WHEN a.max_score > 0 THEN a.score / a.max_score ELSE 1.0 END DESC,
                                a.finished_at ASC, a.id ASC
                        ) AS rank
                    FROM ladder.attempt AS a
                    JOIN ladder.lab AS l ON l.lab_id = a.lab_id AND l.version = a.lab_version
                        AND l.grader_digest = a.grader_digest
                    WHERE a.learner_id = \(learner.rawValue) AND a.status = 'passed' AND a.through_stage IS NULL
                ) AS best WHERE rank = 1 ORDER BY lab_id
                """)
            return try rows.map { row in
                let columns = Columns(row)
                return LadderStore.PassedLab(
                    labID: try columns("lab_id"), labVersion: try columns("lab_version"),
                    graderDigest: try columns("grader_digest"), title: try columns("title"),
                    rung: try StoredValue.decode(Rung.self, columns("rung"), column: "lab.rung"),
                    areas: try StoredValue.areas(columns("areas")), attemptID: AttemptID(rawValue: try columns("id")),
                    commit: try columns("commit_id"), tree: try columns("tree_id"), score: try columns("score"),
                    maxScore: try columns("max_score"),
                    finishedAt: Validation.date(milliseconds: try columns("finished_at")))
            }
        }
    }

    public func latestGrades(labID: String?) async throws -> [LatestGrade] {
        try await withConnection("reading the latest grades of \(labID ?? "every lab")") { connection in
            try await Self.rows(
                connection,
                """
                SELECT \(unescaped: Self.attemptColumns), l.id AS learner_row, l.name AS learner_name,
                    l.email AS learner_email, ladder.ms(l.created_at) AS learner_created_at
                FROM (
                    SELECT DISTINCT ON (learner_id, lab_id) * FROM ladder.attempt
                    WHERE (\(labID)::text IS NULL OR lab_id = \(labID)) AND status IN ('passed', 'failed', 'error')
                        AND through_stage IS NULL
                    ORDER BY learner_id, lab_id, started_at DESC, id DESC
                ) AS a
                JOIN ladder.learner AS l ON l.id = a.learner_id
                ORDER BY l.email, a.lab_id
                """
            )
            .map { row in
                let columns = Columns(row)
                let learner = LearnerRecord(
                    id: LearnerID(rawValue: try columns("learner_row")), name: try columns("learner_name"),
                    email: try columns("learner_email"),
                    createdAt: Validation.date(milliseconds: try columns("learner_created_at")))
                return LatestGrade(learner: learner, attempt: try Self.attempt(row))
            }
        }
    }

    public func findFinishedAttempt(
        labID: String, commit: String, graderDigest: String, learner: LearnerID?, repository: String?
    ) async throws -> AttemptRecord? {
        let learnerID = learner?.rawValue
        return try await withConnection("looking for a graded attempt of \(labID) at \(commit)") { connection in
            try await Self.rows(
                connection,
                """
                SELECT \(unescaped: Self.attemptColumns) FROM ladder.attempt AS a
                WHERE a.lab_id = \(labID) AND a.commit_id = \(commit) AND a.grader_digest = \(graderDigest)
                    AND a.status IN ('passed', 'failed') AND a.through_stage IS NULL
                    AND (\(learnerID)::bigint IS NULL OR a.learner_id = \(learnerID))
                    AND (\(repository)::text IS NULL OR a.repository = \(repository))
                ORDER BY a.finished_at DESC, a.id DESC LIMIT 1
                """
            )
            .first.map(Self.attempt)
        }
    }

    // MARK: Helpers

    /// What every query of attempts selects, from `ladder.attempt AS a`, times as milliseconds.
    static let attemptColumns = """
        a.id, a.learner_id, a.lab_id, a.lab_version, a.grader_digest, a.language, a.commit_id, a.tree_id,
        a.repository, a.source, a.tool_version, a.status, a.score, a.max_score,
        ladder.ms(a.started_at) AS started_at, ladder.ms(a.finished_at) AS finished_at, a.owner_host, a.owner_pid,
        a.owner_start_time, a.owner_boot_id, a.owner_token, a.signature, a.message, a.through_stage, a.late
        """

    /// postgres-nio logs nothing: the library layers never print.
    static let logger = Logger(label: "ladder.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private static func upsertLab(_ lab: LabRecord, _ connection: PostgresConnection) async throws {
        let areas = String(decoding: try JSONEncoder().encode(lab.areas), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO ladder.lab (lab_id, version, grader_digest, title, rung, areas, registered_at)
            VALUES (\(lab.labID), \(lab.version), \(lab.graderDigest), \(lab.title), \(lab.rung.rawValue),
                \(areas)::jsonb, clock_timestamp())
            ON CONFLICT (lab_id, version, grader_digest)
            DO UPDATE SET title = excluded.title, rung = excluded.rung, areas = excluded.areas
            """, logger: logger)
    }

    static func rows(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// Runs `body` on a connection of the pool, within ``operationDeadline``; errors name `operation`.
    func withConnection<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await Self.withDeadline(Self.operationDeadline) { [client] in
                try await client.withConnection { connection in try await body(connection) }
            }
        } catch let error as JobQueueError {
            throw error
        } catch {
            throw Self.translate(error, operation: operation, url: url)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws (its error is rethrown).
    func transaction<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection(operation) { connection in
            try await connection.query("BEGIN", logger: Self.logger)
            let value: T
            do {
                value = try await body(connection)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: Self.logger)
                throw error
            }
            try await connection.query("COMMIT", logger: Self.logger)
            return value
        }
    }

    static func learner(_ row: PostgresRow) throws -> LearnerRecord {
        let columns = Columns(row)
        return LearnerRecord(
            id: LearnerID(rawValue: try columns("id")), name: try columns("name"), email: try columns("email"),
            createdAt: Validation.date(milliseconds: try columns("created_at")))
    }

    private static func owner(_ columns: Columns) throws -> OwnerIdentity {
        let startTime: Int64? = try columns("owner_start_time")
        return OwnerIdentity(
            host: try columns("owner_host"), pid: try columns("owner_pid"),
            startTime: startTime.map { UInt64(bitPattern: $0) }, bootID: try columns("owner_boot_id"),
            token: try columns("owner_token"))
    }

    static func attempt(_ row: PostgresRow) throws -> AttemptRecord {
        let columns = Columns(row)
        let finishedAt: Int64? = try columns("finished_at")
        return AttemptRecord(
            id: AttemptID(rawValue: try columns("id")), learner: LearnerID(rawValue: try columns("learner_id")),
            labID: try columns("lab_id"), labVersion: try columns("lab_version"),
            graderDigest: try columns("grader_digest"), language: try columns("language"),
            commit: try columns("commit_id"), tree: try columns("tree_id"), repository: try columns("repository"),
            source: try StoredValue.decode(AttemptSource.self, columns("source"), column: "attempt.source"),
            toolVersion: try columns("tool_version"),
            status: try StoredValue.decode(AttemptStatus.self, columns("status"), column: "attempt.status"),
            score: try columns("score"), maxScore: try columns("max_score"),
            startedAt: Validation.date(milliseconds: try columns("started_at")),
            finishedAt: finishedAt.map(Validation.date(milliseconds:)), owner: try owner(columns),
            signature: try columns("signature"), message: try columns("message"),
            throughStage: try columns("through_stage"), late: try columns("late"))
    }

    private static func testResult(_ row: PostgresRow) throws -> TestResultRecord {
        let columns = Columns(row)
        return TestResultRecord(
            stageID: try columns("stage_id"), testID: try columns("test_id"),
            verdict: try StoredValue.decode(Verdict.self, columns("verdict"), column: "test_result.verdict"),
            points: try columns("points"), maxPoints: try columns("max_points"), message: try columns("message"),
            cpuMilliseconds: try columns("cpu_ms"), wallMilliseconds: try columns("wall_ms"),
            memoryBytes: try columns("memory_bytes"), input: try columns("input"))
    }

}

/// The columns of one row, by name.
struct Columns {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    func callAsFunction<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try row[name].decode(T.self)
    }
}

/// The running attempts whose leases this process renews, and the loop that renews them.
actor LeaseRenewals {
    private var ids: Set<Int64> = []

    func add(_ id: AttemptID) { ids.insert(id.rawValue) }

    func remove(_ id: AttemptID) { ids.remove(id.rawValue) }

    /// Renews every `interval` until cancelled; an attempt that finished (here or by a reaper) drops out. A renewal
    /// that fails (the database restarting) is tried again at the next tick: the lease outlasts two missed ones.
    func renew(through client: PostgresClient, every interval: Duration, for lease: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled, !ids.isEmpty else { continue }
            let held = Array(ids)
            do {
                let rows = try await client.query(
                    """
                    UPDATE ladder.attempt SET lease_expires_at = clock_timestamp() + make_interval(secs => \(lease.inSeconds))
                    WHERE id = ANY(\(held)) AND status = 'running'
                    RETURNING id
                    """, logger: PostgresResultStore.logger
                )
                .collect()
                let renewed = Set(try rows.map { try Columns($0)("id", as: Int64.self) })
                ids.subtract(held.filter { !renewed.contains($0) })
            } catch {
                continue
            }
        }
    }
}

extension Duration {
    /// The duration in seconds, as PostgreSQL's `make_interval(secs => ...)` takes it.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
