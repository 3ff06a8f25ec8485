import Foundation
import GRDB
import LadderModel
import LadderStore
import Testing

/// What only the SQLite store has to get right: the file, the schema, SQL-level guarantees and locking.
@Suite("SQLiteResultStore")
struct SQLiteResultStoreTests {
    private static func withDatabaseFile<T>(_ body: (String) async throws -> T) async throws -> T {
        try await withTemporaryDirectory { try await body($0.appendingPathComponent("ladder.sqlite").path) }
    }

    /// A plain GRDB connection to the same file, as a hand-written `sqlite3` session would be.
    private static func rawQueue(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    @Test func migratesAnEmptyFile() async throws {
        try await Self.withDatabaseFile { path in
            _ = try SQLiteResultStore(path: path)
            let queue = try Self.rawQueue(path)
            try await queue.read { db in
                #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
                #expect(try Int32.fetchOne(db, sql: "PRAGMA application_id") == 0x4C41_4452)
                let tables = try String.fetchAll(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
                #expect(tables == ["attempt", "grdb_migrations", "lab", "learner", "test_result"])
                let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
                #expect(migrations == SQLiteResultStore.schemaMigrations)
                let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")
                #expect(triggers.count == 6)
                // The queries' indexes are the ones SQLite picks.
                let plan = try Row.fetchAll(
                    db,
                    sql:
                        "EXPLAIN QUERY PLAN SELECT * FROM attempt WHERE learner_id = 1 AND lab_id = 'x' ORDER BY started_at DESC, id DESC"
                )
                .map { $0["detail"] as String }.joined(separator: "\n")
                #expect(plan.contains("attempt_history"), "plan: \(plan)")
                let skipPlan = try Row.fetchAll(
                    db,
                    sql: """
                        EXPLAIN QUERY PLAN SELECT * FROM attempt WHERE lab_id = 'x' AND commit_id = 'c' AND grader_digest = 'd'
                        AND status IN ('passed', 'failed')
                        """
                )
                .map { $0["detail"] as String }.joined(separator: "\n")
                #expect(skipPlan.contains("attempt_graded_commit"), "plan: \(skipPlan)")
            }
            // Opening again applies nothing twice.
            _ = try SQLiteResultStore(path: path)
        }
    }

    @Test func upgradesAStoreOfAnOlderSchemaKeepingItsData() async throws {
        try await Self.withDatabaseFile { path in
            let store = try SQLiteResultStore(path: path)
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let id = try await store.beginAttempt(Fixture.attempt(ada.id))
            _ = try await store.finishAttempt(id, with: Fixture.outcome(.passed, score: 10))
            let last = try await rollBackLastMigration(path)
            let queue = try Self.rawQueue(path)

            let upgraded = try SQLiteResultStore(path: path)
            let applied = try await queue.read {
                try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            }
            #expect(applied.last == last)
            let indexes = try await queue.read {
                try Int.fetchOne(
                    $0, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'attempt_%'")
            }
            #expect(indexes == 5)
            #expect(try await upgraded.attempt(id)?.attempt.status == .passed)
            #expect(
                try await upgraded.attempt(id)?.attempt.throughStage == nil,
                "an attempt from before partial ones graded the whole lab")
            #expect(
                try await upgraded.attempt(id)?.attempt.late == false, "an attempt from before the flag is not late")
            #expect(try await upgraded.passedLabs(learner: ada.id).map(\.attemptID) == [id])
        }
    }

    @Test func triggersRefuseToChangeAFinishedAttempt() async throws {
        try await Self.withDatabaseFile { path in
            let store = try SQLiteResultStore(path: path)
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let finished = try await store.beginAttempt(Fixture.attempt(ada.id))
            _ = try await store.finishAttempt(finished, with: Fixture.outcome(.failed, score: 2))
            let running = try await store.beginAttempt(Fixture.attempt(ada.id))

            let queue = try Self.rawQueue(path)
            let statements = [
                "UPDATE attempt SET score = 10, status = 'passed' WHERE id = \(finished)",
                "UPDATE attempt SET signature = 'forged' WHERE id = \(finished)",
                "DELETE FROM attempt WHERE id = \(finished)",
                "UPDATE test_result SET verdict = 'passed', points = max_points WHERE attempt_id = \(finished)",
                "DELETE FROM test_result WHERE attempt_id = \(finished)",
                """
                INSERT INTO test_result (attempt_id, ordinal, stage_id, test_id, verdict, points, max_points)
                VALUES (\(finished), 99, 'extra', 'extra', 'passed', 5, 5)
                """,
                """
                INSERT INTO attempt (learner_id, lab_id, lab_version, grader_digest, language, repository, source,
                    tool_version, status, score, max_score, started_at, finished_at, owner_host, owner_pid, owner_token)
                VALUES (\(ada.id), 'hello-http', '1.0.0', 'sha256:aaaa', 'python', '/r', 'submit', 'x', 'passed', 10, 10,
                    0, 1, 'h', 1, 't')
                """,
            ]
            for sql in statements {
                let error = try #require(throws: DatabaseError.self, "\(sql)") {
                    try queue.write { try $0.execute(sql: sql) }
                }
                #expect(error.resultCode == .SQLITE_CONSTRAINT)
                #expect(error.message?.hasPrefix("ladder: ") == true, "\(error)")
            }
            let detail = try #require(try await store.attempt(finished))
            #expect(detail.attempt.score == 2)
            #expect(detail.attempt.signature == nil)
            #expect(detail.results == Fixture.results)

            // A running attempt may still change (that is how it finishes).
            try await queue.write { try $0.execute(sql: "UPDATE attempt SET language = 'go' WHERE id = \(running)") }
            #expect(try await store.attempt(running)?.attempt.language == "go")
        }
    }

