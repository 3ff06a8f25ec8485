import Foundation
import LadderModel
import LadderTOML

extension GraderSpec {
    /// The spec format this version of Ladder reads (`format = 1` at the top of grader.toml).
    public static let format = 1

    /// Loads `<directory>/grader.toml` and checks it against the lab: same stages, in order; every fixture present.
    ///
    ///
    /// Errors name the file, line and field; a broken spec is the lab's fault and is reported as such.
    /// - Parameter lab: the lab the spec must match (stages and points); nil for a lab's visible tests, which may
    ///   cover any part of it.
    public static func load(directory: String, lab: Lab?) throws(ManifestError) -> GraderSpec {
        let file = directory + "/grader.toml"
        let text: String
        do {
            text = try TOMLDocument.readText(path: file)
        } catch {
            throw ManifestError(
                file: file,
                message: "cannot read the grader spec (\(error.message)); every lab needs Graders/<id>/grader.toml")
        }
        return try parse(text, file: file, directory: directory, lab: lab)
    }

    /// Parses grader.toml text; `directory` is where fixture paths are resolved.
    public static func parse(_ text: String, file: String, directory: String, lab: Lab?) throws(ManifestError)
        -> GraderSpec
    {
        var reader = TOMLReader(try TOMLDocument.parse(text, file: file))
        let format = try reader.require("format") { field throws(ManifestError) in try field.integer() }
        guard format == Self.format else {
            throw reader.error(
                "format \(format) is not supported; this version of Ladder reads format \(Self.format)", key: "format")
        }
        let stages = try reader.tables("stages", required: true) { stage, _ throws(ManifestError) in
            try GraderStage(reading: &stage, directory: directory)
        }
        try reader.finish()
        let spec = GraderSpec(directory: directory, stages: stages)
        if let lab {
            try spec.check(against: lab, file: file)
        }
        return spec
    }

    /// Checks the tests that hold files per language against the lab's languages: each needs its implementation and
    /// a mutant in every one of them. ``load(directory:lab:)`` does it for a lab's spec; a lab's visible tests, read
    /// without the lab, call it themselves.
    public func check(languages: [String], file: String) throws(ManifestError) {
        for (stageIndex, stage) in stages.enumerated() {
            for (testIndex, test) in stage.tests.enumerated() {
                guard case .tests(let check) = test.kind, let (message, key) = check.problem(languages: languages)
                else { continue }
                throw ManifestError(
                    file: file, line: test.line, field: "stages[\(stageIndex)].tests[\(testIndex)].\(key)",
                    message: "test '\(test.id)': \(message)")
            }
        }
    }

    /// The spec's stages must be the lab's stages, in order, each worth the points the lab announces.
    func check(against lab: Lab, file: String) throws(ManifestError) {
        let specIDs = stages.map(\.id)
        let labIDs = lab.stages.map(\.id)
        guard specIDs == labIDs else {
            throw ManifestError(
                file: file, line: stages.first?.line, field: "stages",
                message:
                    "stages [\(specIDs.joined(separator: ", "))] do not match lab.toml's [\(labIDs.joined(separator: ", "))]; list the same stages in the same order"
            )
        }
        for (stage, labStage) in zip(stages, lab.stages) {
            let points = stage.tests.reduce(0) { $0 + $1.points }
            guard points == labStage.points else {
                throw ManifestError(
                    file: file, line: stage.line, field: "stages.\(stage.id)",
                    message:
                        "stage '\(stage.id)' has tests worth \(points) points but lab.toml gives it \(labStage.points); make them agree"
                )
            }
        }
        // pass-mark is a minimum score on top of the required tests (so a lab may ask for some stretch points); one
        // equal to the total would make every stretch goal required after all, which `required = false` says it is not.
        let stretch = stages.flatMap { stage in stage.tests.filter { !$0.required }.map { "\(stage.id)/\($0.id)" } }
        if !stretch.isEmpty, lab.passMark >= totalPoints {
            throw ManifestError(
                file: lab.directory + "/" + Lab.manifestName, field: "pass-mark",
                message:
                    "pass-mark \(lab.passMark) is every point, so the tests marked required = false (\(stretch.joined(separator: ", "))) are required after all; lower pass-mark to \(requiredPoints), the points of the required tests (or to the score a pass needs)"
            )
        }
        try check(languages: lab.languages.map(\.id), file: file)
    }
}

