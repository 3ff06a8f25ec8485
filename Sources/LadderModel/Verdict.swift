/// The outcome of one test, as a judge would name it.
///
/// Precedence follows programming judges: when several apply, the one earlier in
/// ``Verdict/precedence`` wins (a run that hit the time limit and printed garbage is a time-limit).
public enum Verdict: String, Codable, Sendable, CaseIterable, Comparable {
    case passed
    case wrongAnswer = "wrong-answer"
    case timeLimit = "time-limit"
    case memoryLimit = "memory-limit"
    case outputLimit = "output-limit"
    case runtimeError = "runtime-error"
    case crashed
    case buildError = "build-error"
    /// The lab's own fault (a broken grader spec, a missing fixture); never blamed on the learner.
    case graderError = "grader-error"

    /// Most decisive first: build and grader errors, then time > memory > crash/runtime > output limit > comparison.
    public static let precedence: [Verdict] = [
        .graderError, .buildError, .timeLimit, .memoryLimit, .crashed, .runtimeError, .outputLimit, .wrongAnswer,
        .passed,
    ]

    /// The more decisive of two verdicts comes first.
    public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
        precedence.firstIndex(of: lhs)! < precedence.firstIndex(of: rhs)!
    }
}

/// The outcome of a whole attempt.
public enum AttemptStatus: String, Codable, Sendable, CaseIterable {
    /// Still being graded. Never the state of a finished attempt.
    case running
    case passed
    case failed
    /// The infrastructure failed (the sandbox could not start, the store broke); not the learner's fault.
    case error
    /// The grading process died or was stopped before it finished.
    case interrupted

    public var isFinished: Bool { self != .running }
}
