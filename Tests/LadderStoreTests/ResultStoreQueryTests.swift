import Foundation
import LadderModel
import LadderStore
import Testing

@Suite("ResultStore queries")
struct ResultStoreQueryTests {
    private static let day: TimeInterval = 86_400
    private static let origin = Date(timeIntervalSince1970: 1_700_000_000)

    /// Records a finished attempt that started `days` after the origin and took a minute.
    private static func record(
        _ store: any ResultStore, _ learner: LearnerID, lab: LabRecord = Fixture.helloLab, commit: String,
        status: AttemptStatus, score: Double, days: Double, repository: String = "/home/ada/hello",
        source: AttemptSource = .submit
    ) async throws -> AttemptID {
        let started = origin.addingTimeInterval(days * day)
        let id = try await store.beginAttempt(
            Fixture.attempt(
                learner, lab: lab, commit: commit, repository: repository, source: source, startedAt: started))
        if status == .interrupted {
            try await store.markInterrupted(id, reason: "test")
        } else {
            let outcome = AttemptOutcome(
                status: status, score: status == .error ? nil : score, maxScore: status == .error ? nil : 10,
                results: Fixture.results, finishedAt: started.addingTimeInterval(60))
            _ = try await store.finishAttempt(id, with: outcome)
        }
        return id
    }

    @Test(arguments: StoreKind.allCases)
    func historyIsNewestFirstPerLearnerAndLab(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org").id
            let grace = try await store.upsertLearner(name: "Grace", email: "grace@example.org").id
            let first = try await Self.record(store, ada, commit: "a1", status: .failed, score: 3, days: 1)
            let sql = try await Self.record(
                store, ada, lab: Fixture.sqlLab, commit: "s1", status: .passed, score: 9, days: 2)
            let third = try await Self.record(store, ada, commit: "a2", status: .passed, score: 10, days: 3)
            _ = try await Self.record(store, grace, commit: "g1", status: .passed, score: 10, days: 4)

            let all = try await store.attempts(learner: ada)
            #expect(all.map(\.id) == [third, sql, first])
            #expect(all.map(\.score) == [10, 9, 3])
            let hello = try await store.attempts(learner: ada, labID: "hello-http")
            #expect(hello.map(\.id) == [third, first])
            let latest = try await store.attempts(learner: ada, labID: nil, limit: 1)
            #expect(latest.map(\.id) == [third])
            #expect(try await store.attempts(learner: LearnerID(rawValue: 999)).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func latestGradesAreEachLearnersNewestGradedAttemptOfEachLab(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let grace = try await store.upsertLearner(name: "Grace", email: "grace@example.org").id
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org").id
            _ = try await Self.record(store, ada, commit: "a1", status: .passed, score: 10, days: 1)
            let adaHello = try await Self.record(store, ada, commit: "a2", status: .failed, score: 4, days: 2)
            // Neither an interrupted attempt nor a staged run is a grade.
            _ = try await Self.record(store, ada, commit: "a3", status: .interrupted, score: 0, days: 3)
            var staged = Fixture.attempt(ada, commit: "a4", startedAt: Self.origin.addingTimeInterval(4 * Self.day))
            staged.throughStage = "basics"
            let stagedID = try await store.beginAttempt(staged)
            _ = try await store.finishAttempt(stagedID, with: Fixture.outcome(.passed, score: 10))
            let adaSQL = try await Self.record(
                store, ada, lab: Fixture.sqlLab, commit: "s1", status: .error, score: 0, days: 2)
            let graceHello = try await Self.record(store, grace, commit: "g1", status: .passed, score: 10, days: 1)

            let every = try await store.latestGrades(labID: nil)
            #expect(every.map(\.attempt.id) == [adaHello, adaSQL, graceHello], "by email, then lab")
            #expect(every.map(\.learner.name) == ["Ada", "Ada", "Grace"])
            #expect(every.first?.attempt.status == .failed)
            let hello = try await store.latestGrades(labID: "hello-http")
            #expect(hello.map(\.attempt.id) == [adaHello, graceHello])
            #expect(try await store.latestGrades(labID: "no-such-lab").isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func passedLabsKeepTheBestPassingAttempt(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org").id
            let grace = try await store.upsertLearner(name: "Grace", email: "grace@example.org").id
            _ = try await Self.record(store, ada, commit: "a1", status: .failed, score: 4, days: 1)
            let firstFull = try await Self.record(store, ada, commit: "a2", status: .passed, score: 10, days: 2)
            _ = try await Self.record(store, ada, commit: "a3", status: .passed, score: 8, days: 3)
            _ = try await Self.record(store, ada, commit: "a4", status: .passed, score: 10, days: 4)
            let sql = try await Self.record(
                store, ada, lab: Fixture.sqlLab, commit: "s1", status: .passed, score: 7, days: 5)
            _ = try await Self.record(
                store, grace, lab: Fixture.sqlLab, commit: "g1", status: .failed, score: 1, days: 6)

            let passed = try await store.passedLabs(learner: ada)
            #expect(passed.map(\.labID) == ["hello-http", "sql-joins"])
            let hello = try #require(passed.first)
            #expect(hello.attemptID == firstFull)
            #expect(hello.commit == "a2")
            #expect(hello.tree == "tree-a2")
            #expect(hello.score == 10)
            #expect(hello.maxScore == 10)
            #expect(hello.labVersion == "1.0.0")
            #expect(hello.title == "Hello, HTTP")
            #expect(hello.rung == .junior)
            #expect(hello.areas == ["api-design", "http"])
            #expect(hello.finishedAt == Self.origin.addingTimeInterval(2 * Self.day + 60))
            #expect(passed.last?.attemptID == sql)
            #expect(passed.last?.rung == .backend)

            #expect(try await store.passedLabs(learner: grace).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aPartialAttemptIsRecordedButNeverPassesTheLabNorIsReused(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org").id
            var partial = Fixture.attempt(ada, commit: "p1")
            partial.throughStage = "basics"
            let id = try await store.beginAttempt(partial)
            _ = try await store.finishAttempt(id, with: Fixture.outcome(.passed, score: 10))
            let throughStage = try await store.attempt(id)?.attempt.throughStage
            let status = try await store.attempt(id)?.attempt.status
            #expect(throughStage == "basics")
            #expect(status == .passed)
            let history = try await store.attempts(learner: ada)
            #expect(history.map(\.id) == [id], "the history keeps it")
            let passed = try await store.passedLabs(learner: ada)
            #expect(passed.isEmpty, "a partial attempt counted towards the rung")
            let reused = try await store.findFinishedAttempt(
                labID: "hello-http", commit: "p1", graderDigest: Fixture.helloLab.graderDigest, learner: ada,
                repository: nil)
            #expect(reused == nil, "a classroom run would reuse a partial grade as the whole lab's")
            var empty = Fixture.attempt(ada, commit: "p2")
            empty.throughStage = ""
            var refused = false
            do {
                _ = try await store.beginAttempt(empty)
            } catch is StoreError {
                refused = true
            }
            #expect(refused, "an empty stage name was recorded")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func findFinishedAttemptSkipsOnlyGradedWork(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org").id
            let grace = try await store.upsertLearner(name: "Grace", email: "grace@example.org").id
            let digest = Fixture.helloLab.graderDigest
            let repoA = "https://git.example/class/ada"
            let repoG = "https://git.example/class/grace"

            _ = try await Self.record(
                store, ada, commit: "x", status: .error, score: 0, days: 1, repository: repoA, source: .classroom)
            _ = try await Self.record(
                store, ada, commit: "x", status: .interrupted, score: 0, days: 2, repository: repoA, source: .classroom)
            #expect(
                try await store.findFinishedAttempt(
                    labID: "hello-http", commit: "x", graderDigest: digest, learner: ada, repository: repoA) == nil)

