import Foundation
import LadderTOML
import Testing

@testable import LadderModel

/// Writes a small valid catalog into `directory`: the map, the ladder and the given labs.
func writeCatalog(in directory: TemporaryDirectory, labs: [String: String]) throws {
    try directory.write(
        "Labs/competencies.toml",
        """
        [[areas]]
        key = "databases"
        title = "Databases"
        group = "core"
        summary = "Storing data."

        [[areas.skills]]
        key = "relational"
        title = "Relational Databases"
        topics = "SQL"

        [[areas.skills]]
        key = "nosql"
        title = "NoSQL"
        topics = "Documents"

        [[areas]]
        key = "api"
        title = "APIs"
        group = "core"
        summary = "Designing APIs."

        [[areas.skills]]
        key = "restful-design"
        title = "RESTful Design"
        topics = "Resources"
        """)
    try directory.write("Labs/ladder.toml", ladderText(dropping: nil))
    for (id, text) in labs {
        try directory.write("Labs/\(id)/lab.toml", text)
        try directory.makeDirectory("Labs/\(id)/starter/python")
    }
}

func labText(id: String, rung: Rung = .junior, competencies: [String] = ["databases.relational"]) -> String {
    """
    id = "\(id)"
    title = "Lab \(id)"
    version = "1.0.0"
    summary = "A lab."
    rung = "\(rung.rawValue)"
    competencies = [\(competencies.map { "\"\($0)\"" }.joined(separator: ", "))]
    pass-mark = 10

    [[languages]]
    id = "python"
    run = ["python3", "main.py"]

    [[stages]]
    id = "one"
    title = "One"
    points = 10
    """
}

@Suite("Catalog")
struct CatalogTests {
    @Test("loads labs, groups them by area and rung, and finds them by id")
    func loads() throws {
        let directory = try TemporaryDirectory()
        try writeCatalog(
            in: directory,
            labs: [
                "sql-basics": labText(id: "sql-basics"),
                "rest-resource": labText(
                    id: "rest-resource", rung: .backend, competencies: ["api.restful-design", "databases.nosql"]),
            ])
        let catalog = try Catalog.load(root: directory.path)
        #expect(catalog.labs.map(\.id) == ["rest-resource", "sql-basics"])
        #expect(catalog.lab(id: "sql-basics")?.directory == directory.path + "/Labs/sql-basics")
        let byArea = catalog.labsByArea()
        #expect(byArea.map(\.area.key) == ["databases", "api"])
        #expect(byArea[0].labs.map(\.id) == ["rest-resource", "sql-basics"])
        #expect(byArea[1].labs.map(\.id) == ["rest-resource"])
        let byRung = catalog.labsByRung()
        #expect(byRung.map(\.rung) == [.junior, .backend])
        let progress = catalog.progress(passedLabIDs: ["sql-basics", "rest-resource", "not-a-lab"])
        #expect(progress.current == .junior)
    }

    @Test("suggests the closest lab ids for an unknown one")
    func suggestions() throws {
        let directory = try TemporaryDirectory()
        try writeCatalog(
            in: directory,
            labs: [
                "log-stats": labText(id: "log-stats"), "lru-cache": labText(id: "lru-cache"),
                "rate-limiter": labText(id: "rate-limiter"), "jwt-verify": labText(id: "jwt-verify"),
            ])
        let catalog = try Catalog.load(root: directory.path)
        #expect(catalog.suggestions(for: "log-stat") == ["log-stats"])
        #expect(catalog.suggestions(for: "logstats") == ["log-stats"])
        #expect(catalog.suggestions(for: "ratelimiter").first == "rate-limiter")
        #expect(catalog.suggestions(for: "cache") == ["lru-cache"])
        #expect(catalog.suggestions(for: "kubernetes-operator").isEmpty)
    }

