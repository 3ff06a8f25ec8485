import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderSandbox
import LadderTOML

/// What `ladder lab publish` did, or why it did nothing.
public struct PublishReport: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Equatable, Codable {
        /// Installed, committed and tagged.
        case published
        /// This version is already in the catalog with the same content.
        case unchanged = "already-published"
        /// The lab does not validate; nothing was written.
        case invalid
        /// This version (or a newer one) is already in the catalog with different content; nothing was written.
        case conflict
    }

    public var status: Status
    public var labID: String
    public var version: String?
    /// The tag `<id>-v<version>`.
    public var tag: String?
    /// The destination catalog.
    public var catalog: String
    /// The commit holding this version (new or existing).
    public var commit: String?
    /// What happened, in a sentence a person can act on.
    public var message: String
    public var validation: LabValidation

    public init(
        status: Status, labID: String, version: String?, tag: String?, catalog: String, commit: String?,
        message: String,
        validation: LabValidation
    ) {
        self.status = status
        self.labID = labID
        self.version = version
        self.tag = tag
        self.catalog = catalog
        self.commit = commit
        self.message = message
        self.validation = validation
    }
}

/// A half of a lab, and the catalog directory that holds it.
public enum CatalogHalf: String, Sendable, CaseIterable {
    /// `Labs/<id>`: what learners see.
    case labs = "Labs"
    /// `Graders/<id>`: the hidden tests, fixtures and reference solutions.
    case graders = "Graders"
}

/// A catalog that learners subscribe to, marked by a `catalog.toml` at its root saying `public = true`: it holds
/// labs' public halves only, and `ladder lab publish` refuses to write graders into it.
public enum PublicCatalog {
    public static let fileName = "catalog.toml"

    /// Whether the catalog at `root` is marked public. A marker that cannot be read counts as public: graders are
    /// never written on a guess.
    public static func isMarked(_ root: String) -> Bool {
        guard let marker = read(root) else { return false }
        return marker.isPublic ?? true
    }

    /// The course's server the catalog at `root` names (`server = "https://..."`), to which `ladder submit` sends
    /// the work of a lab started from it; nil when it names none.
    public static func server(_ root: String) -> URL? {
        read(root)?.server.flatMap(URL.init(string:))
    }

    /// The marker's `public` and `server`, each nil when the file does not say or cannot be read; nil without a file.
    private static func read(_ root: String) -> (isPublic: Bool?, server: String?)? {
        let path = root + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path),
            let document = try? TOMLDocument.parse(String(decoding: data, as: UTF8.self), file: path)
        else { return (nil, nil) }
        var reader = TOMLReader(document)
        let isPublic = try? reader.optional("public") { field throws(ManifestError) in try field.boolean() }
        let server = try? reader.optional("server") { field throws(ManifestError) in try field.nonEmptyString() }
        return ((isPublic ?? nil) ?? false, server ?? nil)
    }

    /// Marks the catalog at `root` public, naming the course's `server` when given; once, unless the server changes.
    static func mark(_ root: String, server: String? = nil) throws {
        guard !isMarked(root) || (server != nil && Self.server(root)?.absoluteString != server) else { return }
        let text = """
            # A public catalog, for learners to subscribe to (`ladder catalog add`): it holds the labs' public halves.
            # Their graders live in a private repository; `ladder lab publish` refuses to write them here.
            public = true

            """
            + (server.map {
                "# Where `ladder submit` sends a learner's work to be graded.\nserver = \(TOMLEncoding.quoted($0))\n"
            } ?? "")
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + fileName))
        } catch {
            throw AuthoringError(.fileSystem, "cannot mark \(root) public: \(error.localizedDescription)")
        }
    }
}

/// Installs a validated lab into a catalog kept as a git repository: `ladder lab publish`.
///
/// The catalog gets the lab's two directories (replacing an older version's files), one commit naming the lab and
/// its version, and the annotated tag `<id>-v<version>`. A published version is immutable: publishing it again with
/// the same content does nothing, with different content is refused.
public struct LabPublisher: Sendable {
    public var validator: LabValidator
    /// Who commits and tags; nil for the catalog repository's configured identity, else a Ladder identity.
    public var signature: Signature?

