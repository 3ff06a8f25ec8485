import ArgumentParser
import LadderCore

extension LadderCommand.LabGroup {
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract:
                "Validate a lab, then install it into a catalog: copy both halves, commit and tag <id>-v<version>.",
            discussion: """
                The destination (--catalog) is a directory holding Labs/ and Graders/, kept as a git repository: \
                it is created, with the source catalog's competency map and ladder rules, when it does not exist. \
                Publishing replaces an older version's files, commits with a message naming the lab and version, \
                and creates the annotated tag <id>-v<version>. A version that is already published with the same \
                content is left alone; with different content it is refused: bump `version` in lab.toml. \
                Exit status: 0 published or already published, 1 refused.
                """
        )

        @Argument(
            help: ArgumentHelp(
                "The lab to publish: its directory (SOURCE/Labs/<id>) or its id in --from.", valueName: "path"))
        var path: String

        @Option(help: ArgumentHelp("The destination catalog (created when missing).", valueName: "dir"))
        var catalog: String

        @Option(
            help: ArgumentHelp(
                "The source catalog to look the lab id up in (default: the lab directory's own, or the catalog Ladder finds).",
                valueName: "dir"))
        var from: String?

        @Option(help: ArgumentHelp("How many times each solution is graded during validation.", valueName: "n"))
        var runs = 3

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            let locator = CatalogLocator(explicitPath: from)
            let source = from != nil ? try locator.locate() : try? locator.locate()
            let location = try LabLocation.resolve(path, catalogRoot: source)
            let scratch = try ScratchSpace.create()
            defer { scratch.remove() }
            let validator = try Validate.validator(root: source ?? location.root, scratch: scratch, runs: runs)
            let display = ValidationDisplay(live: !json)
            let publisher = LabPublisher(validator: validator)
            let report = try await publisher.publish(location, into: catalog) { event in display.show(event) }
            if json {
                print(try Terminal.json(report))
            } else {
                switch report.status {
                case .published: print(Terminal.green("Published ") + report.message)
                case .unchanged: print(report.message)
                case .invalid, .conflict: print(Terminal.red("Refused: ") + report.message)
                }
            }
            if report.status == .invalid || report.status == .conflict {
                throw ExitCode(1)
            }
        }
    }
}
