import Foundation

/// Checks a learner's git history: which commits they made, what each says and touches, how branches were merged, and
/// that chosen commits build and pass a command. Every check given must hold; at least one is given.
///
/// The learner's commits are those reachable from the graded commit and not from a commit of the lab's own: a root
/// commit, or one whose message carries the ``startTrailer`` (what `ladder start` writes).
public struct GitCheck: Sendable, Equatable {
    /// The trailer (`Ladder-Start: <lab-id>`) that marks the commits `ladder start` made; they and their ancestors are
    /// the lab's, not the learner's.
    public static let startTrailer = "Ladder-Start"

    /// Which commits `run` is run at.
    public enum RunAt: String, Sendable, Equatable, CaseIterable {
        /// The graded commit only.
        case head
        /// Every commit of the learner's, oldest first.
        case each
        /// Every merge commit of the learner's (there must be one).
        case merges
    }

    public var minCommits: Int?
    public var maxCommits: Int?
    /// A regular expression every non-merge commit's summary (its first line) must match as a whole.
    public var messagePattern: String?
    /// The most paths one non-merge commit may add, change or delete.
    public var maxFilesPerCommit: Int?
    /// Globs each of which some commit of the learner's must touch.
    public var mustTouch: [String]
    /// Globs no commit of the learner's may touch.
    public var mustNotTouch: [String]
    /// Named groups of globs: the paths a non-merge commit touches must all fall in one group (paths in no group are
    /// free), so a commit never mixes unrelated changes.
    public var groups: [String: [String]]
    /// Every commit of the learner's names an author: a non-empty name and an email with an `@`.
    public var authorsNamed: Bool
    /// A merge commit of the learner's joins two lines of history that had both moved on.
    public var merge: Bool
    /// Path → lines (compared trimmed) the file must hold: at the learner's newest merge when `merge` is set, else
    /// at the graded commit.
    public var keepLines: [String: [String]]
    /// A command run in the sandbox, after the language's build, at the commits `runAt` picks; it must exit 0. Nil
    /// with a `runAt` runs the lab language's `test` command.
    public var run: [String]?
    /// Where `run` runs; nil when nothing runs.
    public var runAt: RunAt?
    /// The escape hatch: a grader program run with a read-only copy of the history at ``historyMount``.
    public var script: ScriptCheck?

    /// Where the script finds the exported history: a bare repository holding the graded commit and its ancestors.
    public static let historyMount = "/history"

    public init(
        minCommits: Int? = nil, maxCommits: Int? = nil, messagePattern: String? = nil, maxFilesPerCommit: Int? = nil,
        mustTouch: [String] = [], mustNotTouch: [String] = [], groups: [String: [String]] = [:],
        authorsNamed: Bool = false,
        merge: Bool = false, keepLines: [String: [String]] = [:], run: [String]? = nil, runAt: RunAt? = nil,
        script: ScriptCheck? = nil
    ) {
        self.minCommits = minCommits
        self.maxCommits = maxCommits
        self.messagePattern = messagePattern
        self.maxFilesPerCommit = maxFilesPerCommit
        self.mustTouch = mustTouch
        self.mustNotTouch = mustNotTouch
        self.groups = groups
        self.authorsNamed = authorsNamed
        self.merge = merge
        self.keepLines = keepLines
        self.run = run
        self.runAt = runAt
        self.script = script
    }

    /// Whether a path matches a glob: `*` and `?` match any characters, `/` included, so `src/*` is all of `src/`.
    static func matches(_ glob: String, _ path: String) -> Bool {
        fnmatch(glob, path, 0) == 0
    }
}

extension GraderSpec {
    /// Whether any test reads the submission's git history, so the submission must come with its repository.
    public var readsHistory: Bool {
        stages.contains { stage in stage.tests.contains { if case .git = $0.kind { true } else { false } } }
    }
}
