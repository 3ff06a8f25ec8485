import Foundation
import LadderModel
import LadderTOML

/// Where the two halves of a lab live: `<root>/Labs/<id>` (public) and `<root>/Graders/<id>` (hidden).
public struct LabLocation: Sendable, Equatable, Codable {
    /// The lab's directory name, which its manifest's id must equal.
    public var id: String
    /// The catalog root holding `Labs/` and `Graders/`.
    public var root: String
    /// Where the competency map is read from: the lab's own catalog's, or the fallback catalog's when it has none.
    public var competencyMapPath: String

    public init(id: String, root: String, competencyMapPath: String? = nil) {
        self.id = id
        self.root = root
        self.competencyMapPath = competencyMapPath ?? root + "/Labs/" + CompetencyMap.fileName
    }

    public var labDirectory: String { root + "/Labs/" + id }
    public var graderDirectory: String { root + "/Graders/" + id }

    /// Resolves a lab argument: a lab directory (`.../Labs/<id>`) or the id of a lab in `catalogRoot`.
    ///
    /// - Parameter catalogRoot: the catalog to look ids up in, and whose competency map is used when the lab's own
    ///   catalog has none; may be nil when only paths are given.
    public static func resolve(_ argument: String, catalogRoot: String?) throws(AuthoringError) -> LabLocation {
        let fileManager = FileManager.default
        let looksLikePath = argument.contains("/") || argument == "." || argument == ".."
        let absolute = URL(fileURLWithPath: argument).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue,
            looksLikePath || fileManager.fileExists(atPath: absolute + "/" + Lab.manifestName)
        {
            let url = URL(fileURLWithPath: absolute)
            let parent = url.deletingLastPathComponent()
            guard parent.lastPathComponent == Catalog.labsFolder else {
                throw AuthoringError(
                    .invalidInput,
                    "\(absolute) is not inside a catalog's Labs/ folder; give a lab directory such as CATALOG/Labs/<id> (its grader is CATALOG/Graders/<id>)"
                )
            }
            let root = parent.deletingLastPathComponent().path
            return LabLocation(
                id: url.lastPathComponent, root: root, competencyMapPath: mapPath(root: root, fallback: catalogRoot))
        }
        if looksLikePath {
            throw AuthoringError(
                .unknownLab, "\(absolute) does not exist; give a lab directory (CATALOG/Labs/<id>) or a lab id")
        }
        guard let catalogRoot else {
            throw AuthoringError(
                .unknownLab,
                "`\(argument)` is not a directory, and there is no catalog to look it up in; pass --catalog DIR")
        }
        let location = LabLocation(id: argument, root: catalogRoot)
        guard fileManager.fileExists(atPath: location.labDirectory) else {
            let known = labIDs(in: catalogRoot)
            let close = Suggestions.closest(to: argument, in: known, limit: 3)
            let hint =
                close.isEmpty
                ? "the catalog at \(catalogRoot) has: \(known.joined(separator: ", "))"
                : "did you mean \(close.map { "`\($0)`" }.joined(separator: ", "))?"
            throw AuthoringError(.unknownLab, "no lab `\(argument)` in \(catalogRoot)/Labs; \(hint)")
        }
        return location
    }

    /// Every lab directory of a catalog, by id, whether or not its manifest loads.
    public static func all(in catalogRoot: String) -> [LabLocation] {
        labIDs(in: catalogRoot).map { LabLocation(id: $0, root: catalogRoot) }
    }

    static func labIDs(in catalogRoot: String) -> [String] {
        let labs = catalogRoot + "/" + Catalog.labsFolder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: labs)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: labs + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    private static func mapPath(root: String, fallback: String?) -> String {
        let own = root + "/Labs/" + CompetencyMap.fileName
        if FileManager.default.fileExists(atPath: own) { return own }
        return fallback.map { $0 + "/Labs/" + CompetencyMap.fileName } ?? own
    }
}
