import ArgumentParser
import Foundation
import LadderCore
import LadderModel

extension LadderCommand.LabGroup {
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract:
                "Scaffold a new lab, both halves, with a small working example that passes `ladder lab validate`.",
            discussion: """
                Writes Labs/ID/ (lab.toml, README.md, starter/LANG/, tests/) and Graders/ID/ (grader.toml, fixtures, \
                reference/LANG/, wrong/<example>/LANG/). Every TOML field is explained by a comment. Replace the \
                example with your lab, keeping `ladder lab validate ID` green as you go.
                Kinds: io (a program reading stdin), http (a service on $PORT), sql (queries against SQLite), \
                script (a grader program of your own that imports the learner's code and reports TAP), git (checks \
                of the learner's commits, read with libgit2; reference and wrong solutions are histories).
                """
        )

        @Argument(help: ArgumentHelp("The new lab's id, lowercase kebab case (e.g. rate-limiter).", valueName: "id"))
        var id: String

        @Option(
            help: ArgumentHelp(
                "The competency area, a key of Labs/competencies.toml (e.g. databases).", valueName: "area"))
        var area: String

        @Option(help: ArgumentHelp("The lab's rung: junior, backend, senior or architect.", valueName: "rung"))
        var level: String

        @Option(help: ArgumentHelp("The grader kind: \(LabScaffold.kindsHelp).", valueName: "kind"))
        var kind: String

        @Option(
            help: ArgumentHelp(
                "The language of the starter and reference (default: python; sql for --kind sql).", valueName: "lang"))
        var lang: String?

        @Option(
            help: ArgumentHelp(
                "The catalog to write into, a directory holding Labs/ (default: the catalog, see --catalog).",
                valueName: "root"))
        var dir: String?

        @OptionGroup var catalogOptions: CatalogOptions

        func run() async throws {
            let root: String
            if let dir {
                root = URL(fileURLWithPath: dir).standardizedFileURL.path
            } else {
                root = try CatalogLocator(explicitPath: catalogOptions.catalog).locate()
            }
            var mapPath = root + "/Labs/" + CompetencyMap.fileName
            if !FileManager.default.fileExists(atPath: mapPath) {
                mapPath =
                    try CatalogLocator(explicitPath: catalogOptions.catalog).locate() + "/Labs/"
                    + CompetencyMap.fileName
            }
            let map = try CompetencyMap.load(path: mapPath)
            let request = try LabScaffold.Request(
                id: id, area: area, level: level, kind: kind, language: lang, competencies: map)
            let scaffold = try LabScaffold.write(request, root: root)
            print("Created \(request.id) (\(request.kind.rawValue), \(request.language)) in \(root):")
            for file in scaffold.files {
                print("  " + file)
            }
            print("")
            print("Next:")
            print(
                "  edit Labs/\(request.id)/lab.toml, README.md and Graders/\(request.id)/grader.toml (the comments say what each field does)"
            )
            print("  ladder lab validate \(root)/Labs/\(request.id)    # keep it green as you replace the example")
        }
    }
}
