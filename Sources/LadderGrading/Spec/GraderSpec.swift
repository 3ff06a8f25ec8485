import Foundation
import LadderModel

/// A lab's hidden grader: `Graders/<lab-id>/grader.toml` decoded, with the directory its fixtures live in.
public struct GraderSpec: Sendable, Equatable {
    /// The directory holding `grader.toml` and its fixtures; never visible to the learner's code.
    public var directory: String
    public var stages: [GraderStage]

    public init(directory: String, stages: [GraderStage]) {
        self.directory = directory
        self.stages = stages
    }

    public var totalPoints: Int { stages.reduce(0) { $0 + $1.tests.reduce(0) { $0 + $1.points } } }

    /// The points of the tests a pass needs; the rest are stretch goals.
    public var requiredPoints: Int { stages.reduce(0) { $0 + $1.tests.filter(\.required).reduce(0) { $0 + $1.points } } }
}

/// The tests of one stage of a lab, in order.
public struct GraderStage: Sendable, Equatable {
    public var id: String
    public var tests: [GraderTest]
    /// The line of its `[[stages]]` header in grader.toml, for errors about the stage as a whole.
    public var line: Int?

    public init(id: String, tests: [GraderTest], line: Int? = nil) {
        self.id = id
        self.tests = tests
        self.line = line
    }
}

/// One hidden test: what to run, what to expect, what it is worth and what to tell a learner who fails it.
public struct GraderTest: Sendable, Equatable {
    public var id: String
    public var title: String
    public var points: Int
    /// A hint that helps without giving the answer away.
    public var feedback: String?
    /// Tightens (or, up to the profile's maxima, loosens) the lab's limits for this test.
    public var limits: Limits?
    public var kind: Kind
    /// Whether passing the lab needs this test (`required = false` marks a stretch goal that only adds points).
    public var required: Bool
    /// Whether the report hides the test's input (`secret = true`); its feedback must then name the rule it checks.
    public var secret: Bool
    /// The README rules this test checks, by their ids (`covers = ["ids-never-reused"]`).
    public var covers: [String]
    /// The line of its `[[stages.tests]]` header in grader.toml, for errors about the test as a whole.
    public var line: Int?

    public init(
        id: String, title: String, points: Int, feedback: String?, limits: Limits?, kind: Kind,
        required: Bool = true, secret: Bool = false, covers: [String] = [], line: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.points = points
        self.feedback = feedback
        self.limits = limits
        self.kind = kind
        self.required = required
        self.secret = secret
        self.covers = covers
        self.line = line
    }

    public enum Kind: Sendable, Equatable {
        case io(IOCheck)
        case http(HTTPCheck)
        case sql(SQLCheck)
        case script(ScriptCheck)
        case tests(MutationCheck)
        case git(GitCheck)

        /// Whether the test starts the learner's service (an http test, or a script test with `service = true`).
        public var startsService: Bool {
            switch self {
            case .http: true
            case .script(let check): check.withService
            case .io, .sql, .tests, .git: false
            }
        }

        public var name: String {
            switch self {
            case .io: "io"
            case .http: "http"
            case .sql: "sql"
            case .script: "script"
            case .tests: "tests"
            case .git: "git"
            }
        }
    }
}

/// Text the grader expects, given inline or as a fixture file under the grader directory.
public enum ExpectedText: Sendable, Equatable {
    case inline(String)
    case file(String)
}

/// Runs the learner's program once and checks what it printed and how it exited.
public struct IOCheck: Sendable, Equatable {
    public var arguments: [String]
    public var stdin: ExpectedText?
    public var environment: [String: String]
    /// Fixture files copied into the work directory before the run: destination (relative) → source under the grader.
    public var files: [String: String]
    public var stdout: ExpectedText?
    public var comparison: OutputComparison
    /// When set, only lines matching this regular expression (in the expected and the actual output) are compared.
    public var select: String?
    public var exitCode: Int32?
    public var stderr: ExpectedText?
    public var stderrComparison: OutputComparison

    public init(
        arguments: [String] = [], stdin: ExpectedText? = nil, environment: [String: String] = [:],
        files: [String: String] = [:], stdout: ExpectedText? = nil, comparison: OutputComparison = .lines,
        select: String? = nil, exitCode: Int32? = 0, stderr: ExpectedText? = nil, stderrComparison: OutputComparison = .lines
    ) {
        self.arguments = arguments
        self.stdin = stdin
        self.environment = environment
        self.files = files
        self.stdout = stdout
        self.comparison = comparison
        self.select = select
        self.exitCode = exitCode
        self.stderr = stderr
        self.stderrComparison = stderrComparison
    }
}

