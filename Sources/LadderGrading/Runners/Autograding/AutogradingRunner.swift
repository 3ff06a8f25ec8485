import Foundation
import LadderModel
import LadderSandbox

/// Runs a GitHub Classroom test the way GitHub's autograding runner does (`docs/autograding.md` has every rule and
/// its source): `setup`, then `run`, each by `/bin/sh -c` in its own box, in the checkout the whole run shares, with
/// GitHub's environment, the timeout covering both, and a standard input left open unless the test gives one. A test
/// of the newer workflow graders (``AutogradingAction``) gets what those do instead: standard input closed, and
/// setup and run timed each on its own.
struct AutogradingRunner {
    let context: RunContext

    func run(_ test: GraderTest, _ check: AutogradingCheck) async throws -> RunResult {
        var result = try await judge(test, check)
        if result.verdict != .passed { result.input = TestInput.describe(check.test) }
        return result
    }

    private func judge(_ test: GraderTest, _ check: AutogradingCheck) async throws -> RunResult {
        let profile: SandboxProfile
        do {
            profile = try context.sandbox.profile(named: AutogradingCheck.profile)
        } catch {
            throw GradingFailure.infrastructure("the sandbox profile for autograding cannot be read: \(error)")
        }
        let checkout =
            try context.checkout ?? context.workspace.sharedCheckout(of: context.build, repository: nil, commit: nil)
        let limits = Self.limits(for: check.test, test: test, profile: profile, context: context)
        let notes = LimitNotes(
            test: check.test, limits: limits.merged(over: profile.defaults), profile: profile, context: context)
        let clock = ContinuousClock()
        let started = clock.now
        var setupOutcome: SandboxOutcome?
        // education/autograding leaves a standard input it has nothing for open; the workflow graders' execSync
        // always closes it.
        let action = check.test.action
        let noInput: SandboxInput = action.closesStandardInput ? .none : .open
        if let setup = check.test.setupCommand {
            let policy = try policy(
                limits, checkout: checkout, stdin: noInput, network: check.networkSetup ? .host : .loopback,
                profile: profile)
            let outcome = try await context.sandbox.run(setup, policy: policy)
            if let (verdict, detail) = outcome.failure(of: "setup") {
                var said = detail + (notes.note(outcome, verdict) ?? "")
                if !check.networkSetup, let word = Self.needsNetworkOrRoot(check.test.setup ?? ""),
                    verdict == .runtimeError || verdict == .timeLimit
                {
                    said += "\n" + Self.networkHint(word)
                }
                return RunResult(verdict, said, outcome: outcome)
            }
            setupOutcome = outcome
        }
        // education/autograding gives the run what is left of the timeout once setup is done; the workflow graders
        // time setup and command each on its own.
        let wall = limits.wallTime ?? AutogradingTest.defaultTimeout
        let remaining = action.timesSetupSeparately ? wall : wall - (clock.now - started)
        if remaining < .milliseconds(1) {
            var result = RunResult(
                .timeLimit,
                "setup used the whole timeout (\(Units.format(wall))), leaving no time for the run command"
                    + notes.timeout)
            result.add(setupOutcome)
            return result
        }
        var runLimits = limits
        runLimits.wallTime = remaining
        let input: SandboxInput = check.test.input.map { .data(Data($0.utf8)) } ?? noInput
        let outcome = try await context.sandbox.run(
            check.test.runCommand,
            policy: try policy(runLimits, checkout: checkout, stdin: input, network: .loopback, profile: profile))
        var result: RunResult
        if let (verdict, detail) = outcome.failure(of: "the run command") {
            result = RunResult(verdict, detail + (notes.note(outcome, verdict) ?? ""), outcome: outcome)
        } else {
            let compared: ComparisonOutcome
            do {
                compared = try check.test.compare(stdout: outcome.stdout)
            } catch {
                throw GradingFailure.infrastructure(error.description)
            }
            switch compared {
            case .matched: result = RunResult(.passed, outcome: outcome)
            case .mismatched(let explanation): result = RunResult(.wrongAnswer, explanation, outcome: outcome)
            case .graderError(let message): result = RunResult(.graderError, message, outcome: outcome)
            }
        }
        result.add(setupOutcome)
        return result
    }

