import Foundation
import LadderTOML

/// Every problem found while loading a catalog, each located in its file.
public struct CatalogError: Error, CustomStringConvertible, Sendable, Equatable {
    public var errors: [ManifestError]

    public init(errors: [ManifestError]) {
        self.errors = errors
    }

    /// One line per problem.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// The labs of a catalog with the competency map and the ladder rules they are measured against.
public struct Catalog: Sendable, Equatable {
    /// The directory that holds `Labs/` (and, for graders, `Graders/`).
    public var root: String
    public var competencies: CompetencyMap
    public var ladder: LadderRules
    /// Labs sorted by id.
    public var labs: [Lab]

    public init(root: String, competencies: CompetencyMap, ladder: LadderRules, labs: [Lab]) {
        self.root = root
        self.competencies = competencies
        self.ladder = ladder
        self.labs = labs.sorted { $0.id < $1.id }
    }

    /// The folder under the root that holds the labs.
    public static let labsFolder = "Labs"

    /// Loads `<root>/Labs/competencies.toml`, `<root>/Labs/ladder.toml` and every `<root>/Labs/<id>/lab.toml`.
    ///
    /// Each lab's directory name must equal its id, its competency keys must exist in the map, and its starter
    /// directories must exist. Every broken file is reported, not only the first.
    public static func load(root: String) throws(CatalogError) -> Catalog {
        let labsDirectory = Paths.join(root, labsFolder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: labsDirectory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw CatalogError(errors: [
                ManifestError(
                    file: labsDirectory, message: "not found: a catalog is a directory holding Labs/ (and Graders/)")
            ])
        }
        var errors: [ManifestError] = []
        var competencies: CompetencyMap?
        var ladder: LadderRules?
        do {
            competencies = try CompetencyMap.load(path: Paths.join(labsDirectory, CompetencyMap.fileName))
        } catch {
            errors.append(error)
        }
        do {
            ladder = try LadderRules.load(path: Paths.join(labsDirectory, LadderRules.fileName))
        } catch {
            errors.append(error)
        }
        var labs: [Lab] = []
        for name in labDirectoryNames(in: labsDirectory) {
            let directory = Paths.join(labsDirectory, name)
            let checks = LabChecks(
                competencies: competencies, expectedID: name,
                directoryExists: { path in
                    var isDirectory: ObjCBool = false
                    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                        && isDirectory.boolValue
                })
            do {
                labs.append(try Lab.load(directory: directory, checks: checks))
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty, let competencies, let ladder else { throw CatalogError(errors: errors) }
        return Catalog(root: root, competencies: competencies, ladder: ladder, labs: labs)
    }

    private static func labDirectoryNames(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: Paths.join(directory, name), isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    public func lab(id: String) -> Lab? { labs.first { $0.id == id } }

    /// The lab ids closest to an unknown one, best first, at most three.
    public func suggestions(for unknownID: String) -> [String] {
        Suggestions.closest(to: unknownID, in: labs.map(\.id), limit: 3)
    }

    /// Areas in map order, each with the labs that exercise one of its skills; areas without labs are left out.
    public func labsByArea() -> [(area: CompetencyMap.Area, labs: [Lab])] {
        competencies.areas.compactMap { area in
            let matching = labs.filter { $0.areas.contains(area.key) }
            return matching.isEmpty ? nil : (area, matching)
        }
    }

    /// Rungs lowest first, each with its labs; rungs without labs are left out.
    public func labsByRung() -> [(rung: Rung, labs: [Lab])] {
        Rung.allCases.compactMap { rung in
            let matching = labs.filter { $0.rung == rung }
            return matching.isEmpty ? nil : (rung, matching)
        }
    }

    /// Where a learner stands, given the ids of the labs they passed (ids not in the catalog are ignored).
    public func progress(passedLabIDs: some Sequence<String>) -> LadderProgress {
        ladder.progress(passed: Set(passedLabIDs).compactMap { lab(id: $0) }.map(PassedLab.init))
    }
}

extension Lab {
    /// Reads and decodes `<directory>/lab.toml`; errors name that path.
    public static func load(directory: String, checks: LabChecks = .none) throws(ManifestError) -> Lab {
        let path = Paths.join(directory, manifestName)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ManifestError(
                file: path, message: "missing: every directory under Labs/ is a lab and needs a \(manifestName)")
        }
        return try decode(TOMLDocument.load(path: path), directory: directory, checks: checks)
    }
}

extension LabPin {
    /// Reads the pin of the repository at `repository`; errors name the pin's path.
    public static func load(repository: String, catalog: Catalog? = nil) throws(ManifestError) -> LabPin {
        let path = Paths.join(repository, relativePath)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ManifestError(
                file: path,
                message:
                    "not found: this does not look like a repository made by `ladder start` (run it from the lab's directory)"
            )
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ManifestError(
                file: path, message: "the file is not valid UTF-8; restore it with `git checkout -- \(relativePath)`")
        }
        return try decode(text, file: path, catalog: catalog)
    }
}

/// A lab or language asked for by name that the catalog does not have.
public enum CatalogLookupError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No lab has this id; `suggestions` are the closest ids.
    case unknownLab(id: String, suggestions: [String])
    /// The lab exists but is not offered in this language; `offered` lists the ones it is.
    case unknownLanguage(lab: String, language: String, offered: [String])

    public var description: String {
        switch self {
        case .unknownLab(let id, let suggestions):
            return "no lab '\(id)' in the catalog\(Suggestions.didYouMean(suggestions)); `ladder list` shows them all"
        case .unknownLanguage(let lab, let language, let offered):
            return "lab '\(lab)' is not offered in '\(language)'; choose one of: \(offered.joined(separator: ", "))"
        }
    }
}

extension Catalog {
    /// The lab with `id` and the language asked for (the lab's default when nil).
    public func resolve(labID id: String, language: String? = nil) throws(CatalogLookupError) -> (
        lab: Lab, language: LabLanguage
    ) {
        guard let lab = lab(id: id) else { throw .unknownLab(id: id, suggestions: suggestions(for: id)) }
        guard let language else { return (lab, lab.defaultLanguage) }
        guard let found = lab.language(language) else {
            throw .unknownLanguage(lab: id, language: language, offered: lab.languages.map(\.id))
        }
        return (lab, found)
    }
}
