import Foundation
import LadderGrading
import LadderModel
import Testing

@testable import LadderCore

/// `ladder lab new`: what it writes, that a fresh scaffold of every kind validates, and what it refuses.
struct AuthoringScaffoldTests {
    @Test(
        .requires(.sandbox),
        arguments: ["io", "http", "sql", "script", "git"])
    func aFreshScaffoldValidates(kind: String) async throws {
        let catalog = try AuthoringCatalog("scaffold-\(kind)")
        let written = try catalog.scaffold("demo-\(kind)", kind: kind, area: "api", level: "backend")
        #expect(written.files.contains("Labs/demo-\(kind)/lab.toml"))
        #expect(written.files.contains("Labs/demo-\(kind)/README.md"))
        #expect(written.files.contains("Graders/demo-\(kind)/grader.toml"))
        let language = kind == "sql" ? "sql" : "python"
        #expect(written.files.contains { $0.hasPrefix("Graders/demo-\(kind)/reference/\(language)/") })
        #expect(written.files.contains { $0.hasPrefix("Graders/demo-\(kind)/wrong/") && $0.contains("/\(language)/") })
        #expect(written.files.contains { $0.hasPrefix("Labs/demo-\(kind)/starter/\(language)/") })
        #expect(written.files.contains { $0.hasPrefix("Labs/demo-\(kind)/tests/") })

        let lab = try Lab.load(
            directory: catalog.directory.file("Labs/demo-\(kind)"),
            checks: LabChecks(competencies: try catalog.competencies))
        #expect(lab.rung == .backend)
        #expect(lab.competencies.map(\.description) == ["api.restful-design"])
        #expect(lab.version == SemanticVersion(0, 1, 0))
        let manifest = try #require(catalog.directory.read("Labs/demo-\(kind)/lab.toml"))
        #expect(manifest.contains("# Keys into Labs/competencies.toml"))
        #expect(manifest.contains("Adjust: this is the first skill of the area `api`"))
        let readme = try #require(catalog.directory.read("Labs/demo-\(kind)/README.md"))
        for section in [
            "## Why this matters", "## The task", "## Stages", "## Getting started", "## Hints",
            "## Testing and submitting",
        ] {
            #expect(readme.contains(section), "README lacks \(section)")
        }

        let result = try await catalog.validate("demo-\(kind)", runs: 2)
        #expect(result.passed, "\(result.listing)")
        #expect(result.warnings.isEmpty, "\(result.listing)")
        #expect(result.strength?.caught == 1)
        #expect(result.strength?.total == 1)
    }

    /// Mutants are changed files; measured as plain files, a history's reference was graded without its history and
    /// every mutant was "killed" by the git tests. It is not measured instead, and says why.
    @Test(.requires(.sandbox))
    func aHistoryReferenceIsNotMutated() async throws {
        let catalog = try AuthoringCatalog("scaffold-git-strength")
        _ = try catalog.scaffold("demo-git", kind: "git", area: "collaboration", level: "junior")
        let validator = LabValidator(sandbox: try CoreBox.sandbox(), runs: 1, mutation: MutationSettings())
        let result = await validator.validate(catalog.location("demo-git"))
        #expect(result.passed, "\(result.listing)")
        #expect(result.mutationStrength == nil)
        let check = try #require(result.checks.first { $0.subject == "mutation strength" })
        #expect(check.status == .warning && check.detail.contains("history"), "\(result.listing)")
    }

    @Test func badInputsAreRefusedWithWhatIsAccepted() throws {
        let catalog = try AuthoringCatalog("scaffold-bad")
        let map = try catalog.competencies
        func refusal(
            id: String = "good-id", area: String = "databases", level: String = "junior", kind: String = "io",
            language: String? = nil
        ) -> AuthoringError? {
            do {
                _ = try LabScaffold.Request(
                    id: id, area: area, level: level, kind: kind, language: language, competencies: map)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal()?.message == nil)
        for id in ["Bad_Id", "-lead", "double--hyphen", "UPPER", ""] {
            let error = refusal(id: id)
            #expect(error?.kind == .invalidInput, "`\(id)` was accepted")
            #expect(error?.message.contains("kebab case") == true)
        }
        let area = try #require(refusal(area: "databse"))
        #expect(area.message.contains("did you mean"))
        #expect(area.message.contains("databases"))
        #expect(area.message.contains("languages, frameworks, databases, api"))
        #expect(try #require(refusal(level: "principal")).message.contains("junior, backend, senior, architect"))
        #expect(try #require(refusal(kind: "grpc")).message.contains("supports: io, http, sql, script"))
        #expect(
            try #require(refusal(kind: "tests")).message.contains(
                "no example of a tests lab yet; it supports: io, http, sql, script, git"))
        #expect(try #require(refusal(kind: "io", language: "cobol")).message.contains("supported: python"))
        #expect(try #require(refusal(kind: "sql", language: "python")).message.contains("supported: sql"))
    }

    /// The kinds it offers are grader.toml's kinds (one list, ``GraderKind``) that have an example, in its order.
    @Test func theKindsOfferedAreTheGraderKindsWithAnExample() {
        #expect(LabScaffold.kinds == GraderKind.allCases.filter { $0 != .tests })
        #expect(LabScaffold.kindsHelp.hasPrefix("io (a program reading stdin, its output checked), http ("))
    }

    @Test func anExistingLabIsNeverOverwritten() throws {
        let catalog = try AuthoringCatalog("scaffold-exists")
        try catalog.scaffold("taken", kind: "io")
        let before = try #require(catalog.directory.read("Labs/taken/lab.toml"))
        #expect(throws: AuthoringError.self) { try catalog.scaffold("taken", kind: "http") }
        #expect(catalog.directory.read("Labs/taken/lab.toml") == before)

        // Only the hidden half exists: still refused, and the public half is not written either.
        try FileManager.default.createDirectory(
            atPath: catalog.directory.file("Graders/orphan"), withIntermediateDirectories: true)
        do {
            try catalog.scaffold("orphan", kind: "io")
            Issue.record("a lab whose grader exists was scaffolded")
        } catch let error as AuthoringError {
            #expect(error.kind == .labExists)
            #expect(error.message.contains("Graders/orphan"))
        }
        #expect(!catalog.directory.exists("Labs/orphan"))
        #expect((try FileManager.default.contentsOfDirectory(atPath: catalog.directory.file("Graders/orphan"))).isEmpty)
    }

    @Test func titlesComeFromIDs() {
        #expect(LabScaffold.title(for: "rate-limiter") == "Rate limiter")
        #expect(LabScaffold.title(for: "p95") == "P95")
    }
}
