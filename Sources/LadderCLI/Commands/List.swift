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
            // The subscribed catalogs too, unless a catalog was named for this command.
            var sources: [(name: String?, url: String?, catalog: Catalog)] = [(nil, nil, catalog)]
            if !catalogOptions.isNamed {
                let subscriptions = try CatalogSubscriptions.forUser()
                for subscription in try subscriptions.all() {
                    do {
                        sources.append(
                            (subscription.name, subscription.url, try subscriptions.catalog(of: subscription)))
                    } catch {
                        Terminal.note(Terminal.yellow("warning: ") + "\(error)")
                    }
                }
            }
            let matching = sources.map { source in
                source.catalog.labs.filter { lab in
                    (area.map { lab.areas.contains($0) } ?? true) && (level.map { lab.rung == $0 } ?? true)
                }
            }
            // A lab whose id two catalogs have is shown as NAME/LAB (`builtin/LAB` for the built-in one's).
            let counts = Dictionary(sources.flatMap { $0.catalog.labs.map { ($0.id, 1) } }, uniquingKeysWith: +)
            func shownID(_ lab: Lab, in name: String?) -> String {
                counts[lab.id, default: 0] > 1 ? "\(name ?? CatalogSubscriptions.builtInName)/\(lab.id)" : lab.id
            }
            if json {
                let summaries = zip(sources, matching).flatMap { source, labs in
                    labs.map { LabSummary($0, catalog: source.name, shownID: shownID($0, in: source.name)) }
                }
                print(try Terminal.json(summaries))
                return
            }
            let total = matching.map(\.count).reduce(0, +)
            if total == 0 {
                print("No labs match.")
                return
            }
            let idWidth =
                zip(sources, matching).flatMap { source, labs in labs.map { shownID($0, in: source.name).count } }
                .max() ?? 0
            for (source, labs) in zip(sources, matching) where !labs.isEmpty {
                if let name = source.name {
                    print(
                        Terminal.bold("From the subscribed catalog \(name)") + Terminal.dim("  (\(source.url ?? ""))"))
                    print("")
                }
                for (area, areaLabs) in source.catalog.labsByArea() where self.area.map({ $0 == area.key }) ?? true {
                    let shown = areaLabs.filter { labs.contains($0) }
                    guard !shown.isEmpty else { continue }
                    print(Terminal.bold("\(area.title)") + Terminal.dim("  [\(area.key)]"))
                    for rung in Rung.allCases {
                        let atRung = shown.filter { $0.rung == rung }.sorted { $0.id < $1.id }
                        guard !atRung.isEmpty else { continue }
                        print("  \(rung.title)")
                        for lab in atRung {
                            let languages = lab.languages.map(\.id).joined(separator: ", ")
                            print(
                                "    \(shownID(lab, in: source.name).padded(to: idWidth + 1)) \(lab.title)  "
                                    + Terminal.dim("(\(languages))"))
                        }
                    }
                    print("")
                }
            }
            print(
                Terminal.dim(
                    "\(total) lab\(total == 1 ? "" : "s"). `ladder show LAB` for details, `ladder start LAB` to begin."
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
    /// The subscribed catalog the lab comes from; absent for the built-in catalog (or one named with --catalog).
    let catalog: String?
    /// The id `ladder start` takes: NAME/LAB where another catalog has a lab of the same id, else the id.
    let start: String
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

    init(_ lab: Lab, catalog: String? = nil, shownID: String? = nil) {
        id = lab.id
        self.catalog = catalog
        start = shownID ?? lab.id
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