    /// A test's limits: wall and CPU time are its timeout (within the profile's maxima); everything else is the
    /// `autograding` profile's generous defaults.
    static func limits(for check: AutogradingTest, test: GraderTest, profile: SandboxProfile, context: RunContext)
        -> SandboxLimits
    {
        var limits = context.limits(for: test)
        let timeout = limits.wallTime ?? check.timeout
        limits.wallTime = profile.maxima.wallTime.map { min(timeout, $0) } ?? timeout
        limits.cpuTime = profile.maxima.cpuTime.map { min(timeout, $0) } ?? timeout
        return limits
    }

    /// The box's policy for setup or run: the checkout at `/work`, the shared home at GitHub's `HOME` and the shared
    /// `/tmp`, and with the host's network also a `sudo` that runs the rest of its line as the box's user.
    private func policy(
        _ limits: SandboxLimits, checkout: SharedCheckout, stdin: SandboxInput, network: SandboxNetwork,
        profile: SandboxProfile
    ) throws -> SandboxPolicy {
        var environment = AutogradingTest.environment
        var readOnly: [SandboxMount] = []
        if network == .host {
            let shim = try context.workspace.emptyDirectory("sudo")
            let sudo = shim + "/sudo"
            guard FileManager.default.createFile(atPath: sudo, contents: Data(Self.sudoShim.utf8)) else {
                throw GradingFailure.infrastructure("cannot write \(sudo)")
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sudo)
            readOnly.append(SandboxMount(shim, at: Self.shimMount))
            environment["PATH"] = Self.shimMount + ":" + (profile.environment["PATH"] ?? "/usr/bin:/bin")
            // Debian marks its Python as managed by apt (PEP 668); pip then installs into the home instead, which the
            // run commands of this and later tests see.
            environment["PIP_BREAK_SYSTEM_PACKAGES"] = "1"
        }
        return SandboxPolicy(
            profile: AutogradingCheck.profile, limits: limits, readOnlyMounts: readOnly,
            writableMounts: [
                SandboxMount(checkout.home, at: SharedCheckout.homeMount), SandboxMount(checkout.tmp, at: "/tmp"),
            ], workdir: checkout.directory,
            environment: environment, stdin: stdin, network: network)
    }

    /// Where the `sudo` of a setup with the network is found, first on its `PATH`.
    static let shimMount = "/opt/ladder/bin"

