import Foundation
import LadderModel
import LadderStore
import Testing

@testable import LadderPostgres

/// The grading queue against a real PostgreSQL: claims that never collide, leases that lapse and are taken over,
/// fenced writes, retries with backoff for the infrastructure's failures, and the dead letter.
@Suite("PostgreSQL job queue", .requires(.postgres))
struct PostgresJobQueueTests {
    private static func spec(_ n: Int) -> GradingJobSpec {
        GradingJobSpec(
            repository: "https://git.example.org/class/hello-\(n).git", commit: "c0ffee\(n)", labID: "hello-http",
            labVersion: "1.0.0", graderDigest: "sha256:aaaa", studentEmail: "student\(n)@example.org")
    }

    /// A queue on a new database, with `lease` and `retry`; `url` opens more queues on the same database, as other
    /// machines would.
    private static func withQueue(
        lease: Duration = .seconds(30), retry: RetryPolicy = RetryPolicy(),
        _ body: (PostgresJobQueue, String) async throws -> Void
    ) async throws {
        try await withPostgresDatabase { url in
            let queue = try await PostgresJobQueue.open(url: url, lease: lease, retry: retry)
            defer { withExtendedLifetime(queue) {} }
            try await body(queue, url)
            await queue.store.close()
        }
    }

    @Test func workersClaimingAtOnceNeverTakeTheSameJob() async throws {
        try await Self.withQueue { queue, url in
            var enqueued: [JobID] = []
            for n in 0..<60 { enqueued.append(try await queue.enqueue(Self.spec(n))) }
            // Three workers, each with its own connections as on its own machine, claim until nothing is left.
            var workers: [PostgresJobQueue] = []
            for _ in 0..<3 { workers.append(try await PostgresJobQueue.open(url: url)) }
            let claimed = try await withThrowingTaskGroup(of: [JobID].self) { group in
                for (n, worker) in workers.enumerated() {
                    group.addTask {
                        var mine: [JobID] = []
                        while let claim = try await worker.claim(worker: "w\(n)") { mine.append(claim.id) }
                        return mine
                    }
                }
                return try await group.reduce(into: [[JobID]]()) { $0.append($1) }
            }
            let all = claimed.flatMap { $0 }
            #expect(all.count == 60, "a job was claimed twice or not at all: \(claimed)")
            #expect(all.sorted() == enqueued)
            #expect(claimed.filter { !$0.isEmpty }.count > 1, "one worker took everything: \(claimed.map(\.count))")
            #expect(try await queue.counts() == [.running: 60])
            for worker in workers { await worker.store.close() }
        }
    }

    @Test func aLapsedLeaseIsTakenOverAndCountsAsAFailure() async throws {
        // Leases and waits leave a second or so of margin: a loaded machine stalls for hundreds of milliseconds.
        try await Self.withQueue(lease: .seconds(1)) { queue, _ in
            let id = try await queue.enqueue(Self.spec(1))
            let first = try #require(try await queue.claim(worker: "a"))
            #expect(first.id == id)
            #expect(first.job.state == .running)
            #expect(try await queue.claim(worker: "b") == nil, "a held lease was taken")

            try await Task.sleep(for: .milliseconds(1500))
            let second = try #require(try await queue.claim(worker: "b"))
            #expect(second.id == id)
            #expect(second.token != first.token)
            #expect(second.job.claims == 2)
            #expect(second.job.failures == 1)
            #expect(second.job.leaseOwner == "b")
            #expect(second.job.lastError?.contains("the lease of worker a lapsed") == true)
            // The first worker learns it lost the job at its next heartbeat.
            #expect(try await queue.heartbeat(first) == false)
            #expect(try await queue.heartbeat(second) == true)
        }
    }

    @Test func heartbeatsKeepAJobFromOtherWorkers() async throws {
        try await Self.withQueue(lease: .seconds(1)) { queue, _ in
            _ = try await queue.enqueue(Self.spec(1))
            let claim = try #require(try await queue.claim(worker: "a"))
            for _ in 0..<10 {
                try await Task.sleep(for: .milliseconds(250))
                #expect(try await queue.heartbeat(claim))
            }
            #expect(try await queue.claim(worker: "b") == nil, "a job renewed for 2.5 s under a 1 s lease was taken")
        }
    }

