import Foundation
import LadderGit
import LadderModel
import LadderStore

/// A learner's standing: the ladder, what they passed (with the commits that proved it) and what to take next.
public struct LearnerProgress: Sendable, Codable {
    public struct PassedEntry: Sendable, Codable {
        public let labID: String
        public let title: String
        public let rung: Rung
        public let areas: [String]
        public let score: Double
        public let maxScore: Double
        public let commit: String?
        public let passedAt: Date
        public let attemptID: Int64
    }

    public struct Suggestion: Sendable, Codable {
        public let labID: String
        public let title: String
        public let rung: Rung
        /// Areas this lab would add that the learner has not covered yet at the next rung.
        public let newAreas: [String]
    }

    public let learnerName: String
    public let learnerEmail: String
    public let current: Rung?
    public let ladder: LadderProgress
    public let passed: [PassedEntry]
    public let suggestions: [Suggestion]
    /// For every rung not reached yet, labs that would reach it (or why the catalog cannot).
    public let routes: [RungRoute]
}

extension LadderEnvironment {
    /// The learner to report on: `explicit` (an email), `$LADDER_LEARNER`, the lab repository's git identity around
    /// `path`, or the user's global git identity.
    public func learnerIdentity(explicit: String?, at path: String) throws -> Signature {
        if let explicit, !explicit.isEmpty {
            return Signature(name: explicit, email: explicit)
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["LADDER_LEARNER"], !fromEnvironment.isEmpty {
            return Signature(name: fromEnvironment, email: fromEnvironment)
        }
        if let repository = try? Repository.discover(from: path) {
            let identity = repository.defaultSignature(fallback: Signature(name: "", email: ""))
            if !identity.email.isEmpty { return identity }
        }
        if let identity = Git.configuredIdentity() {
            return identity
        }
        throw LadderError(
            .invalidInput, "cannot tell who you are: pass --learner EMAIL, set LADDER_LEARNER, or set git's user.email")
    }

    /// Where `identity` stands; a learner with no attempts yet is at the bottom of the ladder.
    public func learnerProgress(_ identity: Signature, store: any ResultStore) async throws -> LearnerProgress {
        let learner = try await store.learner(email: identity.email)
        var passed: [LadderStore.PassedLab] = []
        if let learner {
            passed = try await store.passedLabs(learner: learner.id)
        }
        let ladder = catalog.progress(passedLabIDs: passed.map(\.labID))
        let entries = passed.map { lab in
            LearnerProgress.PassedEntry(
                labID: lab.labID, title: lab.title, rung: lab.rung, areas: lab.areas, score: lab.score,
                maxScore: lab.maxScore,
                commit: lab.commit, passedAt: lab.finishedAt, attemptID: lab.attemptID.rawValue)
        }
        let passedIDs = Set(passed.map(\.labID))
        let target = ladder.next?.rung ?? .architect
        let covered = Set(ladder.next?.areasCovered ?? [])
        let suggestions = catalog.labs
            .filter { !passedIDs.contains($0.id) && $0.rung >= target }
            .map { lab in
                LearnerProgress.Suggestion(
                    labID: lab.id, title: lab.title, rung: lab.rung,
                    newAreas: lab.areas.filter { !covered.contains($0) })
            }
            .sorted { ($0.rung, -$0.newAreas.count, $0.labID) < ($1.rung, -$1.newAreas.count, $1.labID) }
        return LearnerProgress(
            learnerName: learner?.name ?? identity.name, learnerEmail: identity.email, current: ladder.current,
            ladder: ladder, passed: entries, suggestions: Array(suggestions.prefix(5)),
            routes: catalog.routes(passedLabIDs: passedIDs))
    }
}
