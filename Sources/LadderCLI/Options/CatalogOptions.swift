import ArgumentParser
import LadderCore
import LadderGrading
import LadderModel

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
