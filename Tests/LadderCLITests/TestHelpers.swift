import Foundation
// Every file of this target uses the shared helpers: prerequisites, temporary directories, built products.
@_exported import LadderTestSupport
import Testing

/// What one run of a command printed and how it ended.
struct CommandResult: CustomStringConvertible, Sendable {
    let command: [String]
    let stdoutData: Data
    let stderrData: Data
    /// The exit status, or 128 + the signal for a process killed by one.
    let exitCode: Int32
    let killedBySignal: Bool

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    var output: String { stdout + stderr }

    /// Non-empty lines of standard error.
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }

    var description: String {
        let shown = command.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        return "$ \(shown)\nexit \(exitCode)\n--- stdout\n\(stdout.prefix(6000))\n--- stderr\n\(stderr.prefix(6000))"
    }

    /// Standard output parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: stdoutData, options: [.fragmentsAllowed])
    }
}

/// Where the built products live: the `ladder` and `ladder-sandbox` executables sit beside the test bundle.
enum Products {
    /// The package's root directory (holding `Package.swift`, `Labs/`, `Graders/`).
    static let packageRoot = URL(fileURLWithPath: BuiltProducts.repositoryRoot)

    /// The `ladder` executable of this build.
    static let ladder = BuiltProducts.ladder

    static var python: String {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
    }
}

/// A machine of its own for one test: a home, a git identity, a results store, and no inherited configuration.
///
/// Like swift-argument-parser's `AssertExecuteCommand`, but running the real `ladder` binary as a subprocess; git is
/// isolated from the machine's configuration as SwiftPM's `GitRepositoryTests` do it.
final class LearnerMachine: Sendable {
    let root: TemporaryDirectory
    let home: String
    let store: String
    let gitConfig: String
    /// `TMPDIR` for the commands: what the product leaves in it goes away with the machine.
    var temporary: String { root.path + "/tmp" }
    let learnerName = "Test Learner"
    let learnerEmail = "learner@example.test"

    init() throws {
        root = try TemporaryDirectory("cli")
        home = root.path + "/home"
        store = root.path + "/store/ladder.sqlite"
        gitConfig = home + "/.gitconfig"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let config = """
            [user]
            \tname = \(learnerName)
            \temail = \(learnerEmail)
            [init]
            \tdefaultBranch = main
            [commit]
            \tgpgsign = false
            [advice]
            \tdetachedHead = false

            """
        try config.write(toFile: gitConfig, atomically: true, encoding: .utf8)
    }

    /// A path inside this machine's temporary root.
    func path(_ relative: String) -> String { root.path + "/" + relative }

    /// The environment every command runs with: nothing from the machine running the tests but `PATH`.
    var environment: [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "GIT_CONFIG_GLOBAL": gitConfig,
            "GIT_CONFIG_SYSTEM": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
            "XDG_CONFIG_HOME": home + "/.config",
            "XDG_DATA_HOME": home + "/.local/share",
            "LADDER_STORE": store,
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
            "TMPDIR": temporary,
        ]
    }

    /// Runs `ladder` with `arguments` in `directory` and waits for it.
    func ladder(
        _ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:],
        timeout: Duration = .seconds(90)
    ) async throws -> CommandResult {
        try await run([Products.ladder] + arguments, in: directory, environment: extra, timeout: timeout)
    }

    func ladder(_ arguments: String..., in directory: String? = nil) async throws -> CommandResult {
        try await ladder(arguments, in: directory)
    }

    /// Runs the `git` CLI (to check what the product made), failing the test when it fails.
    @discardableResult
    func git(_ arguments: String..., in directory: String, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> String
    {
        let result = try await run(["/usr/bin/env", "git"] + arguments, in: directory)
        #expect(result.exitCode == 0, "\(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Starts a command without waiting for it.
    func launch(_ command: [String], in directory: String? = nil, environment extra: [String: String] = [:]) throws
        -> RunningCommand
    {
        try RunningCommand(
            command, in: directory ?? root.path, environment: environment.merging(extra) { $1 }, scratch: root.path)
    }

    func run(
        _ command: [String], in directory: String? = nil, environment extra: [String: String] = [:],
        timeout: Duration = .seconds(90)
    ) async throws -> CommandResult {
        let running = try launch(command, in: directory, environment: extra)
        return try await running.wait(timeout: timeout)
    }
}

/// A started subprocess. Its output goes to files, so a chatty process never blocks on a full pipe.
final class RunningCommand: @unchecked Sendable {
    let command: [String]
    let process = Process()
    private let stdoutPath: String
    private let stderrPath: String
    private let exited: AsyncStream<Void>

    init(_ command: [String], in directory: String, environment: [String: String], scratch: String) throws {
        self.command = command
        let id = UUID().uuidString
        stdoutPath = scratch + "/.out-\(id)"
        stderrPath = scratch + "/.err-\(id)"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let stdoutHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        let stderrHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
        }
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        exited = stream
        process.terminationHandler = { _ in
            continuation.yield()
            continuation.finish()
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// What the process wrote to stdout so far (it keeps running).
    var stdoutSoFar: String {
        String(decoding: FileManager.default.contents(atPath: stdoutPath) ?? Data(), as: UTF8.self)
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process; kills it (and fails) when it outlives `timeout`.
    func wait(timeout: Duration = .seconds(90)) async throws -> CommandResult {
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            kill(pid, SIGKILL)
        }
        for await _ in exited {}
        watchdog.cancel()
        let stdout = FileManager.default.contents(atPath: stdoutPath) ?? Data()
        let stderr = FileManager.default.contents(atPath: stderrPath) ?? Data()
        try? FileManager.default.removeItem(atPath: stdoutPath)
        try? FileManager.default.removeItem(atPath: stderrPath)
        let bySignal = process.terminationReason == .uncaughtSignal
        let result = CommandResult(
            command: command, stdoutData: stdout, stderrData: stderr,
            exitCode: bySignal ? 128 + process.terminationStatus : process.terminationStatus, killedBySignal: bySignal)
        if await watchdog.result.isSuccess {
            Issue.record("timed out after \(timeout) and was killed:\n\(result)")
        }
        return result
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}

/// Writes files (creating their directories) from a path → contents table.
func writeFiles(_ files: [String: String], under directory: String) throws {
    for (relative, contents) in files {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: false, encoding: .utf8)
    }
}

/// Every regular file under `directory`, as paths relative to it, sorted; `.git` is skipped.
func filesUnder(_ directory: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
    var files: [String] = []
    while let path = enumerator.nextObject() as? String {
        if path == ".git" {
            enumerator.skipDescendants()
            continue
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory),
            !isDirectory.boolValue
        {
            files.append(path)
        }
    }
    return files.sorted()
}

/// Waits until `condition` holds, checking every `interval`; false when `timeout` passed first.
func eventually(
    timeout: Duration = .seconds(20), interval: Duration = .milliseconds(100), _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}

/// JSON helpers for `--json` outputs, which the tests read as plain dictionaries.
extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    func array(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
}
