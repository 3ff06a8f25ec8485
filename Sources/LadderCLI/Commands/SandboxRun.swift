import ArgumentParser
import Foundation
import LadderCore
import LadderModel
import LadderSandbox

extension LadderCommand {
    struct SandboxRun: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a command under a sandbox policy and report how it ended.",
            discussion: """
                The command runs in its own user, PID, mount, network, IPC and UTS namespaces with a read-only view \
                of the system, a private /tmp and no network but its own loopback. Limits not given come from the \
                profile. Example: ladder sandbox run --profile python --wall 2s --memory 128M -- python3 -c 'print(1)'
                """
        )

        @Option(help: "The sandbox profile (see Sandbox/profiles).")
        var profile: String = "default"
        @Option(help: ArgumentHelp("Wall-clock limit, e.g. 5s, 250ms.", valueName: "time"))
        var wall: String?
        @Option(help: ArgumentHelp("CPU-time limit of the whole process tree.", valueName: "time"))
        var cpu: String?
        @Option(help: ArgumentHelp("Memory limit of the whole process tree, e.g. 256M, 1G.", valueName: "size"))
        var memory: String?
        @Option(help: ArgumentHelp("How many processes may exist at once.", valueName: "count"))
        var pids: String?
        @Option(help: ArgumentHelp("Bytes kept per output stream, e.g. 1M.", valueName: "size"))
        var output: String?
        @Option(help: ArgumentHelp("A directory mounted writable at /work (the working directory).", valueName: "dir"))
        var workdir: String?
        @Flag(help: "Print the outcome as JSON (the program's output is included in it).")
        var json = false
        @OptionGroup var catalogOptions: CatalogOptions

        @Argument(parsing: .postTerminator, help: "The command and its arguments, after `--`.")
        var command: [String] = []

        func validate() throws {
            if command.isEmpty {
                throw ValidationError(
                    "give the command to run after `--`, e.g. `ladder sandbox run -- /bin/echo hello`")
            }
        }

        func run() async throws {
            try await request.run()
        }

        /// What the command line asks for.
        var request: SandboxRunRequest {
            SandboxRunRequest(
                profile: profile, wall: wall, cpu: cpu, memory: memory, pids: pids, output: output, workdir: workdir,
                json: json, catalog: catalogOptions.catalog, command: command)
        }

        static func summary(_ outcome: SandboxOutcome) -> String {
            if let error = outcome.setupError {
                return Terminal.red("not run: ") + error
            }
            var parts: [String] = []
            if let code = outcome.exitCode { parts.append("exit \(code)") }
            if let signal = outcome.signal { parts.append("killed by signal \(signal)") }
            if let limit = outcome.limitHit { parts.append(Terminal.red("\(limit.rawValue) limit hit")) }
            parts.append("wall \(Units.milliseconds(outcome.wallTime)) ms")
            if let cpu = outcome.cpuTime { parts.append("cpu \(Units.milliseconds(cpu)) ms") }
            if let peak = outcome.peakMemoryBytes { parts.append("peak memory \(Units.formatBytes(peak))") }
            parts.append("stdout \(outcome.stdoutBytes) B" + (outcome.stdoutTruncated ? " (truncated)" : ""))
            parts.append("stderr \(outcome.stderrBytes) B" + (outcome.stderrTruncated ? " (truncated)" : ""))
            parts.append("limits by \(outcome.enforcement.rawValue)")
            // Joined by hand: a first `joined(separator:)` costs the command a scan of the binary's conformance records.
            var text = parts.first ?? ""
            for part in parts.dropFirst() { text += ", " + part }
            for warning in outcome.warnings { text += "\n" + Terminal.yellow("warning: ") + warning }
            return text
        }
    }
}

/// One `ladder sandbox run`, as its options give it: what ``LadderCommand/SandboxRun`` parses with ArgumentParser and
/// ``LadderCommand/SandboxRun/parseQuickly(_:)`` without it.
struct SandboxRunRequest: Equatable {
    var profile = "default"
    var wall: String?
    var cpu: String?
    var memory: String?
    var pids: String?
    var output: String?
    var workdir: String?
    var json = false
    var catalog: String?
    var command: [String] = []

    func run() async throws {
        var limits = SandboxLimits()
        do {
            limits.wallTime = try wall.map { try SandboxQuantity.parseDuration($0, field: "--wall") }
            limits.cpuTime = try cpu.map { try SandboxQuantity.parseDuration($0, field: "--cpu") }
            limits.memoryBytes = try memory.map { try SandboxQuantity.parseBytes($0, field: "--memory") }
            limits.processes = try pids.map { try SandboxQuantity.parseCount($0, field: "--pids") }
            limits.outputBytes = try output.map { try SandboxQuantity.parseBytes($0, field: "--output") }
        } catch {
            throw ValidationError("\(error)")
        }
        if let workdir {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workdir, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw ValidationError("--workdir \(workdir): not a directory")
            }
        }
        let locator = CatalogLocator(explicitPath: catalog)
        let sandbox = try locator.sandbox(catalogRoot: try? locator.locate())
        _ = try sandbox.profile(named: profile)
        let policy = SandboxPolicy(
            profile: profile, limits: limits,
            workdir: workdir.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        if json {
            let outcome = try await sandbox.run(command, policy: policy, output: .capture)
            var object =
                (try JSONSerialization.jsonObject(with: JSONEncoder().encode(outcome)) as? [String: Any]) ?? [:]
            object["stdout"] = String(decoding: outcome.stdout, as: UTF8.self)
            object["stderr"] = String(decoding: outcome.stderr, as: UTF8.self)
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            throw ExitCode(outcome.setupError == nil ? 0 : 2)
        }
        Terminal.note(Terminal.dim("── program output (\(profile) profile) ──"))
        let outcome = try await sandbox.run(command, policy: policy, output: .inherit)
        Terminal.note(Terminal.dim("── end of program output ──"))
        Terminal.note(LadderCommand.SandboxRun.summary(outcome))
        if outcome.setupError != nil { throw ExitCode(2) }
        throw ExitCode(outcome.succeeded ? 0 : 1)
    }
}

extension LadderCommand.SandboxRun {
    /// The options `parseQuickly` reads; `--json` is the one flag.
    static let quickOptions: Set = [
        "--profile", "--wall", "--cpu", "--memory", "--pids", "--output", "--workdir", "--catalog",
    ]

    /// `ladder sandbox run [options] -- command...` read without ArgumentParser (``QuickCommandLine``), or nil for any
    /// other command line.
    static func parseQuickly(_ arguments: [String]) -> SandboxRunRequest? {
        guard
            let line = QuickCommandLine(
                arguments, words: ["sandbox", "run"], options: quickOptions, flags: ["--json"], rest: true)
        else { return nil }
        return SandboxRunRequest(
            profile: line.values["--profile"] ?? "default", wall: line.values["--wall"], cpu: line.values["--cpu"],
            memory: line.values["--memory"], pids: line.values["--pids"], output: line.values["--output"],
            workdir: line.values["--workdir"], json: line.flags.contains("--json"), catalog: line.values["--catalog"],
            command: line.rest)
    }
}
