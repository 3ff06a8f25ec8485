import Foundation
import LadderGit
import LadderModel
import Testing

@testable import LadderCore

/// `ladder lab publish`: validate, install, commit, tag; immutable versions.
@Suite(.requires(.sandbox))
struct AuthoringPublishTests {
    let source: AuthoringCatalog
    let destination: TemporaryDirectory
    var catalogPath: String { destination.path + "/catalog" }

    init() throws {
        source = try AuthoringCatalog("publish-source")
        try source.scaffold("greeting", kind: "io")
        destination = try TemporaryDirectory("publish-destination")
    }

    func publish() async throws -> PublishReport {
        let publisher = LabPublisher(
            validator: try source.validator(runs: 1),
            signature: Signature(name: "Instructor", email: "instructor@example.com"))
        return try await publisher.publish(source.location("greeting"), into: catalogPath)
    }

    func tags() throws -> [String] {
        try git(["tag", "--list"], in: catalogPath).split(separator: "\n").map(String.init)
    }

    func setVersion(_ version: String) throws {
        let manifest = source.directory.file("Labs/greeting/lab.toml")
        let text = try String(contentsOfFile: manifest, encoding: .utf8).replacingOccurrences(
            of: #"(?m)^version = "[0-9.]+""#, with: "version = \"\(version)\"", options: .regularExpression)
        try text.write(toFile: manifest, atomically: true, encoding: .utf8)
    }

    @Test func publishesIntoANewCatalogWithAnAnnotatedTag() async throws {
        let report = try await publish()
        #expect(report.status == .published, "\(report.message)")
        #expect(report.tag == "greeting-v0.1.0")
        #expect(try tags() == ["greeting-v0.1.0"])
        #expect(try git(["cat-file", "-t", "greeting-v0.1.0"], in: catalogPath) == "tag\n")
        #expect(
            try git(["log", "-1", "--format=%s%n%an", "greeting-v0.1.0"], in: catalogPath)
                == "Publish greeting 0.1.0: Greeting\nInstructor\n")
        #expect(try git(["status", "--porcelain"], in: catalogPath).isEmpty)
        let files = try git(["ls-tree", "-r", "--name-only", "HEAD"], in: catalogPath)
        for path in [
            "Labs/competencies.toml", "Labs/ladder.toml", "Labs/greeting/lab.toml", "Graders/greeting/grader.toml",
            "Graders/greeting/reference/python/main.py",
        ] {
            #expect(files.contains(path + "\n"), "\(path) is not committed")
        }
        let catalog = try Catalog.load(root: catalogPath)
        #expect(catalog.labs.map(\.id) == ["greeting"])
    }

    /// A course's two halves: the public catalog gets Labs/ only and is marked public, the private repository gets
    /// both halves; each is committed, tagged and pushed to its origin; a public catalog never takes graders.
    @Test func publishesInTwoHalvesAndPushesEachToItsOrigin() async throws {
        let publicPath = destination.path + "/public"
        let privatePath = destination.path + "/private"
        // Each half's repository has an origin to push to: a bare repository, as a git host would hold it.
        for (path, remote) in [(publicPath, "public.git"), (privatePath, "private.git")] {
            _ = try git(["init", "-q", "--bare", "-b", "main", destination.path + "/" + remote], in: destination.path)
            _ = try git(["init", "-q", "-b", "main", path], in: destination.path)
            _ = try git(["remote", "add", "origin", destination.path + "/" + remote], in: path)
        }
        let publisher = LabPublisher(
            validator: try source.validator(runs: 1),
            signature: Signature(name: "Instructor", email: "instructor@example.com"))
        let reports = try await publisher.publish(
            source.location("greeting"), publicCatalog: publicPath, privateCatalog: privatePath)
        #expect(reports.map(\.status) == [.published, .published], "\(reports.map(\.message))")
        #expect(reports.allSatisfy { $0.message.contains("; pushed to ") }, "\(reports.map(\.message))")

        let publicFiles = try git(["ls-tree", "-r", "--name-only", "main"], in: destination.path + "/public.git")
        #expect(publicFiles.contains("Labs/greeting/lab.toml\n") && publicFiles.contains("catalog.toml\n"))
        #expect(!publicFiles.contains("Graders/"), "the public half holds no grader file: \(publicFiles)")
        #expect(!FileManager.default.fileExists(atPath: publicPath + "/Graders"))
        #expect(PublicCatalog.isMarked(publicPath))
        let privateFiles = try git(["ls-tree", "-r", "--name-only", "main"], in: destination.path + "/private.git")
        #expect(privateFiles.contains("Graders/greeting/grader.toml\n") && privateFiles.contains("Labs/greeting/"))
        for remote in ["public.git", "private.git"] {
            #expect(
                try git(["tag", "--list"], in: destination.path + "/" + remote) == "greeting-v0.1.0\n", "\(remote)")
        }
        #expect(try Catalog.load(root: publicPath).labs.map(\.id) == ["greeting"], "learners can read the public half")

