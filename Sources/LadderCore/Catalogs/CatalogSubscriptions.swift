import Foundation
import LadderGit
import LadderModel
import LadderStore
import LadderTOML

/// A catalog a learner subscribed to with `ladder catalog add`: a git repository of `Labs/` (and, for a private
/// course, nothing else), cloned into the user's data directory and kept up to date with `ladder catalog update`.
public struct CatalogSubscription: Sendable, Equatable {
    /// The name the learner gave it: lowercase kebab case, unique among the subscriptions.
    public var name: String
    /// Where it comes from: a path, a `file://` URL or an `https://` URL (a token comes from the environment).
    public var url: String
    /// The clone's working tree: the catalog's root.
    public var root: String
}

/// The learner's subscribed catalogs: their list in `$XDG_CONFIG_HOME/ladder/catalogs.toml` (else
/// `~/.config/ladder/catalogs.toml`) and their clones in `$XDG_DATA_HOME/ladder/catalogs/NAME` (else
/// `~/.local/share/ladder/catalogs/NAME`). Every change writes the list whole, through a temporary file renamed
/// into place, so an interrupted command never leaves half a list.
public struct CatalogSubscriptions: Sendable {
    /// The list of subscriptions.
    public let listFile: String
    /// The directory holding one clone per subscription.
    public let cloneDirectory: String

    /// The name the built-in catalog goes by where a subscribed catalog has a lab of the same id.
    public static let builtInName = "builtin"

    public init(listFile: String, cloneDirectory: String) {
        self.listFile = listFile
        self.cloneDirectory = cloneDirectory
    }

    /// The subscriptions of the user this environment describes.
    public static func forUser(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(LadderError) -> CatalogSubscriptions
    {
        guard let config = UserDirectories.configHome(environment: environment),
            let data = UserDirectories.dataHome(environment: environment)
        else {
            throw LadderError(
                .invalidInput,
                "this user has no home directory, so there is nowhere to keep subscribed catalogs; set HOME")
        }
        return CatalogSubscriptions(
            listFile: config + "/ladder/catalogs.toml", cloneDirectory: data + "/ladder/catalogs")
    }

    // MARK: Reading

    /// Every subscription, in the order they were added; none when the list does not exist yet.
    public func all() throws(LadderError) -> [CatalogSubscription] {
        guard let data = FileManager.default.contents(atPath: listFile) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        do {
            let document = try TOMLDocument.parse(text, file: listFile)
            var reader = TOMLReader(document)
            let found = try reader.tables("catalog") { table, _ throws(ManifestError) in
                let name = try table.require("name") { field throws(ManifestError) in
                    try field.identifier("a catalog name", example: "backend-course")
                }
                let url = try table.require("url") { field throws(ManifestError) in try field.nonEmptyString() }
                return CatalogSubscription(name: name, url: url, root: cloneDirectory + "/" + name)
            }
            try reader.finish()
            return found
        } catch {
            throw LadderError(
                .invalidInput, "\(error) (the list of subscribed catalogs; fix it or remove the [[catalog]] entry)")
        }
    }

    /// The subscription named `name`, or an error that lists the names there are.
    public func named(_ name: String) throws(LadderError) -> CatalogSubscription {
        let subscriptions = try all()
        if let found = subscriptions.first(where: { $0.name == name }) { return found }
        let names = subscriptions.map(\.name)
        throw LadderError(
            .invalidInput,
            "no subscribed catalog is named \(name)"
                + (names.isEmpty
                    ? "; subscribe with `ladder catalog add NAME URL`"
                    : "; subscribed: \(names.joined(separator: ", "))\(Suggestions.didYouMean(Suggestions.closest(to: name, in: names, limit: 1)))")
        )
    }

    /// The catalog of a subscription, read from its clone.
    public func catalog(of subscription: CatalogSubscription) throws(LadderError) -> Catalog {
        do {
            return try Catalog.load(root: subscription.root)
        } catch {
            throw LadderError(
                .invalidInput,
                "the subscribed catalog \(subscription.name) cannot be read: \(error); `ladder catalog update "
                    + "\(subscription.name)` fetches it again")
        }
    }

    // MARK: Changing

    /// What ``add(name:url:token:)`` made.
    public struct Added: Sendable {
        public let subscription: CatalogSubscription
        public let catalog: Catalog
        /// The catalog carries `Graders/`: its hidden tests are now on this disk (a public catalog should not).
        public let carriesGraders: Bool
    }

    /// Clones `url` and adds it to the list as `name`. Refuses a name in use, a name that is not kebab case, and a
    /// repository that is not a catalog (no `Labs/competencies.toml`), leaving nothing behind.
    public func add(name: String, url: String, token: String? = nil) throws(LadderError) -> Added {
        guard Identifier.isKebabCase(name), name != Self.builtInName else {
            throw LadderError(
                .invalidInput,
                name == Self.builtInName
                    ? "\(name) names the built-in catalog; choose another name"
                    : "\(name) is not a catalog name: use lowercase letters, digits and dashes, like backend-course")
        }
        var subscriptions = try all()
        if let existing = subscriptions.first(where: { $0.name == name }) {
            throw LadderError(
                .invalidInput,
                "a catalog named \(name) is already subscribed (\(existing.url)); `ladder catalog remove \(name)` first"
            )
        }
        let source = Self.cloneSource(url)
        if !source.contains("://"), !FileManager.default.fileExists(atPath: source) {
            throw LadderError(.invalidInput, "cannot clone \(url): there is no such directory")
        }
        let subscription = CatalogSubscription(name: name, url: source, root: cloneDirectory + "/" + name)
        let staging = cloneDirectory + "/.adding-\(name)-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            try FileManager.default.createDirectory(atPath: cloneDirectory, withIntermediateDirectories: true)
            _ = try Repository.clone(from: source, to: staging, options: CloneOptions(token: token))
        } catch {
            throw LadderError(.invalidInput, "cannot clone \(url): \(error)")
        }
        let catalog: Catalog
        do {
            catalog = try Catalog.load(root: staging)
        } catch {
            throw LadderError(.invalidInput, "\(url) is not a Ladder catalog: \(error)")
        }
        do {
            if FileManager.default.fileExists(atPath: subscription.root) {
                try FileManager.default.removeItem(atPath: subscription.root)
            }
            try FileManager.default.moveItem(atPath: staging, toPath: subscription.root)
        } catch {
            throw LadderError(.infrastructure, "cannot keep the clone of \(url) at \(subscription.root): \(error)")
        }
        subscriptions.append(subscription)
        try save(subscriptions)
        return Added(
            subscription: subscription, catalog: catalog,
            carriesGraders: FileManager.default.fileExists(atPath: subscription.root + "/Graders"))
    }

