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
        select: String? = nil, exitCode: Int32? = 0, stderr: ExpectedText? = nil,
        stderrComparison: OutputComparison = .lines
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
