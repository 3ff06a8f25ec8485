import Foundation
import GRDB
import LadderModel

/// The embedded results store: one SQLite file, opened through a GRDB `DatabasePool`.
///
/// The database is in WAL mode, writes take the write lock when their transaction begins
/// (`BEGIN IMMEDIATE`) and wait for it up to the busy timeout, so several `ladder` processes can
/// record attempts in the same file at once. Opening a store checks that the file is a Ladder store
/// of a schema this version knows, applies pending migrations, then reaps attempts whose owner died.
///
/// A store opened with ``init(readingAt:busyTimeout:)`` only reads: it needs no write access to the file or its
/// directory, and refuses every write.
public final class SQLiteResultStore: ResultStore {
    /// The database file.
    public let path: String
    private let database: any DatabaseWriter
    /// Whether this store was opened for reading only.
    public let isReadOnly: Bool

    /// The migrations this version of Ladder knows, oldest first.
    public static var schemaMigrations: [String] { migrator.migrations }

    /// Opens (creating when missing) the store at `location`, creating its directory.
    ///
    /// - Parameters:
    ///   - busyTimeout: How long a write waits for another process's write to end before failing.
    ///   - reapOnOpen: Whether to mark `interrupted` the running attempts whose owner is gone.
    public convenience init(
        location: StoreLocation, busyTimeout: TimeInterval = 30, reapOnOpen: Bool = true
    ) throws {
        try location.prepare()
        try self.init(path: location.path, busyTimeout: busyTimeout, reapOnOpen: reapOnOpen)
    }

    /// Opens (creating when missing) the store in the file at `path`; its directory must exist.
    public init(path: String, busyTimeout: TimeInterval = 30, reapOnOpen: Bool = true) throws {
        self.path = path
        isReadOnly = false
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "ladder.store"
        // Checked before the pool opens: opening a pool switches the file to WAL mode, and another
        // program's database must be left exactly as it was.
        try Self.checkIsLadderStore(path: path, busyTimeout: busyTimeout)
        let pool: DatabasePool
        do {
            pool = try Self.retryingWhileBusy(for: busyTimeout) {
                try DatabasePool(path: path, configuration: configuration)
            }
        } catch {
            throw Self.translate(error, operation: "opening", path: path)
        }
        database = pool
        try migrate()
        if reapOnOpen {
            do {
                let candidates = try pool.read(Self.runningOwners)
                _ = try pool.write { db in try Self.interrupt(candidates.filter { $0.owner.liveness() == .dead }, db) }
            } catch {
                throw Self.translate(error, operation: "reaping interrupted attempts", path: path)
            }
        }
    }

