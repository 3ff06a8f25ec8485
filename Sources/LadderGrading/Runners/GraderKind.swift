import LadderModel
import LadderTOML

/// The kinds of hidden test: the one list that grader.toml's `kind`, `ladder lab new --kind` and their help texts
/// derive from, in the order the docs present them.
///
/// Each kind keeps its check, its decoding and its runner in a folder of its own under `Runners/` (`Runners/Git/`,
/// `Runners/IO/`, ...). This file registers them: a kind is a `case` here and in ``GraderTest/Kind``, and a line in
/// each `switch` below, which the compiler keeps complete.
public enum GraderKind: String, Sendable, CaseIterable, Codable {
    case io
    case http
    case sql
    case script
    /// The learner's own test suite, graded by hidden mutants (`Runners/Mutation/`).
    case tests
    case git

    /// What a test of this kind does, in a phrase for help texts: `io (a program reading stdin, its output checked)`.
    public var summary: String {
        switch self {
        case .io: "a program reading stdin, its output checked"
        case .http: "a service on $PORT, sent requests"
        case .sql: "queries against a fresh SQLite database"
        case .script: "a grader program of the lab's own that reports TAP, JUnit XML or JSON"
        case .tests: "the learner's own tests, which must catch hidden mutants"
        case .git: "checks of the learner's commits, read with libgit2"
        }
    }
}

extension GraderKind: TOMLDecodable {
    public static func decode(_ field: TOMLField) throws(ManifestError) -> GraderKind {
        GraderKind(rawValue: try field.oneOf(allCases.map(\.rawValue)))!
    }
}

extension GraderTest {
    /// What a test runs and checks: its kind with the check of that kind.
    public enum Kind: Sendable, Equatable {
        case io(IOCheck)
        case http(HTTPCheck)
        case sql(SQLCheck)
        case script(ScriptCheck)
        case tests(MutationCheck)
        case git(GitCheck)
        /// A test of a GitHub Classroom autograding.json (`Runners/Autograding/`); grader.toml has no such kind.
        case autograding(AutogradingCheck)

        /// The grader.toml kind; nil for a test that comes from elsewhere (an autograding.json).
        public var graderKind: GraderKind? {
            switch self {
            case .io: .io
            case .http: .http
            case .sql: .sql
            case .script: .script
            case .tests: .tests
            case .git: .git
            case .autograding: nil
            }
        }

        /// The kind's name, as grader.toml writes it (`autograding` for an autograding.json's test).
        public var name: String { graderKind?.rawValue ?? "autograding" }

        /// Whether the test starts the learner's service (an http test, or a script test with `service = true`).
        public var startsService: Bool {
            switch self {
            case .http: true
            case .script(let check): check.withService
            case .io, .sql, .tests, .git, .autograding: false
            }
        }

        /// Reads the keys a test of `kind` has besides the ones every test has.
        init(reading reader: inout TOMLReader, as kind: GraderKind, fixtures: FixtureResolver) throws(ManifestError) {
            switch kind {
            case .io: self = .io(try IOCheck(reading: &reader, fixtures: fixtures))
            case .http: self = .http(try HTTPCheck(reading: &reader))
            case .sql: self = .sql(try SQLCheck(reading: &reader, fixtures: fixtures))
            case .script: self = .script(try ScriptCheck(reading: &reader))
            case .tests: self = .tests(try MutationCheck(reading: &reader, fixtures: fixtures))
            case .git: self = .git(try GitCheck(reading: &reader))
            }
        }

        /// Runs `test` with its kind's runner.
        func run(_ test: GraderTest, context: RunContext) async throws -> RunResult {
            switch self {
            case .io(let check): try await IORunner(context: context).run(test, check)
            case .http(let check): try await HTTPRunner(context: context).run(test, check)
            case .sql(let check): try await SQLRunner(context: context).run(test, check)
            case .script(let check): try await ScriptRunner(context: context).run(test, check)
            case .tests(let check): try await MutationRunner(context: context).run(test, check)
            case .git(let check): try await GitRunner(context: context).run(test, check)
            case .autograding(let check): try await AutogradingRunner(context: context).run(test, check)
            }
        }
    }
}
