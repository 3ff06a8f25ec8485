import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderStore
import Testing

@testable import LadderCore

/// The whole learner flow against an in-memory store: start, commit, submit, note, progress, visible tests.
@Suite(.requires(.sandbox))
struct SubmitFlowTests {
    let catalog: TestCatalog
    let work: TemporaryDirectory
    let environment: LadderEnvironment
    let store = MemoryResultStore()

    init() throws {
        catalog = try TestCatalog()
        work = try TemporaryDirectory("submit")
        environment = try catalog.environment()
    }

    /// Starts `lab` in its own directory with the test learner as the local git identity, optionally solved.
    func started(_ lab: String, solution: String? = nil) throws -> String {
        try catalog.start(lab, in: work.file(lab), solution: solution)
    }

    func submit(_ directory: String, events: EventLog = EventLog(), attempts: EventLog = EventLog()) async throws
        -> SubmitResult
    {
        let submission = try environment.prepareSubmission(at: directory)
        defer { submission.discard() }
        return try await environment.submit(
            submission, store: store, onAttempt: { attempts.append("attempt \($0.rawValue)") },
            events: { events.append("\($0)") })
    }

    @Test func theUntouchedStarterFailsWithFeedback() async throws {
        let repo = try started("sum")
        let result = try await submit(repo)
        #expect(result.report.status == .failed)
        #expect(result.report.score == 0)
        #expect(result.report.maxScore == 10)
        #expect(result.report.test("small")?.feedback == "Add every number on standard input.")
        #expect(result.report.test("small")?.detail?.contains("standard output") == true)
        #expect(result.newRung == nil)

        let detail = try #require(await store.attempt(result.attemptID))
        #expect(detail.attempt.status == .failed)
        #expect(detail.attempt.score == 0)
        #expect(detail.results.count == 3)
        #expect(detail.results.allSatisfy { $0.verdict == .wrongAnswer })
    }

    @Test func aSolvedLabPassesIsRecordedAndNoted() async throws {
        let repo = try started("sum", solution: TestCatalog.sumReference)
        let head = try Repository.open(at: repo).head()
        let events = EventLog()
        let attempts = EventLog()
        let result = try await submit(repo, events: events, attempts: attempts)

        let report = result.report
        #expect(report.status == .passed, "\(report.tests.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
        #expect(report.score == 10)
        #expect(report.commit == head.id)
        #expect(report.tree == head.treeID)
        #expect(report.learner == testLearner.email)
        #expect(report.graderDigest == (try GraderDigest.compute(directory: catalog.root.file("Graders/sum"))))
        #expect(attempts.entries == ["attempt \(result.attemptID.rawValue)"])
        #expect(events.entries.count == 2 + 3 + 2, "two stages started and finished, three tests: \(events.entries)")

        let detail = try #require(await store.attempt(result.attemptID))
        #expect(detail.attempt.status == .passed)
        #expect(detail.attempt.score == 10)
        #expect(detail.attempt.maxScore == 10)
        #expect(detail.attempt.commit == head.id)
        #expect(detail.attempt.tree == head.treeID)
        #expect(detail.attempt.labVersion == "1.2.3")
        #expect(detail.attempt.graderDigest == report.graderDigest)
        #expect(detail.attempt.source == .submit)
        #expect(detail.attempt.finishedAt != nil)
        #expect(detail.attempt.repository.hasPrefix(repo))
        #expect(detail.results.map(\.testID) == ["small", "many", "negative"])
        #expect(detail.results.map(\.stageID) == ["adds", "adds", "negatives"])

        #expect(result.noteError == nil)
        let note = try #require(try Repository.open(at: repo).note(for: head.id))
        #expect(note.hasPrefix("Ladder grade: sum 1.2.3: passed, 10/10 (pass mark 10)\n"))
        #expect(note.contains("adds: 6/6"))
        #expect(note.contains("negatives: 4/4"))
        #expect(note.contains("  passed         negative 4/4"))
        #expect(note.contains("attempt: \(result.attemptID.rawValue)"))
        #expect(note.contains("grader-digest: \(report.graderDigest)"))
        let viaGit = try git(["notes", "--ref=refs/notes/ladder", "show", head.id], in: repo)
        #expect(viaGit == note)
    }

