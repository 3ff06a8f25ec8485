import Foundation
import LadderGrading
import LadderModel
import LadderSandbox
import LadderStore

/// The version of Ladder, recorded with every grade.
public let ladderVersion = "0.1.0"

/// Everything the use cases need, built once per command: the catalog, the sandbox and (when asked for) the store.
public struct LadderEnvironment: Sendable {
    public let catalog: Catalog
    public let sandbox: Sandbox
    /// Where this process keeps its temporary files.
    public let scratch: ScratchSpace
    /// The boxes this command may run at once, across all it grades (`--jobs`; by default one per core).
    public let boxes: GradingBudget

    public init(catalog: Catalog, sandbox: Sandbox, scratch: ScratchSpace, boxes: GradingBudget = GradingBudget()) {
        self.catalog = catalog
        self.sandbox = sandbox
        self.scratch = scratch
        self.boxes = boxes
    }

    /// The grading engine, with its workspaces under this process's scratch space.
    public var grader: Grader {
        Grader(sandbox: sandbox, scratchParent: scratch.root, boxes: boxes)
    }

    /// The catalog, launcher and profiles found by ``CatalogLocator`` (an installation's share directory, a source
    /// checkout, or what options and variables say), with this process's scratch space outside all of them.
    public static func load(catalogPath: String? = nil, boxes: GradingBudget = GradingBudget()) throws
        -> LadderEnvironment
    {
        let locator = CatalogLocator(explicitPath: catalogPath)
        let root = try locator.locate()
        let catalog = try Catalog.load(root: root)
        let scratch = try ScratchSpace.create()
        let sandbox = try locator.sandbox(catalogRoot: root, temporaryDirectory: scratch.root)
        return LadderEnvironment(catalog: catalog, sandbox: sandbox, scratch: scratch, boxes: boxes)
    }

    /// Opens the results store: `path` when given, otherwise `$LADDER_STORE` or the user's data directory.
    public static func openStore(path: String? = nil) throws -> SQLiteResultStore {
        try SQLiteResultStore(location: StoreLocation.resolve(path))
    }

    /// Where a lab's hidden half lives in this catalog.
    public func graderDirectory(for lab: Lab) -> String {
        catalog.root + "/Graders/" + lab.id
    }
}