            let graded = try await Self.record(
                store, ada, commit: "x", status: .failed, score: 5, days: 3, repository: repoA, source: .classroom)
            let gracesAttempt = try await Self.record(
                store, grace, commit: "x", status: .passed, score: 10, days: 4, repository: repoG, source: .classroom)

            let found = try await store.findFinishedAttempt(
                labID: "hello-http", commit: "x", graderDigest: digest, learner: ada, repository: repoA)
            #expect(found?.id == graded)
            #expect(
                try await store.findFinishedAttempt(
                    labID: "hello-http", commit: "x", graderDigest: digest, learner: nil, repository: repoG)?.id
                    == gracesAttempt)
            // Without narrowing, the newest graded attempt wins.
            #expect(
                try await store.findFinishedAttempt(
                    labID: "hello-http", commit: "x", graderDigest: digest, learner: nil, repository: nil)?.id
                    == gracesAttempt)
            // A new grader digest or another commit means the work was not graded yet.
            #expect(
                try await store.findFinishedAttempt(
                    labID: "hello-http", commit: "x", graderDigest: "sha256:new", learner: ada, repository: repoA)
                    == nil)
            #expect(
                try await store.findFinishedAttempt(
                    labID: "hello-http", commit: "y", graderDigest: digest, learner: ada, repository: repoA) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func attemptsOfEmptyRepositoriesHaveNoCommit(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org").id
            var new = Fixture.attempt(ada, source: .classroom)
            new.commit = nil
            new.tree = nil
            let id = try await store.beginAttempt(new)
            let outcome = AttemptOutcome(
                status: .error, score: nil, maxScore: nil, results: [], message: "empty repository")
            let record = try await store.finishAttempt(id, with: outcome)
            #expect(record.commit == nil)
            #expect(record.status == .error)
            #expect(record.message == "empty repository")
        }
    }
}
