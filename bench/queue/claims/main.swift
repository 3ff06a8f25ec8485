// ladder-queue-bench URL JOBS WORKERS: how many grading jobs one PostgreSQL takes through the queue per second.
//
// Enqueues JOBS jobs, then WORKERS loops at once do what each `ladder worker` does for a job around its grading,
// through the same PostgresJobQueue: claim (SELECT … FOR UPDATE SKIP LOCKED), the learner, the attempt begun under the
// job's fence, the grade recorded and the job marked done in one fenced transaction. No grading: the database's
// share of a job, alone. Prints one JSON line. A benchmark of `make bench` (bench/queue/bench.py), not a product.
import Foundation
import LadderModel
import LadderPostgres
import LadderStore

let arguments = CommandLine.arguments
guard arguments.count == 4, let jobs = Int(arguments[2]), let workers = Int(arguments[3]), jobs > 0, workers > 0 else {
    FileHandle.standardError.write(Data("usage: ladder-queue-bench URL JOBS WORKERS\n".utf8))
    exit(64)
}
let queue = try await PostgresJobQueue.open(url: arguments[1])
for index in 0..<jobs {
    _ = try await queue.enqueue(
        GradingJobSpec(
            repository: "https://git.example.org/class/repo-\(index).git", commit: String(repeating: "a", count: 40),
            labID: "bench", studentEmail: "student\(index % 200)@example.org"))
}
let lab = LabRecord(labID: "bench", version: "1.0.0", graderDigest: "bench", title: "Bench", rung: .junior, areas: [])
let result = TestResultRecord(stageID: "main", testID: "t", verdict: .passed, points: 1, maxPoints: 1, message: "")
/// Runs `workers` claim loops at once until the queue is empty; returns the jobs they recorded.
nonisolated func drain(_ queue: PostgresJobQueue, workers: Int, lab: LabRecord, result: TestResultRecord) async throws
    -> Int
{
    try await withThrowingTaskGroup(of: Int.self) { group in
        for worker in 0..<workers {
            group.addTask {
                var done = 0
                while let claim = try await queue.claim(worker: "bench-\(worker)") {
                    let spec = claim.job.spec
                    let learner = try await queue.store.upsertLearner(name: spec.studentEmail, email: spec.studentEmail)
                    let attempt = try await queue.beginAttempt(
                        for: claim,
                        NewAttempt(
                            learner: learner.id, lab: lab, language: "python", commit: spec.commit, tree: nil,
                            repository: spec.repository, source: .classroom, toolVersion: "bench"),
                        owner: .current)
                    _ = try await queue.finishAttempt(
                        for: claim, attempt,
                        with: AttemptOutcome(status: .passed, score: 1, maxScore: 1, results: [result]))
                    done += 1
                }
                return done
            }
        }
        var total = 0
        for try await done in group { total += done }
        return total
    }
}
let started = ContinuousClock.now
let graded = try await drain(queue, workers: workers, lab: lab, result: result)
let elapsed = ContinuousClock.now - started
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(
    "{\"jobs\": \(graded), \"workers\": \(workers), \"seconds\": \(seconds), \"per_second\": \(Double(graded) / seconds)}"
)
await queue.store.close()