    @Test("resolves a lab and language, or says what exists")
    func resolve() throws {
        let directory = try TemporaryDirectory()
        try writeCatalog(in: directory, labs: ["log-stats": labText(id: "log-stats")])
        let catalog = try Catalog.load(root: directory.path)
        #expect(try catalog.resolve(labID: "log-stats").language.id == "python")
        #expect(try catalog.resolve(labID: "log-stats", language: "python").lab.id == "log-stats")
        #expect(throws: CatalogLookupError.unknownLab(id: "log-stat", suggestions: ["log-stats"])) {
            try catalog.resolve(labID: "log-stat")
        }
        #expect(throws: CatalogLookupError.unknownLanguage(lab: "log-stats", language: "rust", offered: ["python"])) {
            try catalog.resolve(labID: "log-stats", language: "rust")
        }
        #expect(
            CatalogLookupError.unknownLab(id: "log-stat", suggestions: ["log-stats"]).description
                == "no lab 'log-stat' in the catalog (did you mean 'log-stats'?); `ladder list` shows them all")
        #expect(
            CatalogLookupError.unknownLanguage(lab: "x", language: "rust", offered: ["python", "node"]).description
                == "lab 'x' is not offered in 'rust'; choose one of: python, node")
    }

    @Test("reports every broken lab, each with its file and line")
    func collectsErrors() throws {
        let directory = try TemporaryDirectory()
        try writeCatalog(
            in: directory,
            labs: [
                "good": labText(id: "good"),
                "unknown-key": labText(
                    id: "unknown-key", competencies: ["databases.relational", "databases.relationl"]),
                "wrong-dir": labText(id: "other-name"),
                "syntax": labText(id: "syntax") + "\n[[stages]\n",
            ])
        try directory.makeDirectory("Labs/empty-dir")
        do {
            _ = try Catalog.load(root: directory.path)
            Issue.record("expected errors")
        } catch {
            let labs = directory.path + "/Labs"
            #expect(error.errors.count == 4)
            let text = error.description
            #expect(text.contains("\(labs)/empty-dir/lab.toml: missing"))
            #expect(text.contains("\(labs)/syntax/lab.toml:17:10: expected ']]'"))
            #expect(
                text.contains(
                    "\(labs)/unknown-key/lab.toml:6: competencies[1]: unknown competency 'databases.relationl' (did you mean 'databases.relational'?)"
                ))
            #expect(
                text.contains(
                    "\(labs)/wrong-dir/lab.toml:1: id: the id 'other-name' does not match the lab's directory name 'wrong-dir'"
                ))
        }
    }

    @Test("a competency in a misspelt area suggests keys of the area meant")
    func unknownArea() throws {
        let directory = try TemporaryDirectory()
        try writeCatalog(in: directory, labs: ["x": labText(id: "x", competencies: ["database.sql"])])
        do {
            _ = try Catalog.load(root: directory.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("unknown competency 'database.sql' (did you mean 'databases.nosql'?)"))
        }
    }

    @Test("a root without Labs/ says what a catalog is")
    func noLabs() throws {
        let directory = try TemporaryDirectory()
        #expect(
            throws: CatalogError(errors: [
                ManifestError(
                    file: directory.path + "/Labs",
                    message: "not found: a catalog is a directory holding Labs/ (and Graders/)")
            ])
        ) {
            try Catalog.load(root: directory.path)
        }
    }

    @Test("a missing competency map or ladder is reported, labs still checked")
    func missingFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.write("Labs/x/lab.toml", labText(id: "x") + "\nbogus = 1\n")
        try directory.makeDirectory("Labs/x/starter/python")
        do {
            _ = try Catalog.load(root: directory.path)
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.count == 3)
            #expect(error.description.contains("competencies.toml: the file does not exist"))
            #expect(error.description.contains("ladder.toml: the file does not exist"))
            // Appended after [[stages]], the key belongs to the stage.
            #expect(
                error.description.contains(
                    "x/lab.toml:17: stages[0].bogus: unknown key 'bogus'; known keys here: id, points, summary, title"))
        }
    }

    @Test(
        "the repository's own catalog loads and every lab points at existing keys",
        .requires(Fixtures.repository))
    func realCatalog() throws {
        let root = try #require(Fixtures.repositoryRoot())
        let catalog: Catalog
        do {
            catalog = try Catalog.load(root: root)
        } catch {
            Issue.record("the catalog does not load:\n\(error)")
            return
        }
        #expect(catalog.competencies.areas.count == 16)
        #expect(!catalog.labs.isEmpty)
        for lab in catalog.labs {
            for key in lab.competencies {
                #expect(catalog.competencies.contains(key), "\(lab.id): \(key)")
            }
            #expect(FileManager.default.fileExists(atPath: lab.directory + "/README.md"), "\(lab.id) has a README.md")
        }
        let logStats = try #require(catalog.lab(id: "log-stats"))
        #expect(logStats.rung == .junior)
        #expect(logStats.languages.map(\.id) == ["python", "node", "go", "java", "ruby", "php", "rust"])
        #expect(logStats.languages.first { $0.id == "java" }?.profile == "jvm")
        #expect(logStats.stages.count == 3)
        #expect(logStats.passMark <= logStats.totalPoints)
    }
}
