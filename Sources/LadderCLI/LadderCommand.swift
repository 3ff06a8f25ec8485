import ArgumentParser
import Foundation
import LadderCore

/// The root `ladder` command.
///
/// Every command names itself (`commandName`): without it, ArgumentParser derives each name from the type's name with
/// `String(describing:)`, whose dynamic casts scan every protocol conformance in the executable, for every command
/// of the tree, at every start: about a third of the start-up of the release build (issue 15).
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
            LabGroup.self, CatalogCommand.self, Grade.self, Classroom.self, Worker.self, Serve.self, Verify.self,
            Keys.self,
            Doctor.self, SandboxGroup.self,
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

/// Reports a failure found while running (not a usage error) and exits 2; a `ValidationError` thrown from `run()`
/// would exit 64 and print the root command's usage, which says nothing about what went wrong.
func commandFailure(_ command: String, _ message: String) -> ExitCode {
    Terminal.note("ladder \(command): \(message)")
    return ExitCode(2)
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

extension LadderCommand {
    /// Parses the process's arguments and runs the chosen command, asynchronously.
    ///
    /// Spelled out because from top-level code the synchronous `main()` of `ParsableCommand` wins overload
    /// resolution on Linux and refuses to run async subcommands.
    public static func runMain() async {
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if let quick = SandboxRun.parseQuickly(arguments) {
                try await quick.run()
            } else if let quick = Submit.parseQuickly(arguments) {
                try await quick.run()
            } else {
                var command = try await asyncParseAsRoot(arguments)
                if var asyncCommand = command as? AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            }
            ScratchSpace.removeAll()
        } catch let code as ExitCode {
            // The status a command chose. ArgumentParser's exit(withError:) would first build the help of the whole
            // command tree, which it does not print: a tenth of a quick command's time.
            ScratchSpace.removeAll()
            Foundation.exit(code.rawValue)
        } catch let interrupted as Interrupted {
            // The work has stopped and its attempt is recorded: only now is the scratch space removed.
            ScratchSpace.removeAll()
            Terminal.note("\nInterrupted (\(interrupted)); an attempt in progress is recorded as interrupted.")
            Foundation.exit(interrupted.exitCode)
        } catch {
            ScratchSpace.removeAll()
            if !(error is ExitCode), !(error is CleanExit),
                commandType(for: Array(CommandLine.arguments.dropFirst())) is GradingCommand.Type,
                exitCode(for: error) != .success
            {
                Terminal.note(fullMessage(for: error))
                Foundation.exit(GradingExit.notGraded)
            }
            exit(withError: error)
        }
    }
}
