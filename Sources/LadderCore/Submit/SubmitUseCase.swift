import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderStore

/// What `ladder submit` did: the report, the recorded attempt, and where the learner now stands.
public struct SubmitResult: Sendable {
    public let report: GradeReport
    public let attemptID: AttemptID
    public let progressBefore: LadderProgress
    public let progressAfter: LadderProgress
    /// The note was written to the commit (`refs/notes/ladder`); nil when it could not be, with the reason.
    public let noteError: String?

    /// The rung this attempt took the learner to, when it took them higher.
    public var newRung: Rung? {
        guard let after = progressAfter.current, after != progressBefore.current else { return nil }
        return after
    }
}

extension LadderEnvironment {
    /// Grades a submission, records the attempt and writes the grade as a git note on the commit.
    ///
    /// The attempt is recorded as `running` before grading starts and finished in one transaction, so a crash or a
    /// kill leaves it `interrupted`, never half-written. `onAttempt` receives its id as soon as it exists (so a
    /// signal handler can mark it interrupted); `events` receives progress.
    public func submit(
        _ submission: Submission,
        store: any ResultStore,
        source: AttemptSource = .submit,
        onAttempt: @Sendable (AttemptID) -> Void = { _ in },
        events: @Sendable (GradingEvent) -> Void = { _ in }
    ) async throws -> SubmitResult {
        let learner = try await store.upsertLearner(name: submission.author.name, email: submission.author.email)
        let before = try await progress(of: learner.id, store: store)
        let lab = submission.lab
        let specAndDigest: Result<(GraderSpec, String), Error> = Result { try graderSpec(for: lab) }
        let digest = (try? specAndDigest.get().1) ?? "unavailable"
        let attemptID = try await store.beginAttempt(NewAttempt(
            learner: learner.id,
            lab: LabRecord(
                labID: lab.id, version: lab.version.description, graderDigest: digest, title: lab.title, rung: lab.rung,
                areas: lab.areas),
            language: submission.language.id, commit: submission.commit.id, tree: submission.commit.treeID,
            repository: submission.repositoryPath, source: source, toolVersion: ladderVersion))
        onAttempt(attemptID)

        let report: GradeReport
        switch specAndDigest {
        case .success(let (spec, digest)):
            let request = GradingRequest(
                lab: lab, language: submission.language, spec: spec, graderDigest: digest, submission: submission.exported,
                learner: learner.email, commit: submission.commit.id, tree: submission.commit.treeID, toolVersion: ladderVersion)
            report = await grader.grade(request, events: events)
        case .failure(let error):
            report = GradeReport.unavailable(lab: lab, language: submission.language.id, learner: learner.email, commit: submission.commit, reason: "\(error)")
        }
        if report.errorMessage == "grading was cancelled" {
            try await store.markInterrupted(attemptID, reason: "grading was cancelled")
            throw CancellationError()
        }
        _ = try await store.finishAttempt(attemptID, with: report.attemptOutcome())
        let after = try await progress(of: learner.id, store: store)
        let noteError = writeNote(report, attemptID: attemptID, to: submission)
        return SubmitResult(report: report, attemptID: attemptID, progressBefore: before, progressAfter: after, noteError: noteError)
    }

    /// Where a learner stands on the ladder, from the labs the store says they passed.
    public func progress(of learner: LearnerID, store: any ResultStore) async throws -> LadderProgress {
        let passed = try await store.passedLabs(learner: learner)
        return catalog.progress(passedLabIDs: passed.map(\.labID))
    }

    private func writeNote(_ report: GradeReport, attemptID: AttemptID, to submission: Submission) -> String? {
        do {
            let repository = try Repository.open(at: submission.repositoryPath)
            try repository.addNote(
                to: submission.commit.id, message: GradeNote(report: report, attemptID: attemptID).text,
                author: submission.author)
            return nil
        } catch {
            return "\(error)"
        }
    }
}

/// The grade as it travels with the repository: a git note on the graded commit (`refs/notes/ladder`).
struct GradeNote {
    let report: GradeReport
    let attemptID: AttemptID

    var text: String {
        var lines = [
            "Ladder grade: \(report.labID) \(report.labVersion): \(report.status.rawValue), \(report.score)/\(report.maxScore) (pass mark \(report.passMark))",
            "",
        ]
        for stage in report.stages {
            lines.append("\(stage.id): \(stage.score)/\(stage.maxScore)")
            for test in stage.tests {
                lines.append("  \(test.verdict.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(test.id) \(test.points)/\(test.maxPoints)")
            }
        }
        lines += [
            "",
            "attempt: \(attemptID.rawValue)",
            "grader-digest: \(report.graderDigest)",
            "graded-at: \(ISO8601DateFormatter().string(from: report.finishedAt))",
            "ladder: \(report.toolVersion)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

extension GradeReport {
    /// A report for a lab that could not be graded at all (its grader is missing or broken).
    static func unavailable(lab: Lab, language: String, learner: String?, commit: CommitInfo?, reason: String) -> GradeReport {
        let now = Date()
        return GradeReport(
            labID: lab.id, labVersion: lab.version.description, labTitle: lab.title, graderDigest: "unavailable",
            language: language, learner: learner, toolVersion: ladderVersion, commit: commit?.id, tree: commit?.treeID,
            build: nil, stages: [], score: 0, maxScore: lab.totalPoints, passMark: lab.passMark, status: .error,
            errorMessage: reason, startedAt: now, finishedAt: now)
    }

    /// The attempt's final state for the store.
    func attemptOutcome(signature: String? = nil) -> AttemptOutcome {
        let results = stages.flatMap { stage in
            stage.tests.map { test -> TestResultRecord in
                TestResultRecord(
                    stageID: stage.id, testID: test.id, verdict: test.verdict, points: Double(test.points),
                    maxPoints: Double(test.maxPoints), message: test.detail ?? "",
                    cpuMilliseconds: Int64(test.cpuMilliseconds), wallMilliseconds: Int64(test.wallMilliseconds),
                    memoryBytes: Int64(test.peakMemoryBytes))
            }
        }
        let finished: AttemptStatus = status == .running ? .error : status
        let ungraded = finished == .error && stages.isEmpty
        return AttemptOutcome(
            status: finished, score: ungraded ? nil : Double(score), maxScore: ungraded ? nil : Double(maxScore),
            results: results, signature: signature, message: errorMessage, finishedAt: finishedAt)
    }
}