    @Test func finishIsAllOrNothingWhenTheLastStepFails() async throws {
        try await Self.withDatabaseFile { path in
            let store = try SQLiteResultStore(path: path)
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let id = try await store.beginAttempt(Fixture.attempt(ada.id))

            // Make the final status update fail after all test results were inserted in the same transaction,
            // as a full disk or a crash between the statements would.
            let queue = try Self.rawQueue(path)
            try await queue.write { db in
                try db.execute(
                    sql: """
                        CREATE TRIGGER test_failure_at_finish BEFORE UPDATE OF status ON attempt
                        WHEN NEW.status <> 'running'
                        BEGIN SELECT RAISE(ABORT, 'simulated failure after the results were written'); END
                        """)
            }
            await #expect(throws: StoreError.self) {
                try await store.finishAttempt(id, with: Fixture.outcome(.passed, score: 10))
            }
            let afterFailure = try #require(try await store.attempt(id))
            #expect(afterFailure.attempt.status == .running)
            #expect(afterFailure.results.isEmpty)
            #expect(try await queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM test_result") } == 0)

            try await queue.write { try $0.execute(sql: "DROP TRIGGER test_failure_at_finish") }
            _ = try await store.finishAttempt(id, with: Fixture.outcome(.passed, score: 10))
            #expect(try await store.attempt(id)?.results.count == Fixture.results.count)
        }
    }

    @Test func attemptOfAKilledGraderIsInterruptedWhenTheStoreIsOpenedAgain() async throws {
        try await Self.withDatabaseFile { path in
            let child = try ChildProcess()
            let owner = try #require(OwnerIdentity.process(pid: child.pid))
            let killed: AttemptID
            let live: AttemptID
            do {
                let store = try SQLiteResultStore(path: path)
                let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
                killed = try await store.beginAttempt(Fixture.attempt(ada.id), owner: owner)
                live = try await store.beginAttempt(Fixture.attempt(ada.id))
            }
            child.kill9()

            let reopened = try SQLiteResultStore(path: path)
            let detail = try #require(try await reopened.attempt(killed))
            #expect(detail.attempt.status == .interrupted)
            #expect(detail.attempt.finishedAt != nil)
            #expect(detail.attempt.score == nil)
            #expect(detail.results.isEmpty)
            #expect(detail.attempt.message?.contains("\(owner.pid)") == true)
            #expect(try await reopened.attempt(live)?.attempt.status == .running)
        }
    }

    @Test func refusesAStoreFromANewerLadder() async throws {
        try await Self.withDatabaseFile { path in
            _ = try SQLiteResultStore(path: path)
            let queue = try Self.rawQueue(path)
            try await queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-from-the-future')") }

            let error = try #require(throws: StoreError.self) { try SQLiteResultStore(path: path) }
            #expect(error == .schemaTooNew(path: path, unknownMigrations: ["v9-from-the-future"]))
            #expect(error.description.contains("Upgrade ladder"))
            #expect(error.description.contains(path))
        }
    }

    @Test func refusesAFileThatIsNotADatabase() async throws {
        try await Self.withDatabaseFile { path in
            let text = String(repeating: "name,email\nAda,ada@example.org\n", count: 200)
            try text.write(toFile: path, atomically: true, encoding: .utf8)

            let error = try #require(throws: StoreError.self) { try SQLiteResultStore(path: path) }
            guard case .notALadderDatabase(let errorPath, let reason) = error else {
                Issue.record("expected notALadderDatabase, got \(error)")
                return
            }
            #expect(errorPath == path)
            #expect(reason.contains("not an SQLite database"))
            #expect(error.description.contains("--store"))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "the file was left untouched")
            let siblings = try FileManager.default.contentsOfDirectory(
                atPath: (path as NSString).deletingLastPathComponent)
            #expect(siblings == ["ladder.sqlite"], "no -wal or -shm files were left beside it")
        }
    }

    @Test func refusesAnotherProgramsDatabase() async throws {
        try await Self.withDatabaseFile { path in
            let queue = try Self.rawQueue(path)
            try await queue.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)") }

            let error = try #require(throws: StoreError.self) { try SQLiteResultStore(path: path) }
            #expect(
                error
                    == .notALadderDatabase(
                        path: path, reason: "it is an SQLite database with other tables (invoices)"))
            let (touched, journalMode) = try await queue.read {
                (try $0.tableExists("attempt"), try String.fetchOne($0, sql: "PRAGMA journal_mode"))
            }
            #expect(touched == false, "nothing was added to the other program's database")
            #expect(journalMode == "delete", "the other program's database was not switched to WAL")
        }
    }

    @Test func separateStoresOnOneFileTakeTurns() async throws {
        try await Self.withDatabaseFile { path in
            let first = try SQLiteResultStore(path: path)
            let second = try SQLiteResultStore(path: path)
            let ada = try await first.upsertLearner(name: "Ada", email: "ada@example.org")
            let id = try await second.beginAttempt(Fixture.attempt(ada.id))
            _ = try await first.finishAttempt(id, with: Fixture.outcome(.passed, score: 10))
            #expect(try await second.attempt(id)?.attempt.status == .passed)
            await #expect(throws: StoreError.attemptFinished(id, status: .passed)) {
                try await second.finishAttempt(id, with: Fixture.outcome(.failed, score: 0))
            }
        }
    }

    /// Each task opens its own `DatabasePool` on a new file, so they race through creating and migrating
    /// the schema and then through SQLite's file locks, as separate `ladder submit` processes do.
    @Test func concurrentWritersWithTheirOwnConnections() async throws {
        let writers = 8
        let attemptsPerWriter = 15
        try await Self.withDatabaseFile { path in
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        let store = try SQLiteResultStore(path: path)
                        let learner = try await store.upsertLearner(
                            name: "Writer \(writer)", email: "shared@example.org")
                        for n in 0..<attemptsPerWriter {
                            let id = try await store.beginAttempt(
                                Fixture.attempt(learner.id, commit: "w\(writer)-\(n)", repository: "/repo/\(writer)"))
                            _ = try await store.finishAttempt(id, with: Fixture.outcome(.failed, score: Double(n % 10)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - started

            let store = try SQLiteResultStore(path: path)
            let learner = try #require(try await store.learner(email: "shared@example.org"))
            let attempts = try await store.attempts(learner: learner.id)
            #expect(attempts.count == writers * attemptsPerWriter)
            #expect(attempts.allSatisfy { $0.status == .failed })
            #expect(Set(attempts.compactMap(\.commit)).count == writers * attemptsPerWriter)
            for attempt in attempts {
                #expect(try await store.attempt(attempt.id)?.results.count == Fixture.results.count)
            }
            let queue = try Self.rawQueue(path)
            let (learners, results, migrations) = try await queue.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM learner"),
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM test_result"),
                    try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
                )
            }
            #expect(learners == 1)
            #expect(results == writers * attemptsPerWriter * Fixture.results.count)
            #expect(migrations == SQLiteResultStore.schemaMigrations)
            let perAttempt = elapsed / (writers * attemptsPerWriter)
            print(
                "LadderStore: \(writers * attemptsPerWriter) attempts by \(writers) concurrent writers in \(elapsed) (\(perAttempt) each)"
            )
        }
    }

    @Test func reportsAStoreThatCannotBeWritten() async throws {
        try await withTemporaryDirectory { directory in
            // A regular file where the directory should be: fails even for root, unlike permission bits.
            let blocker = directory.appendingPathComponent("not-a-directory")
            try "x".write(to: blocker, atomically: true, encoding: .utf8)
            let location = StoreLocation(path: blocker.appendingPathComponent("ladder/ladder.sqlite").path)

            let error = try #require(throws: StoreError.self) { try SQLiteResultStore(location: location) }
            guard case .notWritable(let path, let reason) = error else {
                Issue.record("expected notWritable, got \(error)")
                return
            }
            #expect(path == location.path)
            #expect(reason.contains("cannot create the directory"))
            #expect(error.description.contains("LADDER_STORE"))
        }
    }
}

