import Foundation
import LadderModel
import LadderStore
import Testing

/// The contract of ``ResultStore``, run against every implementation.
@Suite("ResultStore behaviour")
struct ResultStoreBehaviourTests {
    @Test(arguments: StoreKind.allCases)
    func learnersAreUpsertedByEmail(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "  Ada@Example.org ")
            #expect(ada.email == "ada@example.org")
            let renamed = try await store.upsertLearner(name: "Ada Lovelace", email: "ada@example.org")
            #expect(renamed.id == ada.id)
            #expect(renamed.name == "Ada Lovelace")
            #expect(renamed.createdAt == ada.createdAt)
            let grace = try await store.upsertLearner(name: "Grace", email: "grace@example.org")
            #expect(grace.id != ada.id)
            #expect(try await store.learner(email: "ADA@example.org") == renamed)
            #expect(try await store.learner(id: grace.id) == grace)
            #expect(try await store.learner(email: "nobody@example.org") == nil)
            await #expect(
                throws: StoreError.invalidInput(operation: "recording a learner", field: "email", reason: "is empty")
            ) {
                try await store.upsertLearner(name: "Nobody", email: "  ")
            }
            await #expect(
                throws: StoreError.invalidInput(
                    operation: "recording learner x@example.org", field: "name", reason: "is empty")
            ) {
                try await store.upsertLearner(name: "", email: "x@example.org")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func fullLifecycle(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let started = Date(timeIntervalSince1970: 1_700_000_000.123)
            let id = try await store.beginAttempt(Fixture.attempt(ada.id, startedAt: started))

            let running = try #require(try await store.attempt(id))
            #expect(running.attempt.status == .running)
            #expect(running.attempt.finishedAt == nil)
            #expect(running.attempt.score == nil)
            #expect(running.attempt.startedAt == started)
            #expect(running.attempt.owner == .current)
            #expect(running.results.isEmpty)

            let finishedAt = started.addingTimeInterval(2.5)
            var outcome = Fixture.outcome(.failed, score: 2, finishedAt: finishedAt)
            outcome.signature = "ed25519:c2lnbmF0dXJl"
            let finished = try await store.finishAttempt(id, with: outcome)
            #expect(finished.status == .failed)
            #expect(finished.score == 2)
            #expect(finished.maxScore == 10)
            #expect(finished.finishedAt == finishedAt)
            #expect(finished.signature == "ed25519:c2lnbmF0dXJl")

            let detail = try #require(try await store.attempt(id))
            #expect(detail.attempt == finished)
            #expect(detail.results == Fixture.results)
            #expect(detail.attempt.labID == "hello-http")
            #expect(detail.attempt.labVersion == "1.0.0")
            #expect(detail.attempt.graderDigest == "sha256:aaaa")
            #expect(detail.attempt.commit == "c0ffee")
            #expect(detail.attempt.tree == "tree-c0ffee")
            #expect(detail.attempt.source == .submit)
            #expect(detail.attempt.toolVersion == "0.1.0-test")
            #expect(try await store.attempt(AttemptID(rawValue: 999)) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func finishedAttemptsCannotChange(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let id = try await store.beginAttempt(Fixture.attempt(ada.id))
            _ = try await store.finishAttempt(id, with: Fixture.outcome(.passed, score: 10))
            let before = try await store.attempt(id)

            await #expect(throws: StoreError.attemptFinished(id, status: .passed)) {
                try await store.finishAttempt(id, with: Fixture.outcome(.failed, score: 0))
            }
            #expect(try await store.markInterrupted(id, reason: "SIGINT") == false)
            #expect(try await store.attempt(id) == before)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func invalidOutcomeWritesNothing(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let id = try await store.beginAttempt(Fixture.attempt(ada.id))

            let tooHigh = Fixture.outcome(.passed, score: 11, maxScore: 10)
            var duplicate = Fixture.outcome(.failed, score: 2)
            duplicate.results.append(Fixture.results[0])
            let noScore = AttemptOutcome(status: .passed, score: nil, maxScore: nil, results: [])
            let stillRunning = AttemptOutcome(status: .running, score: 0, maxScore: 1, results: [])
            for bad in [tooHigh, duplicate, noScore, stillRunning] {
                await #expect(throws: StoreError.self) { try await store.finishAttempt(id, with: bad) }
            }
            let detail = try #require(try await store.attempt(id))
            #expect(detail.attempt.status == .running)
            #expect(detail.results.isEmpty)

            // An infrastructure error may carry no score at all.
            let error = AttemptOutcome(
                status: .error, score: nil, maxScore: nil, results: [], message: "sandbox failed")
            #expect(try await store.finishAttempt(id, with: error).message == "sandbox failed")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func unknownLearnerOrAttemptIsReported(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ghost = LearnerID(rawValue: 42)
            await #expect(throws: StoreError.learnerNotFound(ghost)) {
                try await store.beginAttempt(Fixture.attempt(ghost))
            }
            let missing = AttemptID(rawValue: 7)
            await #expect(throws: StoreError.attemptNotFound(missing)) {
                try await store.finishAttempt(missing, with: Fixture.outcome(.passed, score: 10))
            }
            await #expect(throws: StoreError.attemptNotFound(missing)) {
                try await store.markInterrupted(missing, reason: "SIGTERM")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func markInterruptedStopsARunningAttempt(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let id = try await store.beginAttempt(Fixture.attempt(ada.id))
            #expect(try await store.markInterrupted(id, reason: "stopped by SIGINT") == true)
            let detail = try #require(try await store.attempt(id))
            #expect(detail.attempt.status == .interrupted)
            #expect(detail.attempt.message == "stopped by SIGINT")
            #expect(detail.attempt.finishedAt != nil)
            #expect(detail.results.isEmpty)
            // The grader that was stopped cannot record a grade afterwards.
            await #expect(throws: StoreError.attemptFinished(id, status: .interrupted)) {
                try await store.finishAttempt(id, with: Fixture.outcome(.passed, score: 10))
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func reaperInterruptsOnlyAttemptsOfDeadOwners(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let child = try ChildProcess()
            let childOwner = try #require(OwnerIdentity.process(pid: child.pid))
            #expect(childOwner.liveness() == .alive)

            let live = try await store.beginAttempt(Fixture.attempt(ada.id, commit: "live"), owner: .current)
            let killed = try await store.beginAttempt(Fixture.attempt(ada.id, commit: "killed"), owner: childOwner)
            var reused = OwnerIdentity.current
            reused.startTime = reused.startTime.map { $0 + 1 }
            reused.token = "pid-reused"
            // Where /proc gives no start time (macOS) a reused pid cannot be told apart; checked only on Linux.
            let pidReuse = try await store.beginAttempt(Fixture.attempt(ada.id, commit: "reused"), owner: reused)
            var remote = childOwner
            remote.host = "another-machine.example"
            let elsewhere = try await store.beginAttempt(Fixture.attempt(ada.id, commit: "remote"), owner: remote)

            // Before the kill only the owner whose pid now belongs to another process is gone.
            #expect(try await store.reapInterrupted() == (reused.startTime == nil ? [] : [pidReuse]))

            child.kill9()
            #expect(childOwner.liveness() == .dead)
            #expect(try await store.reapInterrupted() == [killed])

            #expect(try await store.attempt(killed)?.attempt.status == .interrupted)
            #expect(try await store.attempt(live)?.attempt.status == .running)
            #expect(try await store.attempt(elsewhere)?.attempt.status == .running)
            if reused.startTime != nil {
                #expect(try await store.attempt(pidReuse)?.attempt.status == .interrupted)
            }
            #expect(try await store.reapInterrupted() == [])
        }
    }
}

