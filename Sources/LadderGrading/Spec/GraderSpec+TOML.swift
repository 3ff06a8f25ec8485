import Foundation
import LadderModel
import LadderTOML

extension GraderSpec {
    /// The spec format this version of Ladder reads (`format = 1` at the top of grader.toml).
    public static let format = 1

    /// The kinds of test a spec may use, in the order the docs present them.
    public static let kinds = ["io", "http", "sql", "script", "tests", "git"]

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
            throw ManifestError(file: file, message: "cannot read the grader spec (\(error.message)); every lab needs Graders/<id>/grader.toml")
        }
        return try parse(text, file: file, directory: directory, lab: lab)
    }

    /// Parses grader.toml text; `directory` is where fixture paths are resolved.
    public static func parse(_ text: String, file: String, directory: String, lab: Lab?) throws(ManifestError) -> GraderSpec {
        var reader = TOMLReader(try TOMLDocument.parse(text, file: file))
        let format = try reader.require("format") { field throws(ManifestError) in try field.integer() }
        guard format == Self.format else {
            throw reader.error("format \(format) is not supported; this version of Ladder reads format \(Self.format)", key: "format")
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

    /// The spec's stages must be the lab's stages, in order, each worth the points the lab announces.
    func check(against lab: Lab, file: String) throws(ManifestError) {
        let specIDs = stages.map(\.id)
        let labIDs = lab.stages.map(\.id)
        guard specIDs == labIDs else {
            throw ManifestError(
                file: file, line: stages.first?.line, field: "stages",
                message: "stages [\(specIDs.joined(separator: ", "))] do not match lab.toml's [\(labIDs.joined(separator: ", "))]; list the same stages in the same order")
        }
        for (stage, labStage) in zip(stages, lab.stages) {
            let points = stage.tests.reduce(0) { $0 + $1.points }
            guard points == labStage.points else {
                throw ManifestError(
                    file: file, line: stage.line, field: "stages.\(stage.id)",
                    message: "stage '\(stage.id)' has tests worth \(points) points but lab.toml gives it \(labStage.points); make them agree")
            }
        }
        // pass-mark is a minimum score on top of the required tests (so a lab may ask for some stretch points); one
        // equal to the total would make every stretch goal required after all, which `required = false` says it is not.
        let stretch = stages.flatMap { stage in stage.tests.filter { !$0.required }.map { "\(stage.id)/\($0.id)" } }
        if !stretch.isEmpty, lab.passMark >= totalPoints {
            throw ManifestError(
                file: lab.directory + "/" + Lab.manifestName, field: "pass-mark",
                message: "pass-mark \(lab.passMark) is every point, so the tests marked required = false (\(stretch.joined(separator: ", "))) are required after all; lower pass-mark to \(requiredPoints), the points of the required tests (or to the score a pass needs)")
        }
    }
}

extension GraderStage {
    init(reading reader: inout TOMLReader, directory: String) throws(ManifestError) {
        let id = try reader.require("id") { field throws(ManifestError) in try field.nonEmptyString() }
        var seen: Set<String> = []
        let tests = try reader.tables("tests", required: true) { test, _ throws(ManifestError) in
            let parsed = try GraderTest(reading: &test, directory: directory)
            guard seen.insert(parsed.id).inserted else {
                throw test.error("test id '\(parsed.id)' is used twice in stage '\(id)'; give each test its own id", key: "id")
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
        let limits = try reader.optionalNested("limits") { limits throws(ManifestError) in try Limits(reading: &limits) }
        let kindName = try reader.optional("kind") { field throws(ManifestError) in try field.oneOf(GraderSpec.kinds) } ?? "io"
        let fixtures = FixtureResolver(directory: directory, reader: reader)
        let kind: Kind
        switch kindName {
        case "http": kind = .http(try HTTPCheck(reading: &reader))
        case "sql": kind = .sql(try SQLCheck(reading: &reader, fixtures: fixtures))
        case "script": kind = .script(try ScriptCheck(reading: &reader))
        case "tests": kind = .tests(try MutationCheck(reading: &reader, fixtures: fixtures))
        case "git": kind = .git(try GitCheck(reading: &reader))
        default: kind = .io(try IOCheck(reading: &reader, fixtures: fixtures))
        }
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
            throw reader.error("fixture path '\(path)' must be relative to the grader directory and stay inside it", key: key)
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

extension OutputComparison {
    /// The names `compare = "..."` accepts.
    static let names = ["exact", "trimmed", "lines", "regex", "contains", "numbers", "json", "json-subset"]

    /// Reads `compare` and its companions (`pattern`, `tolerance`, `relative`) from a test table.
    static func read(_ reader: inout TOMLReader, prefix: String = "") throws(ManifestError) -> OutputComparison {
        let name = try reader.optional("\(prefix)compare") { field throws(ManifestError) in try field.oneOf(names) } ?? "lines"
        switch name {
        case "exact": return .exact
        case "trimmed": return .trimmed
        case "regex":
            let pattern = try reader.require("\(prefix)pattern", as: String.self)
            try checkRegex(pattern, reader: reader, key: "\(prefix)pattern")
            return .regex(pattern)
        case "contains":
            return .contains(try reader.require("\(prefix)pattern", as: String.self))
        case "numbers":
            let tolerance = try reader.optional("\(prefix)tolerance") { field throws(ManifestError) in try field.double() } ?? 1e-6
            let relative = try reader.optional("\(prefix)relative", as: Bool.self) ?? false
            return .numbers(tolerance: tolerance, relative: relative)
        case "json": return .jsonEqual
        case "json-subset": return .jsonSubset
        default: return .lines
        }
    }
}

extension IOCheck {
    init(reading reader: inout TOMLReader, fixtures: FixtureResolver) throws(ManifestError) {
        let arguments = try reader.optional("args", as: [String].self) ?? []
        let stdin = try fixtures.text(&reader, "stdin")
        let environment = try reader.optional("env") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        var files: [String: String] = [:]
        let fileMap = try reader.optional("files") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        for (destination, source) in fileMap {
            guard !destination.hasPrefix("/"), !destination.split(separator: "/").contains("..") else {
                throw reader.error("file destination '\(destination)' must be relative to the work directory", key: "files")
            }
            files[destination] = try fixtures.check(source, key: "files")
        }
        let comparison = try OutputComparison.read(&reader)
        let stdout = try fixtures.text(&reader, "stdout")
        let select = try reader.optional("select", as: String.self)
        if let select {
            try checkRegex(select, reader: reader, key: "select")
        }
        let needsExpected: Bool
        switch comparison {
        case .regex, .contains: needsExpected = false
        default: needsExpected = true
        }
        let exitCode = try reader.optional("exit-code") { field throws(ManifestError) in Int32(try field.integer(in: 0...255)) } ?? 0
        let stderr = try fixtures.text(&reader, "stderr")
        let stderrComparison = try OutputComparison.read(&reader, prefix: "stderr-")
        if needsExpected, stdout == nil, !reader.contains("exit-code") {
            // A misspelt 'stdout-file' is the likelier mistake; name it rather than ask for a key that is "missing".
            try reader.finish()
            throw reader.error("an io test needs 'stdout' or 'stdout-file' (or at least 'exit-code') to check anything")
        }
        self.init(
            arguments: arguments, stdin: stdin, environment: environment, files: files, stdout: stdout,
            comparison: comparison, select: select, exitCode: exitCode, stderr: stderr, stderrComparison: stderrComparison)
    }
}

extension HTTPCheck {
    init(reading reader: inout TOMLReader) throws(ManifestError) {
        let readinessPath = try reader.optional("ready-path", as: String.self)
        let startupTimeout = try reader.optional("startup-timeout") { field throws(ManifestError) in
            try field.duration(in: .milliseconds(100) ... .seconds(60))
        } ?? .seconds(10)
        let steps = try reader.tables("steps", required: true) { step, _ throws(ManifestError) in try HTTPStep(reading: &step) }
        self.init(readinessPath: readinessPath, startupTimeout: startupTimeout, steps: steps)
    }
}

extension HTTPStep {
    static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    init(reading reader: inout TOMLReader) throws(ManifestError) {
        let method = try reader.optional("method") { field throws(ManifestError) in try field.oneOf(Self.methods) } ?? "GET"
        let path = try reader.require("path", as: String.self)
        guard path.hasPrefix("/") || path.hasPrefix("{{") else {
            throw reader.error("path '\(path)' must start with '/' (or be a captured value such as '{{location}}')", key: "path")
        }
        // Caught here, a bad path is the lab's mistake; found at run time it would read as the learner's runtime-error.
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw reader.error("path '\(path)' has a space or control character; percent-encode it (%20)", key: "path")
        }
        let headers = try reader.optional("headers") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        let body = try reader.optional("body", as: String.self)
        let status = try reader.optional("status") { field throws(ManifestError) in try field.integer(in: 100...599) }
        let expectHeaders = try reader.optional("expect-headers") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        // Patterns with a capture in them can only be checked once the capture is known, at run time.
        for pattern in expectHeaders.values where !pattern.contains("{{") {
            try checkRegex(pattern, reader: reader, key: "expect-headers")
        }
        let json = try reader.optional("json", as: String.self)
        let pointers = try reader.optional("pointers") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        let pattern = try reader.optional("body-pattern", as: String.self)
        if let pattern {
            try checkRegex(pattern, reader: reader, key: "body-pattern")
        }
        let captures = try reader.optional("capture") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        for (name, source) in captures where !(source.hasPrefix("/") || source.hasPrefix("header:")) {
            throw reader.error("capture '\(name)' = '\(source)': use a JSON Pointer like '/id' or 'header:Location'", key: "capture")
        }
        self.init(
            method: method, path: path, headers: headers, body: body, expectStatus: status, expectHeaders: expectHeaders,
            expectJSONSubset: json, expectPointers: pointers, expectBodyPattern: pattern, captures: captures)
    }
}

extension SQLCheck {
    init(reading reader: inout TOMLReader, fixtures: FixtureResolver) throws(ManifestError) {
        let seed = try reader.optional("seed", as: String.self)
        if let seed { _ = try fixtures.check(seed, key: "seed") }
        let setup = try reader.optional("setup", as: [String].self) ?? []
        let query = try reader.require("query", as: String.self)
        let rows = try fixtures.text(&reader, "rows")
        let ordered = try reader.optional("ordered", as: Bool.self) ?? false
        let includes = try reader.optional("plan-includes", as: [String].self) ?? []
        let excludes = try reader.optional("plan-excludes", as: [String].self) ?? []
        let budget = try reader.optional("budget") { field throws(ManifestError) in try field.duration(in: .milliseconds(1) ... .seconds(30)) }
        if rows == nil, includes.isEmpty, excludes.isEmpty, budget == nil {
            throw reader.error("an sql test needs 'rows', 'rows-file', 'plan-includes', 'plan-excludes' or 'budget' to check anything")
        }
        self.init(
            seed: seed, setup: setup, query: query, expectRows: rows, ordered: ordered,
            planMustInclude: includes, planMustExclude: excludes, budget: budget)
    }
}

extension ScriptCheck {
    init(reading reader: inout TOMLReader) throws(ManifestError) {
        let command = try reader.require("command") { field throws(ManifestError) in try field.command() }
        let format = try reader.require("format") { field throws(ManifestError) in
            Format(rawValue: try field.oneOf(Format.allCases.map(\.rawValue)))!
        }
        let withService = try reader.optional("service", as: Bool.self) ?? false
        let profile = try reader.optional("profile", as: String.self) ?? "python"
        self.init(command: command, format: format, withService: withService, profile: profile)
    }
}

extension MutationCheck {
    /// The file in each mutant's directory that describes it; it is never copied into a run.
    public static let aboutFile = "about.txt"

    init(reading reader: inout TOMLReader, fixtures: FixtureResolver) throws(ManifestError) {
        let command = try reader.optional("command") { field throws(ManifestError) in try field.command() }
        let implementation = try reader.optional("implementation", as: String.self)
        if let implementation { try Self.directory(implementation, key: "implementation", fixtures) }
        let equivalents = try reader.optional("equivalents", as: [String].self) ?? []
        for equivalent in equivalents { try Self.directory(equivalent, key: "equivalents", fixtures) }
        let mutantsDirectory = try reader.require("mutants", as: String.self)
        try Self.directory(mutantsDirectory, key: "mutants", fixtures)
        let root = fixtures.directory + "/" + mutantsDirectory
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { !$0.hasPrefix(".") && Self.isDirectory(root + "/" + $0) }
            .sorted()
        guard !names.isEmpty else {
            throw reader.error(
                "'\(mutantsDirectory)' holds no mutants; give it one subdirectory per mutant, each with the files it replaces and an \(Self.aboutFile)",
                key: "mutants")
        }
        var mutants: [Mutant] = []
        for name in names {
            let directory = mutantsDirectory + "/" + name
            let files = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + name)) ?? []
            guard let data = FileManager.default.contents(atPath: root + "/" + name + "/" + Self.aboutFile) else {
                throw reader.error(
                    "mutant '\(directory)' has no \(Self.aboutFile); write one saying, in the learner's terms and without code, which behaviour a test suite that misses this mutant leaves untested",
                    key: "mutants")
            }
            let about = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !about.isEmpty else {
                throw reader.error("mutant '\(directory)' has an empty \(Self.aboutFile); say which behaviour goes untested when it survives", key: "mutants")
            }
            guard files.contains(where: { $0 != Self.aboutFile }) else {
                throw reader.error("mutant '\(directory)' holds only \(Self.aboutFile); add the implementation files it replaces", key: "mutants")
            }
            mutants.append(Mutant(name: name, directory: directory, about: about))
        }
        self.init(
            command: command, implementation: implementation, equivalents: equivalents,
            mutantsDirectory: mutantsDirectory, mutants: mutants)
    }

    private static func directory(_ path: String, key: String, _ fixtures: FixtureResolver) throws(ManifestError) {
        _ = try fixtures.check(path, key: key)
        guard isDirectory(fixtures.directory + "/" + path) else {
            throw fixtures.reader.error("'\(path)' must be a directory of files to copy over the submission", key: key)
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
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
