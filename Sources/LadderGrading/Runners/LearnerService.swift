import Foundation
import LadderHTTP
import LadderModel
import LadderSandbox

/// The learner's service, running in its own sandbox and network namespace, reachable only through a Unix socket
/// that the launcher forwards to `127.0.0.1:$PORT` inside the box.
struct LearnerService {
    /// The port the service is told to listen on; inside its own network namespace any port is free.
    static let port = 8080

    let socketPath: String
    private let task: Task<SandboxOutcome, any Error>
    private let finished: CompletionFlag

    /// Starts the service in a fresh copy of the build. It lives until ``stop()`` or its wall-time limit.
    static func start(_ context: RunContext, limits: SandboxLimits) throws -> LearnerService {
        let workdir = try context.testDirectory()
        let socketPath = context.workspace.path("s") + ".sock"
        let policy = SandboxPolicy(
            profile: context.language.profile, limits: limits, workdir: workdir,
            environment: ["PORT": String(port)], forward: SandboxForward(socketPath: socketPath, port: port))
        let sandbox = context.sandbox
        let command = context.language.run
        let finished = CompletionFlag()
        let task = Task {
            defer { finished.set() }
            return try await sandbox.run(command, policy: policy)
        }
        return LearnerService(socketPath: socketPath, task: task, finished: finished)
    }

    private init(socketPath: String, task: Task<SandboxOutcome, any Error>, finished: CompletionFlag) {
        self.socketPath = socketPath
        self.task = task
        self.finished = finished
    }

    /// Waits until the service answers HTTP, or fails with the verdict a service that never got ready earns.
    ///
    /// Readiness is an HTTP answer (any status) to `GET readinessPath`, by default `/`: a connection alone proves
    /// nothing, since the forwarder takes it before the service listens. It holds such a connection until the service
    /// listens, so the first probe is usually the only one and is answered as soon as the service can answer.
    func waitUntilReady(path: String?, timeout: Duration) async throws -> RunResult? {
        let deadline = ContinuousClock.now + timeout
        let client = UnixSocketHTTPClient()
        enum Race { case ready, exited, timedOut }
        var race = Race.timedOut
        // Probe in short slices so a service that dies early is noticed at once, not at the deadline.
        while ContinuousClock.now < deadline {
            if finished.isSet {
                race = .exited
                break
            }
            let slice = min(deadline, ContinuousClock.now + .milliseconds(250))
            if (try? await client.waitUntilReady(unixSocketPath: socketPath, probePath: path ?? "/", deadline: slice))
                != nil
            {
                race = .ready
                break
            }
        }
        var result: RunResult
        switch race {
        case .ready:
            return nil
        case .exited:
            let outcome = try await task.value
            if let (verdict, detail) = outcome.failure(of: "the service (started with $PORT=\(Self.port))") {
                result = RunResult(verdict, detail, outcome: outcome)
            } else {
                result = RunResult(
                    .runtimeError,
                    "the service exited (status \(outcome.exitCode ?? 0)) before it answered any request; it must keep running and listen on 127.0.0.1:$PORT ($PORT was \(Self.port))"
                        + outcome.stderrTail(),
                    outcome: outcome)
            }
        case .timedOut:
            // Read while the service still runs: a port it listens on is gone once it is stopped.
            let ports = ServicePorts.listening(behind: socketPath)
            let outcome = await stop()
            result = RunResult(
                .timeLimit,
                "the service did not answer GET \(path ?? "/") within \(timeout.measured); "
                    + Self.portAdvice(listening: ports)
                    + (outcome.map { $0.stderrTail() } ?? ""),
                outcome: outcome)
        }
        result.serviceDown = true
        return result
    }

    /// What to tell a learner whose service never answered on `$PORT`, given the ports it does listen on.
    static func portAdvice(listening ports: [Int]?) -> String {
        let rule = "it must listen on 127.0.0.1:$PORT, and $PORT was \(port)"
        guard let ports else { return rule }
        let others = ports.filter { $0 != port }
        if ports.contains(port) {
            return rule + "; it listens there but did not answer HTTP"
        }
        if others.isEmpty {
            return rule + "; it listened on no TCP port at all"
        }
        let list = others.map(String.init).joined(separator: ", ")
        return rule
            + "; it listens on port\(others.count == 1 ? "" : "s") \(list) instead (read the port from the PORT environment variable)"
    }

    /// Waits up to `grace` for the service to end by itself: one that dropped a connection is often dying, and
    /// stopping it first would hide how it died.
    func settle(within grace: Duration) async {
        let deadline = ContinuousClock.now + grace
        while !finished.isSet, ContinuousClock.now < deadline {
            guard (try? await Task.sleep(for: .milliseconds(10))) != nil else { return }
        }
    }

    /// Stops the service (every process of its box dies) and returns how its run ended.
    @discardableResult
    func stop() async -> SandboxOutcome? {
        task.cancel()
        return try? await task.value
    }

    /// What the service brought on itself (a limit, a crash, an exit), or nil when it only ended because the grader
    /// stopped it: that stop is not the learner's doing, and a broken box is the grader's concern, not a verdict here.
    static func ownVerdict(_ outcome: SandboxOutcome?) -> (Verdict, String)? {
        guard let outcome, !outcome.interrupted || outcome.limitHit != nil,
            let (verdict, detail) = outcome.failure(expectedExit: nil, of: "the service"),
            verdict != .graderError
        else { return nil }
        return (verdict, detail)
    }
}

/// Set once, read from any thread: whether the service's sandbox run has ended.
final class CompletionFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
