import LadderSandbox

/// The learner's suite's outcomes on the correct implementations, shared by the tests of one grading.
///
/// Every test of a mutation lab first runs the suite on the same implementation and its equivalents; with the same
/// command, files and limits the run cannot differ from one test to the next, so it is made once per grading and
/// its outcome reused (five tests of three correct runs each were fifteen whole suite runs, now three). A test that
/// asks while the run is under way waits for it rather than starting another.
actor CorrectSuiteRuns {
    private struct Key: Hashable {
        let command: [String]
        let overlays: [String]
        let limits: SandboxLimits
    }

    private var runs: [Key: Task<SandboxOutcome, any Error>] = [:]

    func outcome(
        command: [String], overlays: [String], limits: SandboxLimits,
        run: @escaping @Sendable () async throws -> SandboxOutcome
    ) async throws -> SandboxOutcome {
        let key = Key(command: command, overlays: overlays, limits: limits)
        let task: Task<SandboxOutcome, any Error>
        if let running = runs[key] {
            task = running
        } else {
            task = Task { try await run() }
            runs[key] = task
        }
        // A grading that is stopped stops the shared run too: every test waiting on it belongs to that grading.
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}
