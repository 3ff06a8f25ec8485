import LadderTOML

/// A lab: the public manifest `Labs/<id>/lab.toml`, decoded.
public struct Lab: Sendable, Equatable, Codable {
    /// The manifest's file name inside a lab directory.
    public static let manifestName = "lab.toml"

    /// Lowercase kebab case; equal to the lab's directory name in a catalog.
    public var id: String
    public var title: String
    public var version: SemanticVersion
    /// One or two sentences for `ladder list` and `ladder show`.
    public var summary: String
    /// The skills the lab exercises, as keys into the competency map.
    public var competencies: [CompetencyKey]
    /// The lowest rung this lab counts towards.
    public var rung: Rung
    /// The languages the lab can be done in; the first is the default.
    public var languages: [LabLanguage]
    /// Stages in order; a later stage's tests re-run the earlier ones.
    public var stages: [Stage]
    /// The least score a pass needs, on top of every required test passing; at most ``totalPoints``.
    public var passMark: Int
    /// Limits for every run of the learner's program (per-test limits in the grader spec may override them).
    public var limits: Limits
    /// The directory the lab was loaded from.
    public var directory: String

    public init(
        id: String, title: String, version: SemanticVersion, summary: String, competencies: [CompetencyKey], rung: Rung,
        languages: [LabLanguage], stages: [Stage], passMark: Int, limits: Limits, directory: String
    ) {
        self.id = id
        self.title = title
        self.version = version
        self.summary = summary
        self.competencies = competencies
        self.rung = rung
        self.languages = languages
        self.stages = stages
        self.passMark = passMark
        self.limits = limits
        self.directory = directory
    }

    public var totalPoints: Int { stages.reduce(0) { $0 + $1.points } }

    /// What passing a lab means, in the words `ladder show`, the docs and every lab's README use.
    public static let passRule =
        "You pass when every required test passes; points show partial credit but never pass the lab on their own"

    /// The first language, which `ladder start` uses when none is asked for.
    public var defaultLanguage: LabLanguage { languages[0] }

    public func language(_ id: String) -> LabLanguage? { languages.first { $0.id == id } }

    public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }

    /// The title of stage `id` as a learner sees it: the manifest's, or the id when the manifest has no such stage.
    public func stageTitle(_ id: String) -> String { stage(id)?.title ?? id }

    /// The areas of the competencies, without repeats, in the order first named.
    public var areas: [String] {
        var seen: Set<String> = []
        return competencies.map(\.area).filter { seen.insert($0).inserted }
    }

    /// The path of the manifest.
    public var manifestPath: String { Paths.join(directory, Lab.manifestName) }
}

/// One stage of a lab.
public struct Stage: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var summary: String?
    /// The points the stage's tests are worth together.
    public var points: Int

    public init(id: String, title: String, summary: String? = nil, points: Int) {
        self.id = id
        self.title = title
        self.summary = summary
        self.points = points
    }
}

/// A language a lab can be done in, and how to build and run a solution in it.
public struct LabLanguage: Sendable, Equatable, Codable {
    /// "python", "node", "java", "swift", "c", "go", ...
    public var id: String
    /// For display: "Python", "Node.js".
    public var name: String
    /// The sandbox profile the program runs under (by default the one `knownProfiles` names, else the language id).
    public var profile: String
    /// The build command, run once in the solution's directory before any test.
    public var build: [String]?
    /// The command that runs the solution, in the solution's directory.
    public var run: [String]
    /// The starter code's directory, relative to the lab directory (by default `starter/<id>`).
    public var starter: String
    /// A command that runs the visible tests, when they are not plain input/output files.
    public var test: [String]?

    public init(
        id: String, name: String? = nil, profile: String? = nil, build: [String]? = nil, run: [String],
        starter: String? = nil,
        test: [String]? = nil
    ) {
        self.id = id
        self.name = name ?? LabLanguage.knownNames[id] ?? id
        self.profile = profile ?? LabLanguage.knownProfiles[id] ?? id
        self.build = build
        self.run = run
        self.starter = starter ?? "starter/\(id)"
        self.test = test
    }

