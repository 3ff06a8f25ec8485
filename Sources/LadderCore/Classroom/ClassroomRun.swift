import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderStore

/// One row of a classroom gradebook.
public struct GradebookRow: Sendable {
    public enum Status: String, Sendable, Codable {
        case passed, failed, error
    }

    public let student: String
    public let repository: String
    public let commit: String?
    public let score: Int?
    public let maxScore: Int?
    public let status: Status
    public let late: Bool
    public let gradedAt: Date
    /// Why a repository was not graded, or what went wrong.
    public let reason: String?
    /// Graded earlier at the same commit with the same graders, and not graded again.
    public let reused: Bool
    public let report: GradeReport?
    /// The grade signed with the run's key, when it had one and the repository was graded in this run.
    public var signed: SignedGrade? = nil

    public init(
        student: String, repository: String, commit: String?, score: Int?, maxScore: Int?, status: Status, late: Bool,
        gradedAt: Date, reason: String?, reused: Bool, report: GradeReport?, signed: SignedGrade? = nil
    ) {
        self.student = student
        self.repository = repository
        self.commit = commit
        self.score = score
        self.maxScore = maxScore
        self.status = status
        self.late = late
        self.gradedAt = gradedAt
        self.reason = reason
        self.reused = reused
        self.report = report
        self.signed = signed
    }
}

/// How far a classroom run is, for a progress bar.
public struct ClassroomProgress: Sendable {
    public let done: Int
    public let total: Int
    public let errors: Int
    public let elapsed: Duration
    /// A rough estimate from the pace so far; nil before the first repository is done.
    public var remaining: Duration? {
        guard done > 0, done < total else { return done == total ? .zero : nil }
        return elapsed / done * (total - done)
    }
}

extension GradebookRow.Status {
    /// A grade's row status: passed or failed as graded, anything else (an error, an interrupted attempt) an error.
    public init(_ status: AttemptStatus) {
        self = status == .passed ? .passed : (status == .failed ? .failed : .error)
    }
}

extension GradebookRow {
    /// The row of a repository graded in this run whose report could not be written: the grade is in the store,
    /// but what the instructor reads is missing, so the row says so instead of passing in silence.
    func unwritten(because reason: String) -> GradebookRow {
        GradebookRow(
            student: student, repository: repository, commit: commit, score: score, maxScore: maxScore, status: .error,
            late: late, gradedAt: gradedAt, reason: reason, reused: reused, report: report, signed: signed)
    }
}

extension LadderEnvironment {
    /// Grades every repository of a roster, `jobs` at a time, writing each student's report into `output` as it is
    /// graded and the gradebook at the end; rows come back in roster order.
    ///
    /// A repository that cannot be graded becomes a row with its reason, never the end of the batch. Cancelled (see
    /// ``Interruption``), every attempt in flight is recorded `interrupted`, no gradebook is written, and this throws
    /// `CancellationError`; the reports already written are whole, for attempts that finished.
    public func gradeClassroom(
        _ roster: [RosterEntry],
        labID: String,
        deadline: Date?,
        jobs: Int,
        force: Bool,
        store: any ResultStore,
        token: String?,
        signer: GradeSigner? = nil,
        output: ClassroomOutput,
        progress: @Sendable (ClassroomProgress, GradebookRow) -> Void = { _, _ in }
    ) async throws -> [GradebookRow] {
        let started = ContinuousClock.now
        let counter = ProgressCounter()
        var rows = [GradebookRow?](repeating: nil, count: roster.count)
        let stopped = await withThrowingTaskGroup(of: (Int, GradebookRow).self) { group in
            var next = 0
            func startNext() {
                guard next < roster.count, !Task.isCancelled else { return }
                let index = next
                next += 1
                let entry = roster[index]
                group.addTask {
                    (
                        index,
                        try await self.gradeStudent(
                            entry, labID: labID, deadline: deadline, force: force, store: store, token: token,
                            signer: signer)
                    )
                }
            }
            for _ in 0..<max(1, jobs) { startNext() }
            // Drained to the end even when a student was stopped: a grade that was recorded meanwhile gets its report.
            var stopped = false
            while true {
                let finished: (Int, GradebookRow)?
                do {
                    finished = try await group.next()
                } catch {
                    stopped = true
                    continue
                }
                guard let (index, graded) = finished else { break }
                var row = graded
                do throws(LadderError) {
                    try output.writeReports(of: row)
                } catch {
                    row = row.unwritten(because: error.message)
                }
                rows[index] = row
                let (done, errors) = counter.record(error: row.status == .error)
                progress(
                    ClassroomProgress(
                        done: done, total: roster.count, errors: errors, elapsed: ContinuousClock.now - started), row)
                startNext()
            }
            return stopped || rows.contains { $0 == nil }
        }
        if stopped { throw CancellationError() }
        let gradebook = rows.compactMap { $0 }
        try output.writeGradebook(gradebook)
        return gradebook
    }

    /// One student's row; throws only when cancelled.
    func gradeStudent(
        _ entry: RosterEntry, labID: String, deadline: Date?, force: Bool, store: any ResultStore, token: String?,
        signer: GradeSigner?
    ) async throws -> GradebookRow {
        let location = entry.repository.description
        func failure(_ reason: String, late: Bool = false) -> GradebookRow {
            GradebookRow(
                student: entry.student, repository: location, commit: nil, score: nil, maxScore: nil, status: .error,
                late: late, gradedAt: Date(), reason: reason, reused: false, report: nil)
        }
        do {
            let learner = Signature(
                name: entry.name ?? entry.student, email: entry.email ?? "\(entry.student)@roster.invalid")
            let result = try await gradeRepository(
                location, selection: GradeSelection(labID: labID, deadline: deadline), learner: learner, token: token,
                store: store, source: .classroom, signer: signer, skipIfGraded: !force)
            let report = result.report
            var row = GradebookRow(
                student: entry.student, repository: location, commit: result.commit.id, score: report.score,
                maxScore: report.maxScore, status: GradebookRow.Status(report.status), late: result.late,
                gradedAt: report.finishedAt,
                reason: report.errorMessage, reused: result.reused, report: report)
            row.signed = result.signed
            return row
        } catch {
            // Cut short by a stop: the attempt (if any) is recorded interrupted, and there is no row to give.
            if Task.isCancelled { throw CancellationError() }
            if let error = error as? LadderError, error.kind == .onlyLateWork {
                return failure(error.message, late: true)
            }
            return failure(Self.shortReason(error))
        }
    }

    static func shortReason(_ error: any Error) -> String {
        let text = "\(error)"
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}

/// Counts finished repositories across the grading tasks.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private var errors = 0

    func record(error: Bool) -> (Int, Int) {
        lock.withLock {
            done += 1
            if error { errors += 1 }
            return (done, errors)
        }
    }
}

/// The gradebook as CSV (RFC 4180): one row per student, in roster order.
public enum Gradebook {
    public static let header = [
        "student", "repository", "commit", "score", "max", "status", "late", "graded_at", "reason",
    ]

    public static func csv(_ rows: [GradebookRow]) -> String {
        var lines = [header.joined(separator: ",")]
        for row in rows {
            let fields = [
                row.student, row.repository, row.commit ?? "", row.score.map(String.init) ?? "",
                row.maxScore.map(String.init) ?? "",
                row.status.rawValue, row.late ? "yes" : "no", Units.timestamp(row.gradedAt), row.reason ?? "",
            ]
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
