import Foundation

/// A database operation that did not answer within its deadline.
struct DatabaseTimeout: Error, CustomStringConvertible {
    let limit: Duration

    var description: String {
        "the database did not answer within \(limit.components.seconds) s (it restarted or the network dropped); "
            + "it is tried again"
    }
}

extension PostgresResultStore {
    /// How long one database operation may take before it is given up: far longer than any query of the store, so it
    /// only ever ends a wait that would never end.
    static let operationDeadline: Duration = .seconds(60)

    /// Runs `body` and returns what it returns, or throws ``DatabaseTimeout`` once `limit` passed without an answer.
    ///
    /// A database call in flight while PostgreSQL restarted was seen never to return (a worker's grading waited for
    /// ever for its attempt to begin, in about one run in four of the restart test): the body runs in a task of its
    /// own, which is cancelled and left behind when the deadline passes, so the caller gets an error it can retry
    /// instead of a wait without end. Cancelling the caller cancels the body.
    static func withDeadline<T: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = DeadlineRace<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                race.attach(continuation)
                race.hold(
                    Task {
                        do {
                            race.finish(.success(try await body()))
                        } catch {
                            race.finish(.failure(error))
                        }
                    })
                race.hold(
                    Task {
                        try? await Task.sleep(for: limit)
                        race.finish(.failure(DatabaseTimeout(limit: limit)))
                    })
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }
}

/// The first of a body's answer, its deadline and its caller's cancellation: resumes the caller once and cancels the
/// tasks it holds.
private final class DeadlineRace<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var outcome: Result<T, any Error>?
    private var tasks: [Task<Void, Never>] = []

    func attach(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = lock.withLock {
            if let outcome { return outcome }
            self.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func hold(_ task: Task<Void, Never>) {
        let finished = lock.withLock {
            tasks.append(task)
            return outcome != nil
        }
        if finished { task.cancel() }
    }

    func finish(_ result: Result<T, any Error>) {
        let (waiting, held): (CheckedContinuation<T, any Error>?, [Task<Void, Never>]) = lock.withLock {
            guard outcome == nil else { return (nil, []) }
            outcome = result
            defer { continuation = nil }
            return (continuation, tasks)
        }
        waiting?.resume(with: result)
        for task in held { task.cancel() }
    }
}