    /// Display names used when a manifest gives none.
    public static let knownNames: [String: String] = [
        "python": "Python", "node": "Node.js", "java": "Java", "swift": "Swift", "c": "C", "cpp": "C++", "go": "Go",
        "rust": "Rust", "ruby": "Ruby", "php": "PHP", "csharp": "C#", "sql": "SQL",
    ]
}

extension LabLanguage {
    /// Languages whose runtime's profile has another name than the language: the JVM runs Java and Kotlin, gcc C++.
    /// (`scripts/bootstrap.sh` repeats these to install the runtimes before anything is built.)
    public static let knownProfiles: [String: String] = ["java": "jvm", "kotlin": "jvm", "cpp": "c"]
}

/// What to check while decoding a lab beyond its own file.
public struct LabChecks: Sendable {
    /// Competency keys must exist in this map.
    public var competencies: CompetencyMap?
    /// The id must be this (the directory name, in a catalog).
    public var expectedID: String?
    /// Each language's starter directory must exist; called with the path joined to the lab directory.
    public var directoryExists: (@Sendable (String) -> Bool)?

    public init(
        competencies: CompetencyMap? = nil, expectedID: String? = nil,
        directoryExists: (@Sendable (String) -> Bool)? = nil
    ) {
        self.competencies = competencies
        self.expectedID = expectedID
        self.directoryExists = directoryExists
    }

    public static let none = LabChecks()
}

extension Lab {
    /// The keys a lab manifest may have at its top level.
    public static let topLevelKeys = [
        "id", "title", "version", "summary", "competencies", "rung", "pass-mark", "languages", "stages", "limits",
    ]

    /// Decodes a lab manifest.
    ///
    /// - Parameters:
    ///   - directory: the lab's directory, kept in ``directory`` and used to resolve starter paths.
    ///   - checks: what to check against the world outside the file (the competency map, the directory name).
    /// - Throws: ``ManifestError`` naming the file, the line and the field.
    public static func decode(_ document: TOMLDocument, directory: String, checks: LabChecks = .none)
        throws(ManifestError) -> Lab
    {
        var reader = TOMLReader(document)
        let id = try reader.require("id") { field throws(ManifestError) in try field.identifier("a lab id") }
        if let expected = checks.expectedID, id != expected {
            throw reader.error(
                "the id '\(id)' does not match the lab's directory name '\(expected)'; rename one so they are equal",
                key: "id")
        }
        let title = try reader.require("title") { field throws(ManifestError) in try field.nonEmptyString() }
        let version = try reader.require("version", as: SemanticVersion.self)
        let summary = try reader.require("summary") { field throws(ManifestError) in try field.nonEmptyString() }
        let rung = try reader.require("rung", as: Rung.self)
        let competencies = try reader.require("competencies") { field throws(ManifestError) in
            try decodeCompetencies(field, map: checks.competencies)
        }
        let languages = try decodeLanguages(&reader, directory: directory, checks: checks)
        let stages = try decodeStages(&reader)
        let total = stages.reduce(0) { $0 + $1.points }
        let passMark = try reader.require("pass-mark") { field throws(ManifestError) in
            let mark = try field.integer(in: 1...Int.max)
            guard mark <= total else {
                throw field.error(
                    "pass-mark \(mark) is more than the \(total) points the stages are worth; lower it or add points")
            }
            return mark
        }
        let limits =
            try reader.optionalNested("limits") { limits throws(ManifestError) in try Limits(reading: &limits) }
            ?? Limits()
        try reader.finish()
        return Lab(
            id: id, title: title, version: version, summary: summary, competencies: competencies, rung: rung,
            languages: languages, stages: stages, passMark: passMark, limits: limits, directory: directory)
    }