    /// `sudo` for setup commands in a box, which has no root: drops sudo's own options and runs the rest of the line
    /// as the box's user. `VAR=value` words before the command are set, as sudo does.
    static let sudoShim = #"""
        #!/bin/sh
        # Ladder's sudo for autograding setup (ladder grade --allow-network-setup): the box has no root, so the
        # command runs as the box's own user, which owns the checkout and HOME.
        while [ $# -gt 0 ]; do
            case "$1" in
                --) shift; break ;;
                -u|-g|-p|-C|-D|-R|-T|-U|-r|-t|-h) shift 2 ;;
                -*) shift ;;
                [A-Za-z_]*=*) export "$1"; shift ;;
                *) break ;;
            esac
        done
        if [ $# -eq 0 ]; then
            echo "sudo (Ladder's sandbox): no command to run" >&2
            exit 1
        fi
        exec "$@"
        """#

    /// The first word of `setup` that means it wants root or the network (a package manager, a download), if any.
    static func needsNetworkOrRoot(_ setup: String) -> String? {
        let lowered = setup.lowercased()
        return networkWords.first { word in
            var searched = lowered[...]
            while let range = searched.range(of: word) {
                let before =
                    range.lowerBound == lowered.startIndex ? nil : lowered[lowered.index(before: range.lowerBound)]
                let after = range.upperBound == lowered.endIndex ? nil : lowered[range.upperBound]
                if before.map(isWordBoundary) ?? true, after.map(isWordBoundary) ?? true { return true }
                searched = lowered[range.upperBound...]
            }
            return false
        }
    }

    private static func isWordBoundary(_ character: Character) -> Bool {
        !(character.isLetter || character.isNumber || character == "-" || character == "_" || character == ".")
    }

    /// Words of setup lines that need root or the network, most telling first.
    static let networkWords = [
        "sudo", "apt-get", "apt", "pip install", "pip3 install", "-m pip", "npm install", "npm ci", "npm i", "yarn",
        "pnpm", "gem install", "bundle install", "curl", "wget", "git clone", "go get", "go install",
        "go mod download", "cargo install", "cargo fetch", "composer install", "mvn", "./mvnw", "gradle",
        "./gradlew", "dotnet restore",
    ]

    /// What to tell a learner whose setup failed using `word`.
    static func networkHint(_ word: String) -> String {
        "This setup uses `\(word)`, but network and `sudo` are off in Ladder's sandbox (the box has no network and no "
            + "root). Preinstall what it needs on the grading machine (Debian packages are seen in the box, for example "
            + "`apt-get install python3-pytest`) or commit it to the repository; or, as the instructor, grade with "
            + "`ladder grade --allow-network-setup`, which gives setup commands (never the run commands) the host's "
            + "network and a `sudo` that runs as the box's user."
    }
}

/// What a failed run is told about the sandbox's limits it hit: which limit, that it is Ladder's, and how to change it.
private struct LimitNotes {
    let test: AutogradingTest
    /// The limits in force: the test's over the profile's defaults.
    let limits: SandboxLimits
    let profile: SandboxProfile
    let context: RunContext

    /// How the timeout came to be and how to change it.
    var timeout: String {
        let maximum =
            profile.maxima.wallTime.map { ", at most \(AutogradingCheck.minutes($0)), the sandbox's maximum" } ?? ""
        return
            "\nThe time limit is the test's `timeout` in the autograding file (\(AutogradingCheck.minutes(test.timeout)))"
            + ", for setup and run together as on GitHub; raise it there\(maximum)."
    }

    /// The note for a run that ended with `verdict`, when a sandbox limit is why.
    func note(_ outcome: SandboxOutcome, _ verdict: Verdict) -> String? {
        let reached = Set(outcome.limitsReached + (outcome.limitHit.map { [$0] } ?? []))
        switch verdict {
        case .timeLimit where reached.contains(.cpu):
            let maximum = profile.maxima.cpuTime.map { " (at most \(AutogradingCheck.minutes($0)))" } ?? ""
            return "\nLadder's sandbox also limits the CPU time of all the run's processes together to the test's "
                + "`timeout` (\(AutogradingCheck.minutes(test.timeout))); GitHub limits only the wall clock. Raise `timeout` in "
                + "the autograding file\(maximum)."
        case .timeLimit:
            return timeout
        case .memoryLimit:
            return sandboxLimit(.memory) { "at most \($0) of memory for all its processes together" }
        case .outputLimit:
            return sandboxLimit(.output) { "at most \($0) of output per stream" }
        case .runtimeError where reached.contains(.pids):
            return sandboxLimit(.pids) { "at most \($0) processes and threads at once" }
        case .runtimeError where reached.contains(.fsize):
            return sandboxLimit(.fsize) { "files of at most \($0)" }
        default:
            return nil
        }
    }

    /// A limit that comes from the `autograding` profile, named with its key in the profile's JSON.
    /// - Parameter what: the limit in a phrase, given its value.
    private func sandboxLimit(_ kind: SandboxLimitKind, _ what: (String) -> String) -> String {
        let path = context.sandbox.profilesDirectory + "/" + AutogradingCheck.profile + ".json"
        let key = kind.rawValue
        let maximum = Self.value(kind, in: profile.maxima).map { ", up to its `maxima.\(key)` of \($0)" } ?? ""
        return "\nThis is a limit of Ladder's sandbox, not GitHub's: an autograding test may use "
            + "\(what(Self.value(kind, in: limits) ?? "?")) (`defaults.\(key)` of the "
            + "`\(AutogradingCheck.profile)` sandbox profile, \(path)); an operator can raise it there\(maximum)."
    }

    /// The limit of `kind` in `limits`, written as profiles write it.
    private static func value(_ kind: SandboxLimitKind, in limits: SandboxLimits) -> String? {
        switch kind {
        case .memory: limits.memoryBytes.map(Units.formatBytes)
        case .output: limits.outputBytes.map(Units.formatBytes)
        case .pids: limits.processes.map(String.init)
        case .fsize: limits.fileSizeBytes.map(Units.formatBytes)
        case .wall: limits.wallTime.map(Units.format)
        case .cpu: limits.cpuTime.map(Units.format)
        }
    }
}

extension RunResult {
    /// Counts a setup run's time and memory with the run's.
    fileprivate mutating func add(_ setup: SandboxOutcome?) {
        guard let setup else { return }
        wallMilliseconds += Int(Units.milliseconds(setup.wallTime))
        cpuMilliseconds += Int(Units.milliseconds(setup.cpuTime ?? .zero))
        peakMemoryBytes = max(peakMemoryBytes, setup.peakMemoryBytes ?? 0)
    }
}
