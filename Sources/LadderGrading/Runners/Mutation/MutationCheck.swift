/// Grades the learner's own test suite: it must pass on correct implementations and fail on hidden mutants.
///
/// Every run is a fresh copy of the learner's submission with grader files copied over it: the implementation
/// (or an equivalent, or the implementation and then a mutant's files), so the learner's copy of the module under
/// test never matters, only their tests do. With `per-language = true` each of those directories holds a
/// subdirectory per language and a run copies the one of the learner's language, so a mutant that has no meaning in
/// some language simply has no folder for it.
public struct MutationCheck: Sendable, Equatable {
    /// A grader directory whose files are copied over the submission: the same files for every language, or a
    /// subdirectory per language.
    public struct Overlay: Sendable, Equatable {
        /// The directory, relative to the grader directory.
        public var path: String
        /// The languages it has a subdirectory for, in name order; nil when its files serve every language.
        public var languages: [String]?

        public init(_ path: String, languages: [String]? = nil) {
            self.path = path
            self.languages = languages
        }

        /// The directory to copy for `language`, relative to the grader directory; nil when it has none for it.
        public func path(for language: String) -> String? {
            guard let languages else { return path }
            return languages.contains(language) ? path + "/" + language : nil
        }
    }

    /// A deliberately broken version of the implementation.
    public struct Mutant: Sendable, Equatable {
        /// The mutant's directory name, used in reports to the lab's author, never shown to the learner.
        public var name: String
        /// The files it replaces, relative to the grader directory (per language in the per-language layout).
        public var files: Overlay
        /// Its `about.txt`: in the learner's terms, the behaviour a suite that lets it live leaves untested.
        public var about: String

        /// The mutant's directory, relative to the grader directory.
        public var directory: String { files.path }

        public init(name: String, files: Overlay, about: String) {
            self.name = name
            self.files = files
            self.about = about
        }

        public init(name: String, directory: String, about: String) {
            self.init(name: name, files: Overlay(directory), about: about)
        }
    }

    /// The learner's test command; nil means the lab language's `test` command.
    public var command: [String]?
    /// Copied over the submission for every run; nil keeps the submission's own files.
    public var implementation: Overlay?
    /// Implementations that behave like the reference but are written differently; the suite must pass on each (a
    /// suite that compares source text or private state fails here).
    public var equivalents: [Overlay]
    /// The grader directory holding one subdirectory per mutant.
    public var mutantsDirectory: String
    /// The mutants found there, in name order.
    public var mutants: [Mutant]
    /// Whether the implementation, the equivalents and each mutant hold a subdirectory per language
    /// (`per-language = true`) rather than the same files for every language.
    public var perLanguage: Bool
    /// Per language id, a command run once per test of a grading, before the test's first run, over every
    /// implementation the test runs: what it leaves in each one's directory (compiled classes, say) is what that run
    /// copies over the submission. A compiled language's implementations are built once, in one process, not once in
    /// every run.
    public var prepare: [String: [String]]

    public init(
        command: [String]?, implementation: Overlay?, equivalents: [Overlay], mutantsDirectory: String,
        mutants: [Mutant],
        perLanguage: Bool = false, prepare: [String: [String]] = [:]
    ) {
        self.command = command
        self.implementation = implementation
        self.equivalents = equivalents
        self.mutantsDirectory = mutantsDirectory
        self.mutants = mutants
        self.perLanguage = perLanguage
        self.prepare = prepare
    }

    /// The flat layout: the same files for every language.
    public init(
        command: [String]?, implementation: String?, equivalents: [String], mutantsDirectory: String, mutants: [Mutant]
    ) {
        self.init(
            command: command, implementation: implementation.map { Overlay($0) },
            equivalents: equivalents.map { Overlay($0) },
            mutantsDirectory: mutantsDirectory, mutants: mutants)
    }

    /// The mutants that apply to `language`: all of them in the flat layout, those with a folder for it otherwise.
    public func mutants(for language: String) -> [Mutant] {
        mutants.filter { $0.files.path(for: language) != nil }
    }

    /// Every directory with per-language subdirectories, for checks and for pruning copies to one language.
    public var overlays: [Overlay] {
        (implementation.map { [$0] } ?? []) + equivalents + mutants.map(\.files)
    }
}