    /// Files that are build or editor output, never part of a lab.
    static let ignoredNames: Set<String> = [
        "__pycache__", ".pytest_cache", "node_modules", ".build", ".DS_Store", ".git",
    ]

    public init(validator: LabValidator, signature: Signature? = nil) {
        self.validator = validator
        self.signature = signature
    }

    /// The tag a lab version is published under.
    public static func tagName(labID: String, version: SemanticVersion) -> String {
        "\(labID)-v\(version)"
    }

    /// Validates `source`, then installs both its halves into the catalog at `catalogPath` (created when missing).
    /// A catalog marked public (see ``PublicCatalog``) is refused: its graders belong in a private repository.
    ///
    /// Refusals (the lab does not validate, the version exists with other content) are reports, not errors; errors
    /// are for a catalog that cannot be written or has uncommitted changes of its own.
    public func publish(
        _ source: LabLocation, into catalogPath: String, token: String? = nil,
        events: @escaping @Sendable (ValidationEvent) -> Void = { _ in }
    ) async throws -> PublishReport {
        if PublicCatalog.isMarked(catalogPath) {
            throw AuthoringError(
                .catalogNotReady,
                "\(catalogPath) is a public catalog (its \(PublicCatalog.fileName) says so): it takes a lab's public "
                    + "half only; publish with --graders PRIVATE to put the graders in a private repository")
        }
        let validation = await validator.validate(source, events: events)
        return try install(source, validation, into: catalogPath, halves: CatalogHalf.allCases, token: token)
    }

    /// Validates `source` once, then installs its public half (`Labs/<id>`) into the public catalog at
    /// `publicCatalog`, marked public, and both halves into the private catalog at `privateCatalog`, the complete
    /// catalog the grading machines use. The public catalog never gets a file of `Graders/`. Returns the two
    /// reports, public first.
    public func publish(
        _ source: LabLocation, publicCatalog: String, privateCatalog: String, courseServer: String? = nil,
        token: String? = nil, events: @escaping @Sendable (ValidationEvent) -> Void = { _ in }
    ) async throws -> [PublishReport] {
        guard Self.realPath(publicCatalog) != Self.realPath(privateCatalog) else {
            throw AuthoringError(
                .invalidInput, "the public catalog and the graders' repository must be two repositories, not one")
        }
        if !PublicCatalog.isMarked(publicCatalog), FileManager.default.fileExists(atPath: publicCatalog + "/Graders") {
            throw AuthoringError(
                .catalogNotReady,
                "\(publicCatalog) holds Graders/: a public catalog must not; give a new directory or one that holds "
                    + "Labs/ only")
        }
        let validation = await validator.validate(source, events: events)
        let shown = try install(
            source, validation, into: publicCatalog, halves: [.labs], courseServer: courseServer, token: token)
        guard shown.status != .invalid else { return [shown] }
        let hidden = try install(source, validation, into: privateCatalog, halves: CatalogHalf.allCases, token: token)
        return [shown, hidden]
    }

