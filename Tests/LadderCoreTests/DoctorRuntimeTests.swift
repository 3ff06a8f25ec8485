import Foundation
import LadderModel
import LadderSandbox
import Testing

@testable import LadderCore

/// `ladder doctor`'s runtimes: each profile's version and hello program, run for real in the sandbox.
@Suite struct DoctorRuntimeTests {
    @Test(.requires(.sandbox))
    func everyRuntimeTheCatalogUsesOrThisMachineHasWorksInTheBox() async throws {
        let catalog = try Catalog.load(root: CoreBox.repositoryRoot)
        let statuses = await Doctor.runtimes(
            sandbox: try CoreBox.sandbox(), catalog: catalog, scratchParent: NSTemporaryDirectory())
        let profiles = Set(statuses.map(\.profile))
        #expect(
            profiles.isSuperset(of: ["python", "node", "jvm", "go", "ruby", "php", "rust", "c"]), "\(profiles.sorted())"
        )
        for status in statuses where status.state != .unavailable {
            if status.usedBy.isEmpty && status.state == .notInstalled { continue }
            #expect(status.state == .works, "\(status.name): \(status.detail)")
        }
        let python = try #require(statuses.first { $0.profile == "python" })
        #expect(python.usedBy.contains("log-stats"))
        #expect(python.detail.hasPrefix("Python 3."), "\(python.detail)")
        #expect(python.detail.contains("hello ran in the box"), "\(python.detail)")
        let csharp = try #require(statuses.first { $0.profile == "csharp" })
        #expect(csharp.state == .unavailable)
        #expect(Doctor.runtimesCheck(statuses).status == .ok)
    }

    @Test(.requires(.sandbox))
    func aHelloProgramThatFailsInTheBoxIsBrokenAndSaysWhichStep() async throws {
        let profiles = try TemporaryDirectory("profiles")
        for name in ["default", "python"] {
            try FileManager.default.copyItem(
                atPath: CoreBox.profiles + "/\(name).json", toPath: profiles.file("\(name).json"))
        }
        let sandbox = try Sandbox(launcher: CoreBox.launcher, profilesDirectory: profiles.path)
        let wrongOutput = SandboxRuntime(
            name: "Python", version: ["python3", "--version"],
            hello: .init(files: ["main.py": "print('something else')\n"], run: ["python3", "main.py"], expect: "hello"))
        let judged = await Doctor.probe(
            wrongOutput, profile: "python", usedBy: ["log-stats"], sandbox: sandbox,
            scratchParent: NSTemporaryDirectory())
        #expect(judged.state == .broken)
        #expect(judged.detail.contains("failed to run in the box (`python3 main.py`, exit 0)"), "\(judged.detail)")

        let failingBuild = SandboxRuntime(
            name: "Python", version: ["python3", "--version"],
            hello: .init(
                files: ["pkg/main.py": "print('hello')\n"],
                build: ["python3", "-c", "import sys; sys.exit('no compiler here')"],
                run: ["python3", "pkg/main.py"], expect: "hello"))
        let build = await Doctor.probe(
            failingBuild, profile: "python", usedBy: [], sandbox: sandbox, scratchParent: NSTemporaryDirectory())
        #expect(build.state == .broken)
        #expect(
            build.detail.contains("failed to build") && build.detail.contains("no compiler here"), "\(build.detail)")

        let check = Doctor.runtimesCheck([judged, build])
        #expect(check.status == .failed, "a runtime a lab uses is broken")
        #expect(check.summary == "not working, and used by labs: Python (broken)")
    }

    @Test(.requires(.sandbox))
    func aRuntimeNotOnThisMachineSaysWhichPackageInstallsIt() async throws {
        let missing = SandboxRuntime(
            name: "Nothing", packages: ["nothing-lang"], version: ["ladder-no-such-runtime", "--version"])
        let status = await Doctor.probe(
            missing, profile: "default", usedBy: [], sandbox: try CoreBox.sandbox(),
            scratchParent: NSTemporaryDirectory())
        #expect(status.state == .notInstalled)
        #expect(status.detail == "ladder-no-such-runtime is not installed (apt-get install nothing-lang)")
        #expect(Doctor.runtimesCheck([status]).status == .ok, "no lab uses it")
        #expect(
            Doctor.runtimesCheck([
                RuntimeStatus(profile: "x", name: "X", state: .notInstalled, detail: "", usedBy: ["lab"])
            ]).status == .failed)
    }

    @Test func javaRunsUnderTheJVMProfileUnlessTheManifestSaysOtherwise() {
        #expect(LabLanguage(id: "java", run: ["java", "Main"]).profile == "jvm")
        #expect(LabLanguage(id: "go", run: ["./main"]).profile == "go")
        #expect(LabLanguage(id: "java", profile: "custom", run: ["java", "Main"]).profile == "custom")
    }
}
