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