    /// Installs `halves` of a validated lab into the catalog at `catalogPath`: copied, committed, tagged, and pushed
    /// to the catalog's `origin` when it has one.
    func install(
        _ source: LabLocation, _ validation: LabValidation, into catalogPath: String, halves: [CatalogHalf],
        courseServer: String? = nil, token: String?
    ) throws -> PublishReport {
        let destination = URL(fileURLWithPath: catalogPath).standardizedFileURL.path
        func report(
            _ status: PublishReport.Status, version: String? = nil, tag: String? = nil, commit: String? = nil,
            _ message: String
        ) -> PublishReport {
            PublishReport(
                status: status, labID: source.id, version: version ?? validation.version, tag: tag,
                catalog: destination, commit: commit,
                message: message, validation: validation)
        }
        guard validation.passed else {
            let failed = validation.failures.map(\.subject)
            return report(
                .invalid,
                "\(source.id) does not validate (\(failed.count) failed: \(failed.prefix(4).joined(separator: ", "))\(failed.count > 4 ? ", ..." : "")); nothing was published. Fix it and run `ladder lab validate \(source.labDirectory)`"
            )
        }
        let lab: Lab
        do {
            lab = try Lab.load(directory: source.labDirectory)
        } catch {
            throw AuthoringError(.fileSystem, "\(error)")
        }
        let tag = Self.tagName(labID: lab.id, version: lab.version)
        let sameCatalog = Self.realPath(destination) == Self.realPath(source.root)

        let scratch = try ScratchDirectory(in: NSTemporaryDirectory(), prefix: "ladder-publish-")
        defer { scratch.remove() }
        let staging = scratch.path("staging")
        try Self.copyLab(from: source.root, id: lab.id, to: staging)
        let sourceDigest = try Self.digest(root: staging, id: lab.id, halves: halves)

        let (repository, existed) = try Self.openOrCreate(destination)
        if let published = try repository.tagTarget(tag) {
            let exported = scratch.path("published")
            try repository.export(commit: published.id, to: exported)
            let publishedDigest = try? Self.digest(root: exported, id: lab.id, halves: halves)
            if publishedDigest == sourceDigest {
                // Pushed again: a push that failed the first time goes out now.
                let pushed = try Self.pushIfRemote(repository, tag: tag, token: token, catalog: destination)
                return report(
                    .unchanged, tag: tag, commit: published.id,
                    "\(lab.id) \(lab.version) is already published in \(destination) (tag \(tag), commit \(published.id.prefix(10))) with the same content; nothing to do\(pushed)"
                )
            }
            return report(
                .conflict, tag: tag, commit: published.id,
                "\(lab.id) \(lab.version) is already published in \(destination) (tag \(tag)) with different content; a published version never changes: bump `version` in \(lab.manifestPath) and publish again"
            )
        }
        if !sameCatalog, let installed = try? Lab.load(directory: destination + "/Labs/" + lab.id),
            installed.version > lab.version
        {
            return report(
                .conflict, tag: tag,
                "\(destination) already has \(lab.id) \(installed.version), newer than \(lab.version); publish a version above \(installed.version)"
            )
        }
        if existed {
            try Self.requireClean(repository, except: lab.id, catalog: destination)
        }
        try Self.install(
            lab.id, from: staging, sourceRoot: source.root, into: destination, halves: halves, copyLab: !sameCatalog)
        if halves == [.labs] { try PublicCatalog.mark(destination, server: courseServer) }

        let identity =
            signature ?? repository.defaultSignature(fallback: Signature(name: "Ladder", email: "ladder@localhost"))
        let commit: CommitInfo
        do {
            commit = try repository.commitAll(
                message: "Publish \(lab.id) \(lab.version): \(lab.title)\n\n\(lab.summary)\n", author: identity)
        } catch let error as GitError where error.kind == .nothingToCommit {
            commit = try repository.head()
        }
        let committed = scratch.path("committed")
        try repository.export(commit: commit.id, to: committed)
        guard (try? Self.digest(root: committed, id: lab.id, halves: halves)) == sourceDigest else {
            throw AuthoringError(
                .catalogNotReady,
                "commit \(commit.id.prefix(10)) in \(destination) does not hold every file of \(lab.id) (does the catalog's .gitignore exclude some?); the version was not tagged"
            )
        }
        try repository.createTag(
            tag, at: commit.id, message: "\(lab.id) \(lab.version): \(lab.title)\n", tagger: identity)
        let pushed = try Self.pushIfRemote(repository, tag: tag, token: token, catalog: destination)
        return report(
            .published, tag: tag, commit: commit.id,
            "\(lab.id) \(lab.version) into \(destination): commit \(commit.id.prefix(10)), tag \(tag)\(pushed)")
    }

    /// Pushes the catalog's branch and `tag` to its `origin`, when it has one; says so in words for the report.
    static func pushIfRemote(_ repository: Repository, tag: String, token: String?, catalog: String) throws -> String {
        guard let url = repository.originURL else { return "" }
        do {
            guard let branch = try repository.currentBranch else {
                throw AuthoringError(.catalogNotReady, "\(catalog) is not on a branch; check one out to publish")
            }
            try repository.pushToOrigin(["refs/heads/\(branch)", "refs/tags/\(tag)"], token: token)
            return "; pushed to \(url)"
        } catch let error as AuthoringError {
            throw error
        } catch {
            throw AuthoringError(
                .catalogNotReady,
                "published in \(catalog), but the push to \(url) failed: \(error); publish again to push it")
        }
    }

