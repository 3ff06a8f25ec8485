/// An error from the sandbox's Swift API, with a message that says what went wrong and how to fix it.
public struct SandboxError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is, for callers that branch on it.
    public enum Code: String, Sendable, Equatable {
        /// A limit or size was malformed (`12Q`) or out of range.
        case invalidValue
        /// A policy asked for more than its profile allows.
        case limitAboveMaximum
        /// No profile file with that name.
        case profileNotFound
        /// A profile file could not be read or decoded.
        case invalidProfile
        /// The `ladder-sandbox` launcher binary was not found.
        case launcherNotFound
        /// The directory of profiles was not found.
        case profilesNotFound
        /// The policy cannot be turned into a run (bad mount, bad path).
        case invalidPolicy
        /// The launcher could not be started, or died without reporting.
        case launchFailed
        /// The machine could not build the box: namespaces, mounts, cgroups (one removed under the run), limits.
        /// Neither the program's fault nor the lab's; the same run may succeed later or on another machine.
        case infrastructure
    }

    /// What kind of failure this is.
    public var code: Code
    /// The message shown to a person.
    public var message: String

    /// Creates an error with its code and message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The machine failed, not the program or the lab: the box could not be built, or the sandbox could not be
    /// found, started or heard from. A grader reports these as infrastructure errors, never as a verdict.
    public var isMachineFailure: Bool {
        switch code {
        case .infrastructure, .launchFailed, .launcherNotFound, .profilesNotFound: true
        case .invalidValue, .limitAboveMaximum, .profileNotFound, .invalidProfile, .invalidPolicy: false
        }
    }
}
