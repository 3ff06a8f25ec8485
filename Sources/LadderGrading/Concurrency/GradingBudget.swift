import Foundation

/// How many sandboxed gradings may run at once in this process, shared by everything that grades.
///
/// One budget is made per command and handed to every part that grades, so that work started from several places
/// (labs validated side by side, the determinism runs of one lab) never runs more boxes at once than the machine
/// has cores for: CPU-time limits and readiness deadlines then mean the same as in a run alone.
public actor GradingBudget {
    /// The number of gradings that may run at once.
    public nonisolated let slots: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A budget of `slots` (at least 1); by default one per core.
    public init(slots: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.slots = max(1, slots)
    }

    /// Runs `body` once a slot is free, and frees it afterwards, whether `body` returns or throws.
    public nonisolated func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if inUse < slots {
            inUse += 1
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
