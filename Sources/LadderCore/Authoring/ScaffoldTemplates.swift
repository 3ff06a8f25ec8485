import Foundation
import LadderModel
import LadderTOML

/// The files of a new lab, per grader kind: a tiny but complete example that `ladder lab validate` accepts.
///
/// Each example is deliberately small (a greeting, a health check, a filtered query, a slug function) so the author
/// sees every part of a lab working before replacing it: stages, hidden tests, visible tests, a reference, a starter
/// that does not pass, and a known-wrong solution the hidden tests catch.
///
/// The files are resources of this module, in `Scaffold/` beside this file. `Scaffold/<kind>/Labs/` and
/// `Scaffold/<kind>/Graders/` are the example's two halves as they are written, each program whole and runnable as
/// it is. Three files of a kind are only its part of a file every kind shares, and are written inside the shared one:
/// `Labs/lab.toml` (the kind's languages, then its stages) inside `Scaffold/lab.toml`; `Labs/README.md` (the
/// sections "The task", "Getting started" and "Hints") inside `Scaffold/README.md`; `Graders/grader.toml` (the
/// kind's hidden tests) after `Scaffold/grader.toml`. Text is filled in through `@name@` placeholders (see
/// ``values(stages:)``). In a kind's files they stand in names, strings and comments only, so each file reads as what
/// it is (Python, SQL, TOML); the three shared files are templates throughout (`pass-mark = @points@`).
struct ScaffoldTemplates {
    let request: LabScaffold.Request
    /// The `Scaffold` directory of templates.
    let directory: String

    /// The templates of this module's resource bundle.
    init(request: LabScaffold.Request) throws(AuthoringError) {
        self.request = request
        self.directory = try Self.bundledDirectory()
    }

    /// The `Scaffold` directory of this module's resource bundle, which `make install` puts beside `ladder`.
    static func bundledDirectory() throws(AuthoringError) -> String {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Scaffold").path,
            FileManager.default.fileExists(atPath: directory + "/lab.toml")
        else {
            throw AuthoringError(
                .fileSystem,
                "the lab templates are missing from \(Bundle.module.bundlePath); reinstall Ladder (`make install`) or build it again"
            )
        }
        return directory
    }

    /// A stage of the example, as lab.toml declares it and the README presents it.
    struct StageText: Equatable {
        let id: String
        let title: String
        let summary: String
        let points: Int
    }

    /// (path relative to the catalog root, contents)
    func files() throws(AuthoringError) -> [(String, String)] {
        let kind = directory + "/" + request.kind.rawValue
        let labPart = try read(kind + "/Labs/lab.toml")
        let stages = try Self.stages(in: labPart, file: kind + "/Labs/lab.toml")
        let values = values(stages: stages)
        func render(_ path: String, _ extra: [String: String] = [:]) throws(AuthoringError) -> String {
            try Self.render(read(path), values.merging(extra) { $1 }, file: path)
        }
        let (languages, stageTables) = Self.split(try Self.render(labPart, values, file: kind + "/Labs/lab.toml"))
        let readmePart = Self.sections(try render(kind + "/Labs/README.md"))
        var files: [(String, String)] = [
            (
                "Labs/\(request.id)/lab.toml",
                try render(directory + "/lab.toml", ["languages": languages, "stages": stageTables])
            ),
            (
                "Labs/\(request.id)/README.md",
                try render(
                    directory + "/README.md",
                    [
                        "task": readmePart["The task"] ?? "", "getting-started": readmePart["Getting started"] ?? "",
                        "hints": readmePart["Hints"] ?? "",
                    ])
            ),
            (
                "Graders/\(request.id)/grader.toml",
                try render(directory + "/grader.toml") + "\n" + render(kind + "/Graders/grader.toml")
            ),
        ]
        for half in ["Labs", "Graders"] {
            for relative in try Self.regularFiles(under: kind + "/" + half)
            where !Self.parts.contains(half + "/" + relative) {
                files.append(("\(half)/\(request.id)/\(relative)", try render(kind + "/" + half + "/" + relative)))
            }
        }
        return files
    }

