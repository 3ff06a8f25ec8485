import ArgumentParser
import Foundation
import LadderCore
import LadderModel

extension LadderCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the catalog's labs, grouped by competency area and rung."
        )

        @Option(
            help: ArgumentHelp(
                "Only labs exercising this competency area (a key such as `databases`).", valueName: "area"))
        var area: String?

        @Option(help: ArgumentHelp("Only labs at this rung: junior, backend, senior or architect.", valueName: "rung"))
        var level: Rung?

        @Flag(help: "Print the labs as JSON.")
        var json = false

        @OptionGroup var catalogOptions: CatalogOptions

        func run() async throws {
            let catalog = try catalogOptions.load()
            if let area, catalog.competencies.area(area) == nil {
                let known = catalog.competencies.areas.map(\.key)
                let close = catalog.competencies.suggestions(for: area)
                let hint =
                    close.isEmpty
                    ? "known areas: \(known.joined(separator: ", "))" : "did you mean \(close.joined(separator: ", "))?"
                throw ValidationError("unknown area `\(area)`; \(hint)")
            }
            let labs = catalog.labs.filter { lab in
                (area.map { lab.areas.contains($0) } ?? true) && (level.map { lab.rung == $0 } ?? true)
            }
            if json {
                print(try Terminal.json(labs.map(LabSummary.init)))
                return
            }
            if labs.isEmpty {
                print("No labs match.")
                return
            }
            let idWidth = labs.map(\.id.count).max() ?? 0
            for (area, areaLabs) in catalog.labsByArea() where self.area.map({ $0 == area.key }) ?? true {
                let shown = areaLabs.filter { labs.contains($0) }
                guard !shown.isEmpty else { continue }
                print(Terminal.bold("\(area.title)") + Terminal.dim("  [\(area.key)]"))
                for rung in Rung.allCases {
                    let atRung = shown.filter { $0.rung == rung }.sorted { $0.id < $1.id }
                    guard !atRung.isEmpty else { continue }
                    print("  \(rung.title)")
                    for lab in atRung {
                        let languages = lab.languages.map(\.id).joined(separator: ", ")
                        print("    \(lab.id.padded(to: idWidth + 1)) \(lab.title)  " + Terminal.dim("(\(languages))"))
                    }
                }
                print("")
            }
            print(
                Terminal.dim(
                    "\(labs.count) lab\(labs.count == 1 ? "" : "s"). `ladder show LAB` for details, `ladder start LAB` to begin."
                ))
        }
    }
}

extension Rung: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// A lab as `ladder list --json` and `ladder show --json` print it.
struct LabSummary: Encodable {
    let id: String
    let title: String
    let version: String
    let summary: String
    let rung: String
    let areas: [String]
    let competencies: [String]
    let languages: [String]
    let stages: [StageSummary]
    let totalPoints: Int
    let passMark: Int

    struct StageSummary: Encodable {
        let id: String
        let title: String
        let points: Int
    }

    init(_ lab: Lab) {
        id = lab.id
        title = lab.title
        version = lab.version.description
        summary = lab.summary
        rung = lab.rung.rawValue
        areas = lab.areas
        competencies = lab.competencies.map(\.description)
        languages = lab.languages.map(\.id)
        stages = lab.stages.map { StageSummary(id: $0.id, title: $0.title, points: $0.points) }
        totalPoints = lab.totalPoints
        passMark = lab.passMark
    }
}
