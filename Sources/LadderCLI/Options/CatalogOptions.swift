import ArgumentParser
import Foundation
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

    /// Whether the catalog was named for this command, by `--catalog` or `$LADDER_CATALOG`.
    var isNamed: Bool {
        catalog != nil || ProcessInfo.processInfo.environment[CatalogLocator.environmentVariable]?.isEmpty == false
    }

    /// The environment of a command run in a learner's repository: the catalog named for the command, else the one
    /// the repository was started from (``CatalogOrigin``), else the built-in one.
    func environment(boxes: GradingBudget = GradingBudget(), repository path: String) throws -> LadderEnvironment {
        guard !isNamed else { return try environment(boxes: boxes) }
        switch CatalogOrigin.of(repository: path) {
        case .builtIn:
            return try environment(boxes: boxes)
        case .subscription(let name):
            let subscription = try CatalogSubscriptions.forUser().named(name)
            return try LadderEnvironment.load(catalogPath: subscription.root, boxes: boxes)
        case .path(let root):
            guard FileManager.default.fileExists(atPath: root + "/" + Catalog.labsFolder) else {
                throw LadderError(
                    .catalogNotFound,
                    "this repository was started from the catalog at \(root), which is no longer there; pass "
                        + "--catalog DIR")
            }
            return try LadderEnvironment.load(catalogPath: root, boxes: boxes)
        }
    }

    /// The catalog to start `labID` from and where it came from: `--catalog` or `$LADDER_CATALOG` when named;
    /// else `NAME/lab` names a subscription (or `builtin/lab` the built-in catalog); else the built-in catalog when
    /// it has the lab, else the one subscribed catalog that has it. Returns the lab's id without its catalog.
    func startingPoint(for labID: String) throws -> (Catalog, CatalogOrigin, String) {
        if isNamed {
            let root = try CatalogLocator(explicitPath: catalog).locate()
            return (try Catalog.load(root: root), .path(root), labID)
        }
        let subscriptions = try CatalogSubscriptions.forUser()
        if let slash = labID.firstIndex(of: "/") {
            let name = String(labID[..<slash])
            let id = String(labID[labID.index(after: slash)...])
            if name == CatalogSubscriptions.builtInName { return (try load(), .builtIn, id) }
            let subscription = try subscriptions.named(name)
            return (try subscriptions.catalog(of: subscription), .subscription(name), id)
        }
        let builtIn = try? load()
        if let builtIn, builtIn.lab(id: labID) != nil { return (builtIn, .builtIn, labID) }
        var holders: [(CatalogSubscription, Catalog)] = []
        for subscription in try subscriptions.all() {
            if let subscribed = try? subscriptions.catalog(of: subscription), subscribed.lab(id: labID) != nil {
                holders.append((subscription, subscribed))
            }
        }
        if holders.count == 1 { return (holders[0].1, .subscription(holders[0].0.name), labID) }
        if holders.count > 1 {
            throw ValidationError(
                "\(labID) is in several subscribed catalogs: start one of "
                    + holders.map { "\($0.0.name)/\(labID)" }.joined(separator: ", "))
        }
        // No catalog has it: the built-in catalog's error, which suggests the closest ids.
        return (try builtIn ?? load(), .builtIn, labID)
    }
}

extension CourseServer {
    /// The course's server at `url`, with the learner's token from `$LADDER_TOKEN`, or an error saying to set it.
    init(url: URL) throws {
        guard let token = ProcessInfo.processInfo.environment[Self.tokenVariable], !token.isEmpty else {
            throw ValidationError(
                "the course's server \(url.absoluteString) needs your token: set $\(Self.tokenVariable) to the token "
                    + "your instructor gave you")
        }
        self.init(url: url, token: token.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The server the subscribed catalog of the repository at `path` names, when it was started from one that does
    /// (and no catalog was named for the command); nil otherwise.
    static func ofRepository(at path: String, catalogNamed: Bool) throws -> CourseServer? {
        guard !catalogNamed, case .subscription(let name) = CatalogOrigin.of(repository: path),
            let url = PublicCatalog.server(try CatalogSubscriptions.forUser().named(name).root)
        else { return nil }
        return try CourseServer(url: url)
    }
}