/// Locking against a separate OS process: Python's `sqlite3` module holds the write lock on the file.
@Suite("SQLiteResultStore and other processes")
struct SQLiteResultStoreProcessTests {
    static let python = "/usr/bin/python3"

    /// Starts a process that takes the write lock, holds it for `seconds`, then commits; returns once it holds it.
    private static func holdWriteLock(_ path: String, seconds: Double) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "-c",
            """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            time.sleep(float(sys.argv[2]))
            c.execute("COMMIT")
            """,
            path, String(seconds),
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = output.fileHandleForReading.readData(ofLength: 7)
        guard String(decoding: line, as: UTF8.self) == "locked\n" else {
            process.terminate()
            throw StoreError.database(operation: "test setup", path: path, message: "python did not lock", hint: nil)
        }
        return process
    }

    @Test(.requires(.python3))
    func waitsForAnotherProcessesWrite() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ladder.sqlite").path
            let store = try SQLiteResultStore(path: path)
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")

            let holder = try Self.holdWriteLock(path, seconds: 1)
            let started = ContinuousClock.now
            let id = try await store.beginAttempt(Fixture.attempt(ada.id))
            let waited = ContinuousClock.now - started
            holder.waitUntilExit()
            #expect(holder.terminationStatus == 0)
            #expect(waited >= .milliseconds(500), "the write went through while another process held the lock")
            #expect(try await store.attempt(id)?.attempt.status == .running)
        }
    }

    @Test(.requires(.python3))
    func givesUpAfterTheBusyTimeoutWithAHint() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ladder.sqlite").path
            _ = try SQLiteResultStore(path: path)
            let impatient = try SQLiteResultStore(path: path, busyTimeout: 0.2)

            let holder = try Self.holdWriteLock(path, seconds: 2)
            defer { holder.waitUntilExit() }
            let error = await #expect(throws: StoreError.self) {
                try await impatient.upsertLearner(name: "Ada", email: "ada@example.org")
            }
            guard case .database(_, let errorPath, _, let hint)? = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(errorPath == path)
            #expect(hint?.contains("busy timeout") == true)
        }
    }
}
