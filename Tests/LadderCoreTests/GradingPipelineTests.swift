import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderStore
import Testing

@testable import LadderCore

/// The one pipeline behind submit, grade and classroom grade: the same errors for the same repository, and a stop
/// that cancels the grading first and records `interrupted` once.
/// Repositories live in the catalog's temporary directory, beside `Labs/` and `Graders/`. Without a launcher that can
/// isolate, these tests fail rather than skip.
struct GradingPipelineTests {
    let catalog: TestCatalog
    let environment: LadderEnvironment
    let store = MemoryResultStore()

    init() throws {
        catalog = try TestCatalog()
        environment = try catalog.environment()
    }

    /// The `sum` lab, solved, in a directory of its own.
    func started(_ name: String) throws -> String {
        try catalog.start("sum", in: catalog.root.file(name), solution: TestCatalog.sumReference)
    }

    /// The message of the error `body` throws.
    func message(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    // MARK: One preparation

    @Test func aPinWithAnUnknownLanguageIsTheSameErrorWhicheverWayItIsGraded() async throws {
        let repo = try started("cobol")
        let pin = try #require(catalog.root.read("cobol/.ladder/lab.toml"))
        try catalog.root.write(
            "cobol/.ladder/lab.toml",
            pin.replacingOccurrences(of: "language = \"python\"", with: "language = \"cobol\""))
        try commitAll(repo, "edit the pin")

        let submit = await message { _ = try environment.prepareSubmission(at: repo) }
        let grade = await message {
            _ = try await environment.gradeRepository(
                repo, selection: GradeSelection(), token: nil, store: store, source: .grade)
        }
        let gradeNamingTheLab = await message {
            _ = try await environment.gradeRepository(
                repo, selection: GradeSelection(labID: "sum"), token: nil, store: store, source: .grade)
        }
        let expected = try #require(submit)
        #expect(
            expected.hasPrefix(repo + "/.ladder/lab.toml:4: language: lab 'sum' has no language 'cobol'"), "\(expected)"
        )
        #expect(grade == expected)
        #expect(gradeNamingTheLab == expected, "--lab does not skip the pin's checks")
        let learner = try await store.learner(email: testLearner.email)
        #expect(learner == nil, "nothing was recorded")
    }

    @Test func aPinForAnotherLabIsRefusedRatherThanGradedWithTheWrongLanguage() async throws {
        let repo = try started("other")
        let error = await message {
            _ = try await environment.gradeRepository(
                repo, selection: GradeSelection(labID: "upper"), token: nil, store: store, source: .grade)
        }
        #expect(error?.contains("\(repo)/.ladder/lab.toml pins lab `sum`, not `upper`") == true, "\(error ?? "graded")")
    }

    @Test func aCloneIsNamedByTheURLGivenNeverByItsScratchPath() async throws {
        let repo = try started("cloned")
        let pin = try #require(catalog.root.read("cloned/.ladder/lab.toml"))
        try catalog.root.write(
            "cloned/.ladder/lab.toml", pin.replacingOccurrences(of: "lab = \"sum\"", with: "lab = \"summ\""))
        try commitAll(repo, "break the pin")
        let url = "file://" + repo
        let error = try #require(
            await message {
                _ = try await environment.gradeRepository(
                    url, selection: GradeSelection(), token: nil, store: store, source: .grade)
            })
        #expect(error.hasPrefix(url + "/.ladder/lab.toml:"), "\(error)")
        #expect(!error.contains(environment.scratch.root), "\(error)")

