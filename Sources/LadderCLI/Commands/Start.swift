import ArgumentParser
import Foundation
import LadderCore
import LadderModel

extension LadderCommand {
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract:
                "Start a lab: a new git repository with the starter code, the lab's README and its visible tests.",
            discussion: """
                The repository gets one commit holding the starter. Work in it, commit, then run \
                `ladder test` for the visible tests and `ladder submit` to be graded.
                """
        )

        @Argument(
            help:
                "The lab's id, as `ladder list` shows it (NAME/LAB for a subscribed catalog's lab whose id another catalog has too)."
        )
        var lab: String

        @Option(
            name: .customLong("lang"),
            help: ArgumentHelp("The language to start in (default: the lab's first).", valueName: "language"))
        var language: String?

        @Option(
            name: .customLong("dir"),
            help: ArgumentHelp("The directory to create (default: ./<lab>); must be new or empty.", valueName: "dir"))
        var directory: String?

        @OptionGroup var catalogOptions: CatalogOptions

        func run() async throws {
            let (catalog, origin, labID) = try catalogOptions.startingPoint(for: lab)
            let started = try LabStarter(catalog: catalog, origin: origin).start(
                labID: labID, language: language, directory: directory)
            let shown = Self.displayPath(started.directory)
            print(
                "Started \(Terminal.bold(started.lab.id)) \(started.lab.version) in \(started.language.id) at \(shown)")
            print(
                "  \(started.files.count) files committed as \(started.commit.id.prefix(10)) by \(started.commit.author.name) <\(started.commit.author.email)>"
            )
            print("")
            print("Next:")
            print("  cd \(shown)")
            print("  read README.md, then edit the starter")
            print("  ladder test                  # the visible tests, as often as you like")
            print("  git commit -am \"...\"         # Ladder grades what you commit")
            print("  ladder submit                # the hidden tests; the result is recorded")
        }

        static func displayPath(_ path: String) -> String {
            let cwd = FileManager.default.currentDirectoryPath
            if path.hasPrefix(cwd + "/") {
                return String(path.dropFirst(cwd.count + 1))
            }
            return path
        }
    }
}
