import Foundation
import LadderModel
import LadderSandbox
import LadderStore

/// The version of Ladder, recorded with every grade.
public let ladderVersion = "0.1.0"

/// Everything the use cases need, built once per command: the catalog, the sandbox and (when asked for) the store.
public struct LadderEnvironment: Sendable {
    public let catalog: Catalog
    public let sandbox: Sandbox

    public init(catalog: Catalog, sandbox: Sandbox) {
        self.catalog = catalog
        self.sandbox = sandbox
    }

    /// The catalog found by ``CatalogLocator`` and a sandbox with its launcher beside the running executable.
    public static func load(catalogPath: String? = nil) throws -> LadderEnvironment {
        let root = try CatalogLocator(explicitPath: catalogPath).locate()
        let catalog = try Catalog.load(root: root)
        let sandbox = try Sandbox(profilesDirectory: FileManager.default.fileExists(atPath: root + "/Sandbox/profiles") ? root + "/Sandbox/profiles" : nil)
        return LadderEnvironment(catalog: catalog, sandbox: sandbox)
    }

    /// Opens the results store: `path` when given, otherwise `$LADDER_STORE` or the user's data directory.
    public static func openStore(path: String? = nil) throws -> SQLiteResultStore {
        let location = try path.map { StoreLocation(path: $0) } ?? StoreLocation.defaultLocation()
        return try SQLiteResultStore(location: location)
    }

    /// Where a lab's hidden half lives in this catalog.
    public func graderDirectory(for lab: Lab) -> String {
        catalog.root + "/Graders/" + lab.id
    }
}
