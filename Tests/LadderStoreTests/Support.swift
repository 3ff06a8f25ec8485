import Foundation
import GRDB
import LadderModel
import LadderPostgres
import LadderStore
// Every file of this target uses the shared helpers: prerequisites, temporary directories, built products.
@_exported import LadderTestSupport
import Testing

/// A directory under the system temp directory, removed when the body ends.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory("store")
    defer { withExtendedLifetime(directory) {} }
    return try await body(directory.url)
}

/// Rolls the store at `path` back to the schema before its last migration, as an older ladder left it; returns that
/// migration's identifier.
func rollBackLastMigration(_ path: String) async throws -> String {
    let last = SQLiteResultStore.schemaMigrations.last!
    try await DatabaseQueue(path: path).write { db in
        // Undoes exactly what the last migration did, so applying it again is what an upgrade does.
        try db.execute(sql: "ALTER TABLE attempt DROP COLUMN late")
        try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [last])
    }
    return last
}

/// The stores every behavioural test runs against.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case memory
    /// A new database in the tests' own PostgreSQL cluster; the test fails where PostgreSQL is not installed.
    case postgres

    var description: String { rawValue }

    func withStore<T>(_ body: (any ResultStore) async throws -> T) async throws -> T {
        switch self {
        case .memory:
            return try await body(MemoryResultStore())
        case .sqlite:
            return try await withTemporaryDirectory { directory in
                let store = try SQLiteResultStore(path: directory.appendingPathComponent("ladder.sqlite").path)
                return try await body(store)
            }
        case .postgres:
            return try await withPostgresDatabase { url in
                let store = try await PostgresResultStore.open(url: url)
                defer { withExtendedLifetime(store) {} }
                let result = try await body(store)
                await store.close()
                return result
            }
        }
    }
}

/// A new, empty database in the tests' PostgreSQL cluster (started at first use), given by its URL and dropped when
/// the body ends.
func withPostgresDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
    try Prerequisite.postgres.demand()
    let cluster = try PostgresCluster.shared()
    let database = try cluster.createDatabase()
    defer { try? cluster.dropDatabase(database) }
    return try await body(cluster.url(database: database))
}

enum Fixture {
    static let helloLab = LabRecord(
        labID: "hello-http", version: "1.0.0", graderDigest: "sha256:aaaa", title: "Hello, HTTP", rung: .junior,
        areas: ["api-design", "http"])

    static let sqlLab = LabRecord(
        labID: "sql-joins", version: "2.1.0", graderDigest: "sha256:bbbb", title: "Joins that use an index",
        rung: .backend, areas: ["databases"])

    static func attempt(
        _ learner: LearnerID, lab: LabRecord = helloLab, commit: String = "c0ffee",
        repository: String = "/home/ada/hello",
        source: AttemptSource = .submit, startedAt: Date = Date()
    ) -> NewAttempt {
        NewAttempt(
            learner: learner, lab: lab, language: "python", commit: commit, tree: "tree-\(commit)",
            repository: repository, source: source, toolVersion: "0.1.0-test", startedAt: startedAt)
    }

    static let results: [TestResultRecord] = [
        TestResultRecord(
            stageID: "1-listen", testID: "responds", verdict: .passed, points: 2, maxPoints: 2,
            cpuMilliseconds: 12, wallMilliseconds: 40, memoryBytes: 5_000_000),
        TestResultRecord(
            stageID: "2-routes", testID: "get-user", verdict: .wrongAnswer, points: 0, maxPoints: 3,
            message: "GET /users/1 answered 404; expected 200", cpuMilliseconds: 9, wallMilliseconds: 31,
            memoryBytes: 5_100_000, input: "GET /users/1 HTTP/1.1\nHost: localhost"),
        TestResultRecord(stageID: "2-routes", testID: "post-user", verdict: .timeLimit, points: 0, maxPoints: 5),
    ]

    static func outcome(
        _ status: AttemptStatus, score: Double, maxScore: Double = 10, finishedAt: Date = Date()
    ) -> AttemptOutcome {
        AttemptOutcome(status: status, score: score, maxScore: maxScore, results: results, finishedAt: finishedAt)
    }
}

/// A real child process (`sleep`) standing for a grading process that can be killed.
final class ChildProcess {
    let process = Process()

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["30"]
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Kills the child as `kill -9` would, and waits so that it is not left as a zombie.
    func kill9() {
        kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }
}
