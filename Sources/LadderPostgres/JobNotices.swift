import Foundation
import PostgresNIO
import Synchronization

/// What the queue announces with PostgreSQL's `NOTIFY`, sent by a trigger on `ladder.job` when the transaction that
/// changed a job commits (migration 6), so that whoever follows jobs wakes at once instead of at its next poll
/// (`classroom grade --queue` does; workers poll, see `GradingWorker.idleWait`).
public enum JobNotice: String, Sendable, CaseIterable {
    /// A job became `queued`: enqueued, handed back, or waiting for a retry.
    case queued = "ladder_job_queued"
    /// A job ended `done` or `dead`; the notice's payload is its id.
    case finished = "ladder_job_finished"
}

/// Wakes tasks waiting for something to happen, without losing a ring that came between looking and waiting.
///
/// A waiter notes ``rings`` before it looks (claims a job, reads the jobs it follows) and, when it found nothing,
/// waits for a ring after the one it noted, or for its timeout: a ring while it looked is not missed.
public final class Doorbell: Sendable {
    private struct State {
        var rings = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }
    private let state = Mutex(State())

    public init() {}

    /// How many times the bell has rung.
    public var rings: Int { state.withLock { $0.rings } }

    /// Wakes every waiter.
    public func ring() {
        let waiters = state.withLock { state in
            state.rings += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the bell has rung more than `seen` times, or after `timeout`, or when the task is cancelled.
    public func wait(after seen: Int, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.ringing(after: seen) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func ringing(after seen: Int) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    guard state.rings <= seen, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

extension PostgresJobQueue {
    /// Rings `bell` at every `notice` the database sends, until the task is cancelled.
    ///
    /// It listens on a connection of its own, outside the pool, so the pool's other users never wait for the
    /// connection a listener holds. A connection that fails is opened again after a growing wait, and the bell rings
    /// once each time listening starts, since notices sent meanwhile were lost: whoever waits looks again. Waiters
    /// keep a timeout of their own, so a listener that cannot connect only makes them slower, never stuck.
    public func listen(for notice: JobNotice, ringing bell: Doorbell) async {
        var failures = 0
        while !Task.isCancelled {
            if let connection = try? await PostgresConnection.connect(
                configuration: store.url.connectionConfiguration(), id: 1, logger: PostgresResultStore.logger)
            {
                _ = try? await connection.listen(on: notice.rawValue) { notices in
                    failures = 0
                    bell.ring()
                    for try await _ in notices { bell.ring() }
                }
                try? await connection.close()
            }
            failures += 1
            guard !Task.isCancelled else { return }
            try? await Task.sleep(for: .milliseconds(min(30_000, 250 << min(failures, 7))))
        }
    }
}