    /// What ``update(_:token:)`` changed in one catalog.
    public struct Updated: Sendable {
        public let subscription: CatalogSubscription
        public let fastForward: FastForward
        /// Labs the update brought, by id.
        public let newLabs: [String]
        /// Labs whose version changed: id, old version, new version.
        public let changedLabs: [(id: String, from: String, to: String)]
        /// Labs the update took away, by id.
        public let removedLabs: [String]
    }

    /// Fetches the subscription's repository and fast-forwards its clone, then compares the labs before and after.
    /// A catalog whose history was rewritten is refused (remove it and add it again).
    public func update(_ subscription: CatalogSubscription, token: String? = nil) throws(LadderError) -> Updated {
        let before = (try? Catalog.load(root: subscription.root))?.labs ?? []
        let fastForward: FastForward
        do {
            let repository = try Repository.open(at: subscription.root)
            fastForward = try repository.fastForwardFromOrigin(token: token)
        } catch let error as GitError {
            if case .notFastForward = error.kind {
                throw LadderError(
                    .invalidInput,
                    "\(subscription.name): \(error); `ladder catalog remove \(subscription.name)` and add it again to "
                        + "take the new history")
            }
            throw LadderError(.invalidInput, "cannot update \(subscription.name) from \(subscription.url): \(error)")
        } catch {
            throw LadderError(.invalidInput, "cannot update \(subscription.name) from \(subscription.url): \(error)")
        }
        let after = try catalog(of: subscription).labs
        let old = Dictionary(before.map { ($0.id, $0.version.description) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.map { ($0.id, $0.version.description) }, uniquingKeysWith: { first, _ in first })
        return Updated(
            subscription: subscription, fastForward: fastForward,
            newLabs: after.map(\.id).filter { old[$0] == nil },
            changedLabs: after.compactMap { lab in
                guard let was = old[lab.id], was != lab.version.description else { return nil }
                return (lab.id, was, lab.version.description)
            },
            removedLabs: before.map(\.id).filter { new[$0] == nil })
    }

    /// Removes the subscription and its clone.
    public func remove(_ subscription: CatalogSubscription) throws(LadderError) {
        try save(try all().filter { $0.name != subscription.name })
        do {
            if FileManager.default.fileExists(atPath: subscription.root) {
                try FileManager.default.removeItem(atPath: subscription.root)
            }
        } catch {
            throw LadderError(
                .infrastructure,
                "\(subscription.name) is removed from the list, but its clone is left at "
                    + "\(subscription.root): \(error)")
        }
    }

    /// Writes the list whole: a temporary file beside it, renamed into place.
    private func save(_ subscriptions: [CatalogSubscription]) throws(LadderError) {
        var text =
            "# Written by `ladder catalog add` and `ladder catalog remove`: the catalogs this user subscribed to.\n"
        for subscription in subscriptions {
            text += "\n[[catalog]]\nname = \(TOMLEncoding.quoted(subscription.name))\n"
            text += "url = \(TOMLEncoding.quoted(subscription.url))\n"
        }
        let directory = (listFile as NSString).deletingLastPathComponent
        let temporary = listFile + ".tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, listFile) == 0 else {
                throw CocoaError(
                    .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw LadderError(.infrastructure, "cannot write the list of subscribed catalogs \(listFile): \(error)")
        }
    }

    /// libgit2 clones local paths as they are given; a relative one is made absolute first, so the clone's origin
    /// stays right whatever directory later commands run in.
    static func cloneSource(_ url: String) -> String {
        if url.contains("://") { return url }
        let absolute = url.hasPrefix("/") ? url : FileManager.default.currentDirectoryPath + "/" + url
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
}