extension GraderStage {
    init(reading reader: inout TOMLReader, directory: String) throws(ManifestError) {
        let id = try reader.require("id") { field throws(ManifestError) in try field.nonEmptyString() }
        var seen: Set<String> = []
        let tests = try reader.tables("tests", required: true) { test, _ throws(ManifestError) in
            let parsed = try GraderTest(reading: &test, directory: directory)
            guard seen.insert(parsed.id).inserted else {
                throw test.error(
                    "test id '\(parsed.id)' is used twice in stage '\(id)'; give each test its own id", key: "id")
            }
            return parsed
        }
        self.init(id: id, tests: tests, line: reader.line)
    }
}

extension GraderTest {
    init(reading reader: inout TOMLReader, directory: String) throws(ManifestError) {
        let id = try reader.require("id") { field throws(ManifestError) in try field.nonEmptyString() }
        let title = try reader.optional("title", as: String.self) ?? id
        let points = try reader.require("points") { field throws(ManifestError) in try field.integer(in: 0...1000) }
        let feedback = try reader.optional("feedback", as: String.self)
        let required = try reader.optional("required", as: Bool.self) ?? true
        let secret = try reader.optional("secret", as: Bool.self) ?? false
        if secret, (feedback ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            // A learner never sees a secret test's input, so the hint is all they have to find the broken rule.
            throw reader.error(
                "test '\(id)' is secret = true but has no feedback; a learner cannot see its input, so give feedback naming the README rule it checks",
                key: "secret")
        }
        let covers = try reader.optional("covers", as: [String].self) ?? []
        if let blank = covers.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw reader.error("covers[\(blank)] is empty; name the README rule the test checks", key: "covers")
        }
        let limits = try reader.optionalNested("limits") { limits throws(ManifestError) in try Limits(reading: &limits)
        }
        let graderKind = try reader.optional("kind", as: GraderKind.self) ?? .io
        let kind = try Kind(
            reading: &reader, as: graderKind, fixtures: FixtureResolver(directory: directory, reader: reader))
        self.init(
            id: id, title: title, points: points, feedback: feedback, limits: limits, kind: kind, required: required,
            secret: secret, covers: covers, line: reader.line)
    }
}

/// Checks that fixture paths stay inside the grader directory and exist.
struct FixtureResolver {
    let directory: String
    let reader: TOMLReader

    func check(_ path: String, key: String) throws(ManifestError) -> String {
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw reader.error(
                "fixture path '\(path)' must be relative to the grader directory and stay inside it", key: key)
        }
        guard FileManager.default.fileExists(atPath: directory + "/" + path) else {
            throw reader.error("fixture '\(path)' does not exist in \(directory)", key: key)
        }
        return path
    }

    /// Reads `key` (inline text) or `key-file` (a fixture); at most one of them.
    func text(_ reader: inout TOMLReader, _ key: String) throws(ManifestError) -> ExpectedText? {
        let inline = try reader.optional(key, as: String.self)
        let file = try reader.optional("\(key)-file", as: String.self)
        switch (inline, file) {
        case (let inline?, nil): return .inline(inline)
        case (nil, let file?): return .file(try check(file, key: "\(key)-file"))
        case (nil, nil): return nil
        case (_?, _?): throw reader.error("give either '\(key)' or '\(key)-file', not both", key: "\(key)-file")
        }
    }
}

extension TOMLField {
    /// A table whose values are all strings, such as `env` or `headers`.
    func stringTable() throws(ManifestError) -> [String: String] {
        let reader = try table()
        var result: [String: String] = [:]
        for key in reader.table.keys {
            let field = TOMLField(value: reader.table.value(key)!, file: file, path: reader.path(of: key))
            result[key] = try field.string()
        }
        return result
    }
}

/// A regular expression in a spec must compile when the spec loads, so a typo is the author's error with a line,
/// not a grader-error in the middle of a learner's run; and it must not have a shape that backtracks exponentially
/// (``CatastrophicPattern``), which would stop at the time limit on some learner's output.
func checkRegex(_ pattern: String, reader: TOMLReader, key: String) throws(ManifestError) {
    if (try? Regex(pattern)) == nil {
        throw reader.error("'\(pattern)' is not a valid regular expression", key: key)
    }
    if let reason = CatastrophicPattern.reason(pattern) {
        throw reader.error(reason, key: key)
    }
}