    /// The files of a kind that are its part of a shared file, rather than files of the lab.
    static let parts: Set<String> = ["Labs/lab.toml", "Labs/README.md", "Graders/grader.toml"]

    /// What each placeholder stands for, but the parts of a kind placed inside the shared files.
    func values(stages: [StageText]) -> [String: String] {
        [
            "id": request.id,
            "title": LabScaffold.title(for: request.id),
            "rung": request.rung.rawValue,
            "rung-title": request.rung.title,
            "area": request.area.key,
            "area-title": request.area.title,
            "competency": "\(request.competency)",
            "language-name": LabLanguage.knownNames[request.language] ?? request.language,
            "points": String(stages.reduce(0) { $0 + $1.points }),
            "pass-rule": Lab.passRule,
            "stage-list": stages.enumerated().map { index, stage in
                "\(index + 1). **\(stage.title)** (\(stage.points) points). \(stage.summary) <!-- rule: \(stage.id) -->"
            }.joined(separator: "\n"),
        ]
    }

    /// `template` with every `@name@` replaced by its value; a name without one is a fault of the templates.
    static func render(_ template: String, _ values: [String: String], file: String) throws(AuthoringError) -> String {
        var out = ""
        var rest = template[...]
        while let match = rest.firstMatch(of: placeholder) {
            let name = String(match.output.1)
            guard let value = values[name] else {
                throw AuthoringError(
                    .fileSystem,
                    "\(file): the placeholder @\(name)@ has no value; the lab templates are damaged, reinstall Ladder")
            }
            out += rest[..<match.range.lowerBound]
            out += value
            rest = rest[match.range.upperBound...]
        }
        return out + rest
    }

    /// `@name@`, a name of lowercase letters and hyphens.
    static var placeholder: Regex<(Substring, Substring)> { #/@([a-z][a-z-]*)@/# }

    /// A kind's lab.toml part as its languages and its stages: it is split before the first `[[stages]]`, since
    /// the shared lab.toml explains each with a comment of its own.
    static func split(_ labPart: String) -> (languages: String, stages: String) {
        guard let start = labPart.range(of: "\n[[stages]]\n") else { return (labPart, "") }
        let languages = labPart[..<start.lowerBound].trimmingCharacters(in: .newlines)
        return (languages, String(labPart[labPart.index(after: start.lowerBound)...]).trimmingCharacters(in: .newlines))
    }

    /// The stages a kind's lab.toml part declares.
    static func stages(in labPart: String, file: String) throws(AuthoringError) -> [StageText] {
        let document: TOMLDocument
        do {
            document = try TOMLDocument.parse(labPart, file: file)
        } catch {
            throw AuthoringError(.fileSystem, "\(error); the lab templates are damaged, reinstall Ladder")
        }
        return (document.root["stages"]?.arrayValue ?? []).compactMap(\.tableValue).map { table in
            StageText(
                id: table["id"]?.stringValue ?? "", title: table["title"]?.stringValue ?? "",
                summary: table["summary"]?.stringValue ?? "", points: table["points"]?.integerValue ?? 0)
        }
    }

    /// The body of each `## ` section of a markdown part, by heading.
    static func sections(_ markdown: String) -> [String: String] {
        var sections: [String: String] = [:]
        for chunk in ("\n" + markdown).components(separatedBy: "\n## ").dropFirst() {
            let heading = chunk.prefix { $0 != "\n" }
            sections[String(heading)] = chunk.dropFirst(heading.count).trimmingCharacters(in: .newlines)
        }
        return sections
    }

    /// The paths of the regular files under `root`, relative to it, sorted.
    static func regularFiles(under root: String) throws(AuthoringError) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw AuthoringError(.fileSystem, "the lab templates have no directory \(root); reinstall Ladder")
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    private func read(_ path: String) throws(AuthoringError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AuthoringError(
                .fileSystem, "cannot read the lab template \(path) (\(error.localizedDescription)); reinstall Ladder")
        }
    }
}