        // Publishing again changes nothing; publishing both halves into the public catalog is refused.
        let again = try await publisher.publish(
            source.location("greeting"), publicCatalog: publicPath, privateCatalog: privatePath)
        #expect(again.map(\.status) == [.unchanged, .unchanged], "\(again.map(\.message))")
        await #expect(throws: AuthoringError.self) {
            _ = try await publisher.publish(source.location("greeting"), into: publicPath)
        }
        #expect(!FileManager.default.fileExists(atPath: publicPath + "/Graders"))
    }

    @Test func republishingTheSameVersionIsANoOpAndChangedContentIsRefused() async throws {
        let first = try await publish()
        #expect(first.status == .published)
        let head = try git(["rev-parse", "HEAD"], in: catalogPath)

        let again = try await publish()
        #expect(again.status == .unchanged)
        #expect(again.message.contains("nothing to do"))
        #expect(try git(["rev-parse", "HEAD"], in: catalogPath) == head)

        try source.directory.write("Labs/greeting/README.md", "# Greeting\n\nReworded.\n")
        let changed = try await publish()
        #expect(changed.status == .conflict)
        #expect(changed.message.contains("different content"))
        #expect(changed.message.contains("bump `version`"))
        #expect(try git(["rev-parse", "HEAD"], in: catalogPath) == head)
        #expect(
            try String(contentsOfFile: catalogPath + "/Labs/greeting/README.md", encoding: .utf8)
                != "# Greeting\n\nReworded.\n")

        try setVersion("0.2.0")
        try FileManager.default.removeItem(atPath: source.directory.file("Graders/greeting/cases/04-blank.in"))
        try source.directory.write("Graders/greeting/cases/04-blank.in", "\t \n")
        let bumped = try await publish()
        #expect(bumped.status == .published, "\(bumped.message)")
        #expect(try tags() == ["greeting-v0.1.0", "greeting-v0.2.0"])
        #expect(try git(["show", "greeting-v0.2.0:Graders/greeting/cases/04-blank.in"], in: catalogPath) == "\t \n")
        #expect(try git(["show", "greeting-v0.1.0:Graders/greeting/cases/04-blank.in"], in: catalogPath) == "    \n")
        #expect(try Catalog.load(root: catalogPath).lab(id: "greeting")?.version == SemanticVersion(0, 2, 0))

        // An older version than the one installed is refused.
        try setVersion("0.1.5")
        let older = try await publish()
        #expect(older.status == .conflict)
        #expect(older.message.contains("newer than 0.1.5"))
    }

    @Test func anInvalidLabIsNotPublished() async throws {
        try source.directory.write("Graders/greeting/reference/python/main.py", "print('Hello, world!')\n")
        let report = try await publish()
        #expect(report.status == .invalid)
        #expect(report.message.contains("reference (python)"))
        #expect(!report.validation.passed)
        #expect(!FileManager.default.fileExists(atPath: catalogPath))
    }

    @Test func aCatalogWithUncommittedChangesIsRefused() async throws {
        #expect(try await publish().status == .published)
        try Data("draft\n".utf8).write(to: URL(fileURLWithPath: catalogPath + "/NOTES.md"))
        try setVersion("0.2.0")
        do {
            _ = try await publish()
            Issue.record("published into a dirty catalog")
        } catch let error as AuthoringError {
            #expect(error.kind == .catalogNotReady)
            #expect(error.message.contains("NOTES.md"))
        }
        #expect(try tags() == ["greeting-v0.1.0"])
    }
}