    private static func decodeCompetencies(_ field: TOMLField, map: CompetencyMap?) throws(ManifestError)
        -> [CompetencyKey]
    {
        let items = try field.array()
        guard !items.isEmpty else {
            throw field.error("list at least one competency key, like [\"databases.relational\"]")
        }
        var keys: [CompetencyKey] = []
        for item in items {
            let key = try CompetencyKey.decode(item)
            if keys.contains(key) { throw item.error("competency '\(key)' is listed twice") }
            if let map, !map.contains(key) {
                let hint = Suggestions.didYouMean(map.suggestions(for: key.description))
                throw item.error("unknown competency '\(key)'\(hint); the keys are in Labs/\(CompetencyMap.fileName)")
            }
            keys.append(key)
        }
        return keys
    }

    private static func decodeLanguages(_ reader: inout TOMLReader, directory: String, checks: LabChecks)
        throws(ManifestError) -> [LabLanguage]
    {
        var seen: [String: Int] = [:]
        let languages = try reader.tables("languages", required: true) {
            (language: inout TOMLReader, _: Int) throws(ManifestError) -> LabLanguage in
            let id = try language.require("id") { field throws(ManifestError) in
                try field.identifier("a language id", example: "python")
            }
            if let first = seen[id] {
                throw language.error("language '\(id)' is listed twice (first at line \(first))", key: "id")
            }
            seen[id] = language.table.line(of: "id") ?? 0
            let name = try language.optional("name") { field throws(ManifestError) in try field.nonEmptyString() }
            let profile = try language.optional("profile") { field throws(ManifestError) in
                try field.identifier("a sandbox profile name", example: "python")
            }
            let build = try language.optional("build") { field throws(ManifestError) in try field.command() }
            let run = try language.require("run") { field throws(ManifestError) in try field.command() }
            let starter = try language.optional("starter") { field throws(ManifestError) in
                let path = try field.nonEmptyString()
                guard Identifier.isContainedRelativePath(path) else {
                    throw field.expected("a path inside the lab directory, like \"starter/\(id)\"")
                }
                return path
            }
            let test = try language.optional("test") { field throws(ManifestError) in try field.command() }
            let result = LabLanguage(
                id: id, name: name, profile: profile, build: build, run: run, starter: starter, test: test)
            if let exists = checks.directoryExists, !exists(Paths.join(directory, result.starter)) {
                let message =
                    "the starter directory '\(result.starter)' does not exist in \(directory); create it or set 'starter'"
                throw starter == nil ? language.error(message) : language.error(message, key: "starter")
            }
            return result
        }
        guard !languages.isEmpty else {
            throw reader.error("a lab needs at least one [[languages]] section", key: "languages")
        }
        return languages
    }

    private static func decodeStages(_ reader: inout TOMLReader) throws(ManifestError) -> [Stage] {
        var seen: [String: Int] = [:]
        let stages = try reader.tables("stages", required: true) {
            (stage: inout TOMLReader, _: Int) throws(ManifestError) -> Stage in
            let id = try stage.require("id") { field throws(ManifestError) in
                try field.identifier("a stage id", example: "status-counts")
            }
            if let first = seen[id] {
                throw stage.error(
                    "stage '\(id)' is listed twice (first at line \(first)); stage ids must be unique", key: "id")
            }
            seen[id] = stage.table.line(of: "id") ?? 0
            return Stage(
                id: id,
                title: try stage.require("title") { field throws(ManifestError) in try field.nonEmptyString() },
                summary: try stage.optional("summary") { field throws(ManifestError) in try field.nonEmptyString() },
                points: try stage.require("points") { field throws(ManifestError) in try field.integer(in: 1...Int.max)
                })
        }
        guard !stages.isEmpty else {
            throw reader.error("a lab needs at least one [[stages]] section", key: "stages")
        }
        return stages
    }
}

/// Joining paths without Foundation's URL machinery.
enum Paths {
    static func join(_ base: String, _ relative: String) -> String {
        if base.isEmpty || base == "." { return relative }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }
}
