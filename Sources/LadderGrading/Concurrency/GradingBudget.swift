import Foundation

/// How many sandboxed runs (or gradings) may go at once in this process, shared by everything that takes from it.
///
/// One budget of boxes is made per command (`--jobs`) and handed to every grader it makes, so that work started
/// from several places (the tests of one grade, labs validated side by side, the repositories of a classroom) never
/// runs more boxes at once than it allows: CPU-time limits and readiness deadlines then mean the same as in a run
/// alone. A slot is never waited for while another of the same budget is held, so budgets cannot deadlock.
///
/// A budget may be a share of another (``init(slots:within:)``): a slot of it is one of its own and one of the
/// whole's, taken in that order, so one part of the work (a lab among those validated side by side) never holds every
/// slot of the whole while its boxes wait on timers and the cores have nothing to do.
public actor GradingBudget {
    /// The number of gradings that may run at once.
    public nonisolated let slots: Int
    /// The budget this one is a share of, whose slot each of ours also takes.
    private nonisolated let whole: GradingBudget?
    private var inUse = 0
    /// The most slots ever in use at once: what a run really used of its budget.
    public private(set) var mostInUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A budget of `slots` (at least 1); by default one per core.
    public init(slots: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.slots = max(1, slots)
        whole = nil
    }

    /// A share of `whole`: at most `slots` of its slots (and never more than it has) at once. Waiting for the whole's
    /// slot while holding one of the share's cannot deadlock: whoever holds a slot of the whole holds all it needs.
    public init(slots: Int, within whole: GradingBudget) {
        self.slots = max(1, min(slots, whole.slots))
        self.whole = whole
    }

    /// Runs `body` once a slot is free, and frees it afterwards, whether `body` returns or throws.
    public nonisolated func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        guard let whole else { return try await holding(body) }
        return try await holding { try await whole.withSlot(body) }
    }

    /// Runs `body` in a slot of its own if one is free at once, and returns nil without waiting when none is: for work
    /// that already holds a slot and could use another, which must never wait for one (see the type's note).
    public nonisolated func withFreeSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T? {
        guard await tryAcquire() else { return nil }
        guard let whole else { return try await holding(body) }
        return try await holding { try await whole.withFreeSlot(body) }
    }

    /// Runs `body` in a slot already taken, and gives the slot back however `body` ends.
    private nonisolated func holding<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func tryAcquire() -> Bool {
        guard inUse < slots else { return false }
        inUse += 1
        mostInUse = max(mostInUse, inUse)
        return true
    }

    private func acquire() async {
        if inUse < slots {
            inUse += 1
            mostInUse = max(mostInUse, inUse)
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            inUse -= 1
        } else {
            // The slot passes straight to the longest waiter, so inUse stays the same.
            waiting.removeFirst().resume()
        }
    }
}