    @Test func aWorkerThatLostItsLeaseCannotRecordAGradeSoTheJobHasExactlyOne() async throws {
        try await Self.withQueue(lease: .milliseconds(400)) { queue, url in
            let job = try await queue.enqueue(Self.spec(1))
            let ada = try await queue.store.upsertLearner(name: "Ada", email: "student1@example.org")
            // Worker a claims and begins grading, then stalls past its lease while still alive.
            let stalled = try #require(try await queue.claim(worker: "a"))
            let stalledStore = queue.store(for: stalled)
            let late = try await stalledStore.beginAttempt(Fixture.attempt(ada.id, commit: "c0ffee1"))
            try await Task.sleep(for: .milliseconds(700))

            let taker = try #require(try await queue.claim(worker: "b"))
            // Taking the job over ended the attempt worker a left running.
            #expect(try await queue.store.attempt(late)?.attempt.status == .interrupted)
            let takerStore = queue.store(for: taker)
            let graded = try await takerStore.beginAttempt(Fixture.attempt(ada.id, commit: "c0ffee1"))

            // Worker a wakes up and tries to record its grade, or to begin again: both refused.
            await #expect(throws: JobQueueError.leaseLost(job, worker: "a")) {
                try await stalledStore.finishAttempt(late, with: Fixture.outcome(.passed, score: 10))
            }
            await #expect(throws: JobQueueError.leaseLost(job, worker: "a")) {
                try await stalledStore.beginAttempt(Fixture.attempt(ada.id, commit: "c0ffee1"))
            }
            await #expect(throws: JobQueueError.leaseLost(job, worker: "a")) {
                try await queue.fail(stalled, reason: "too late")
            }

            let recorded = try await takerStore.finishAttempt(graded, with: Fixture.outcome(.failed, score: 2))
            #expect(recorded.status == .failed)
            let done = try #require(try await queue.job(job))
            #expect(done.state == .done)
            #expect(done.attemptID == graded)
            #expect(done.finishedAt != nil)
            #expect(try await queue.store.attempt(late)?.results.isEmpty == true)
            let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
            #expect(
                try PostgresCluster.shared().psql(
                    "SELECT count(*) FROM ladder.attempt WHERE job_id = \(job) AND status <> 'interrupted'",
                    database: database
                ).trimmingCharacters(in: .whitespacesAndNewlines) == "1")
            // Nothing is left running.
            #expect(
                try PostgresCluster.shared().psql(
                    "SELECT count(*) FROM ladder.attempt WHERE status = 'running'", database: database
                ).trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        }
    }

    @Test func infrastructureFailuresAreRetriedAfterAGrowingWaitThenTheJobIsDead() async throws {
        let retry = RetryPolicy(maxFailures: 3, firstDelay: .seconds(1), maximumDelay: .seconds(10))
        try await Self.withQueue(retry: retry) { queue, _ in
            let id = try await queue.enqueue(Self.spec(1))
            let first = try #require(try await queue.claim(worker: "a"))
            let before = Date()
            #expect(try await queue.fail(first, reason: "cannot clone: connection reset") == .queued)
            let waiting = try #require(try await queue.job(id))
            #expect(waiting.state == .queued)
            #expect(waiting.failures == 1)
            #expect(waiting.lastError == "cannot clone: connection reset")
            #expect(waiting.runAfter >= before.addingTimeInterval(0.9))
            #expect(try await queue.claim(worker: "a") == nil, "a job was retried before its backoff")

            try await Task.sleep(for: .milliseconds(1200))
            let second = try #require(try await queue.claim(worker: "b"))
            #expect(try await queue.fail(second, reason: "sandbox could not start") == .queued)
            // The second wait is twice the first.
            try await Task.sleep(for: .milliseconds(1200))
            #expect(try await queue.claim(worker: "b") == nil, "the second backoff did not grow")
            try await Task.sleep(for: .milliseconds(1000))
            let third = try #require(try await queue.claim(worker: "c"))
            #expect(try await queue.fail(third, reason: "sandbox could not start") == .dead)

            let dead = try #require(try await queue.job(id))
            #expect(dead.state == .dead)
            #expect(dead.failures == 3)
            #expect(dead.lastError == "gave up after 3 failures; the last: sandbox could not start")
            #expect(dead.finishedAt != nil)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await queue.claim(worker: "c") == nil, "a dead job was claimed")
        }
    }

    @Test func aJobWhoseWorkersKeepDyingIsDead() async throws {
        let retry = RetryPolicy(maxFailures: 2)
        try await Self.withQueue(lease: .milliseconds(300), retry: retry) { queue, _ in
            let id = try await queue.enqueue(Self.spec(1))
            _ = try #require(try await queue.claim(worker: "a"))
            try await Task.sleep(for: .milliseconds(500))
            _ = try #require(try await queue.claim(worker: "b"))
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await queue.claim(worker: "c") == nil)
            let dead = try #require(try await queue.job(id))
            #expect(dead.state == .dead)
            #expect(
                dead.lastError?.contains("gave up after 2 failures; the last: the lease of worker b lapsed") == true)
        }
    }

    @Test func aJobHandedBackIsNotAFailureAndKeepsTheReason() async throws {
        try await Self.withQueue { queue, _ in
            let id = try await queue.enqueue(Self.spec(1))
            let claim = try #require(try await queue.claim(worker: "a"))
            try await queue.release(claim, reason: "worker a has hello-http 0.9.0, not 1.0.0", delay: .seconds(1))
            let back = try #require(try await queue.job(id))
            #expect(back.state == .queued)
            #expect(back.failures == 0)
            #expect(back.lastError == "worker a has hello-http 0.9.0, not 1.0.0")
            #expect(try await queue.claim(worker: "a") == nil)
            try await Task.sleep(for: .milliseconds(1200))
            #expect(try await queue.claim(worker: "b")?.id == id)
        }
    }

    @Test func badJobsAreRefusedBeforeAnythingIsWritten() async throws {
        try await Self.withQueue { queue, _ in
            var noLab = Self.spec(1)
            noLab.labID = ""
            await #expect(throws: JobQueueError.invalidJob(field: "lab id", reason: "is empty")) {
                try await queue.enqueue(noLab)
            }
            var noStudent = Self.spec(1)
            noStudent.studentEmail = " "
            await #expect(throws: StoreError.self) { try await queue.enqueue(noStudent) }
            let counts = try await queue.counts()
            #expect(counts.isEmpty)
        }
    }

    @Test func theQueueAnnouncesQueuedAndFinishedJobsWhenTheirTransactionCommits() async throws {
        try await Self.withQueue { queue, url in
            let (queued, finished) = (Doorbell(), Doorbell())
            let listeners = [
                Task { await queue.listen(for: .queued, ringing: queued) },
                Task { await queue.listen(for: .finished, ringing: finished) },
            ]
            // Listening rings once when it starts, since anything sent before was missed.
            for bell in [queued, finished] { await Self.until { bell.rings >= 1 } }
            let (seenQueued, seenFinished) = (queued.rings, finished.rings)

            // Another machine enqueues: the listener here hears it. A wait far longer than any machine's stall shows
            // the ring, not the timeout, ended it.
            let other = try await PostgresJobQueue.open(url: url)
            _ = try await other.enqueue(Self.spec(1))
            let started = ContinuousClock.now
            await queued.wait(after: seenQueued, timeout: .seconds(120))
            #expect(ContinuousClock.now - started < .seconds(60), "an enqueued job was not announced")
            #expect(finished.rings == seenFinished, "a queued job was announced as finished")

            // A claim and a heartbeat announce nothing; the job's end does.
            let beforeClaim = queued.rings
            let claim = try #require(try await queue.claim(worker: "w"))
            #expect(try await queue.heartbeat(claim))
            let ada = try await queue.store.upsertLearner(name: "Ada", email: "student1@example.org")
            let store = queue.store(for: claim)
            let attempt = try await store.beginAttempt(Fixture.attempt(ada.id, commit: "c0ffee1"))
            _ = try await store.finishAttempt(attempt, with: Fixture.outcome(.passed, score: 10))
            await finished.wait(after: seenFinished, timeout: .seconds(120))
            #expect(finished.rings > seenFinished, "a finished job was not announced")
            #expect(queued.rings == beforeClaim, "a claim, a heartbeat or a finish was announced as queued")
            for listener in listeners {
                listener.cancel()
                await listener.value
            }
            await other.store.close()
        }
    }

    /// Waits (up to a minute) until `condition` holds.
    private static func until(_ condition: () -> Bool) async {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition(), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test func theWaitDoublesUpToTheMaximum() {
        let policy = RetryPolicy(maxFailures: 10, firstDelay: .seconds(5), maximumDelay: .seconds(60))
        #expect((1...6).map { policy.delay(afterFailures: $0) } == [5, 10, 20, 40, 60, 60].map { .seconds($0) })
        #expect(RetryPolicy(maxFailures: 0).maxFailures == 1)
    }
}

