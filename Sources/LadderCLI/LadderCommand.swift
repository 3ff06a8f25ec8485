import ArgumentParser
import Foundation
import LadderCore
import LadderGrading
import LadderModel

/// The root `ladder` command.
public struct LadderCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Hands-on backend labs, graded in a sandbox, recorded against a career ladder.",
        discussion: """
            A learner starts a lab, commits a solution and submits it; Ladder grades it in a sandbox against \
            hidden tests and records the result against the ladder: Junior Backend Developer, Backend \
            Developer, Senior Backend Developer, Backend Architect.
            """,
        version: ladderVersion,
        subcommands: [
            List.self, Show.self, Start.self, Test.self, Submit.self, Progress.self, History.self,
            LabGroup.self, CatalogCommand.self, Grade.self, Classroom.self, Verify.self, Keys.self, Doctor.self, SandboxGroup.self,
        ]
    )

    public init() {}
}

/// A command whose exit status is its verdict: 0 passed, 1 not passed, and 2 ("not graded") when anything kept it
/// from grading, bad usage included, so a CI job tells a learner's failure from a broken run. Conforming is what
/// makes a command follow this policy.
protocol GradingCommand {}

enum GradingExit {
    static let notGraded: Int32 = 2
}

extension LadderCommand {
    /// The command the arguments name, followed down the subcommands as far as they match; for errors thrown while
    /// parsing, before any command exists.
    static func commandType(for arguments: [String]) -> ParsableCommand.Type {
        var current: ParsableCommand.Type = LadderCommand.self
        for word in arguments where !word.hasPrefix("-") {
            guard let next = current.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
            current = next
        }
        return current
    }
}

/// Options every command that reads the catalog shares.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The directory holding Labs/ and Graders/.", valueName: "dir"))
    var catalog: String?

    func load() throws -> Catalog {
        let root = try CatalogLocator(explicitPath: catalog).locate()
        return try Catalog.load(root: root)
    }

    /// The catalog, sandbox and scratch space; `boxes` limits how many sandboxed runs its grading starts at once.
    func environment(boxes: GradingBudget = GradingBudget()) throws -> LadderEnvironment {
        try LadderEnvironment.load(catalogPath: catalog, boxes: boxes)
    }
}

/// `--jobs`, shared by every command that grades: how many sandboxed runs go at once, across the tests of a grade
/// (and the repositories, labs or runs the command grades), never more.
struct JobsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How many sandboxed runs go at once, tests of one grade side by side (default: the machine's cores).", valueName: "n"))
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 || jobs > 64 { throw ValidationError("--jobs must be between 1 and 64") }
    }

    /// A budget of `jobs` boxes, to share among everything the command grades.
    var boxes: GradingBudget { GradingBudget(slots: jobs) }
}

extension LadderCommand {
    /// Parses the process's arguments and runs the chosen command, asynchronously.
    ///
    /// Spelled out because from top-level code the synchronous `main()` of `ParsableCommand` wins overload
    /// resolution on Linux and refuses to run async subcommands.
    public static func runMain() async {
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            ScratchSpace.removeAll()
        } catch let interrupted as Interrupted {
            // The work has stopped and its attempt is recorded: only now is the scratch space removed.
            ScratchSpace.removeAll()
            Terminal.note("\nInterrupted (\(interrupted)); an attempt in progress is recorded as interrupted.")
            Foundation.exit(interrupted.exitCode)
        } catch {
            ScratchSpace.removeAll()
            if !(error is ExitCode), !(error is CleanExit), commandType(for: Array(CommandLine.arguments.dropFirst())) is GradingCommand.Type,
               exitCode(for: error) != .success {
                Terminal.note(fullMessage(for: error))
                Foundation.exit(GradingExit.notGraded)
            }
            exit(withError: error)
        }
    }
}

/// Delivers SIGINT, SIGTERM and SIGHUP to an ``Interruption`` as stop requests.
///
/// A handler writes the signal's number into a pipe (`write` is async-signal-safe) and a thread of its own reads it
/// and asks the work to stop; what a stop does is ``Interruption``'s. Installed by the commands that grade before
/// they touch anything, so a signal at any moment either kills the process before it has done anything (the default
/// action) or reaches the work. A second signal means the person will not wait: the process exits at once.
enum StopSignals {
    static let handled = [SIGINT, SIGTERM, SIGHUP]

    static func install(for interruption: Interruption) {
        var descriptors: [Int32] = [-1, -1]
        // Without a pipe the default actions stay: a signal ends the process, and the store reaps its attempt.
        guard pipe(&descriptors) == 0 else { return }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let readEnd = descriptors[0]
        stopSignalPipe = descriptors[1]
        let reader = Thread {
            while true {
                var number: UInt8 = 0
                let count = read(readEnd, &number, 1)
                if count < 0, errno == EINTR { continue }
                guard count == 1 else { return }
                let signal = Int32(number)
                if !interruption.request(signal: signal) {
                    Terminal.note("\nA second signal: stopping at once; an attempt in progress is marked interrupted when the store is next opened.")
                    _exit(128 + signal)
                }
            }
        }
        reader.start()
        for number in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(stopSignalPipe, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }
}

/// The write end of ``StopSignals``' pipe, for the signal handler: a plain global (statically initialized, so reading
/// it is async-signal-safe), set before any handler is installed.
nonisolated(unsafe) private var stopSignalPipe: Int32 = -1
