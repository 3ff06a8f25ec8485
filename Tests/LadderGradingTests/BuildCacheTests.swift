import Foundation
import Testing

@testable import LadderGrading

/// `BuildCache` on its own: what a key depends on, one build per key however many ask at once, and nothing kept from
/// a build that failed or threw.
@Suite struct BuildCacheTests {
    let tree: TemporaryDirectory
    /// Where the copies are made, removed with the test.
    let copies: TemporaryDirectory

    init() throws {
        copies = try TemporaryDirectory("build-copies")
        tree = try TemporaryDirectory("build-tree")
        try tree.write("main.c", "int main(void) { return 0; }\n")
        try tree.write("lib/util.c", "int util;\n")
    }

    func key(_ path: String? = nil, command: [String] = ["cc", "main.c"], profile: String = "c") throws
        -> BuildCache.Key
    {
        try BuildCache.Key(tree: path ?? tree.path, command: command, profile: profile)
    }

    /// A copy of the tree to build in, as a grading's workspace holds one.
    func copy() throws -> String {
        let path = copies.file(UUID().uuidString)
        try FileManager.default.copyItem(atPath: tree.path, toPath: path)
        return path
    }

    /// A build that writes `prog` into `directory` and reports success after `pause`.
    static func fakeBuild(_ directory: String, counter: BuildGauge, pause: Duration = .zero) async throws
        -> BuildReport
    {
        counter.enter()
        defer { counter.leave() }
        try await Task.sleep(for: pause)
        try "built \(counter.total)\n".write(toFile: directory + "/prog", atomically: true, encoding: .utf8)
        return BuildReport(command: ["cc"], succeeded: true, verdict: .passed, output: "", wallMilliseconds: 5)
    }

    @Test func theKeyDependsOnTheTreeTheCommandAndTheProfileOnly() throws {
        let original = try key()
        #expect(try key(copy()) == original, "a copy elsewhere is the same tree")
        #expect(try key(command: ["cc", "-O2", "main.c"]) != original)
        #expect(try key(command: ["cc main.c"]) != original, "arguments are not joined by spaces")
        #expect(try key(profile: "go") != original)
        try tree.write("lib/util.c", "int util = 1;\n")
        #expect(try key() != original)
    }

    @Test func aLinkInTheTreeIsNeverFollowed() throws {
        // A learner's link may lead to an endless file: only where it points counts.
        try FileManager.default.createSymbolicLink(atPath: tree.file("zero"), withDestinationPath: "/dev/zero")
        let linked = try key()
        try FileManager.default.removeItem(atPath: tree.file("zero"))
        try FileManager.default.createSymbolicLink(atPath: tree.file("zero"), withDestinationPath: "/dev/null")
        #expect(try key() != linked)
    }

    @Test func callersAtOnceShareOneBuildAndEachGetsItsOutput() async throws {
        let cache = BuildCache()
        let counter = BuildGauge()
        let key = try key()
        let directories = try (0..<4).map { _ in try copy() }
        try await withThrowingTaskGroup(of: BuildReport.self) { group in
            for directory in directories {
                group.addTask {
                    try await cache.build(key, in: directory) {
                        try await Self.fakeBuild(directory, counter: counter, pause: .milliseconds(200))
                    }
                }
            }
            for try await report in group { #expect(report.succeeded) }
        }
        #expect(counter.total == 1)
        #expect(cache.statistics.made == 1)
        #expect(cache.statistics.reused == 3)
        for directory in directories {
            #expect(try String(contentsOfFile: directory + "/prog", encoding: .utf8) == "built 1\n")
            #expect(FileManager.default.fileExists(atPath: directory + "/main.c"))
        }
        let reused = try await cache.build(key, in: try copy()) { throw CancellationError() }
        #expect(reused.wallMilliseconds == 0, "a build taken from the cache ran in no box")
    }

    @Test func aBuildThatThrowsIsMadeAgainByTheNextCaller() async throws {
        let cache = BuildCache()
        let counter = BuildGauge()
        let key = try key()
        struct Broke: Error {}
        await #expect(throws: Broke.self) {
            try await cache.build(key, in: try copy()) {
                counter.record()
                throw Broke()
            }
        }
        let directory = try copy()
        let report = try await cache.build(key, in: directory) { try await Self.fakeBuild(directory, counter: counter) }
        #expect(report.succeeded)
        #expect(counter.total == 2)
        #expect(try String(contentsOfFile: directory + "/prog", encoding: .utf8) == "built 2\n")
    }

    @Test func callersThatWaitedForABuildThatFailedEachBuildAtOnce() async throws {
        let cache = BuildCache()
        let key = try key()
        let gauge = BuildGauge()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<3 {
                let directory = try copy()
                group.addTask {
                    try await cache.build(key, in: directory) {
                        gauge.enter()
                        try await Task.sleep(for: .milliseconds(300))
                        gauge.leave()
                        return BuildReport(
                            command: ["cc"], succeeded: false, verdict: .buildError, output: "error",
                            wallMilliseconds: 1)
                    }.succeeded
                }
            }
            for try await succeeded in group { #expect(!succeeded) }
        }
        // The first build fails; the two callers that waited for it build side by side, not one after the other.
        #expect(gauge.total == 3)
        #expect(gauge.most == 2)
    }

    @Test func aFailedBuildIsNotKept() async throws {
        let cache = BuildCache()
        let counter = BuildGauge()
        let key = try key()
        for _ in 0..<2 {
            let report = try await cache.build(key, in: try copy()) {
                counter.record()
                return BuildReport(
                    command: ["cc"], succeeded: false, verdict: .buildError, output: "main.c:1: error",
                    wallMilliseconds: 5)
            }
            #expect(!report.succeeded)
        }
        #expect(counter.total == 2)
    }

    @Test func theKeptBuildsAreRemovedWithTheCache() async throws {
        let parent = try TemporaryDirectory("build-cache-parent")
        var cache: BuildCache? = BuildCache(parent: parent.path)
        let directory = try copy()
        _ = try await cache!.build(try key(), in: directory) {
            try await Self.fakeBuild(directory, counter: BuildGauge())
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).count == 1)
        cache = nil
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }
}

/// How many builds ran, and the most at once.
final class BuildGauge: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private var counts = (most: 0, total: 0)

    func enter() {
        lock.withLock {
            now += 1
            counts.total += 1
            counts.most = max(counts.most, now)
        }
    }
    func leave() { lock.withLock { now -= 1 } }
    /// A build that ran and ended at once.
    func record() {
        enter()
        leave()
    }
    var most: Int { lock.withLock { counts.most } }
    var total: Int { lock.withLock { counts.total } }
}
