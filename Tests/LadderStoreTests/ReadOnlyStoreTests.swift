import Foundation
import GRDB
import LadderModel
import LadderStore
import Testing

/// Reading a store needs no write access: `ladder history` and `ladder progress` open it with
/// `SQLiteResultStore(readingAt:)`, which must work on a read-only file and directory (root included: the test makes
/// them immutable), say honestly when it cannot, and refuse every write.
@Suite("SQLiteResultStore opened for reading")
struct ReadOnlyStoreTests {
    let directory: TemporaryDirectory
    let location: StoreLocation

    init() throws {
        directory = try TemporaryDirectory("read-only-store")
        try directory.makeDirectory("store")
        location = StoreLocation(path: directory.file("store/ladder.sqlite"))
    }

    /// Records Ada's passed attempt and returns its id.
    func record(in store: SQLiteResultStore, score: Double = 10) async throws -> AttemptID {
        let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
        let id = try await store.beginAttempt(Fixture.attempt(ada.id))
        _ = try await store.finishAttempt(id, with: Fixture.outcome(.passed, score: score))
        return id
    }

    func makeStoreReadOnly(_ relative: String = "store") throws {
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.file(relative)) {
            try directory.makeReadOnly("\(relative)/\(file)")
        }
        try directory.makeReadOnly(relative)
    }

    @Test func aReadOnlyStoreIsReadAndRefusesWrites() async throws {
        let id = try await record(in: try SQLiteResultStore(location: location))
        #expect(!FileManager.default.fileExists(atPath: location.path + "-wal"), "a closed store keeps no -wal file")
        try makeStoreReadOnly()
        #expect(!location.isWritable)

        let store = try SQLiteResultStore(readingAt: location)
        #expect(store.isReadOnly)
        let ada = try #require(try await store.learner(email: "ada@example.org"))
        #expect(try await store.attempts(learner: ada.id).map(\.id) == [id])
        #expect(try await store.passedLabs(learner: ada.id).map(\.labID) == [Fixture.helloLab.labID])
        #expect(try await store.attempt(id)?.results.count == Fixture.results.count)

        let write = await #expect(throws: StoreError.self) {
            try await store.upsertLearner(name: "Bob", email: "bob@example.org")
        }
        #expect(write == .openedForReading(path: location.path))

        // A store opened to record says what is wrong and what to do, reading included.
        let recording = try #require(throws: StoreError.self) { try SQLiteResultStore(location: location) }
        #expect(recording.description.contains("cannot write the results store at \(location.path)"), "\(recording)")
        #expect(recording.description.contains("is not writable"), "\(recording)")
        #expect(
            recording.description.contains("Reading it (ladder history, ladder progress) needs no write access"),
            "\(recording)")
    }

    /// A writer that died (or still runs) leaves its last writes in the -wal file, found through the -shm index: a
    /// reader without write access must still see them.
    @Test func writesStillInTheWALAreRead() async throws {
        let writer = try SQLiteResultStore(location: location)
        let first = try await record(in: writer)
        let second = try await record(in: writer, score: 7)
        // What a killed writer leaves: the database with its -wal and -shm, copied while the writer is open.
        try directory.makeDirectory("crashed")
        for suffix in ["", "-wal", "-shm"] {
            try FileManager.default.copyItem(
                atPath: location.path + suffix, toPath: directory.file("crashed/ladder.sqlite" + suffix))
        }
        let walSize = try #require(
            try FileManager.default.attributesOfItem(atPath: directory.file("crashed/ladder.sqlite-wal"))[.size] as? Int
        )
        #expect(walSize > 0, "the writes are in the -wal file")
        try makeStoreReadOnly("crashed")

        let store = try SQLiteResultStore(readingAt: StoreLocation(path: directory.file("crashed/ladder.sqlite")))
        let ada = try #require(try await store.learner(email: "ada@example.org"))
        #expect(try await store.attempts(learner: ada.id).map(\.id) == [second, first])
        withExtendedLifetime(writer) {}
    }

    /// Without the -shm index and without a way to create it, writes in the -wal file cannot be found: reading the
    /// database file alone would show an old store as current, so that is refused with what to do.
    @Test func walContentWithoutAnIndexIsRefusedHonestly() async throws {
        let writer = try SQLiteResultStore(location: location)
        _ = try await record(in: writer)
        try directory.makeDirectory("no-index")
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(
                atPath: location.path + suffix, toPath: directory.file("no-index/ladder.sqlite" + suffix))
        }
        try makeStoreReadOnly("no-index")
        let path = directory.file("no-index/ladder.sqlite")

        let error = try #require(throws: StoreError.self) {
            try SQLiteResultStore(readingAt: StoreLocation(path: path))
        }
        guard case .unreadable(let errorPath, let reason) = error else {
            Issue.record("expected unreadable, got \(error)")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains("its last writes are still in \(path)-wal"), "\(reason)")
        #expect(reason.contains("let a user who can write the directory run any ladder command once"), "\(reason)")
        withExtendedLifetime(writer) {}
    }

    /// An attempt whose grader was killed is marked interrupted when a reader opens the store and may write it, as a
    /// writer's open would; a reader that may not write shows it as recorded.
    @Test func anAttemptWhoseGraderDiedIsReapedWhenTheReaderMayWrite() async throws {
        let child = try ChildProcess()
        let owner = try #require(OwnerIdentity.process(pid: child.pid))
        let killed: AttemptID
        do {
            let store = try SQLiteResultStore(location: location)
            let ada = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
            killed = try await store.beginAttempt(Fixture.attempt(ada.id), owner: owner)
        }
        child.kill9()
        try makeStoreReadOnly()
        let asRecorded = try SQLiteResultStore(readingAt: location)
        #expect(try await asRecorded.attempt(killed)?.attempt.status == .running)

        for file in try FileManager.default.contentsOfDirectory(atPath: directory.file("store")) {
            try directory.makeWritable("store/\(file)")
        }
        try directory.makeWritable("store")
        let reaped = try SQLiteResultStore(readingAt: location)
        #expect(try await reaped.attempt(killed)?.attempt.status == .interrupted)
        #expect(reaped.isReadOnly)
    }

    @Test func aStoreThatDoesNotExistReadsAsEmptyAndIsNotCreated() async throws {
        let nowhere = StoreLocation(path: directory.file("never/made/ladder.sqlite"))
        let store = try SQLiteResultStore(readingAt: nowhere)
        #expect(try await store.learner(email: "ada@example.org") == nil)
        #expect(!FileManager.default.fileExists(atPath: directory.file("never")))
    }

    @Test func anOlderSchemaIsUpgradedWhenWritableAndOtherwiseRefusedWithHowToUpgrade() async throws {
        let id = try await record(in: try SQLiteResultStore(location: location))
        _ = try await rollBackLastMigration(location.path)
        try makeStoreReadOnly()
        let refused = try #require(throws: StoreError.self) { try SQLiteResultStore(readingAt: location) }
        #expect(refused.description.contains("was written by an older ladder and must be upgraded first"), "\(refused)")

        for file in try FileManager.default.contentsOfDirectory(atPath: directory.file("store")) {
            try directory.makeWritable("store/\(file)")
        }
        try directory.makeWritable("store")
        let upgraded = try SQLiteResultStore(readingAt: location)
        #expect(try await upgraded.attempt(id)?.attempt.status == .passed)
    }
}
