import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// The test-the-cart lab, graded for real: the reference suite earns everything, the starter nothing, and each
/// known-wrong suite is caught by the hidden test it was written to fail.
@Suite(.requires(MutationFixture.prerequisites))
struct MutationLabTests {
    static let labDirectory = MutationFixture.repositoryRoot + "/Labs/test-the-cart"
    static let graderDirectory = MutationFixture.repositoryRoot + "/Graders/test-the-cart"

    /// Grades a solution directory against the hidden spec (or the visible one); points per test id.
    func grade(_ solution: String, visible: Bool = false) async throws -> (GradeReport, [String: Int]) {
        var lab = try Lab.load(directory: Self.labDirectory)
        let spec =
            visible
            ? try GraderSpec.load(directory: Self.labDirectory + "/tests", lab: nil)
            : try GraderSpec.load(directory: Self.graderDirectory, lab: lab)
        // As `ladder test` does: the visible tests pass when they all pass.
        if visible { lab.passMark = spec.totalPoints }
        let scratch = try TemporaryDirectory("lab")
        let request = GradingRequest(
            lab: lab, language: lab.languages[0], spec: spec, graderDigest: "test", submission: solution,
            toolVersion: "test")
        let report = await Grader(
            sandbox: try MutationFixture.sandbox(scratch: scratch.path), scratchParent: scratch.path
        ).grade(request)
        #expect(report.errorMessage == nil)
        return (report, Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.points) }))
    }

    @Test func theReferenceSuiteEarnsFullMarks() async throws {
        let (report, _) = try await grade(Self.graderDirectory + "/reference/python")
        #expect(report.status == .passed)
        #expect(report.score == 100)
        #expect(report.tests.allSatisfy { $0.verdict == .passed })
        let (visible, _) = try await grade(Self.graderDirectory + "/reference/python", visible: true)
        #expect(visible.status == .passed)
    }

    @Test func theStarterFails() async throws {
        let (report, _) = try await grade(Self.labDirectory + "/starter/python")
        #expect(report.status == .failed)
        #expect(report.score < report.passMark)
        let (visible, _) = try await grade(Self.labDirectory + "/starter/python", visible: true)
        #expect(visible.status == .failed)
        #expect(visible.tests.first?.detail?.contains("The subtotal adds up every line in the cart") == true)
    }

    @Test func testingOnlyTheHappyPathIsCaught() async throws {
        let (report, points) = try await grade(Self.graderDirectory + "/wrong/happy-path-only/python")
        #expect(report.status == .failed)
        // The README's rounding example happens to catch both rounding mutants; nothing else is probed.
        #expect(points == ["basics": 8, "bulk-discounts": 8, "coupons": 9, "rounding": 15, "invalid-input": 0])
        let basics = try #require(report.tests.first { $0.id == "basics" })
        #expect(basics.detail?.contains("✗ Removing an item takes its whole line out of the cart") == true)
    }

    @Test func missingBoundariesIsCaughtAtEachThreshold() async throws {
        let (report, points) = try await grade(Self.graderDirectory + "/wrong/no-boundaries/python")
        #expect(report.status == .failed)
        #expect(report.score == 48)
        #expect(points == ["basics": 20, "bulk-discounts": 12, "coupons": 9, "rounding": 3, "invalid-input": 4])
        let details = report.tests.compactMap(\.detail).joined(separator: "\n")
        #expect(details.contains("✗ A bulk discount starts at exactly its minimum quantity"))
        #expect(details.contains("✗ A coupon is still good on its expiry date itself."))
        #expect(details.contains("✗ Adding zero of an item must be refused"))
    }

    @Test func testingPrivateStateIsCaughtByTheEquivalents() async throws {
        let (report, _) = try await grade(Self.graderDirectory + "/wrong/tests-internals/python")
        #expect(report.score == 0)
        #expect(report.tests.allSatisfy { $0.verdict == .wrongAnswer })
        #expect(report.tests.allSatisfy { $0.detail?.contains("written differently") == true })
        #expect(report.tests.first?.detail?.contains("'Cart' object has no attribute '_lines'") == true)
    }
}

/// `ladder start`, a commit, `ladder submit`: the lab as a learner meets it, through the built binary.
@Suite(.requires(MutationFixture.prerequisites + [.ladderBuilt]))
struct MutationCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String, home: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = [
            "HOME": home, "PATH": "/usr/local/bin:/usr/bin:/bin", "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_SYSTEM": "/dev/null",
            "LADDER_LEARNER": "learner@example.com",
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts the lab, puts `suite` in as test_cart.py, commits, submits; returns the JSON report and the exit status.
    func submit(_ suite: String) throws -> (status: Int32, report: [String: Any]) {
        let home = try TemporaryDirectory("cli")
        let repository = home.path + "/cart"
        let catalog = MutationFixture.repositoryRoot
        let started = try Self.run(
            MutationFixture.ladder, ["start", "test-the-cart", "--dir", repository, "--catalog", catalog],
            in: home.path, home: home.path)
        #expect(started.status == 0, "ladder start: \(started.stderr)")
        #expect(
            FileManager.default.fileExists(atPath: repository + "/tests/grader.toml"),
            "the visible spec sits beside the learner's tests, not in their place")
        try FileManager.default.removeItem(atPath: repository + "/test_cart.py")
        try FileManager.default.copyItem(atPath: suite, toPath: repository + "/test_cart.py")
        let committed = try Self.run(
            "/usr/bin/git",
            ["-c", "user.name=Learner", "-c", "user.email=learner@example.com", "commit", "-qam", "my tests"],
            in: repository, home: home.path)
        #expect(committed.status == 0, "git commit: \(committed.stderr)")
        let submitted = try Self.run(
            MutationFixture.ladder,
            ["submit", "--json", "--store", home.path + "/ladder.sqlite", "--catalog", catalog], in: repository,
            home: home.path)
        let report = try JSONSerialization.jsonObject(with: Data(submitted.stdout.utf8)) as? [String: Any]
        return (submitted.status, try #require(report, "ladder submit printed no JSON: \(submitted.stderr)"))
    }

    @Test func theReferenceSuitePassesThroughLadderSubmit() throws {
        let (status, report) = try submit(MutationLabTests.graderDirectory + "/reference/python/test_cart.py")
        #expect(status == 0)
        #expect(report["status"] as? String == "passed")
        #expect(report["score"] as? Int == 100)
    }

    @Test func aWrongSuiteFailsThroughLadderSubmit() throws {
        let (status, report) = try submit(MutationLabTests.graderDirectory + "/wrong/no-boundaries/python/test_cart.py")
        #expect(status != 0)
        #expect(report["status"] as? String == "failed")
        #expect(report["score"] as? Int == 48)
    }
}