    /// Opens the store at `location` for reading only, as `ladder history` and `ladder progress` do: nothing is
    /// created, so neither the file nor its directory needs to be writable, and a full disk does not matter. A store
    /// that does not exist yet reads as empty. Every write through it throws ``StoreError/openedForReading(path:)``.
    ///
    /// Where the store can be written, the housekeeping a writer's open does happens first: a store of an older
    /// schema is upgraded (where it cannot be, it is refused with how to upgrade it), and running attempts whose
    /// grader is gone are marked interrupted (where it cannot be, they read as running).
    public init(readingAt location: StoreLocation, busyTimeout: TimeInterval = 30) throws {
        path = location.path
        isReadOnly = true
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            database = try Self.emptyStore(path: path)
            return
        }
        guard !isDirectory.boolValue else {
            throw StoreError.notALadderDatabase(path: path, reason: "it is a directory")
        }
        let state = try Self.checkIsLadderStore(path: path, busyTimeout: busyTimeout, reading: true)
        if state == .empty {
            database = try Self.emptyStore(path: path)
            return
        }
        if state == .needsMigration {
            guard location.isWritable else {
                throw StoreError.unreadable(
                    path: path,
                    reason:
                        "it was written by an older ladder and must be upgraded first, which needs write access to it "
                        + "and its directory \(location.directory); run any command that records a result (ladder submit) "
                        + "once as a user who can write it")
            }
            _ = try SQLiteResultStore(path: location.path, busyTimeout: busyTimeout, reapOnOpen: false)
        }
        let file = location.path
        let reader: DatabaseQueue
        do {
            reader = try Self.retryingWhileBusy(for: busyTimeout) {
                try Self.openForReading(path: file, busyTimeout: busyTimeout)
            }
            // An attempt whose grader was killed reads as running until some open reaps it. A reader that may write
            // does that housekeeping, as a writer's open would; one that may not shows the store as it is, and a
            // failed reap leaves it so: neither stops the reading.
            if location.isWritable,
                try reader.read(Self.runningOwners).contains(where: { $0.owner.liveness() == .dead })
            {
                _ = try? SQLiteResultStore(path: file, busyTimeout: busyTimeout, reapOnOpen: true)
            }
        } catch {
            throw Self.translate(error, operation: "opening", path: file, reading: true)
        }
        database = reader
    }

    // MARK: Opening

    /// What a store that records nothing yet reads as: the schema, empty, in memory.
    private static func emptyStore(path: String) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue()
            try migrator.migrate(queue)
            return queue
        } catch {
            throw translate(error, operation: "opening", path: path)
        }
    }

    private enum SchemaState { case empty, current, needsMigration }

    @discardableResult
    private static func checkIsLadderStore(path: String, busyTimeout: TimeInterval, reading: Bool = false) throws
        -> SchemaState
    {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        guard let size, size > 0 else { return .empty }
        let (applicationID, tables, superseded, pending): (Int32, [String], [String], Bool)
        do {
            (applicationID, tables, superseded, pending) = try retryingWhileBusy(for: busyTimeout) {
                try inspect(path: path, busyTimeout: busyTimeout)
            }
        } catch {
            throw translate(error, operation: "opening", path: path, reading: reading)
        }
        if applicationID == Self.applicationID {
            if !superseded.isEmpty { throw StoreError.schemaTooNew(path: path, unknownMigrations: superseded) }
            return pending ? .needsMigration : .current
        }
        if applicationID != 0 {
            throw StoreError.notALadderDatabase(
                path: path,
                reason: String(format: "its SQLite application id is 0x%08X, another program's", applicationID))
        }
        // Another ladder process may have created the migrations table and be migrating right now.
        let foreign = tables.filter { $0 != "grdb_migrations" }
        if !foreign.isEmpty {
            throw StoreError.notALadderDatabase(
                path: path,
                reason: "it is an SQLite database with other tables (\(foreign.prefix(5).joined(separator: ", ")))")
        }
        return .needsMigration
    }

    /// A read-only look at an existing file: its application id, its tables, migrations this version does not know,
    /// and whether any it knows are not applied yet.
    private static func inspect(path: String, busyTimeout: TimeInterval) throws -> (Int32, [String], [String], Bool) {
        let queue = try openForReading(path: path, busyTimeout: busyTimeout)
        defer { try? queue.close() }
        return try queue.read { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                    """)
            var superseded: [String] = []
            var pending = true
            if applicationID == Self.applicationID {
                let known = Set(Self.migrator.migrations)
                superseded = try Self.migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
                pending = try !Self.migrator.hasCompletedMigrations(db)
            }
            return (applicationID, tables, superseded, pending)
        }
    }

    /// A read-only connection to an existing file, whatever may be written beside it.
    ///
    /// SQLite reads a WAL database through its `-shm` index, which it creates beside the file when missing; in a
    /// directory it cannot write, or on a full disk, it cannot. A missing or empty `-wal` file means every committed
    /// write is in the database file itself (a writer's last close checkpoints and removes it), so the file is then
    /// read as immutable, without the index. A `-wal` file with content holds writes that only the index can find:
    /// reading without them would show an old store as if it were current, so that is refused with what to do.
    private static func openForReading(path: String, busyTimeout: TimeInterval) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "ladder.store.read"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            // Opening is lazy about the WAL index; the first read is where a missing -shm shows.
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where Self.cannotCreateIndex.contains(error.resultCode) {
            let wal =
                (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
            guard wal == 0 else {
                let directory = (path as NSString).deletingLastPathComponent
                throw StoreError.unreadable(
                    path: path,
                    reason:
                        "its last writes are still in \(path)-wal, which SQLite can only read through an index file "
                        + "(\(path)-shm) that it cannot create in \(directory) (\(error.message ?? "read-only or full")); let "
                        + "a user who can write the directory run any ladder command once, which folds them into the "
                        + "store, or copy the store with its -wal file somewhere writable and use --store")
            }
            let queue = try DatabaseQueue(path: Self.immutableURI(path), configuration: configuration)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        }
    }

    /// What SQLite answers when a read-only connection cannot create the WAL index.
    private static let cannotCreateIndex: [ResultCode] = [
        .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_PERM,
    ]

    /// The file as an SQLite URI that says nothing will change it, so that SQLite needs no lock and no index.
    private static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:" + escaped + "?immutable=1"
    }

    /// Opening can meet SQLITE_BUSY without SQLite calling the busy handler (a read-only connection to a WAL file
    /// while another process writes or checkpoints), so opening retries until the busy timeout.
    private static func retryingWhileBusy<T>(for timeout: TimeInterval, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    private func migrate() throws {
        // Two processes opening a new store at once may both try the first migration; the loser
        // fails (the table exists) and tries again, and then sees the migrations already applied.
        var attempt = 0
        while true {
            do {
                try Self.migrator.migrate(database)
                return
            } catch {
                attempt += 1
                let done = (try? database.read { try Self.migrator.hasCompletedMigrations($0) }) ?? false
                if done { return }
                if attempt >= 5 { throw Self.translate(error, operation: "migrating the schema", path: path) }
            }
        }
    }

    // MARK: Learners and labs

    public func upsertLearner(name: String, email: String) async throws -> LearnerRecord {
        let email = try Validation.email(email, operation: "recording a learner")
        let operation = "recording learner \(email)"
        let name = try Validation.name(name, operation: operation)
        let now = Validation.milliseconds(Date())
        return try await write(operation) { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    INSERT INTO learner (name, email, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (email) DO UPDATE SET name = excluded.name
                    RETURNING id, name, email, created_at
                    """,
                arguments: [name, email, now])
            guard let row else {
                throw StoreError.database(operation: operation, path: self.path, message: "no row returned", hint: nil)
            }
            return Self.learner(row)
        }
    }

    public func learner(email: String) async throws -> LearnerRecord? {
        let email = try Validation.email(email, operation: "looking up a learner")
        return try await read("looking up learner \(email)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM learner WHERE email = ?", arguments: [email]).map(Self.learner)
        }
    }

    public func learner(id: LearnerID) async throws -> LearnerRecord? {
        try await read("looking up learner \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM learner WHERE id = ?", arguments: [id.rawValue]).map(Self.learner)
        }
    }

    public func registerLab(_ lab: LabRecord) async throws {
        let operation = "registering lab \(lab.labID)"
        try Validation.lab(lab, operation: operation)
        try await write(operation) { db in try Self.upsertLab(lab, db) }
    }

    // MARK: Lifecycle

    public func beginAttempt(_ attempt: NewAttempt, owner: OwnerIdentity) async throws -> AttemptID {
        let operation = "beginning an attempt at \(attempt.lab.labID)"
        try Validation.newAttempt(attempt, operation: operation)
        return try await write(operation) { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM learner WHERE id = ?)", arguments: [attempt.learner.rawValue]
                ) == true
            else { throw StoreError.learnerNotFound(attempt.learner) }
            try Self.upsertLab(attempt.lab, db)
            try db.execute(
                sql: """
                    INSERT INTO attempt (learner_id, lab_id, lab_version, grader_digest, language, commit_id, tree_id,
                        repository, source, tool_version, status, started_at,
                        owner_host, owner_pid, owner_start_time, owner_boot_id, owner_token, through_stage, late)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    attempt.learner.rawValue, attempt.lab.labID, attempt.lab.version, attempt.lab.graderDigest,
                    attempt.language, attempt.commit, attempt.tree, attempt.repository, attempt.source.rawValue,
                    attempt.toolVersion, Validation.milliseconds(attempt.startedAt),
                    owner.host, Int64(owner.pid), owner.startTime.map { Int64(bitPattern: $0) }, owner.bootID,
                    owner.token,
                    attempt.throughStage, attempt.late,
                ])
            return AttemptID(rawValue: db.lastInsertedRowID)
        }
    }

    public func finishAttempt(_ id: AttemptID, with outcome: AttemptOutcome) async throws -> AttemptRecord {
        try await write("finishing attempt \(id)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM attempt WHERE id = ?", arguments: [id.rawValue])
            else {
                throw StoreError.attemptNotFound(id)
            }
            let current = try Self.attempt(row)
            guard current.status == .running else { throw StoreError.attemptFinished(id, status: current.status) }
            try Validation.outcome(outcome, of: id, startedAt: current.startedAt)
            // Results first, then the status: a failure anywhere rolls both back, and the triggers
            // refuse results once the status says finished.
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO test_result (attempt_id, ordinal, stage_id, test_id, verdict, points, max_points, message,
                        cpu_ms, wall_ms, memory_bytes, input)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (ordinal, result) in outcome.results.enumerated() {
                try insert.execute(arguments: [
                    id.rawValue, ordinal, result.stageID, result.testID, result.verdict.rawValue, result.points,
                    result.maxPoints, result.message, result.cpuMilliseconds, result.wallMilliseconds,
                    result.memoryBytes,
                    result.input,
                ])
            }
            try db.execute(
                sql: """
                    UPDATE attempt SET status = ?, score = ?, max_score = ?, finished_at = ?, signature = ?, message = ?
                    WHERE id = ?
                    """,
                arguments: [
                    outcome.status.rawValue, outcome.score, outcome.maxScore,
                    Validation.milliseconds(outcome.finishedAt), outcome.signature, outcome.message, id.rawValue,
                ])
            guard
                let finished = try Row.fetchOne(db, sql: "SELECT * FROM attempt WHERE id = ?", arguments: [id.rawValue])
            else { throw StoreError.attemptNotFound(id) }
            return try Self.attempt(finished)
        }
    }

    @discardableResult
    public func markInterrupted(_ id: AttemptID, reason: String) async throws -> Bool {
        try await write("marking attempt \(id) interrupted") { db in
            try db.execute(
                sql: """
                    UPDATE attempt SET status = 'interrupted', finished_at = max(started_at, ?), message = ?
                    WHERE id = ? AND status = 'running'
                    """,
                arguments: [Validation.milliseconds(Date()), reason, id.rawValue])
            if db.changesCount == 1 { return true }
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM attempt WHERE id = ?)", arguments: [id.rawValue]) == true
            else { throw StoreError.attemptNotFound(id) }
            return false
        }
    }

    @discardableResult
    public func reapInterrupted() async throws -> [AttemptID] {
        let candidates = try await read("reaping interrupted attempts", Self.runningOwners)
        // Liveness reads /proc: decided outside any transaction, applied only to rows still owned the same way.
        let dead = candidates.filter { $0.owner.liveness() == .dead }
        guard !dead.isEmpty else { return [] }
        return try await write("reaping interrupted attempts") { db in try Self.interrupt(dead, db) }
    }

    // MARK: Queries

    public func attempt(_ id: AttemptID) async throws -> AttemptDetail? {
        try await read("reading attempt \(id)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM attempt WHERE id = ?", arguments: [id.rawValue])
            else {
                return nil
            }
            let results = try Row.fetchAll(
                db, sql: "SELECT * FROM test_result WHERE attempt_id = ? ORDER BY ordinal", arguments: [id.rawValue])
            return AttemptDetail(attempt: try Self.attempt(row), results: try results.map(Self.testResult))
        }
    }

    public func attempts(learner: LearnerID, labID: String?, limit: Int?) async throws -> [AttemptRecord] {
        let operation = "reading the history of learner \(learner)"
        try Validation.limit(limit, operation: operation)
        return try await read(operation) { db in
            var sql = "SELECT * FROM attempt WHERE learner_id = ?"
            var arguments: StatementArguments = [learner.rawValue]
            if let labID {
                sql += " AND lab_id = ?"
                arguments += [labID]
            }
            sql += " ORDER BY started_at DESC, id DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.attempt)
        }
    }

    public func passedLabs(learner: LearnerID) async throws -> [PassedLab] {
        try await read("reading the passed labs of learner \(learner)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT a.id, a.lab_id, a.lab_version, a.grader_digest, a.commit_id, a.tree_id, a.score,
                            a.max_score, a.finished_at, l.title, l.rung, l.areas,
                            row_number() OVER (
                                PARTITION BY a.lab_id
                                ORDER BY CASE WHEN a.max_score > 0 THEN a.score / a.max_score ELSE 1.0 END DESC,
                                    a.finished_at ASC, a.id ASC
                            ) AS rank
                        FROM attempt a
                        JOIN lab l ON l.lab_id = a.lab_id AND l.version = a.lab_version
                            AND l.grader_digest = a.grader_digest
                        WHERE a.learner_id = ? AND a.status = 'passed' AND a.through_stage IS NULL
                    ) WHERE rank = 1 ORDER BY lab_id
                    """,
                arguments: [learner.rawValue])
            return try rows.map { row in
                PassedLab(
                    labID: row["lab_id"], labVersion: row["lab_version"], graderDigest: row["grader_digest"],
                    title: row["title"], rung: try StoredValue.decode(Rung.self, row["rung"], column: "lab.rung"),
                    areas: try StoredValue.areas(row["areas"]), attemptID: AttemptID(rawValue: row["id"]),
                    commit: row["commit_id"], tree: row["tree_id"], score: row["score"], maxScore: row["max_score"],
                    finishedAt: Validation.date(milliseconds: row["finished_at"]))
            }
        }
    }

    public func latestGrades(labID: String?) async throws -> [LatestGrade] {
        try await read("reading the latest grades of \(labID ?? "every lab")") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.*, l.id AS learner_row, l.name AS learner_name, l.email AS learner_email,
                        l.created_at AS learner_created_at
                    FROM (
                        SELECT *, row_number() OVER (
                            PARTITION BY learner_id, lab_id ORDER BY started_at DESC, id DESC
                        ) AS rank
                        FROM attempt
                        WHERE (?1 IS NULL OR lab_id = ?1) AND status IN ('passed', 'failed', 'error')
                            AND through_stage IS NULL
                    ) AS a
                    JOIN learner l ON l.id = a.learner_id
                    WHERE a.rank = 1
                    ORDER BY l.email, a.lab_id
                    """,
                arguments: [labID])
            return try rows.map { row in
                LatestGrade(
                    learner: LearnerRecord(
                        id: LearnerID(rawValue: row["learner_row"]), name: row["learner_name"],
                        email: row["learner_email"],
                        createdAt: Validation.date(milliseconds: row["learner_created_at"])),
                    attempt: try Self.attempt(row))
            }
        }
    }

    public func findFinishedAttempt(
        labID: String, commit: String, graderDigest: String, learner: LearnerID?, repository: String?
    ) async throws -> AttemptRecord? {
        try await read("looking for a graded attempt of \(labID) at \(commit)") { db in
            var sql = """
                SELECT * FROM attempt
                WHERE lab_id = ? AND commit_id = ? AND grader_digest = ? AND status IN ('passed', 'failed')
                    AND through_stage IS NULL
                """
            var arguments: StatementArguments = [labID, commit, graderDigest]
            if let learner {
                sql += " AND learner_id = ?"
                arguments += [learner.rawValue]
            }
            if let repository {
                sql += " AND repository = ?"
                arguments += [repository]
            }
            sql += " ORDER BY finished_at DESC, id DESC LIMIT 1"
            return try Row.fetchOne(db, sql: sql, arguments: arguments).map(Self.attempt)
        }
    }

    // MARK: Helpers

    private struct RunningAttempt: Sendable {
        var id: AttemptID
        var owner: OwnerIdentity
    }

    @Sendable private static func runningOwners(_ db: Database) throws -> [RunningAttempt] {
        try Row.fetchAll(db, sql: "SELECT * FROM attempt WHERE status = 'running'").map { row in
            RunningAttempt(id: AttemptID(rawValue: row["id"]), owner: owner(row))
        }
    }

    private static func interrupt(_ attempts: [RunningAttempt], _ db: Database) throws -> [AttemptID] {
        let now = Validation.milliseconds(Date())
        var reaped: [AttemptID] = []
        for attempt in attempts {
            try db.execute(
                sql: """
                    UPDATE attempt SET status = 'interrupted', finished_at = max(started_at, ?), message = ?
                    WHERE id = ? AND status = 'running' AND owner_token = ?
                    """,
                arguments: [
                    now,
                    "the grading process \(attempt.owner.pid) on \(attempt.owner.host) ended before the attempt finished",
                    attempt.id.rawValue, attempt.owner.token,
                ])
            if db.changesCount == 1 { reaped.append(attempt.id) }
        }
        return reaped
    }

    private static func upsertLab(_ lab: LabRecord, _ db: Database) throws {
        let areas = String(decoding: try JSONEncoder().encode(lab.areas), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO lab (lab_id, version, grader_digest, title, rung, areas, registered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (lab_id, version, grader_digest)
                DO UPDATE SET title = excluded.title, rung = excluded.rung, areas = excluded.areas
                """,
            arguments: [
                lab.labID, lab.version, lab.graderDigest, lab.title, lab.rung.rawValue, areas,
                Validation.milliseconds(Date()),
            ])
    }

    private static func learner(_ row: Row) -> LearnerRecord {
        LearnerRecord(
            id: LearnerID(rawValue: row["id"]), name: row["name"], email: row["email"],
            createdAt: Validation.date(milliseconds: row["created_at"]))
    }

    private static func owner(_ row: Row) -> OwnerIdentity {
        let startTime: Int64? = row["owner_start_time"]
        return OwnerIdentity(
            host: row["owner_host"], pid: Int32(truncatingIfNeeded: row["owner_pid"] as Int64),
            startTime: startTime.map { UInt64(bitPattern: $0) }, bootID: row["owner_boot_id"], token: row["owner_token"]
        )
    }

    private static func attempt(_ row: Row) throws -> AttemptRecord {
        let finishedAt: Int64? = row["finished_at"]
        return AttemptRecord(
            id: AttemptID(rawValue: row["id"]), learner: LearnerID(rawValue: row["learner_id"]),
            labID: row["lab_id"], labVersion: row["lab_version"], graderDigest: row["grader_digest"],
            language: row["language"], commit: row["commit_id"], tree: row["tree_id"], repository: row["repository"],
            source: try StoredValue.decode(AttemptSource.self, row["source"], column: "attempt.source"),
            toolVersion: row["tool_version"],
            status: try StoredValue.decode(AttemptStatus.self, row["status"], column: "attempt.status"),
            score: row["score"], maxScore: row["max_score"],
            startedAt: Validation.date(milliseconds: row["started_at"]),
            finishedAt: finishedAt.map(Validation.date(milliseconds:)), owner: owner(row),
            signature: row["signature"], message: row["message"], throughStage: row["through_stage"],
            late: row["late"])
    }

    private static func testResult(_ row: Row) throws -> TestResultRecord {
        TestResultRecord(
            stageID: row["stage_id"], testID: row["test_id"],
            verdict: try StoredValue.decode(Verdict.self, row["verdict"], column: "test_result.verdict"),
            points: row["points"], maxPoints: row["max_points"], message: row["message"],
            cpuMilliseconds: row["cpu_ms"], wallMilliseconds: row["wall_ms"], memoryBytes: row["memory_bytes"],
            input: row["input"])
    }

    private func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws
        -> T
    {
        do {
            return try await database.read(body)
        } catch {
            throw Self.translate(error, operation: operation, path: path)
        }
    }

    private func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T)
        async throws -> T
    {
        guard !isReadOnly else { throw StoreError.openedForReading(path: path) }
        do {
            return try await database.write(body)
        } catch {
            throw Self.translate(error, operation: operation, path: path)
        }
    }

    /// Turns a GRDB or SQLite error into a ``StoreError`` that names the file and says what to do.
    ///
    /// `reading` says the store was being opened to read only, where a file SQLite cannot open is not a write problem.
    static func translate(_ error: any Error, operation: String, path: String, reading: Bool = false) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? StoredValue.Unknown { return error.storeError(operation: operation, path: path) }
        guard let error = error as? DatabaseError else {
            return .database(operation: operation, path: path, message: String(describing: error), hint: nil)
        }
        let message = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return .notALadderDatabase(path: path, reason: "it is not an SQLite database (\(message))")
        case .SQLITE_CORRUPT:
            return .notALadderDatabase(path: path, reason: "the SQLite file is damaged (\(message))")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_FULL:
            if reading {
                return .unreadable(
                    path: path,
                    reason: "SQLite cannot open it (\(message)); check that this user may read it and its directory")
            }
            return .notWritable(path: path, reason: StoreLocation(path: path).writeProblem ?? message)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .database(
                operation: operation, path: path, message: message,
                hint: "Another ladder process held the store longer than the busy timeout; try again.")
        case .SQLITE_CONSTRAINT where message.hasPrefix("ladder: "):
            return .database(
                operation: operation, path: path, message: message,
                hint: "Finished attempts are immutable; grade again to record a new attempt.")
        default:
            return .database(operation: operation, path: path, message: message, hint: nil)
        }
    }
}
