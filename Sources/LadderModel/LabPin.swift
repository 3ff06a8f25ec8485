import LadderTOML

/// The pin `ladder start` writes into a learner's repository: which lab, which version, which language.
///
/// It lives at ``relativePath`` (`.ladder/lab.toml`), a directory so that later files (local state, kept out of
/// git) can sit beside it without cluttering the repository's root.
public struct LabPin: Sendable, Equatable, Codable {
    /// Where the pin lives, relative to the repository's root.
    public static let relativePath = ".ladder/lab.toml"

    public var lab: String
    public var version: SemanticVersion
    public var language: String
    /// The subscribed catalog the lab came from (`ladder catalog add NAME`), so that later commands in the repository
    /// read that catalog without flags; nil for the built-in catalog or one given by path.
    public var catalog: String?

    public init(lab: String, version: SemanticVersion, language: String, catalog: String? = nil) {
        self.lab = lab
        self.version = version
        self.language = language
        self.catalog = catalog
    }

    /// The pin as TOML text, with a comment saying what it is.
    public func encoded() -> String {
        """
        # Written by `ladder start`: the lab this repository is for. Ladder reads it in `ladder test` and `ladder submit`.
        lab = \(TOMLEncoding.quoted(lab))
        version = \(TOMLEncoding.quoted(version.description))
        language = \(TOMLEncoding.quoted(language))

        """ + (catalog.map { "catalog = \(TOMLEncoding.quoted($0))\n" } ?? "")
    }

    /// Decodes a pin; with a catalog, also checks that the lab and language exist and the version is compatible
    /// (same MAJOR, not newer than the catalog's), naming the pin file and line when they are not.
    public static func decode(_ text: String, file: String, catalog: Catalog? = nil) throws(ManifestError) -> LabPin {
        let document = try TOMLDocument.parse(text, file: file)
        var reader = TOMLReader(document)
        let labField = try reader.require("lab") { field throws(ManifestError) in field }
        let lab = try labField.identifier("a lab id")
        let versionField = try reader.require("version") { field throws(ManifestError) in field }
        let version = try SemanticVersion.decode(versionField)
        let languageField = try reader.require("language") { field throws(ManifestError) in field }
        let language = try languageField.identifier("a language id", example: "python")
        let catalogName = try reader.optional("catalog") { field throws(ManifestError) in
            try field.identifier("a subscribed catalog's name", example: "backend-course")
        }
        try reader.finish()
        if let catalog {
            guard let found = catalog.lab(id: lab) else {
                throw labField.error(
                    "this repository is pinned to lab '\(lab)', which is not in the catalog\(Suggestions.didYouMean(catalog.suggestions(for: lab)))"
                )
            }
            guard found.language(language) != nil else {
                let offered = found.languages.map(\.id).joined(separator: ", ")
                throw languageField.error("lab '\(lab)' has no language '\(language)'; it offers \(offered)")
            }
            guard version.major == found.version.major, version <= found.version else {
                throw versionField.error(
                    "this repository was started from \(lab) \(version), but the catalog has \(found.version); start the lab again or use a catalog with that version"
                )
            }
        }
        return LabPin(lab: lab, version: version, language: language, catalog: catalogName)
    }
}