@Suite("ResultStore input and output")
struct ResultStoreInputOutputTests {
    @Test(arguments: StoreKind.allCases)
    func labsAreRefreshedNotDuplicated(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            try await store.registerLab(Fixture.helloLab)
            let id = try await store.beginAttempt(Fixture.attempt(ada.id))
            _ = try await store.finishAttempt(id, with: Fixture.outcome(.passed, score: 10))
            var retitled = Fixture.helloLab
            retitled.title = "Hello, HTTP/1.1"
            retitled.areas = ["http"]
            try await store.registerLab(retitled)
            let passed = try await store.passedLabs(learner: ada.id)
            #expect(passed.map(\.title) == ["Hello, HTTP/1.1"])
            #expect(passed.first?.areas == ["http"])

            var nameless = Fixture.helloLab
            nameless.version = ""
            await #expect(
                throws: StoreError.invalidInput(
                    operation: "registering lab hello-http", field: "lab version", reason: "is empty")
            ) {
                try await store.registerLab(nameless)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func badAttemptsAreRefusedBeforeAnythingIsWritten(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            var noLanguage = Fixture.attempt(ada.id)
            noLanguage.language = ""
            var treeWithoutCommit = Fixture.attempt(ada.id)
            treeWithoutCommit.commit = nil
            for bad in [noLanguage, treeWithoutCommit] {
                await #expect(throws: StoreError.self) { try await store.beginAttempt(bad) }
            }
            #expect(try await store.attempts(learner: ada.id).isEmpty)
            await #expect(throws: StoreError.self) { try await store.attempts(learner: ada.id, labID: nil, limit: -1) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func recordsEncodeAsJSONWithTheDomainsNames(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            let id = try await store.beginAttempt(Fixture.attempt(ada.id, source: .classroom))
            _ = try await store.finishAttempt(id, with: Fixture.outcome(.failed, score: 2))
            let detail = try #require(try await store.attempt(id))

            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let data = try encoder.encode(detail)
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let attempt = try #require(json["attempt"] as? [String: Any])
            #expect(attempt["id"] as? Int == Int(id.rawValue))
            #expect(attempt["status"] as? String == "failed")
            #expect(attempt["source"] as? String == "classroom")
            #expect(attempt["startedAt"] is String)
            let results = try #require(json["results"] as? [[String: Any]])
            #expect(results.map { $0["verdict"] as? String } == ["passed", "wrong-answer", "time-limit"])

            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let decoded = try decoder.decode(AttemptDetail.self, from: data)
            #expect(decoded.results == detail.results)
            #expect(decoded.attempt.id == id)
        }
    }
}
