import Foundation
import LadderSandbox
import Testing

@testable import LadderCore

/// `ladder doctor`'s account of the files in use and of limits under the rlimit fallback.
@Suite struct DoctorTests {
    @Test func theStoreSaysWhichOptionOrVariableChoseIt() throws {
        #expect(
            try Doctor.storeLocation("/x/grades.sqlite", environment: ["LADDER_STORE": "/y.sqlite"])
                == LocatedPath("/x/grades.sqlite", .flag, "--store"))
        #expect(
            try Doctor.storeLocation(nil, environment: ["LADDER_STORE": "/y.sqlite", "HOME": "/home/ada"])
                == LocatedPath("/y.sqlite", .environment, "$LADDER_STORE"))
        #expect(
            try Doctor.storeLocation(nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/ada"])
                == LocatedPath("/data/ladder/ladder.sqlite", .environment, "$XDG_DATA_HOME"))
        #expect(
            try Doctor.storeLocation(nil, environment: ["HOME": "/home/ada"])
                == LocatedPath(
                    "/home/ada/.local/share/ladder/ladder.sqlite", .userDefault, "your data directory, ~/.local/share"))
        // A PostgreSQL database is shown by its URL, without the password.
        #expect(
            try Doctor.storeLocation("postgres://grader:pw@db.example/ladder", environment: [:])
                == LocatedPath("postgres://grader:***@db.example/ladder", .flag, "--store"))
        #expect(
            try Doctor.storeLocation(nil, environment: ["LADDER_STORE": "postgresql://db.example/ladder"])
                == LocatedPath("postgresql://db.example/ladder", .environment, "$LADDER_STORE"))
    }

    @Test func scratchIsTMPDIRWhenSet() {
        #expect(
            Doctor.scratchLocation(environment: ["TMPDIR": "/work/tmp"])
                == LocatedPath("/work/tmp", .environment, "$TMPDIR"))
        let unset = Doctor.scratchLocation(environment: [:])
        #expect(unset.origin == .userDefault)
        #expect(unset.path == ScratchSpace.defaultParent(environment: [:]))
    }

    @Test func everyFileIsListedWithItsOriginAndAMissingOneFails() throws {
        let prefix = try CatalogLocatorTests.installation()
        let locator = CatalogLocator(environment: [:], executablePath: prefix.file("bin/ladder"))
        let files = Doctor.locateFiles(locator, storePath: "/tmp/doctor.sqlite", environment: ["TMPDIR": "/tmp"])
        let check = Doctor.filesCheck(files)
        #expect(check.status == .ok, "\(check)")
        #expect(
            check.details == [
                "launcher \(prefix.file("bin/ladder-sandbox"))  (beside the executable)",
                "profiles \(prefix.file("share/ladder/Sandbox/profiles"))  (the installation's share directory)",
                "catalog  \(prefix.file("share/ladder"))  (the installation's share directory)",
                "store    /tmp/doctor.sqlite  (--store)",
                "scratch  /tmp  ($TMPDIR)",
            ])

        try FileManager.default.removeItem(atPath: prefix.file("bin/ladder-sandbox"))
        let missing = Doctor.filesCheck(Doctor.locateFiles(locator, storePath: nil, environment: ["HOME": "/home/ada"]))
        #expect(missing.status == .failed)
        #expect(
            missing.details.first?.hasPrefix(
                "launcher the sandbox launcher is missing: no executable \(prefix.file("bin/ladder-sandbox"))") == true,
            "\(missing.details)")
    }

    /// What the launcher's probe reports for a learner who is not root and may make no cgroup.
    static func capabilities(root: Bool, cgroup: String?) throws -> SandboxCapabilities {
        let json: [String: Any] = [
            "launcherPath": "/usr/local/bin/ladder-sandbox",
            "profilesDirectory": "/usr/local/share/ladder/Sandbox/profiles",
            "profiles": ["default"], "runningAsRoot": root, "userNamespaces": true, "cgroupVersion": cgroup ?? NSNull(),
            "cgroupControllers": [String](), "cgroupUsable": false,
            "cgroupProblem": "cannot create /sys/fs/cgroup/memory/ladder: Permission denied", "enforcement": "rlimit",
            "namespaces": ["user", "pid"], "userMode": "user namespace", "fallbacks": [String](),
        ]
        return try JSONDecoder().decode(SandboxCapabilities.self, from: JSONSerialization.data(withJSONObject: json))
    }

    @Test func rlimitsAreSaidToBePerProcessWithTheWayToPerTreeLimitsForThisMachine() throws {
        let v1 = Doctor.rootlessLimits(try Self.capabilities(root: false, cgroup: "v1"), ownCgroup: nil)
        #expect(
            v1.first?.hasPrefix(
                "limits are per process: memory is RLIMIT_DATA of each process (the memory it allocates; a program stopped by it is reported as memory-limit)"
            ) == true)
        #expect(v1.last?.contains("cgroup v1 lets only root make the run cgroups") == true, "\(v1)")

        let v2 = Doctor.rootlessLimits(try Self.capabilities(root: false, cgroup: "v2"), ownCgroup: nil)
        #expect(v2.last?.contains("systemd-run --user --scope -p Delegate=yes ladder submit") == true, "\(v2)")

        let delegated = Doctor.rootlessLimits(
            try Self.capabilities(root: false, cgroup: "v2"), ownCgroup: "/sys/fs/cgroup/user.slice/x.scope")
        #expect(
            delegated.last?.contains(
                "you are in a delegated cgroup (/sys/fs/cgroup/user.slice/x.scope) but the launcher did not put the run in it"
            ) == true,
            "\(delegated)")
    }
}
