import Foundation
import LadderModel
import Testing

@testable import LadderCore

/// Catalogs for the authoring tests: empty ones with the real competency map, and copies of real labs to break.
struct AuthoringCatalog {
    let directory: TemporaryDirectory
    var root: String { directory.path }

    init(_ label: String = "authoring") throws {
        directory = try TemporaryDirectory(label)
        try FileManager.default.createDirectory(atPath: directory.file("Labs"), withIntermediateDirectories: true)
        for name in [CompetencyMap.fileName, LadderRules.fileName] {
            try FileManager.default.copyItem(
                atPath: CoreBox.repositoryRoot + "/Labs/" + name, toPath: directory.file("Labs/" + name))
        }
    }

    var competencies: CompetencyMap {
        get throws { try CompetencyMap.load(path: directory.file("Labs/" + CompetencyMap.fileName)) }
    }

    /// Scaffolds a lab of `kind` with `ladder lab new`'s use case.
    @discardableResult
    func scaffold(_ id: String, kind: String, area: String = "databases", level: String = "junior") throws
        -> LabScaffold.Result
    {
        let request = try LabScaffold.Request(
            id: id, area: area, level: level, kind: kind, language: nil, competencies: competencies)
        return try LabScaffold.write(request, root: root)
    }

    /// Copies a lab of the repository's catalog, both halves.
    func copyRealLab(_ id: String) throws {
        for half in ["Labs", "Graders"] {
            try FileManager.default.createDirectory(atPath: directory.file(half), withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: CoreBox.repositoryRoot + "/\(half)/\(id)", toPath: directory.file("\(half)/\(id)"))
        }
    }

    /// Copies a real lab of the catalog with only `languages` (its lab.toml's other `[[languages]]` tables and
    /// their starters, references and known-wrong solutions left out): the validator's checks on a real lab, at the
    /// cost of two languages rather than every compiler's (`make test` validates the whole lab in every language).
    func copyRealLab(_ id: String, languages: Set<String>) throws {
        try copyRealLab(id)
        let manifest = directory.file("Labs/\(id)/lab.toml")
        var kept: [Substring] = []
        var dropping = false
        for line in try String(contentsOfFile: manifest, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line.hasPrefix("[") { dropping = false }
            if line.hasPrefix("id = \""), kept.last(where: { $0.hasPrefix("[") }) == "[[languages]]" {
                let language = line.dropFirst("id = \"".count).prefix { $0 != "\"" }
                if !languages.contains(String(language)) {
                    dropping = true
                    while kept.last != "[[languages]]" { kept.removeLast() }
                    kept.removeLast()
                    continue
                }
            }
            if !dropping { kept.append(line) }
        }
        try kept.joined(separator: "\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let fileManager = FileManager.default
        for parent in ["Labs/\(id)/starter", "Graders/\(id)/reference"]
            + (try fileManager.contentsOfDirectory(
                atPath: directory.file("Graders/\(id)/wrong")
            ).map { "Graders/\(id)/wrong/\($0)" })
        {
            for language in try fileManager.contentsOfDirectory(atPath: directory.file(parent))
            where !languages.contains(language) {
                try fileManager.removeItem(atPath: directory.file("\(parent)/\(language)"))
            }
        }
        for wrong in try fileManager.contentsOfDirectory(atPath: directory.file("Graders/\(id)/wrong"))
        where try fileManager.contentsOfDirectory(atPath: directory.file("Graders/\(id)/wrong/\(wrong)")).isEmpty {
            try fileManager.removeItem(atPath: directory.file("Graders/\(id)/wrong/\(wrong)"))
        }
    }

    func location(_ id: String) -> LabLocation { LabLocation(id: id, root: root) }

    func validator(runs: Int, wrongRuns: Int? = nil) throws -> LabValidator {
        LabValidator(sandbox: try CoreBox.sandbox(), runs: runs, wrongRuns: wrongRuns)
    }

    func validate(_ id: String, runs: Int = 2, wrongRuns: Int? = nil) async throws -> LabValidation {
        try await validator(runs: runs, wrongRuns: wrongRuns).validate(location(id))
    }
}

extension LabValidation {
    /// The check of `kind` about `subject`, if there is exactly one.
    func check(_ kind: String, _ subject: String) -> ValidationCheck? {
        let matching = checks.filter { $0.kind == kind && $0.subject == subject }
        return matching.count == 1 ? matching[0] : nil
    }

    /// Every check, one per line, for failure messages.
    var listing: String {
        checks.map { "\($0.status.rawValue) [\($0.kind)] \($0.subject): \($0.detail)" }.joined(separator: "\n")
    }
}
