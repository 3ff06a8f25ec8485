import Foundation
import LadderModel
import LadderPostgres
import LadderStore
import Testing

/// What only the PostgreSQL store does beyond the behaviour every store shares: leases, the schema's own guard
/// against hand-written SQL, versioned migrations, and errors that say why a database cannot be used.
@Suite("PostgreSQL store", .requires(.postgres))
struct PostgresResultStoreTests {
    /// An owner on another machine: this one cannot see whether it runs, only whether it renews its lease.
    private static var remoteOwner: OwnerIdentity {
        OwnerIdentity(host: "grader-7.example", pid: 4242, startTime: 99, bootID: "another-boot", token: "remote")
    }

    @Test func anAttemptIsReapedWhenItsGraderStopsRenewingItsLease() async throws {
        try await withPostgresDatabase { url in
            let store = try await PostgresResultStore.open(url: url, leaseDuration: .milliseconds(1500))
            defer { withExtendedLifetime(store) {} }
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let renewed = try await store.beginAttempt(Fixture.attempt(ada.id, commit: "here"), owner: .current)
            let abandoned = try await store.beginAttempt(
                Fixture.attempt(ada.id, commit: "elsewhere"), owner: Self.remoteOwner)

            // Within its lease an owner on another machine is left alone.
            #expect(try await store.reapInterrupted() == [])
            try await Task.sleep(for: .milliseconds(2500))
            // Past it, only the attempt nobody renewed is taken for dead; this process renewed its own twice over.
            #expect(try await store.reapInterrupted() == [abandoned])
            let reaped = try #require(try await store.attempt(abandoned)).attempt
            #expect(reaped.status == .interrupted)
            #expect(reaped.message?.contains("grader-7.example stopped renewing its lease") == true)
            #expect(try await store.attempt(renewed)?.attempt.status == .running)
            await store.close()
        }
    }

    @Test func aGraderWhoseLeaseLapsedCannotRecordItsGrade() async throws {
        try await withPostgresDatabase { url in
            // The first grader stalls (a network partition, a paused VM): its store stops renewing.
            let stalled = try await PostgresResultStore.open(url: url, leaseDuration: .milliseconds(600))
            defer { withExtendedLifetime(stalled) {} }
            let ada = try await stalled.upsertLearner(name: "Ada", email: "ada@example.org")
            let id = try await stalled.beginAttempt(Fixture.attempt(ada.id))
            await stalled.close()

            let other = try await PostgresResultStore.open(url: url, reapOnOpen: false)
            defer { withExtendedLifetime(other) {} }
            try await Task.sleep(for: .milliseconds(1200))
            #expect(try await other.reapInterrupted() == [id])
            // Its grade arrives late: refused, so the attempt keeps the one ending it has.
            await #expect(throws: StoreError.attemptFinished(id, status: .interrupted)) {
                try await other.finishAttempt(id, with: Fixture.outcome(.passed, score: 10))
            }
            #expect(try await other.attempt(id)?.results.isEmpty == true)
            await other.close()
        }
    }

    @Test func finishedAttemptsAreImmutableEvenToHandWrittenSQL() async throws {
        try await withPostgresDatabase { url in
            let store = try await PostgresResultStore.open(url: url)
            defer { withExtendedLifetime(store) {} }
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let finished = try await store.beginAttempt(Fixture.attempt(ada.id, commit: "done"))
            _ = try await store.finishAttempt(finished, with: Fixture.outcome(.failed, score: 2))
            let running = try await store.beginAttempt(Fixture.attempt(ada.id, commit: "going"))
            let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
            let cluster = try PostgresCluster.shared()

            for (sql, refusal) in [
                ("UPDATE ladder.attempt SET score = 10 WHERE id = \(finished)", "a finished attempt cannot change"),
                ("DELETE FROM ladder.attempt WHERE id = \(finished)", "a finished attempt cannot be deleted"),
                (
                    "UPDATE ladder.test_result SET points = max_points WHERE attempt_id = \(finished)",
                    "test results of a finished attempt cannot change"
                ),
                (
                    "DELETE FROM ladder.test_result WHERE attempt_id = \(finished)",
                    "test results of a finished attempt cannot be deleted"
                ),
                (
                    """
                    INSERT INTO ladder.test_result (attempt_id, ordinal, stage_id, test_id, verdict, points, max_points)
                    VALUES (\(finished), 9, 's', 't', 'passed', 1, 1)
                    """, "a finished attempt cannot get new test results"
                ),
                ("TRUNCATE ladder.test_result, ladder.attempt CASCADE", "finished attempts cannot be deleted"),
            ] {
                let error = #expect(throws: TestSetupError.self) { try cluster.psql(sql, database: database) }
                #expect(error?.description.contains("ladder: \(refusal)") == true, "\(sql)")
            }
            // A running attempt can still change (a lease renewed), and nothing else moved.
            try cluster.psql(
                "UPDATE ladder.attempt SET lease_expires_at = lease_expires_at WHERE id = \(running)",
                database: database)
            let detail = try #require(try await store.attempt(finished))
            #expect(detail.attempt.score == 2)
            #expect(detail.results == Fixture.results)
            await store.close()
        }
    }

    @Test func migrationsAreVersionedAppliedOnceAndANewerSchemaIsRefused() async throws {
        try await withPostgresDatabase { url in
            let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
            let cluster = try PostgresCluster.shared()
            // Two machines opening a new database at once: one migrates, the other waits and finds it done.
            async let first = PostgresResultStore.open(url: url)
            async let second = PostgresResultStore.open(url: url)
            let stores = try await [first, second]
            let applied = try cluster.psql(
                "SELECT version || '-' || name FROM ladder.schema_migrations ORDER BY version", database: database)
            #expect(applied.split(separator: "\n").map(String.init) == PostgresResultStore.schemaMigrations)
            let appliedAt = try cluster.psql("SELECT max(applied_at) FROM ladder.schema_migrations", database: database)

            let again = try await PostgresResultStore.open(url: url)
            #expect(
                try cluster.psql("SELECT max(applied_at) FROM ladder.schema_migrations", database: database)
                    == appliedAt)

            try cluster.psql(
                "INSERT INTO ladder.schema_migrations (version, name) VALUES (999, 'from-the-future')",
                database: database)
            await #expect(
                throws: StoreError.schemaTooNew(
                    path: url, unknownMigrations: ["999-from-the-future"])
            ) {
                try await PostgresResultStore.open(url: url)
            }
            for store in stores + [again] { await store.close() }
        }
    }

    @Test func aDatabaseThatCannotBeUsedSaysWhyAndWhatToDo() async throws {
        let cluster = try PostgresCluster.shared()
        let missing = cluster.url(database: "no_such_database")
        let noDatabase = try await #require(throws: StoreError.self) {
            try await PostgresResultStore.open(url: missing)
        }
        #expect(noDatabase.description.contains("database \"no_such_database\" does not exist"))
        #expect(noDatabase.description.contains("createdb no_such_database"))

        let nowhere = "postgres://ladder@/anything?host=\(cluster.directory)/no-socket-here"
        let noServer = try await #require(throws: StoreError.self) {
            try await PostgresResultStore.open(url: nowhere)
        }
        #expect(noServer.description.contains("cannot connect to PostgreSQL at the Unix socket"))
        #expect(noServer.description.contains("Check that the server runs"))
    }
}

