import Foundation
import LadderModel

/// The rules every store applies before writing, so that all stores reject the same input the same way.
package enum Validation {
    package static func email(_ email: String, operation: String) throws -> String {
        let normalized = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !normalized.isEmpty else {
            throw StoreError.invalidInput(operation: operation, field: "email", reason: "is empty")
        }
        return normalized
    }

    package static func name(_ name: String, operation: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw StoreError.invalidInput(operation: operation, field: "name", reason: "is empty")
        }
        return trimmed
    }

    package static func lab(_ lab: LabRecord, operation: String) throws {
        for (field, value) in [
            ("lab id", lab.labID), ("lab version", lab.version), ("grader digest", lab.graderDigest),
        ]
        where value.isEmpty {
            throw StoreError.invalidInput(operation: operation, field: field, reason: "is empty")
        }
    }

    package static func newAttempt(_ attempt: NewAttempt, operation: String) throws {
        try lab(attempt.lab, operation: operation)
        if attempt.language.isEmpty {
            throw StoreError.invalidInput(operation: operation, field: "language", reason: "is empty")
        }
        if attempt.repository.isEmpty {
            throw StoreError.invalidInput(operation: operation, field: "repository", reason: "is empty")
        }
        if attempt.commit == nil && attempt.tree != nil {
            throw StoreError.invalidInput(operation: operation, field: "tree", reason: "is set without a commit")
        }
        if attempt.throughStage?.isEmpty == true {
            throw StoreError.invalidInput(operation: operation, field: "throughStage", reason: "is empty")
        }
    }

    package static func outcome(_ outcome: AttemptOutcome, of id: AttemptID, startedAt: Date) throws {
        let operation = "finishing attempt \(id)"
        func fail(_ field: String, _ reason: String) -> StoreError {
            .invalidInput(operation: operation, field: field, reason: reason)
        }
        switch outcome.status {
        case .passed, .failed, .error: break
        case .running, .interrupted:
            throw fail(
                "status",
                "is \(outcome.status.rawValue); finish with passed, failed or error "
                    + "(an interrupted attempt is recorded with markInterrupted)")
        }
        switch (outcome.score, outcome.maxScore) {
        case (nil, nil):
            if outcome.status != .error {
                throw fail("score", "is missing; a \(outcome.status.rawValue) attempt needs a score and a max score")
            }
        case (let score?, let maxScore?):
            guard score.isFinite, maxScore.isFinite, maxScore >= 0 else {
                throw fail("max score", "must be a finite number of at least 0, not \(maxScore)")
            }
            guard score >= 0, score <= maxScore else {
                throw fail("score", "must be between 0 and the max score \(maxScore), not \(score)")
            }
        default:
            throw fail("score", "and max score must be given together")
        }
        if milliseconds(outcome.finishedAt) < milliseconds(startedAt) {
            throw fail("finished at", "is before the attempt started")
        }
        var seen = Set<String>()
        for result in outcome.results {
            let key = "\(result.stageID)/\(result.testID)"
            guard !result.stageID.isEmpty, !result.testID.isEmpty else {
                throw fail("test result \(key)", "needs a stage id and a test id")
            }
            guard seen.insert(key).inserted else {
                throw fail("test result \(key)", "is recorded twice")
            }
            guard result.maxPoints.isFinite, result.maxPoints >= 0, result.points.isFinite,
                result.points >= 0, result.points <= result.maxPoints
            else {
                throw fail(
                    "test result \(key)",
                    "has points \(result.points) of \(result.maxPoints); "
                        + "points must be between 0 and max points")
            }
        }
    }

    package static func limit(_ limit: Int?, operation: String) throws {
        if let limit, limit < 0 {
            throw StoreError.invalidInput(operation: operation, field: "limit", reason: "is negative (\(limit))")
        }
    }

    /// Times are kept as whole milliseconds since 1970 (UTC), in every store alike.
    package static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    package static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    package static func truncated(_ date: Date) -> Date {
        Self.date(milliseconds: milliseconds(date))
    }

    /// How good a passing attempt is: its share of the maximum (a lab with no points counts as full).
    package static func share(score: Double, maxScore: Double) -> Double {
        maxScore > 0 ? score / maxScore : 1
    }
}
