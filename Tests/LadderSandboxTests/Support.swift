import Foundation
import Testing
@testable import LadderSandbox

/// Shared helpers: a sandbox per test with its own scratch parent, temp dirs, compiling C programs, leftovers checks.
enum Box {
    /// Root, or unprivileged user namespaces: the only ways the launcher agrees to run anything.
    static let canIsolate: Bool = {
        if geteuid() == 0 { return true }
        let max = (try? String(contentsOfFile: "/proc/sys/user/max_user_namespaces", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        return max > 0
    }()

    static let isRoot = geteuid() == 0

    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let cgroupControllers = ["memory", "pids", "cpuacct"]
}

/// A directory removed when the test is done with it.
final class TempDir: @unchecked Sendable {
    let path: String

    init(_ label: String = "test") throws {
        var template = Array("/tmp/ladder-sbx-\(label)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SandboxError(.launchFailed, "mkdtemp failed") }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: file(name), atomically: false, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// One isolated run environment: a sandbox whose scratch directories go to a private parent we can inspect.
struct Harness {
    let sandbox: Sandbox
    let scratch: TempDir

    init() throws {
        scratch = try TempDir("scratch")
        sandbox = try Sandbox(temporaryDirectory: scratch.path)
    }

    /// Runs and then checks that nothing of the run is left: its cgroups, its scratch directory, its processes.
    func run(_ command: [String], _ policy: SandboxPolicy, marker: String? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) async throws -> SandboxOutcome {
        let outcome = try await sandbox.run(command, policy: policy)
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
        #expect(leftovers.isEmpty, "scratch left behind: \(leftovers)", sourceLocation: sourceLocation)
        if let id = outcome.runID {
            for controller in Box.cgroupControllers {
                let dir = "/sys/fs/cgroup/\(controller)/ladder/\(id)"
                #expect(!FileManager.default.fileExists(atPath: dir), "cgroup left behind: \(dir)",
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
func compileC(_ source: String, name: String, in dir: TempDir) throws -> String {
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