        let missing = "file://" + catalog.root.file("nowhere")
        let notThere = try #require(
            await message {
                _ = try await environment.gradeRepository(
                    missing, selection: GradeSelection(), token: nil, store: store, source: .grade)
            })
        #expect(notThere.contains("no such repository: \(missing)"), "\(notThere)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: environment.scratch.root).isEmpty,
            "no clone or export is left")
    }

    // MARK: Stopping

    @Test func theGraderReportsACancelledRunAsInterruptedNotAsAnError() async throws {
        let lab = try #require(catalog.catalog.lab(id: "sum"))
        let (spec, digest) = try environment.graderSpec(for: lab)
        try catalog.root.write("submission/main.py", TestCatalog.sumReference)
        let request = GradingRequest(
            lab: lab, language: lab.defaultLanguage, spec: spec, graderDigest: digest,
            submission: catalog.root.file("submission"),
            toolVersion: ladderVersion)
        let grader = environment.grader
        let task = Task { await grader.grade(request) }
        task.cancel()
        let report = await task.value
        #expect(report.status == .interrupted, "\(report)")
        #expect(report.attemptOutcome().status == .interrupted)
    }

    @Test func aStopDuringGradingRecordsTheAttemptInterruptedOnce() async throws {
        let repo = try started("stopped")
        let interruption = Interruption()
        let submission = try environment.prepareSubmission(at: repo)
        defer { submission.discard() }
        let environment = environment
        let store = store
        let attempts = EventLog()
        await #expect(throws: Interrupted(signal: SIGTERM)) {
            _ = try await interruption.run {
                try await environment.submit(
                    submission, store: store, onAttempt: { attempts.append("\($0.rawValue)") },
                    events: { event in
                        // After the first test: the others must not run, and nothing is graded as an error.
                        if case .testFinished = event { interruption.request(signal: SIGTERM) }
                    })
            }
        }
        #expect(interruption.request(signal: SIGTERM) == false, "a second stop is told apart")
        let learner = try #require(try await store.learner(email: testLearner.email))
        let recorded = try await store.attempts(learner: learner.id)
        #expect(recorded.count == 1)
        let attempt = try #require(recorded.first)
        #expect(attempts.entries == ["\(attempt.id.rawValue)"])
        #expect(attempt.status == .interrupted)
        #expect(attempt.message == "stopped by SIGTERM before grading finished")
        #expect(attempt.finishedAt != nil)
        #expect(await store.attempt(attempt.id)?.results.isEmpty == true, "no verdict of a stopped run is kept")
        #expect(try Repository.open(at: repo).note(for: "HEAD") == nil, "no note for a grade that was not given")
    }

    /// The grader finished, but the stop came before the grade was recorded: a terminal's Ctrl-C reaches the box as
    /// well, so what the last run said may be the signal's doing, and it is not recorded as a verdict.
    @Test func aStopAfterTheLastTestButBeforeTheRecordIsAnInterruption() async throws {
        let repo = try started("last")
        let interruption = Interruption()
        let submission = try environment.prepareSubmission(at: repo)
        defer { submission.discard() }
        let environment = environment
        let store = store
        await #expect(throws: Interrupted(signal: SIGINT)) {
            _ = try await interruption.run {
                try await environment.submit(
                    submission, store: store,
                    events: { event in
                        if case .stageFinished(let stage) = event, stage.id == "negatives" {
                            interruption.request(signal: SIGINT)
                        }
                    })
            }
        }
        let learner = try #require(try await store.learner(email: testLearner.email))
        #expect(try await store.attempts(learner: learner.id).map(\.status) == [.interrupted])
    }

    @Test func aStopBeforeTheAttemptExistsRecordsNothing() async throws {
        let repo = try started("early")
        let interruption = Interruption()
        interruption.request(signal: SIGINT)
        let submission = try environment.prepareSubmission(at: repo)
        defer { submission.discard() }
        let environment = environment
        let store = store
        await #expect(throws: Interrupted(signal: SIGINT)) {
            _ = try await interruption.run { try await environment.submit(submission, store: store) }
        }
        if let learner = try await store.learner(email: testLearner.email) {
            #expect(try await store.attempts(learner: learner.id).isEmpty)
        }
    }

    @Test func aStopAfterTheGradeWasRecordedLeavesTheGrade() async throws {
        let repo = try started("late")
        let interruption = Interruption()
        let submission = try environment.prepareSubmission(at: repo)
        defer { submission.discard() }
        let environment = environment
        let store = store
        let result = try await interruption.run {
            let result = try await environment.submit(submission, store: store)
            interruption.request(signal: SIGINT)
            return result
        }
        #expect(result.report.status == .passed)
        let stored = await store.attempt(result.attemptID)?.attempt
        #expect(stored?.status == .passed)
        // The report says the finish time the store keeps, to the millisecond, so a report rebuilt from the store
        // later shows the same second.
        #expect(stored?.finishedAt == result.report.finishedAt)
    }

    @Test func aStoppedClassroomMarksEveryAttemptInFlightAndWritesNoGradebook() async throws {
        let roster = try (1...4).map { index in
            RosterEntry(student: "s\(index)", repository: .path(try started("s\(index)")), line: index + 1)
        }
        let output = try ClassroomOutput(directory: catalog.root.file("out"))
        let interruption = Interruption()
        let environment = environment
        let store = store
        await #expect(throws: Interrupted(signal: SIGINT)) {
            _ = try await interruption.run {
                try await environment.gradeClassroom(
                    roster, labID: "sum", deadline: nil, jobs: 2, force: false, store: store, token: nil, output: output
                ) { _, _ in interruption.request(signal: SIGINT) }
            }
        }
        #expect(!FileManager.default.fileExists(atPath: output.gradebook), "no gradebook from a stopped run")
        var statuses: [AttemptStatus] = []
        for entry in roster {
            guard let learner = try await store.learner(email: "\(entry.student)@roster.invalid") else { continue }
            statuses += try await store.attempts(learner: learner.id).map(\.status)
        }
        #expect(statuses.contains(.passed), "the first to finish is recorded: \(statuses)")
        #expect(statuses.allSatisfy { $0 == .passed || $0 == .interrupted }, "\(statuses)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: output.reportsDirectory)
        #expect(
            reports.count == statuses.filter { $0 == .passed }.count, "a report for each recorded grade: \(reports)")
        #expect(reports.allSatisfy { $0.hasSuffix(".json") && !$0.hasPrefix(".") }, "no temporary files: \(reports)")
    }
}