@Suite("PostgreSQL store URLs")
struct PostgresStoreURLTests {
    @Test func tcpURLsNameHostPortUserAndDatabase() throws {
        let url = try PostgresStoreURL("postgres://grader:s3cret@db.example.org:6543/ladder", environment: [:])
        #expect(url.endpoint == .tcp(host: "db.example.org", port: 6543))
        #expect(url.user == "grader")
        #expect(url.password == "s3cret")
        #expect(url.database == "ladder")
        #expect(url.tls == .prefer)
        #expect(url.description == "postgres://grader:***@db.example.org:6543/ladder")
        #expect(!"\(url)".contains("s3cret"))
    }

    @Test func withoutAHostTheConnectionGoesThroughAUnixSocket() throws {
        let debian = try PostgresStoreURL("postgresql:///grades", environment: ["PGPASSWORD": "pw"])
        #expect(debian.endpoint == .socket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        #expect(debian.database == "grades")
        #expect(debian.password == "pw")
        #expect(debian.tls == .disable)
        let own = try PostgresStoreURL("postgres://ladder@/db?host=/tmp/pg", environment: [:])
        #expect(own.endpoint == .socket(path: "/tmp/pg/.s.PGSQL.5432"))
        #expect(own.user == "ladder")
        // The database defaults to the user, as libpq's does.
        #expect(try PostgresStoreURL("postgres://ada@localhost", environment: [:]).database == "ada")
    }

    @Test func badURLsNameTheFieldAtFault() throws {
        for (text, field) in [
            ("postgres://db/ladder?sslmode=sometimes", "sslmode="),
            ("postgres://db/ladder?application=x", "application="),
            ("postgres:///ladder?host=relative", "host="),
            ("postgres:///ladder?sslmode=require", "sslmode="),
            ("postgres://db/a/b", "database"),
        ] {
            let error = try #require(throws: StoreError.self) { try PostgresStoreURL(text, environment: [:]) }
            guard case .invalidInput(_, let named, _) = error else {
                Issue.record("\(text): \(error)")
                continue
            }
            #expect(named == field, "\(text)")
        }
    }

    @Test func theStoreIsAFileUnlessAPostgresURLNamesIt() throws {
        let environment = ["HOME": "/home/ada"]
        #expect(
            try StoreAddress.resolve("postgres://db/ladder", environment: environment)
                == .postgres(url: "postgres://db/ladder"))
        #expect(
            try StoreAddress.resolve(nil, environment: ["LADDER_STORE": "postgresql://u:p@db/x", "HOME": "/h"])
                == .postgres(url: "postgresql://u:p@db/x"))
        #expect(
            try StoreAddress.resolve("/srv/grades.sqlite", environment: environment)
                == .file(StoreLocation(path: "/srv/grades.sqlite")))
        #expect(
            try StoreAddress.resolve(nil, environment: environment)
                == .file(StoreLocation(path: "/home/ada/.local/share/ladder/ladder.sqlite")))
        // A file whose name merely starts like a scheme is still a file.
        #expect(
            try StoreAddress.resolve("postgres.sqlite", environment: environment) != .postgres(url: "postgres.sqlite"))
        #expect(StoreAddress.postgres(url: "postgresql://u:p@db/x").description == "postgresql://u:***@db/x")
    }
}