/// Starts the learner's service with `$PORT`, waits for it, then runs request steps against it.
public struct HTTPCheck: Sendable, Equatable {
    /// A path to GET until it answers; when nil, readiness is a TCP connection being accepted.
    public var readinessPath: String?
    public var startupTimeout: Duration
    public var steps: [HTTPStep]

    public init(readinessPath: String?, startupTimeout: Duration, steps: [HTTPStep]) {
        self.readinessPath = readinessPath
        self.startupTimeout = startupTimeout
        self.steps = steps
    }
}

/// One request and what its response must show. Strings may use `{{name}}` for values captured earlier.
public struct HTTPStep: Sendable, Equatable {
    public var method: String
    public var path: String
    public var headers: [String: String]
    public var body: String?
    public var expectStatus: Int?
    /// Header name → regular expression its value must match; a missing header fails.
    public var expectHeaders: [String: String]
    /// The response body must be JSON containing this (objects may carry more keys).
    public var expectJSONSubset: String?
    /// JSON Pointer → the JSON value expected there.
    public var expectPointers: [String: String]
    /// A regular expression the body must match.
    public var expectBodyPattern: String?
    /// Name → where to take it from: a JSON Pointer (`/id`) or `header:Location`.
    public var captures: [String: String]

    public init(
        method: String, path: String, headers: [String: String] = [:], body: String? = nil,
        expectStatus: Int? = nil, expectHeaders: [String: String] = [:], expectJSONSubset: String? = nil,
        expectPointers: [String: String] = [:], expectBodyPattern: String? = nil, captures: [String: String] = [:]
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.expectStatus = expectStatus
        self.expectHeaders = expectHeaders
        self.expectJSONSubset = expectJSONSubset
        self.expectPointers = expectPointers
        self.expectBodyPattern = expectBodyPattern
        self.captures = captures
    }
}

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

/// A grader program of the lab's own, run in its own sandbox, reporting in a standard format.
public struct ScriptCheck: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case tap
        case junit
        case json
    }

    /// The command, run with the grader directory at `/grader` and the learner's build at `/submission`, both read-only.
    public var command: [String]
    public var format: Format
    /// Start the learner's service first and give the script `$LADDER_SERVICE_SOCKET`, a Unix socket reaching it.
    public var withService: Bool
    /// The sandbox profile the script runs under.
    public var profile: String

    public init(command: [String], format: Format, withService: Bool, profile: String) {
        self.command = command
        self.format = format
        self.withService = withService
        self.profile = profile
    }
}

/// Grades the learner's own test suite: it must pass on correct implementations and fail on hidden mutants.
///
/// Every run is a fresh copy of the learner's submission with grader files copied over it: the implementation
/// (or an equivalent, or the implementation and then a mutant's files), so the learner's copy of the module under
/// test never matters, only their tests do.
public struct MutationCheck: Sendable, Equatable {
    /// A deliberately broken version of the implementation.
    public struct Mutant: Sendable, Equatable {
        /// The mutant's directory name, used in reports to the lab's author, never shown to the learner.
        public var name: String
        /// The directory holding the files it replaces, relative to the grader directory.
        public var directory: String
        /// Its `about.txt`: in the learner's terms, the behaviour a suite that lets it live leaves untested.
        public var about: String

        public init(name: String, directory: String, about: String) {
            self.name = name
            self.directory = directory
            self.about = about
        }
    }

    /// The learner's test command; nil means the lab language's `test` command.
    public var command: [String]?
    /// A grader directory copied over the submission for every run; nil keeps the submission's own files.
    public var implementation: String?
    /// Grader directories of implementations that behave like the reference but are written differently; the suite
    /// must pass on each (a suite that compares source text or private state fails here).
    public var equivalents: [String]
    /// The grader directory holding one subdirectory per mutant.
    public var mutantsDirectory: String
    /// The mutants found there, in name order.
    public var mutants: [Mutant]

    public init(command: [String]?, implementation: String?, equivalents: [String], mutantsDirectory: String, mutants: [Mutant]) {
        self.command = command
        self.implementation = implementation
        self.equivalents = equivalents
        self.mutantsDirectory = mutantsDirectory
        self.mutants = mutants
    }
}
