import Foundation
import Testing

@testable import LadderSandbox

@Suite struct SandboxProfileTests {
    static let directory = "\(Box.repositoryRoot)/Sandbox/profiles"

    @Test(arguments: ["default", "python", "node", "jvm", "swift", "c", "go", "ruby", "php", "rust", "autograding"])
    func shippedProfilesLoadWithDefaultsWithinMaxima(name: String) throws {
        let profile = try SandboxProfile.load(named: name, from: Self.directory)
        #expect(profile.name == name)
        #expect(profile.readOnly.contains("/usr"))
        #expect(profile.environment["PATH"] != nil)
        #expect(
            profile.defaults.wallTime != nil && profile.defaults.memoryBytes != nil && profile.defaults.processes != nil
        )
        try profile.defaults.validate(maxima: profile.maxima, profile: name)
        // Every shipped profile but the base one and autograding's (which binds them all) is for a runtime that
        // `ladder doctor` tries and bootstrap installs.
        if name != "default", name != "autograding" {
            let runtime = try #require(profile.runtime, "\(name) has no runtime")
            #expect(!runtime.version.isEmpty)
            #expect(name == "swift" || !runtime.packages.isEmpty, "the toolchain under /opt/swift is no Debian package")
        }
    }

    @Test func theRuntimeIsTheProfilesOwnNotInherited() throws {
        let base = try SandboxProfile.load(named: "default", from: Self.directory)
        #expect(base.runtime == nil)
        let go = try SandboxProfile.load(named: "go", from: Self.directory)
        #expect(go.runtime?.packages == ["golang-go"])
        #expect(go.runtime?.hello?.build == ["go", "build", "-o", "hello", "."])
        #expect(go.environment["GOPROXY"] == "off", "no module proxy is reachable from the box")
    }

    @Test func extendingMergesMountsEnvironmentAndLimits() throws {
        let python = try SandboxProfile.load(named: "python", from: Self.directory)
        let base = try SandboxProfile.load(named: "default", from: Self.directory)
        #expect(python.environment["PYTHONUNBUFFERED"] == "1")
        #expect(python.environment["HOME"] == base.environment["HOME"])
        #expect(python.defaults.memoryBytes == 512 << 20)
        #expect(python.defaults.cpuTime == base.defaults.cpuTime)
        let swift = try SandboxProfile.load(named: "swift", from: Self.directory)
        #expect(swift.readOnly.contains("/opt/swift") && swift.readOnly.contains("/usr"))
    }

    /// GitHub Classroom's tests may use any runtime, so the autograding profile binds what every other profile binds.
    @Test func theAutogradingProfileBindsEveryRuntimeAndLeavesTheLocaleUnset() throws {
        let autograding = try SandboxProfile.load(named: "autograding", from: Self.directory)
        for name in SandboxProfile.available(in: Self.directory) {
            let other = try SandboxProfile.load(named: name, from: Self.directory)
            let missing = other.readOnly.filter { !autograding.readOnly.contains($0) }
            #expect(missing.isEmpty, "the \(name) profile binds \(missing), which autograding tests cannot see")
        }
        let path = try #require(autograding.environment["PATH"]).split(separator: ":")
        #expect(path.contains("/usr/bin") && path.contains("/opt/swift/usr/bin"))
        #expect(
            path.firstIndex(of: "/usr/bin")! < path.firstIndex(of: "/opt/swift/usr/bin")!, "the system's tools first")
        for name in ["LANG", "LC_ALL", "TMPDIR"] {
            #expect(autograding.environment[name] == nil, "GitHub's runner does not set \(name)")
        }
        #expect(autograding.maxima.wallTime == .seconds(600), "GitHub's longest timeout that Ladder honours")
    }

    @Test func unsetRemovesAnInheritedVariableAndNothingElse() throws {
        let dir = try TemporaryDirectory("profiles")
        try dir.write("base.json", #"{"name": "base", "environment": {"A": "1", "B": "2"}}"#)
        try dir.write("child.json", #"{"name": "child", "extends": "base", "unset": ["A"], "environment": {"C": "3"}}"#)
        try dir.write("both.json", #"{"name": "both", "extends": "base", "unset": ["C"], "environment": {"C": "3"}}"#)
        #expect(try SandboxProfile.load(named: "child", from: dir.path).environment == ["B": "2", "C": "3"])
        #expect {
            try SandboxProfile.load(named: "both", from: dir.path)
        } throws: { error in
            ((error as? SandboxError)?.message ?? "").contains("both.json: 'C' is both in 'environment' and in 'unset'")
        }
    }

    @Test func unknownProfileListsTheAvailableOnes() {
        #expect {
            try SandboxProfile.load(named: "cobol", from: Self.directory)
        } throws: { error in
            let e = error as? SandboxError
            return e?.code == .profileNotFound && e!.message.contains("cobol") && e!.message.contains("python")
        }
    }

    @Test func badProfileNamesFileAndField() throws {
        let dir = try TemporaryDirectory("profiles")
        try dir.write("broken.json", #"{"name": "broken", "defaults": {"memory": "12Q"}}"#)
        try dir.write("loop.json", #"{"name": "loop", "extends": "loop"}"#)
        try dir.write("typo.json", #"{"name": "typo", "readOnly": "/usr"}"#)
        #expect {
            try SandboxProfile.load(named: "broken", from: dir.path)
        } throws: { error in
            let message = (error as? SandboxError)?.message ?? ""
            return message.contains("broken.json: defaults.memory: \"12Q\" has an unknown unit \"Q\"")
        }
        #expect(throws: SandboxError.self) { try SandboxProfile.load(named: "loop", from: dir.path) }
        #expect {
            try SandboxProfile.load(named: "typo", from: dir.path)
        } throws: { error in
            let message = (error as? SandboxError)?.message ?? ""
            return message.contains("typo.json") && message.contains("readOnly")
        }
    }

    @Test func launcherArgumentsCarryProfileAndPolicy() throws {
        let profile = try SandboxProfile.load(named: "python", from: Self.directory)
        let policy = SandboxPolicy(
            profile: "python", readOnlyMounts: [SandboxMount("/data", at: "/fixtures")],
            workdir: "/tmp/w", environment: ["PORT": "8080", "HOME": "/work"],
            forward: SandboxForward(socketPath: "/tmp/s.sock", port: 8080), useCgroups: false)
        let limits = SandboxLimits(wallTime: .seconds(2), memoryBytes: 64 << 20).merged(over: profile.defaults)
        let args = Sandbox.launcherArguments(
            command: ["python3", "main.py"], policy: policy, profile: profile,
            limits: limits, stdin: nil, stdout: "/o", stderr: "/e", cpuGroup: "ladder")
        let joined = args.joined(separator: " ")
        #expect(joined.contains("--ro-bind-try /usr "))
        #expect(joined.contains("--claim-cpu ladder"))
        #expect(joined.contains("--ro-bind /data:/fixtures"))
        #expect(joined.contains("--workdir /tmp/w"))
        #expect(joined.contains("--wall-ms 2000"))
        #expect(joined.contains("--memory \(64 << 20)"))
        #expect(joined.contains("--setenv HOME=/work"))
        #expect(joined.contains("--setenv PORT=8080"))
        #expect(joined.contains("--forward /tmp/s.sock=8080"))
        #expect(joined.contains("--no-cgroup"))
        #expect(Array(args.suffix(3)) == ["--", "python3", "main.py"])
        #expect(!joined.contains("--share-net") && !joined.contains("--stdin-open"))
    }

    @Test func theHostsNetworkAndAnOpenStdinAreLauncherOptions() throws {
        let profile = try SandboxProfile.load(named: "default", from: Self.directory)
        let policy = SandboxPolicy(stdin: .open, network: .host)
        let args = Sandbox.launcherArguments(
            command: ["true"], policy: policy, profile: profile, limits: profile.defaults, stdin: nil, stdout: nil,
            stderr: nil)
        let joined = args.joined(separator: " ")
        #expect(joined.contains("--share-net"))
        #expect(joined.contains("--stdin-open") && !joined.contains("--stdin "))
        let resolver = URL(fileURLWithPath: "/etc/resolv.conf").resolvingSymlinksInPath().path
        #expect(joined.contains("--ro-bind-try \(resolver):/etc/resolv.conf"), "a link is bound as what it leads to")
        #expect(joined.contains("--ro-bind-try /etc/hosts:/etc/hosts"))
    }
}
