import Foundation
import Testing

/// The commands record into and read from a PostgreSQL database when `--store` or `$LADDER_STORE` is a `postgres://`
/// URL, exactly as they do with an SQLite file.
@Suite(.requires(.postgres))
struct PostgresStoreCommandTests {
    @Test func gradeSubmitHistoryAndProgressUseTheDatabaseTheURLNames() async throws {
        let machine = try LearnerMachine()
        let catalog = try TestCatalog.writeWithStages(in: machine)
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        defer { try? cluster.dropDatabase(database) }
        let url = cluster.url(database: database)

        let solved = try await machine.startLab(
            "hello", from: catalog, named: "solved", files: ["main.py": TestLab.helloSolution])
        let graded = try await machine.ladder(["grade", "--catalog", catalog.root, "--store", url], in: solved)
        #expect(graded.exitCode == 0, "\(graded)")
        let submitted = try await machine.ladder(
            ["submit", "--catalog", catalog.root], in: solved, environment: ["LADDER_STORE": url])
        #expect(submitted.exitCode == 0, "\(submitted)")

        let history = try await machine.ladder(
            ["history", "--json", "--learner", machine.learnerEmail, "--catalog", catalog.root, "--store", url])
        let attempts = try #require(try history.json() as? [[String: Any]], "\(history)")
        #expect(attempts.compactMap { $0.string("source") }.sorted() == ["grade", "submit"], "\(history)")
        #expect(attempts.allSatisfy { $0.string("status") == "passed" }, "\(history)")
        let progress = try await machine.ladder(
            ["progress", "--learner", machine.learnerEmail, "--catalog", catalog.root],
            environment: ["LADDER_STORE": url])
        #expect(progress.exitCode == 0, "\(progress)")
        #expect(progress.stdout.contains("hello"), "\(progress)")

        // Nothing went to the SQLite file the machine would use otherwise.
        #expect(!FileManager.default.fileExists(atPath: machine.store), "\(machine.store)")
        #expect(
            try cluster.psql("SELECT count(*) FROM ladder.attempt WHERE status = 'passed'", database: database)
                .trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func aDatabaseThatIsNotThereIsNamedWithWhatToDoAndNoPassword() async throws {
        let machine = try LearnerMachine()
        let catalog = try TestCatalog.writeWithStages(in: machine)
        let cluster = try PostgresCluster.shared()
        let url = "postgres://ladder:hunter2@/missing_db?host=\(cluster.socketDirectory)"
        let solved = try await machine.startLab(
            "hello", from: catalog, named: "solved", files: ["main.py": TestLab.helloSolution])
        let result = try await machine.ladder(["grade", "--catalog", catalog.root, "--store", url], in: solved)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("database \"missing_db\" does not exist"), "\(result)")
        #expect(result.stderr.contains("createdb missing_db"), "\(result)")
        #expect(!result.output.contains("hunter2"), "the password was shown: \(result)")
    }
}