@Suite("Doorbell")
struct DoorbellTests {
    @Test func aDoorbellRungBetweenLookingAndWaitingIsNotMissed() async {
        let bell = Doorbell()
        let seen = bell.rings
        bell.ring()
        let started = ContinuousClock.now
        await bell.wait(after: seen, timeout: .seconds(120))
        #expect(ContinuousClock.now - started < .seconds(60))
        // Nothing rang after the last ring seen: the wait ends at its timeout.
        let quiet = ContinuousClock.now
        await bell.wait(after: bell.rings, timeout: .milliseconds(50))
        #expect(ContinuousClock.now - quiet >= .milliseconds(50))
        // A waiter whose task is cancelled returns at once.
        let waiter = Task { await bell.wait(after: bell.rings, timeout: .seconds(120)) }
        waiter.cancel()
        let cancelled = ContinuousClock.now
        await waiter.value
        #expect(ContinuousClock.now - cancelled < .seconds(60))
    }
}

@Suite("Database deadline")
struct DatabaseDeadlineTests {
    @Test func aBodyThatNeverAnswersIsGivenUpAtTheDeadline() async throws {
        let started = ContinuousClock.now
        await #expect(throws: DatabaseTimeout.self) {
            try await PostgresResultStore.withDeadline(.milliseconds(200)) {
                // Ignores cancellation, as a call stuck inside a connection pool would.
                await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
            }
        }
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func anAnswerOrAnErrorComesThroughAsItIs() async throws {
        #expect(try await PostgresResultStore.withDeadline(.seconds(60)) { 42 } == 42)
        await #expect(throws: JobQueueError.invalidJob(field: "f", reason: "r")) {
            try await PostgresResultStore.withDeadline(.seconds(60)) {
                throw JobQueueError.invalidJob(field: "f", reason: "r")
            }
        }
    }

    @Test func cancellingTheCallerEndsTheWait() async throws {
        let waiter = Task {
            try await PostgresResultStore.withDeadline(.seconds(120)) {
                await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
            }
        }
        waiter.cancel()
        let started = ContinuousClock.now
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
