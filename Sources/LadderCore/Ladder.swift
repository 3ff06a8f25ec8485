import Foundation
import LadderGrading
import LadderModel
import LadderPostgres
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

    /// Opens the results store for recording: `store` (a command's `--store`: an SQLite file, or a `postgres://` URL)
    /// when given, otherwise `$LADDER_STORE` or the SQLite file in the user's data directory.
    public static func openStore(_ store: String? = nil) async throws -> any ResultStore {
        switch try StoreAddress.resolve(store) {
        case .file(let location): try SQLiteResultStore(location: location)
        case .postgres(let url): try await PostgresResultStore.open(url: url)
        }
    }

    /// Opens the results store for reading only, as ``openStore(_:)`` finds it: an SQLite file then needs no write
    /// access, and one that does not exist yet reads as empty.
    public static func openStoreForReading(_ store: String? = nil) async throws -> any ResultStore {
        switch try StoreAddress.resolve(store) {
        case .file(let location): try SQLiteResultStore(readingAt: location)
        case .postgres(let url): try await PostgresResultStore.open(url: url)
        }
    }

    /// Where a lab's hidden half lives in this catalog.
    public func graderDirectory(for lab: Lab) -> String {
        catalog.root + "/Graders/" + lab.id
    }
}
