import LadderModel

/// Points earned out of points possible.
public struct Score: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Points earned.
    public var earned: Double
    /// Points possible.
    public var possible: Double

    /// No points out of none.
    public static let zero = Score(earned: 0, possible: 0)

    /// Creates a score.
    public init(earned: Double, possible: Double) {
        self.earned = earned
        self.possible = possible
    }

    /// The share earned, from 0 to 1; `nil` when nothing was possible.
    public var fraction: Double? {
        possible > 0 ? earned / possible : nil
    }

    /// Whether every possible point was earned (an empty score is full).
    public var isFull: Bool {
        earned + Score.epsilon >= possible
    }

    /// `7/10`, `7.5/10`.
    public var description: String {
        "\(Score.format(earned))/\(Score.format(possible))"
    }

    /// Adds points earned and possible.
    public static func + (lhs: Score, rhs: Score) -> Score {
        Score(earned: lhs.earned + rhs.earned, possible: lhs.possible + rhs.possible)
    }

    /// Slack for sums of fractional points, so that 0.1 + 0.2 reaches a mark of 0.3.
    static let epsilon = 1e-9

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : "\(rounded)"
    }
}

/// What a lab requires to be passed: a share of its points or a number of points.
public enum PassMark: Sendable, Equatable, Codable {
    /// At least this share of the possible points, from 0 to 1 (0.7 is 70%).
    case fraction(Double)
    /// At least this many points.
    case points(Double)

    /// Whether `score` reaches the mark.
    public func isMet(by score: Score) -> Bool {
        switch self {
        case .fraction(let share): score.earned + Score.epsilon >= share * score.possible
        case .points(let points): score.earned + Score.epsilon >= points
        }
    }

    /// Why this mark is unusable for a lab worth `possible` points, or `nil` when it is fine.
    public func problem(forPossible possible: Double) -> String? {
        switch self {
        case .fraction(let share):
            guard share.isFinite, share >= 0, share <= 1 else {
                return "the pass mark \(share) must be a share from 0 to 1 (0.7 means 70%)"
            }
        case .points(let points):
            guard points.isFinite, points >= 0 else { return "the pass mark of \(points) points must be 0 or more" }
            if points > possible + Score.epsilon {
                return
                    "the pass mark of \(Score.format(points)) points is more than the \(Score.format(possible)) points the lab is worth, so nobody can pass"
            }
        }
        return nil
    }
}

/// Score arithmetic for tests, stages and attempts.
public enum Scoring {
    /// A test worth `points`: all of them when it passed, none otherwise.
    public static func score(for verdict: Verdict, worth points: Double) -> Score {
        Score(earned: verdict.isPassed ? points : 0, possible: points)
    }

    /// A script-reported test worth `points`, or `nil` for a skipped test, which does not count.
    ///
    /// A report that gives `score` and `max_score` earns that share of `points`; one that gives only `score`
    /// earns that many points, at most `points`; otherwise passing earns all points. A failed test earns
    /// partial points only when the report says so.
    public static func score(for result: ScriptTestResult, worth points: Double) -> Score? {
        guard !result.skipped else { return nil }
        let earned: Double
        switch (result.score, result.maxScore) {
        case (let score?, let maximum?) where maximum > 0: earned = points * min(1, max(0, score / maximum))
        case (let score?, _): earned = min(points, max(0, score))
        default: earned = result.passed ? points : 0
        }
        return Score(earned: earned, possible: points)
    }

    /// The sum of several scores.
    public static func total(_ scores: some Sequence<Score>) -> Score {
        scores.reduce(.zero, +)
    }

    /// How a finished attempt ends: `error` when any test is a grader error (the grade cannot be trusted and is
    /// not the learner's fault), otherwise `passed` when the pass mark is met and `failed` when it is not.
    public static func attemptStatus(verdicts: some Sequence<Verdict>, score: Score, passMark: PassMark)
        -> AttemptStatus
    {
        if verdicts.contains(.graderError) { return .error }
        return passMark.isMet(by: score) ? .passed : .failed
    }
}

/// The results of one stage, summed up.
public struct StageTally: Sendable, Equatable {
    /// Points earned in the stage out of its points.
    public let score: Score
    /// The most decisive verdict among the stage's tests; `passed` for a stage without tests.
    public let verdict: Verdict
    /// How many tests passed.
    public let passedCount: Int
    /// How many tests there are.
    public let testCount: Int

    /// Sums up a stage from each test's verdict and score.
    public init(_ results: [(verdict: Verdict, score: Score)]) {
        score = Scoring.total(results.map(\.score))
        verdict = Verdict.mostDecisive(results.map(\.verdict)) ?? .passed
        passedCount = results.count { $0.verdict.isPassed }
        testCount = results.count
    }

    /// Whether every test in the stage passed.
    public var isPassed: Bool { verdict.isPassed }
}

extension Verdict {
    /// The most decisive of `verdicts` by ``Verdict/precedence``, or `nil` when there are none.
    public static func mostDecisive(_ verdicts: some Sequence<Verdict>) -> Verdict? {
        verdicts.min()
    }
}

extension ComparisonOutcome {
    /// `passed`, `wrong-answer` or `grader-error`.
    public var verdict: Verdict {
        switch self {
        case .matched: .passed
        case .mismatched: .wrongAnswer
        case .graderError: .graderError
        }
    }
}
