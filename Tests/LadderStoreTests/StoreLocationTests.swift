import Foundation
import LadderStore
import Testing

@Suite("StoreLocation")
struct StoreLocationTests {
    @Test func environmentVariableWins() throws {
        let location = try StoreLocation.defaultLocation(environment: [
            "LADDER_STORE": "/srv/grades/class.sqlite", "XDG_DATA_HOME": "/data", "HOME": "/home/ada",
        ])
        #expect(location.path == "/srv/grades/class.sqlite")
        #expect(location.directory == "/srv/grades")
    }

    @Test func relativeOverrideIsTakenFromTheCurrentDirectory() throws {
        let location = try StoreLocation.defaultLocation(environment: ["LADDER_STORE": "grades/ladder.sqlite"])
        #expect(location.path == FileManager.default.currentDirectoryPath + "/grades/ladder.sqlite")
    }

    @Test func xdgDataHomeThenHome() throws {
        #expect(
            try StoreLocation.defaultLocation(environment: [
                "LADDER_STORE": "", "XDG_DATA_HOME": "/data", "HOME": "/home/ada",
            ])
            .path == "/data/ladder/ladder.sqlite")
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        #expect(
            try StoreLocation.defaultLocation(environment: ["XDG_DATA_HOME": "data", "HOME": "/home/ada"])
                .path == "/home/ada/.local/share/ladder/ladder.sqlite")
        #expect(
            try StoreLocation.defaultLocation(environment: ["HOME": "/home/ada/"])
                .path == "/home/ada/.local/share/ladder/ladder.sqlite")
    }

    @Test func openingCreatesTheDirectory() async throws {
        try await withTemporaryDirectory { directory in
            let location = try StoreLocation.defaultLocation(environment: ["XDG_DATA_HOME": directory.path])
            #expect(!FileManager.default.fileExists(atPath: location.directory))
            let store = try SQLiteResultStore(location: location)
            #expect(store.path == location.path)
            #expect(FileManager.default.fileExists(atPath: location.path))
            _ = try await store.upsertLearner(name: "Ada", email: "ada@example.org")
        }
    }

    @Test func aDirectoryIsNotAStore() async throws {
        try await withTemporaryDirectory { directory in
            let location = StoreLocation(path: directory.path)
            let error = try #require(throws: StoreError.self) { try location.prepare() }
            #expect(error == .notWritable(path: directory.path, reason: "it is a directory, not a file"))
        }
    }

    @Test func readOnlyDirectoryIsReported() throws {
        let directory = try TemporaryDirectory("store")
        try directory.makeDirectory("read-only")
        try directory.makeReadOnly("read-only")
        let location = StoreLocation(path: directory.file("read-only/ladder.sqlite"))
        let error = try #require(throws: StoreError.self) { try location.prepare() }
        #expect(error.description.contains("is not writable"))
    }
}
