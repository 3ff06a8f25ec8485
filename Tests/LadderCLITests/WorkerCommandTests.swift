import Foundation
import Testing

/// `ladder worker` against a queue in the tests' own PostgreSQL: it grades what it can, records a wrong answer as a
/// result (never retried), hands back a job for a lab version it lacks with the reason, gives up a job that keeps
/// failing for the infrastructure, and on SIGTERM hands back the job it was grading.
@Suite(.requires(.postgres))
struct WorkerCommandTests {
    let machine: LearnerMachine
    let catalog: TestCatalog
    let cluster: PostgresCluster

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
        cluster = try PostgresCluster.shared()
    }

    /// Adds a job as an instructor's tool would, straight into the queue's table; returns its id.
    func enqueue(
        _ repository: String, lab: String, student: String, version: String? = nil, maxFailures: Int = 3,
        in database: String
    ) throws -> String {
        let quoted = { (text: String?) in
            text.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
        }
        return try query(
            """
            INSERT INTO ladder.job (state, repository, lab_id, lab_version, student_email, max_failures, run_after,
                enqueued_at)
            VALUES ('queued', \(quoted(repository)), \(quoted(lab)), \(quoted(version)), \(quoted(student)),
                \(maxFailures), now(), now())
            RETURNING id
            """, in: database)
    }

    /// Opens `database` as a store once, which makes the schema the jobs go into; returns its URL.
    func makeSchema(in database: String) async throws -> String {
        let url = cluster.url(database: database)
        let opened = try await machine.ladder([
            "history", "--learner", machine.learnerEmail, "--catalog", catalog.root, "--store", url,
        ])
        #expect(opened.exitCode == 0, "\(opened)")
        return url
    }

    func query(_ sql: String, in database: String) throws -> String {
        try cluster.psql(sql, database: database).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until `condition` holds, failing after `timeout`.
    func waitUntil(
        _ what: String, timeout: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
        throw TestSetupError("timed out waiting until \(what)")
    }

    @Test func aWorkerGradesRefusesGivesUpAndHandsBackOnSIGTERM() async throws {
        let database = try cluster.createDatabase()
        defer { try? cluster.dropDatabase(database) }
        let url = try await makeSchema(in: database)

        let solved = try await machine.startLab(
            "hello", from: catalog, named: "solved", files: ["main.py": TestLab.helloSolution])
        let starter = try await machine.startLab("hello", from: catalog, named: "starter")
        let slow = try await machine.startLab("slow", from: catalog, named: "slow")
        let passing = try enqueue(solved, lab: "hello", student: "ada@example.org", in: database)
        let failing = try enqueue(starter, lab: "hello", student: "bob@example.org", in: database)
        let otherVersion = try enqueue(
            solved, lab: "hello", student: "cy@example.org", version: "9.9.9", in: database)
        let missing = try enqueue(
            machine.path("no-such-repository"), lab: "hello", student: "di@example.org", maxFailures: 1, in: database)

        let worker = try machine.launch([
            Products.ladder, "worker", "--queue", url, "--concurrency", "2", "--name", "w1", "--catalog",
            catalog.root,
        ])
        let state = { (job: String) in try query("SELECT state FROM ladder.job WHERE id = \(job)", in: database) }
        try await waitUntil("the jobs are graded, refused or given up") {
            try state(passing) == "done" && state(failing) == "done" && state(missing) == "dead"
                && query("SELECT last_error IS NOT NULL FROM ladder.job WHERE id = \(otherVersion)", in: database)
                    == "t"
        }
        let graded = { (job: String) in
            try query(
                "SELECT a.status || ' ' || j.failures FROM ladder.job j JOIN ladder.attempt a ON a.id = j.attempt_id "
                    + "WHERE j.id = \(job)", in: database)
        }
        #expect(try graded(passing) == "passed 0")
        // A wrong answer is a result: recorded once, not retried.
        #expect(try graded(failing) == "failed 0")
        #expect(try state(otherVersion) == "queued")
        #expect(
            try query("SELECT last_error FROM ladder.job WHERE id = \(otherVersion)", in: database)
                .contains("worker w1 has hello 1.2.0, not 9.9.9"))
        let buried = try query("SELECT last_error FROM ladder.job WHERE id = \(missing)", in: database)
        #expect(buried.hasPrefix("gave up after 1 failure; the last: "), "\(buried)")
        #expect(buried.contains("no such repository"), "\(buried)")

        // A long grading, stopped by SIGTERM: the box is stopped, the attempt interrupted, the job handed back.
        let long = try enqueue(slow, lab: "slow", student: "ed@example.org", in: database)
        try await waitUntil("the slow job's attempt runs") {
            try query("SELECT count(*) FROM ladder.attempt WHERE job_id = \(long) AND status = 'running'", in: database)
                == "1"
        }
        worker.signal(SIGTERM)
        let stopped = try await worker.wait(timeout: .seconds(60))
        #expect(stopped.exitCode == 0, "\(stopped)")
        #expect(stopped.stdout.contains("job \(passing): passed, 20/20"), "\(stopped)")
        #expect(stopped.stdout.contains("job \(long): handed back (stopping)"), "\(stopped)")
        #expect(
            try query("SELECT state || ' ' || failures FROM ladder.job WHERE id = \(long)", in: database) == "queued 0")
        #expect(
            try query("SELECT status FROM ladder.attempt WHERE job_id = \(long)", in: database) == "interrupted")
        #expect(try query("SELECT count(*) FROM ladder.attempt WHERE status = 'running'", in: database) == "0")
    }

    @Test func aWorkerKilledMidGradeLosesNothingAndGradesNothingTwice() async throws {
        let database = try cluster.createDatabase()
        defer { try? cluster.dropDatabase(database) }
        let url = try await makeSchema(in: database)
        let slow = try await machine.startLab("slow", from: catalog, named: "slow")
        let command = { (name: String) in
            [
                Products.ladder, "worker", "--queue", url, "--concurrency", "1", "--name", name, "--lease", "2s",
                "--catalog", catalog.root,
            ]
        }
        let doomed = try machine.launch(command("doomed"))
        let job = try enqueue(slow, lab: "slow", student: "ed@example.org", in: database)
        try await waitUntil("the first worker grades the job") {
            try query(
                "SELECT count(*) FROM ladder.attempt WHERE job_id = \(job) AND status = 'running'", in: database)
                == "1"
        }
        let survivor = try machine.launch(command("survivor"))
        doomed.signal(SIGKILL)
        _ = try await doomed.wait(timeout: .seconds(30))
        try await waitUntil("the second worker finishes the job", timeout: .seconds(150)) {
            try query("SELECT state FROM ladder.job WHERE id = \(job)", in: database) == "done"
        }
        survivor.signal(SIGTERM)
        let stopped = try await survivor.wait(timeout: .seconds(60))
        #expect(stopped.exitCode == 0, "\(stopped)")
        #expect(
            try query(
                "SELECT lease_owner || ' ' || failures || ' ' || claims FROM ladder.job WHERE id = \(job)",
                in: database) == "survivor 1 2")
        // One graded attempt, the survivor's; the killed worker's ended interrupted; nothing left running.
        #expect(
            try query(
                "SELECT string_agg(status, ',' ORDER BY id) FROM ladder.attempt WHERE job_id = \(job)", in: database)
                == "interrupted,passed")
        #expect(try query("SELECT count(*) FROM ladder.attempt WHERE status = 'running'", in: database) == "0")
    }
}
