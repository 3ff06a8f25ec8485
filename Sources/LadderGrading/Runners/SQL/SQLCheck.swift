/// Runs the learner's SQL against a fresh SQLite database the grader seeds, and checks the result set.
public struct SQLCheck: Sendable, Equatable {
    /// Grader fixture with the schema and data, run first.
    public var seed: String?
    /// Learner files run before the query (migrations, indexes), in order, relative to the submission.
    public var setup: [String]
    /// The learner's query file, relative to the submission.
    public var query: String
    /// Expected rows as JSON (an array of arrays), inline or a fixture.
    public var expectRows: ExpectedText?
    public var ordered: Bool
    /// Each must appear in `EXPLAIN QUERY PLAN` (case-insensitive substrings, e.g. `USING INDEX`).
    public var planMustInclude: [String]
    /// None may appear in `EXPLAIN QUERY PLAN` (e.g. `SCAN orders`).
    public var planMustExclude: [String]
    /// The query's own time budget, measured inside the sandbox.
    public var budget: Duration?

    public init(
        seed: String?, setup: [String], query: String, expectRows: ExpectedText?, ordered: Bool,
        planMustInclude: [String], planMustExclude: [String], budget: Duration?
    ) {
        self.seed = seed
        self.setup = setup
        self.query = query
        self.expectRows = expectRows
        self.ordered = ordered
        self.planMustInclude = planMustInclude
        self.planMustExclude = planMustExclude
        self.budget = budget
    }
}