    // MARK: Steps

    static func openOrCreate(_ path: String) throws -> (Repository, existed: Bool) {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path + "/.git") {
            let repository = try Repository.open(at: path)
            guard repository.workdir != nil else {
                throw AuthoringError(
                    .catalogNotReady, "\(path) is a bare repository; publish into a catalog with a working tree")
            }
            return (repository, true)
        }
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw AuthoringError(.catalogNotReady, "\(path) is a file; give a directory for the catalog")
        }
        return (try Repository.create(at: path), false)
    }

    /// Refuses a catalog with uncommitted changes outside the lab, so the publish commit holds only this lab.
    static func requireClean(_ repository: Repository, except id: String, catalog: String) throws {
        let others = try repository.status().map(\.path).filter {
            !$0.hasPrefix("Labs/\(id)/") && !$0.hasPrefix("Graders/\(id)/")
        }
        guard others.isEmpty else {
            let shown =
                others.prefix(5).joined(separator: ", ") + (others.count > 5 ? " and \(others.count - 5) more" : "")
            throw AuthoringError(
                .catalogNotReady,
                "\(catalog) has uncommitted changes (\(shown)); commit or discard them first, so the publish commit holds only this lab"
            )
        }
    }

    /// Puts the staged lab into the catalog (unless it is already there) and the catalog's shared files if missing.
    static func install(
        _ id: String, from staging: String, sourceRoot: String, into destination: String, halves: [CatalogHalf],
        copyLab: Bool
    ) throws {
        let fileManager = FileManager.default
        do {
            for half in halves {
                try fileManager.createDirectory(
                    atPath: destination + "/" + half.rawValue, withIntermediateDirectories: true)
            }
            for shared in [CompetencyMap.fileName, LadderRules.fileName] {
                let target = destination + "/Labs/" + shared
                let origin = sourceRoot + "/Labs/" + shared
                if !fileManager.fileExists(atPath: target), fileManager.fileExists(atPath: origin) {
                    try fileManager.copyItem(atPath: origin, toPath: target)
                }
            }
            guard copyLab else { return }
            for half in halves {
                let target = destination + "/" + half.rawValue + "/" + id
                if fileManager.fileExists(atPath: target) {
                    try fileManager.removeItem(atPath: target)
                }
                try fileManager.copyItem(atPath: staging + "/" + half.rawValue + "/" + id, toPath: target)
            }
        } catch let error as AuthoringError {
            throw error
        } catch {
            throw AuthoringError(.fileSystem, "cannot install \(id) into \(destination): \(error.localizedDescription)")
        }
    }

    /// Copies `Labs/<id>` and `Graders/<id>` of `root` into `destination`, leaving out build and editor output.
    static func copyLab(from root: String, id: String, to destination: String) throws {
        for half in ["Labs", "Graders"] {
            let target = destination + "/" + half + "/" + id
            do {
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                try copyFiltered(root + "/" + half + "/" + id, to: target)
            } catch {
                throw AuthoringError(.fileSystem, "cannot read \(root)/\(half)/\(id): \(error.localizedDescription)")
            }
        }
    }

    private static func copyFiltered(_ source: String, to destination: String) throws {
        let fileManager = FileManager.default
        for name in try fileManager.contentsOfDirectory(atPath: source)
        where !ignoredNames.contains(name) && !name.hasSuffix(".pyc") {
            let from = source + "/" + name
            let to = destination + "/" + name
            let type = try fileManager.attributesOfItem(atPath: from)[.type] as? FileAttributeType
            if type == .typeDirectory {
                try fileManager.createDirectory(atPath: to, withIntermediateDirectories: false)
                try copyFiltered(from, to: to)
            } else {
                try fileManager.copyItem(atPath: from, toPath: to)
            }
        }
    }

    /// A digest of a lab's directories in `halves` under `root`: paths, executable bits and contents.
    static func digest(root: String, id: String, halves: [CatalogHalf]) throws -> String {
        try halves.map { half in
            "\(half.rawValue) \(try GraderDigest.compute(directory: root + "/" + half.rawValue + "/" + id))"
        }.joined(separator: " ")
    }

    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
