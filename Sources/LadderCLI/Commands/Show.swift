import ArgumentParser
import Foundation
import LadderCore
import LadderModel

extension LadderCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a lab asks, what it is worth and what it counts towards."
        )

        @Argument(help: "The lab's id, as `ladder list` shows it.")
        var lab: String

        @Flag(help: "Print the lab as JSON.")
        var json = false

        @OptionGroup var catalogOptions: CatalogOptions

        func run() async throws {
            let catalog = try catalogOptions.load()
            let lab = try catalog.requireLab(lab)
            if json {
                print(try Terminal.json(LabSummary(lab)))
                return
            }
            print(Terminal.bold("\(lab.title)") + "  \(lab.id) \(lab.version)")
            print(lab.summary)
            print("")
            print("Rung:          \(lab.rung.title)")
            print("Competencies:")
            for key in lab.competencies {
                if let (area, skill) = catalog.competencies.skill(key) {
                    print("  \(area.title) — \(skill.title)" + Terminal.dim("  [\(key)]"))
                }
            }
            print("Languages:     " + lab.languages.map { "\($0.id) (\($0.run.joined(separator: " ")))" }.joined(separator: ", "))
            print("Stages:")
            for (index, stage) in lab.stages.enumerated() {
                print("  \(index + 1). \(stage.title)  " + Terminal.dim("\(stage.points) points"))
                if let summary = stage.summary {
                    print("     \(summary)")
                }
            }
            print("To pass:       \(Lab.passRule) (at least \(lab.passMark) of \(lab.totalPoints) points)")
            let limits = lab.limits.tomlLines
            if !limits.isEmpty {
                print("Limits:        " + limits.joined(separator: ", "))
            }
            print("")
            print(Terminal.dim("Start it with `ladder start \(lab.id)`" + (lab.languages.count > 1 ? " [--lang \(lab.languages.map(\.id).joined(separator: "|"))]" : "") + "."))
        }
    }
}
