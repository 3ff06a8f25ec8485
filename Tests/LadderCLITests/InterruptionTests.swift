import Foundation
import Testing

/// SIGINT and SIGTERM at any moment of `ladder submit`, `ladder grade` and `ladder classroom grade`: the grading stops
/// first, the attempt is recorded `interrupted` once, and a right answer is never recorded as an error.
@Suite struct InterruptionTests {
    let machine: LearnerMachine
    let catalog: TestCatalog

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
    }

    /// One row of the store's attempt table.
    struct StoredAttempt: CustomStringConvertible {
        let id: Int
        let status: String
        let message: String?
        var description: String { "#\(id) \(status) \(message ?? "")" }
    }

    /// The attempts as the SQLite file holds them, read without `ladder` (which would reap attempts of dead processes
    /// as interrupted and hide one a killed process left `running`). A store whose schema is not made yet (the file
    /// exists from the moment `ladder` opens it, its tables from when the migration commits) holds none.
    func storedAttempts(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [StoredAttempt] {
        guard FileManager.default.fileExists(atPath: machine.store) else { return [] }
        let script = """
            import json, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            made = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attempt'").fetchone()
            print(json.dumps([{"id": i, "status": s, "message": m} for i, s, m in
                              db.execute("SELECT id, status, message FROM attempt ORDER BY id")] if made else []))
            """
        let result = try await machine.run([Products.python, "-c", script, machine.store])
        #expect(result.exitCode == 0, "\(result)", sourceLocation: sourceLocation)
        let rows = try #require(try? result.json() as? [[String: Any]], "\(result)", sourceLocation: sourceLocation)
        return rows.map {
            StoredAttempt(id: $0.int("id") ?? -1, status: $0.string("status") ?? "?", message: $0.string("message"))
        }
    }

    /// How many repetitions of the random-signal test to run: 20 in the normal suite, more with `LADDER_INTERRUPT_RUNS`.
    static let randomRuns = ProcessInfo.processInfo.environment["LADDER_INTERRUPT_RUNS"].flatMap(Int.init) ?? 20

    @Test func aSignalAtARandomMomentNeverRecordsARightAnswerAsAnError() async throws {
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let command = [Products.ladder, "submit", "--json", "--catalog", catalog.root]

        // How long an uninterrupted submit takes here (the median of three), so that the signals fall across the whole
        // of it, from before the signal handlers exist to after the grade is recorded.
        let clock = ContinuousClock()
        var spans: [Duration] = []
        for _ in 1...3 {
            let started = clock.now
            let plain = try await machine.run(command, in: repository)
            spans.append(clock.now - started)
            #expect(plain.exitCode == 0, "\(plain)")
        }
        let span = spans.sorted()[1]
        var known = try await storedAttempts()
        #expect(known.map(\.status) == ["passed", "passed", "passed"], "\(known)")

        var generator = SystemRandomNumberGenerator()
        var tally: [String: Int] = [:]
        for run in 1...Self.randomRuns {
            let signal = Bool.random(using: &generator) ? SIGINT : SIGTERM
            let delay = span * Double.random(in: 0...1.2, using: &generator)
            let submit = try machine.launch(command, in: repository)
            try await Task.sleep(for: delay)
            submit.signal(signal)
            let ended = try await submit.wait(timeout: .seconds(60))
            let context = "run \(run), \(signal == SIGINT ? "SIGINT" : "SIGTERM") after \(delay): \(ended)"

            let now = try await storedAttempts()
            let added = Array(now.dropFirst(known.count))
            #expect(
                now.prefix(known.count).map(\.description) == known.map(\.description),
                "earlier attempts never change: \(context)")
            #expect(now.allSatisfy { ["passed", "interrupted"].contains($0.status) }, "\(now) \(context)")
            switch ended.exitCode {
            case 0:
                #expect(added.map(\.status) == ["passed"], "exit 0 is a recorded pass: \(added) \(context)")
                tally["passed", default: 0] += 1
            case 128 + signal:
                #expect(added.isEmpty || added.map(\.status) == ["interrupted"], "\(added) \(context)")
                if !ended.killedBySignal, let attempt = added.first {
                    #expect(attempt.message?.contains("stopped by") == true, "\(attempt) \(context)")
                }
                tally[
                    added.isEmpty
                        ? (ended.killedBySignal ? "killed before grading" : "stopped before the attempt")
                        : "interrupted", default: 0] += 1
            default:
                Issue.record("exit \(ended.exitCode), neither 0 nor 128+signal: \(context)")
            }
            known = now
        }
        print(
            "\(Self.randomRuns) interrupted submits (an uninterrupted one took \(span)): \(tally.sorted { $0.key < $1.key })"
        )
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: machine.temporary).filter {
            $0.hasPrefix("ladder-")
        }
        #expect(leftovers.isEmpty, "scratch spaces left behind: \(leftovers)")
    }

    /// Waits until the store holds `count` running attempts and the slow lab's program runs.
    func waitForRunning(_ count: Int) async throws {
        let running = try await eventually(timeout: .seconds(30)) {
            try await storedAttempts().filter { $0.status == "running" }.count == count
        }
        let attempts = try await storedAttempts()
        #expect(running, "\(attempts)")
        _ = await eventually(timeout: .seconds(5)) {
            SafetyTests.processes(mentioning: "slow-lab-marker").count >= count
        }
    }

    @Test func gradeStoppedBySIGTERMRecordsTheAttemptInterrupted() async throws {
        let repository = try await machine.startLab("slow", from: catalog)
        let grade = try machine.launch([Products.ladder, "grade", "--catalog", catalog.root, repository])
        try await waitForRunning(1)
        grade.signal(SIGTERM)
        let ended = try await grade.wait(timeout: .seconds(30))
        #expect(ended.exitCode == 128 + SIGTERM && !ended.killedBySignal, "stopped, not killed: \(ended)")
        #expect(ended.stderr.contains("Interrupted"), "\(ended)")
        let attempts = try await storedAttempts()
        #expect(attempts.map(\.status) == ["interrupted"], "\(attempts)")
        #expect(attempts.first?.message == "stopped by SIGTERM before grading finished", "\(attempts)")
        let gone = await eventually(timeout: .seconds(10)) {
            SafetyTests.processes(mentioning: "slow-lab-marker").isEmpty
        }
        #expect(gone, "the program outlived ladder grade")
    }

    @Test func aStoppedClassroomMarksEveryAttemptInFlightAndWritesNoGradebook() async throws {
        let ada = try await machine.startLab("slow", from: catalog, named: "ada")
        let bob = try await machine.startLab("slow", from: catalog, named: "bob")
        let roster = machine.path("roster.csv")
        try "student,repository\nada,\(ada)\nbob,\(bob)\n".write(toFile: roster, atomically: true, encoding: .utf8)
        let out = machine.path("out")
        let classroom = try machine.launch([
            Products.ladder, "classroom", "grade", "--catalog", catalog.root, "--roster", roster, "--lab", "slow",
            "--jobs", "2", "--out", out,
        ])
        try await waitForRunning(2)
        classroom.signal(SIGINT)
        let ended = try await classroom.wait(timeout: .seconds(30))
        #expect(ended.exitCode == 128 + SIGINT && !ended.killedBySignal, "\(ended)")
        #expect(ended.stderr.contains("Interrupted"), "\(ended)")
        let attempts = try await storedAttempts()
        #expect(attempts.map(\.status) == ["interrupted", "interrupted"], "\(attempts)")
        #expect(attempts.allSatisfy { $0.message == "stopped by SIGINT before grading finished" }, "\(attempts)")
        #expect(!FileManager.default.fileExists(atPath: out + "/gradebook.csv"), "nothing half-done is written")
        #expect(filesUnder(out).isEmpty, "\(filesUnder(out))")
    }
}
