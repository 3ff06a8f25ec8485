import Foundation
import Testing

/// Something a test needs from the machine (a built launcher, root or user namespaces, python3), with how to
/// provide it.
///
/// A test whose prerequisite is missing FAILS, saying what is missing and how to provide it: a suite that skips
/// quietly on a machine that lacks its tools looks green while testing nothing. Only an explicit opt-out,
/// `LADDER_ALLOW_SKIP=1` in the environment, turns that failure into a skip, and the skip says why in the output.
/// Apply it with ``Testing/Trait/requires(_:)-(Prerequisite...)``.
public struct Prerequisite: Sendable {
    /// What the test needs, as a person reads it: "python3 at /usr/bin/python3".
    public let requirement: String
    /// How to provide it: "install it with `apt-get install python3`".
    public let remedy: String
    private let check: @Sendable () -> Bool

    /// A prerequisite that holds when `check` returns true; `check` runs when a test that needs it starts.
    public init(_ requirement: String, remedy: String, check: @escaping @Sendable () -> Bool) {
        self.requirement = requirement
        self.remedy = remedy
        self.check = check
    }

    /// Whether this machine has it.
    public var isMet: Bool { check() }

    /// The environment variable that lets tests skip when a prerequisite is missing.
    public static let allowSkipVariable = "LADDER_ALLOW_SKIP"

    /// Whether skipping was asked for explicitly; without it a missing prerequisite fails the test.
    public static var skippingAllowed: Bool {
        ProcessInfo.processInfo.environment[allowSkipVariable] == "1"
    }
}

extension Prerequisite {
    /// For a test that needs this for some of its arguments only (the PostgreSQL case of a suite run against every
    /// store): returns when the machine has it; otherwise throws, failing the test with what is missing and how to
    /// provide it, or with `LADDER_ALLOW_SKIP=1` skips the test, saying why.
    public func demand(sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard !isMet else { return }
        let what = "\(requirement): \(remedy)"
        if Prerequisite.skippingAllowed {
            try Test.cancel(
                "skipped because \(Prerequisite.allowSkipVariable)=1 and this machine lacks \(what)",
                sourceLocation: sourceLocation)
        }
        throw TestSetupError(
            "this machine lacks \(what). (Set \(Prerequisite.allowSkipVariable)=1 to skip such tests instead of "
                + "failing them.)")
    }

    /// An executable file at `path`, installed by `package`.
    public static func executable(_ path: String, for purpose: String, package: String) -> Prerequisite {
        Prerequisite(
            "\(path) (\(purpose))", remedy: "install it (on Debian or Ubuntu: `apt-get install \(package)`)",
            check: { FileManager.default.isExecutableFile(atPath: path) })
    }

    /// The sandbox launcher, built beside the test bundle; every test target that grades depends on it.
    public static let launcherBuilt = Prerequisite(
        "the sandbox launcher built at \(BuiltProducts.launcher)",
        remedy:
            "build it with `swift build --build-tests` (or `swift build --product ladder-sandbox`) before `swift test --skip-build`",
        check: { FileManager.default.isExecutableFile(atPath: BuiltProducts.launcher) })

    /// The `ladder` executable of this build, for tests that run it as a learner would.
    public static let ladderBuilt = Prerequisite(
        "the ladder executable built at \(BuiltProducts.ladder)",
        remedy: "build it with `swift build --build-tests` before `swift test --skip-build`",
        check: { FileManager.default.isExecutableFile(atPath: BuiltProducts.ladder) })

    /// What the launcher needs to build a box: root, or unprivileged user namespaces.
    public static let isolation = Prerequisite(
        "root or unprivileged user namespaces, without which the sandbox launcher refuses to run anything",
        remedy: "run the tests as root, or enable user namespaces (`sysctl -w user.max_user_namespaces=15000`, and on "
            + "Debian kernels `sysctl -w kernel.unprivileged_userns_clone=1`)",
        check: { geteuid() == 0 || userNamespacesAllowed() })

    /// Root: what the launcher needs to make cgroups, and what choosing pids through ns_last_pid needs.
    public static let root = Prerequisite(
        "root (the test checks what only root can do: cgroups, pid namespaces' ns_last_pid)",
        remedy: "run the tests as root (CI: a container or a runner with sudo)", check: { geteuid() == 0 })

    public static let python3 = executable(
        "/usr/bin/python3", for: "test fixtures and lab solutions run on it", package: "python3")
    public static let node = executable(
        "/usr/bin/node", for: "the node starters and solutions run on it", package: "nodejs")
    public static let gcc = executable("/usr/bin/gcc", for: "the C lab builds with it", package: "gcc")
    public static let gitCLI = executable(
        "/usr/bin/git", for: "tests check what Ladder wrote with the git CLI", package: "git")

    /// The environment variable `name` is not set (it would override what the test sets up).
    public static func unset(_ name: String, because reason: String) -> Prerequisite {
        Prerequisite(
            "\(name) not set in the environment (\(reason))", remedy: "run the tests without \(name)",
            check: { ProcessInfo.processInfo.environment[name] == nil })
    }

    private static func userNamespacesAllowed() -> Bool {
        let max =
            (try? String(contentsOfFile: "/proc/sys/user/max_user_namespaces", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        return max > 0
    }
}

extension [Prerequisite] {
    /// Grading for real: the launcher built, and a machine that lets it isolate.
    public static var sandbox: [Prerequisite] { [.launcherBuilt, .isolation] }
}

/// The trait behind ``Testing/Trait/requires(_:)-(Prerequisite...)``: checks the prerequisites as each test
/// starts, and fails the test (or, with `LADDER_ALLOW_SKIP=1`, cancels it as skipped) when one is missing.
public struct PrerequisiteTrait: TestTrait, SuiteTrait, TestScoping {
    let prerequisites: [Prerequisite]
    /// Whether a missing prerequisite skips rather than fails; `nil` reads `LADDER_ALLOW_SKIP` as each test starts.
    let skipping: Bool?

    public init(prerequisites: [Prerequisite], skipping: Bool? = nil) {
        self.prerequisites = prerequisites
        self.skipping = skipping
    }

    /// On a suite, every test in it needs the prerequisites.
    public var isRecursive: Bool { true }

    public var comments: [Comment] {
        [Comment(rawValue: "needs " + prerequisites.map(\.requirement).joined(separator: "; "))]
    }

    /// Checked per test case, so that each failing test carries the message.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let missing = prerequisites.filter { !$0.isMet }
        guard !missing.isEmpty else {
            try await function()
            return
        }
        let what = missing.map { "\($0.requirement): \($0.remedy)" }.joined(separator: "; ")
        if skipping ?? Prerequisite.skippingAllowed {
            try Test.cancel(
                "skipped because \(Prerequisite.allowSkipVariable)=1 and this machine lacks \(what)",
                sourceLocation: test.sourceLocation)
        }
        Issue.record(
            "this machine lacks \(what). (Set \(Prerequisite.allowSkipVariable)=1 to skip such tests instead of failing them.)",
            sourceLocation: test.sourceLocation)
    }
}

extension Trait where Self == PrerequisiteTrait {
    /// The test (or every test of the suite) needs these from the machine; see ``Prerequisite``.
    public static func requires(_ prerequisites: Prerequisite...) -> Self {
        PrerequisiteTrait(prerequisites: prerequisites)
    }

    /// The test (or every test of the suite) needs these from the machine; see ``Prerequisite``.
    public static func requires(_ prerequisites: [Prerequisite]) -> Self {
        PrerequisiteTrait(prerequisites: prerequisites)
    }
}
