import Foundation
// Every file of this target uses the shared helpers: prerequisites, temporary directories, built products.
@_exported import LadderTestSupport
import Testing

@testable import LadderSandbox

/// Shared helpers: a sandbox per test with its own scratch parent, temp dirs, compiling C programs, leftovers checks.
enum Box {
    static let isRoot = geteuid() == 0

    static let repositoryRoot = BuiltProducts.repositoryRoot

    static let cgroupControllers = ["memory", "pids", "cpuacct"]
}

/// One isolated run environment: a sandbox whose scratch directories go to a private parent we can inspect.
struct Harness {
    let sandbox: Sandbox
    let scratch: TemporaryDirectory

    init() throws {
        scratch = try TemporaryDirectory("scratch")
        sandbox = try Sandbox(
            launcher: BuiltProducts.launcher, profilesDirectory: BuiltProducts.profiles,
            temporaryDirectory: scratch.path)
    }

    /// Runs and then checks that nothing of the run is left: its cgroups, its scratch directory, its processes.
    func run(
        _ command: [String], _ policy: SandboxPolicy, marker: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> SandboxOutcome {
        let outcome = try await sandbox.run(command, policy: policy)
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
        #expect(leftovers.isEmpty, "scratch left behind: \(leftovers)", sourceLocation: sourceLocation)
        if let id = outcome.runID {
            for controller in Box.cgroupControllers {
                let dir = "/sys/fs/cgroup/\(controller)/ladder/\(id)"
                #expect(
                    !FileManager.default.fileExists(atPath: dir), "cgroup left behind: \(dir)",
                    sourceLocation: sourceLocation)
            }
        }
        if let marker {
            let survivors = processes(matching: marker)
            #expect(survivors.isEmpty, "processes outlived the run: \(survivors)", sourceLocation: sourceLocation)
        }
        return outcome
    }
}

/// Pids whose command line contains `marker`.
func processes(matching marker: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: data, as: UTF8.self).contains(marker)
    }
}

/// Compiles a C program with the host's cc into `dir`; returns the binary's name inside /work.
func compileC(_ source: String, name: String, in dir: TemporaryDirectory) throws -> String {
    try dir.write("\(name).c", source)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
    process.arguments = ["-O0", "-o", dir.file(name), dir.file("\(name).c")]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw SandboxError(.launchFailed, "cc failed on \(name).c")
    }
    return "./\(name)"
}

func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

func uniqueMarker(_ label: String) -> String { "ladder-hostile-\(label)-\(UUID().uuidString.prefix(8))" }
