import ArgumentParser
import Foundation
import LadderCore
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

/// Options every command that reads the catalog shares.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The directory holding Labs/ and Graders/.", valueName: "dir"))
    var catalog: String?

    func load() throws -> Catalog {
        let root = try CatalogLocator(explicitPath: catalog).locate()
        return try Catalog.load(root: root)
    }

    func environment() throws -> LadderEnvironment {
        try LadderEnvironment.load(catalogPath: catalog)
    }
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
        } catch {
            ScratchSpace.removeAll()
            // Commands that grade report by exit status (0 passed, 1 not passed); anything that stopped them from
            // grading, bad usage included, is 2: "not graded".
            let arguments = CommandLine.arguments.dropFirst()
            let grading = ["grade", "classroom", "submit", "test"].contains(arguments.first ?? "")
            if grading, !(error is ExitCode), !(error is CleanExit) {
                let code = exitCode(for: error)
                if code != .success {
                    Terminal.note(fullMessage(for: error))
                    Foundation.exit(2)
                }
            }
            exit(withError: error)
        }
    }
}
