import Foundation
import LadderGrading
import LadderModel
import LadderTOML

/// Writes a new lab's two halves with a small working example: `ladder lab new`.
public enum LabScaffold {
    /// The grader kinds `ladder lab new` writes an example of, in ``GraderKind``'s order: each has its templates under
    /// `Scaffold/<kind>/` (``ScaffoldTemplates``; `ScaffoldTemplateTests` writes every one). `tests` has none: a
    /// mutation lab needs mutants and equivalent implementations that no small example shows well. Decided here, not by
    /// looking at the resource bundle, so `--help` reads no files.
    public static let kinds = GraderKind.allCases.filter { $0 != .tests }

    /// `--kind`'s help: each kind it offers with what it is, "io (a program reading stdin, its output checked), ...".
    public static var kindsHelp: String {
        kinds.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", ")
    }

    /// The languages a scaffold of `kind` can be written in; the first is the default.
    public static func languages(for kind: GraderKind) -> [String] {
        kind == .sql ? ["sql"] : ["python"]
    }

    /// A checked request for a new lab.
    public struct Request: Sendable, Equatable {
        public var id: String
        public var area: CompetencyMap.Area
        /// The competency the manifest starts with: the area's first skill.
        public var competency: CompetencyKey
        public var rung: Rung
        public var kind: GraderKind
        public var language: String

        /// Checks every part of the request against the competency map; the error lists what is accepted.
        public init(
            id: String, area: String, level: String, kind: String, language: String?, competencies: CompetencyMap
        ) throws(AuthoringError) {
            guard Identifier.isKebabCase(id) else {
                throw AuthoringError(
                    .invalidInput,
                    "`\(id)` is not a lab id: use lowercase kebab case, letters and digits joined by single hyphens, like `rate-limiter`"
                )
            }
            guard let found = competencies.area(area.lowercased()) else {
                let close = Suggestions.closest(to: area.lowercased(), in: competencies.areas.map(\.key), limit: 3)
                throw AuthoringError(
                    .invalidInput,
                    "unknown area `\(area)`\(Suggestions.didYouMean(close)); the areas are: \(competencies.areas.map(\.key).joined(separator: ", "))"
                )
            }
            guard let rung = Rung(rawValue: level.lowercased()) else {
                throw AuthoringError(
                    .invalidInput,
                    "unknown level `\(level)`; the rungs are: \(Rung.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let offered = LabScaffold.kinds.map(\.rawValue).joined(separator: ", ")
            guard let kind = GraderKind(rawValue: kind.lowercased()) else {
                throw AuthoringError(.invalidInput, "unknown kind `\(kind)`; `ladder lab new` supports: \(offered)")
            }
            guard LabScaffold.kinds.contains(kind) else {
                throw AuthoringError(
                    .invalidInput,
                    "`ladder lab new` has no example of a \(kind.rawValue) lab yet; it supports: \(offered). Write a \(kind.rawValue) test by hand into a lab made with another kind"
                )
            }
            let languages = LabScaffold.languages(for: kind)
            let language = language?.lowercased() ?? languages[0]
            guard languages.contains(language) else {
                throw AuthoringError(
                    .invalidInput,
                    "a \(kind.rawValue) lab cannot be scaffolded in `\(language)` yet; supported: \(languages.joined(separator: ", ")). Add other languages by hand afterwards"
                )
            }
            guard let skill = found.skills.first else {
                throw AuthoringError(.invalidInput, "area `\(found.key)` has no skills in the competency map")
            }
            self.id = id
            self.area = found
            self.competency = CompetencyKey(area: found.key, skill: skill.key)
            self.rung = rung
            self.kind = kind
            self.language = language
        }
    }

    /// What was written.
    public struct Result: Sendable, Equatable {
        public var location: LabLocation
        /// Paths of the files written, relative to the catalog root, sorted.
        public var files: [String]
    }

    /// Writes the lab into `root/Labs/<id>` and `root/Graders/<id>`; writes nothing if either exists.
    public static func write(_ request: Request, root: String) throws(AuthoringError) -> Result {
        let fileManager = FileManager.default
        let location = LabLocation(id: request.id, root: root)
        let existing = [location.labDirectory, location.graderDirectory].filter { fileManager.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw AuthoringError(
                .labExists,
                "lab `\(request.id)` already exists (\(existing.joined(separator: ", "))); choose another id or remove it first"
            )
        }
        let files = try ScaffoldTemplates(request: request).files()
        do {
            for (path, contents) in files {
                let full = root + "/" + path
                try fileManager.createDirectory(
                    atPath: URL(fileURLWithPath: full).deletingLastPathComponent().path,
                    withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
            }
        } catch {
            try? fileManager.removeItem(atPath: location.labDirectory)
            try? fileManager.removeItem(atPath: location.graderDirectory)
            throw AuthoringError(.fileSystem, "cannot write the lab into \(root): \(error.localizedDescription)")
        }
        return Result(location: location, files: files.map(\.0).sorted())
    }

    /// A title from an id: `rate-limiter` becomes "Rate limiter".
    static func title(for id: String) -> String {
        let words = id.split(separator: "-").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
