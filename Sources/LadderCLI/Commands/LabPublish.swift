import ArgumentParser
import Foundation
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
                With --graders, the lab is published in two halves for a course whose learners must not hold the \
                hidden tests: --catalog gets Labs/<id> only and is marked public (catalog.toml), the repository \
                learners subscribe to; --graders gets both halves, the complete catalog the grading machines use. \
                A catalog marked public never takes graders. Each repository that has an `origin` remote is pushed \
                its branch and tag (a token for https from $LADDER_GIT_TOKEN or $GITHUB_TOKEN, never printed). \
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
                "The private graders' repository (created when missing): --catalog then gets the public half only.",
                valueName: "dir"))
        var graders: String?

        @Option(
            help: ArgumentHelp(
                "With --graders: the course's server (`ladder serve`), which the public catalog names so that "
                    + "`ladder submit` sends learners' work there.", valueName: "url"))
        var courseServer: String?

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
            if courseServer != nil && graders == nil {
                throw ValidationError("--course-server goes with --graders: only a public catalog names a server")
            }
            if let courseServer, URL(string: courseServer)?.scheme.map({ ["http", "https"].contains($0) }) != true {
                throw ValidationError("--course-server must be an http:// or https:// URL, not \(courseServer)")
            }
            let locator = CatalogLocator(explicitPath: from)
            let source = from != nil ? try locator.locate() : try? locator.locate()
            let location = try LabLocation.resolve(path, catalogRoot: source)
            let scratch = try ScratchSpace.create()
            defer { scratch.remove() }
            let validator = try Validate.validator(root: source ?? location.root, scratch: scratch, runs: runs)
            let display = ValidationDisplay(live: !json)
            let publisher = LabPublisher(validator: validator)
            let token = Credentials.gitToken()
            let reports: [PublishReport]
            if let graders {
                reports = try await publisher.publish(
                    location, publicCatalog: catalog, privateCatalog: graders, courseServer: courseServer, token: token
                ) { event in display.show(event) }
            } else {
                reports = [try await publisher.publish(location, into: catalog, token: token) { display.show($0) }]
            }
            if json {
                print(try graders == nil ? Terminal.json(reports[0]) : Terminal.json(reports))
            } else {
                for report in reports {
                    switch report.status {
                    case .published: print(Terminal.green("Published ") + report.message)
                    case .unchanged: print(report.message)
                    case .invalid, .conflict: print(Terminal.red("Refused: ") + report.message)
                    }
                }
            }
            if reports.contains(where: { $0.status == .invalid || $0.status == .conflict }) {
                throw ExitCode(1)
            }
        }
    }
}
