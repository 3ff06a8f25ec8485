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
    /// With `stage`, only the stages up to it are graded and the attempt is recorded as partial: it never passes the
    /// lab, so never counts towards a rung.
    ///
    /// Grading and recording are the pipeline `ladder grade` and `ladder classroom grade` use too. Run it under an
    /// ``Interruption``: a signal then stops the grading, the attempt is recorded `interrupted` and the run throws
    /// ``Interrupted``. `onAttempt` receives the attempt's id as soon as it exists; `events` receives progress.
    public func submit(
        _ submission: Submission,
        store: any ResultStore,
        source: AttemptSource = .submit,
        stage: StageSelection? = nil,
        onAttempt: @Sendable (AttemptID) -> Void = { _ in },
        events: @Sendable (GradingEvent) -> Void = { _ in }
    ) async throws -> SubmitResult {
        var before = catalog.progress(passedLabIDs: [])
        if let known = try await store.learner(email: submission.author.email) {
            before = try await progress(of: known.id, store: store)
        }
        let recorded = try await gradeAndRecord(
            submission, as: submission.author, store: store, source: source, stage: stage, onAttempt: onAttempt,
            events: events)
        // The grade is recorded: what follows reports it, whatever a late signal says.
        let after = try await uncancelled { try await progress(of: recorded.learner, store: store) }
        let noteError = writeNote(recorded.report, attemptID: recorded.attemptID, to: submission)
        return SubmitResult(
            report: recorded.report, attemptID: recorded.attemptID, progressBefore: before, progressAfter: after,
            noteError: noteError)
    }

    /// Where a learner stands on the ladder, from the labs the store says they passed.
    public func progress(of learner: LearnerID, store: any ResultStore) async throws -> LadderProgress {
        let passed = try await store.passedLabs(learner: learner)
        return catalog.progress(passedLabIDs: passed.map(\.labID))
    }

    func writeNote(_ report: GradeReport, attemptID: AttemptID, to submission: Submission) -> String? {
        do {
            let repository = try Repository.open(at: submission.location)
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
            "Ladder grade: \(report.labID) \(report.labVersion): \(report.status.rawValue), \(report.score)/\(report.maxScore) (pass mark \(report.passMark))"
                + (report.throughStage.map { ", stages through \($0) only: a partial attempt" } ?? ""),
            "",
        ]
        for stage in report.stages {
            lines.append("\(stage.id): \(stage.score)/\(stage.maxScore)")
            for test in stage.tests {
                lines.append(
                    "  \(test.verdict.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(test.id) \(test.points)/\(test.maxPoints)"
                )
            }
        }
        lines += [
            "",
            "attempt: \(attemptID.rawValue)",
            "grader-digest: \(report.graderDigest)",
            "graded-at: \(Units.timestamp(report.finishedAt))",
            "ladder: \(report.toolVersion)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