    @Test func passingTwoLabsInTwoAreasReachesJunior() async throws {
        let first = try await submit(try started("sum", solution: TestCatalog.sumReference))
        #expect(first.report.passed)
        #expect(first.newRung == nil, "one lab is not enough for junior")
        #expect(first.progressAfter.next?.labsMissing == 1)

        let second = try await submit(try started("upper", solution: TestCatalog.upperReference))
        #expect(second.report.passed)
        #expect(second.progressBefore.current == nil)
        #expect(second.newRung == .junior)
        #expect(second.progressAfter.current == .junior)

        let again = try await submit(work.file("upper"))
        #expect(again.newRung == nil, "a rung is announced once")

        let progress = try await environment.learnerProgress(testLearner, store: store)
        #expect(progress.current == .junior)
        #expect(progress.learnerEmail == testLearner.email)
        #expect(progress.passed.map(\.labID) == ["sum", "upper"])
        let sum = try #require(progress.passed.first)
        #expect(sum.commit == (try Repository.open(at: work.file("sum")).head().id))
        #expect(sum.score == 10)
        #expect(sum.rung == .junior)
        #expect(sum.areas == ["languages"])
        #expect(
            !progress.suggestions.contains { ["sum", "upper"].contains($0.labID) }, "passed labs are not suggested")
    }

    @Test func aBrokenGraderIsRecordedAsAnErrorNotAFailure() async throws {
        let repo = try started("sum", solution: TestCatalog.sumReference)
        try catalog.root.write("Graders/sum/grader.toml", "format = 1\n[[stages]]\nid = \"adds\"\n")
        let result = try await submit(repo)
        #expect(result.report.status == .error)
        #expect(result.report.errorMessage?.contains("not your code's fault") == true)
        let detail = try #require(await store.attempt(result.attemptID))
        #expect(detail.attempt.status == .error)
        #expect(detail.attempt.graderDigest == "unavailable")
        #expect(detail.attempt.score == nil)
        #expect(result.newRung == nil)
        let note = try #require(try Repository.open(at: repo).note(for: "HEAD"))
        #expect(note.hasPrefix("Ladder grade: sum 1.2.3: error"))
    }

    @Test func aGraderErrorDuringGradingIsAnErrorAttempt() async throws {
        let repo = try started("sum", solution: TestCatalog.sumReference)
        try catalog.root.write(
            "Graders/sum/grader.toml",
            try #require(catalog.root.read("Graders/sum/grader.toml")).replacingOccurrences(
                of: "stdout = \"-3\"", with: "stdout = \"[-3\"\ncompare = \"json\""))
        let result = try await submit(repo)
        #expect(result.report.status == .error)
        #expect(result.report.test("negative")?.verdict == .graderError)
        let detail = try #require(await store.attempt(result.attemptID))
        #expect(detail.attempt.status == .error)
        #expect(detail.attempt.score == 6, "what was graded is kept")
    }

    @Test func theSameCommitCanBeSubmittedAgainAndTheNoteIsReplaced() async throws {
        let repo = try started("sum", solution: TestCatalog.sumReference)
        let first = try await submit(repo)
        let second = try await submit(repo)
        #expect(first.attemptID != second.attemptID)
        let note = try #require(try Repository.open(at: repo).note(for: "HEAD"))
        #expect(note.contains("attempt: \(second.attemptID.rawValue)"))
        let learner = try #require(try await store.learner(email: testLearner.email))
        #expect(try await store.attempts(learner: learner.id, labID: "sum").count == 2)
    }

    @Test func visibleTestsFromPairs() throws {
        let lab = try #require(catalog.catalog.lab(id: "sum"))
        let spec = try environment.visibleTests(for: lab)
        #expect(spec.directory == lab.directory + "/tests")
        #expect(spec.stages.map(\.id) == ["visible"])
        #expect(spec.stages[0].tests.map(\.id) == ["01-small", "02-zero"], "03-orphan has no .out and is skipped")
        #expect(spec.totalPoints == 2)
        #expect(
            spec.stages[0].tests[0].kind == .io(IOCheck(stdin: .file("01-small.in"), stdout: .file("01-small.out"))))
    }

    @Test func visibleTestsFromAGraderToml() throws {
        try catalog.root.write(
            "Labs/upper/tests/grader.toml",
            """
            format = 1
            [[stages]]
            id = "practice"
              [[stages.tests]]
              id = "hi"
              points = 5
              stdin = "hi"
              stdout = "HI"
            """)
        let lab = try #require(catalog.catalog.lab(id: "upper"))
        let spec = try environment.visibleTests(for: lab)
        #expect(spec.stages.map(\.id) == ["practice"], "visible tests need not match the lab's stages")
        #expect(spec.totalPoints == 5)
    }

    @Test func noVisibleTestsIsAClearError() throws {
        let lab = try #require(catalog.catalog.lab(id: "upper"))
        #expect {
            try environment.visibleTests(for: lab)
        } throws: { error in
            let error = error as! LadderError
            return error.kind == .infrastructure && error.message.contains("no visible tests")
                && error.message.contains("ladder submit")
        }
    }

    @Test func visibleTestsRunOnTheWorkingTreeUncommitted() async throws {
        let repo = try started("sum")
        try work.write("sum/main.py", TestCatalog.sumReference)
        let tree = try environment.workingTree(at: repo)
        defer { tree.discard() }
        #expect(!FileManager.default.fileExists(atPath: tree.copy + "/.git"))
        let report = try await environment.runVisibleTests(tree)
        #expect(report.status == .passed, "\(report.tests.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
        #expect(report.passMark == 2)
        #expect(report.graderDigest == "visible")
        let learner = try await store.learner(email: testLearner.email)
        #expect(learner == nil, "ladder test records nothing")
    }

    @Test func progressOfSomeoneWithNoAttempts() async throws {
        let progress = try await environment.learnerProgress(
            Signature(name: "New", email: "new@example.com"), store: store)
        #expect(progress.current == nil)
        #expect(progress.passed.isEmpty)
        #expect(progress.learnerName == "New")
        #expect(Set(progress.suggestions.map(\.labID)) == ["sum", "upper"])
        #expect(progress.ladder.next?.rung == .junior)
    }
}

/// Collects strings from @Sendable callbacks.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    func append(_ entry: String) { lock.withLock { collected.append(entry) } }

    var entries: [String] { lock.withLock { collected } }
}

extension GradeReport {
    func test(_ id: String) -> TestReport? { tests.first { $0.id == id } }
}
