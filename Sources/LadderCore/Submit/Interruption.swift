import Foundation

/// How a request to stop (SIGINT, SIGTERM, SIGHUP) reaches grading work and the results store.
///
/// The order is what keeps a right answer from becoming an error: a stop first cancels the grading task, which kills
/// the box that is running and makes the grader return an `interrupted` report; the use case that began the attempt
/// then records it `interrupted`, once, since it alone owns it; only when that task has ended does ``run(_:)`` return,
/// so the caller cleans up (removes the scratch space) and exits after the work, never under it. A stop that comes
/// after the grade was recorded changes nothing: the grade stands and ``run(_:)`` returns it.
public final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var stopSignal: Int32?
    private var cancelWork: (@Sendable () -> Void)?

    public init() {}

    /// Asks the work to stop. Thread-safe; call it from a signal's handler thread.
    ///
    /// Returns false when a stop was already asked for: the person will not wait, and the caller may exit at once
    /// (an attempt left `running` by a process that is gone is reaped as `interrupted` when the store is next opened).
    @discardableResult
    public func request(signal: Int32) -> Bool {
        let (first, cancel) = lock.withLock { () -> (Bool, (@Sendable () -> Void)?) in
            guard stopSignal == nil else { return (false, nil) }
            stopSignal = signal
            return (true, cancelWork)
        }
        cancel?()
        return first
    }

    /// Runs `work` as a task that a stop cancels, and waits for it to end; when a stop came first, it does not start.
    ///
    /// Throws ``Interrupted`` when a stop was asked for and the work did not finish; whatever else the work threw is
    /// then beside the point (a store read cut short by the cancellation, say).
    public func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        if let signal = lock.withLock({ stopSignal }) { throw Interrupted(signal: signal) }
        let task = Task { try await Self.$current.withValue(self) { try await work() } }
        let alreadyStopped = lock.withLock {
            cancelWork = { task.cancel() }
            return stopSignal != nil
        }
        if alreadyStopped { task.cancel() }
        let result = await task.result
        let signal = lock.withLock {
            cancelWork = nil
            return stopSignal
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            if let signal { throw Interrupted(signal: signal) }
            throw error
        }
    }

    /// The interruption whose work this task is part of.
    @TaskLocal static var current: Interruption?

    /// Why an attempt of the current task was stopped, as the store records it.
    static var reason: String {
        guard let interruption = current, let signal = interruption.lock.withLock({ interruption.stopSignal }) else {
            return "grading was cancelled before it finished"
        }
        return "stopped by \(Interrupted.name(of: signal)) before grading finished"
    }
}

/// Grading was stopped by a signal before it finished; any attempt it began is recorded `interrupted`.
public struct Interrupted: Error, CustomStringConvertible, Sendable, Equatable {
    public let signal: Int32

    public init(signal: Int32) {
        self.signal = signal
    }

    /// The conventional status of a process stopped by `signal`.
    public var exitCode: Int32 { 128 + signal }

    public var description: String { "stopped by \(Self.name(of: signal))" }

    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(signal)"
        }
    }
}

/// Runs a store call to its end even when the grading task is cancelled.
///
/// A store write cut short by cancellation is rolled back and reported as a store failure, which would leave an
/// attempt `running` or lose a grade already earned; the writes that begin and end an attempt are short, so they run
/// to completion and cancellation is looked at between them.
func uncancelled<T: Sendable>(_ call: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await call() }.value
}
