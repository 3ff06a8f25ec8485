/// A grader program of the lab's own, run in its own sandbox, reporting in a standard format.
public struct ScriptCheck: Sendable, Equatable {
    /// The command, run with the grader directory at `/grader` and the learner's build at `/submission`, both read-only.
    public var command: [String]
    /// The format of the report it prints on standard output.
    public var format: ScriptReportFormat
    /// Start the learner's service first and give the script `$LADDER_SERVICE_SOCKET`, a Unix socket reaching it.
    public var withService: Bool
    /// The sandbox profile the script runs under.
    public var profile: String

    public init(command: [String], format: ScriptReportFormat, withService: Bool, profile: String) {
        self.command = command
        self.format = format
        self.withService = withService
        self.profile = profile
    }
}
