import Foundation
import LadderGit
import LadderGrading
import LadderModel
import Testing

@testable import LadderCore

/// `prepareSubmission`: the committed HEAD, exported; every way a repository can be wrong for it.
@Suite(.requires(.launcherBuilt))
struct SubmissionTests {
    let catalog: TestCatalog
    let work: TemporaryDirectory
    let environment: LadderEnvironment

    init() throws {
        catalog = try TestCatalog()
        work = try TemporaryDirectory("submission")
        environment = try catalog.environment()
    }

    /// A started `sum` lab with the test learner as its local git identity.
    func started() throws -> String {
        try catalog.start("sum", in: work.file("repo"))
    }

    func expectError(
        _ kind: LadderError.Kind, at path: String, containing text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let submission = try environment.prepareSubmission(at: path)
            submission.discard()
            Issue.record("prepared a submission", sourceLocation: sourceLocation)
        } catch let error as LadderError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a LadderError: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func theCommittedTreeIsExportedNotTheWorkingTree() throws {
        let repo = try started()
        try work.write("repo/main.py", TestCatalog.sumReference)
        try commitAll(repo, "solve")
        let head = try Repository.open(at: repo).head()
        try work.write("repo/main.py", "print('uncommitted')\n")
        try work.write("repo/scratch.txt", "notes")

        let submission = try environment.prepareSubmission(at: repo + "/tests")
        defer { submission.discard() }
        #expect(submission.location.hasSuffix("/repo") || submission.location.hasSuffix("/repo/"))
        #expect(submission.commit == head)
        #expect(submission.lab.id == "sum")
        #expect(submission.language.id == "python")
        #expect(submission.author.email == testLearner.email)
        #expect(
            try String(contentsOfFile: submission.exported + "/main.py", encoding: .utf8) == TestCatalog.sumReference)
        #expect(!FileManager.default.fileExists(atPath: submission.exported + "/scratch.txt"))
        #expect(!FileManager.default.fileExists(atPath: submission.exported + "/.git"))
        #expect(Set(submission.uncommitted.map(\.path)) == ["main.py", "scratch.txt"])

        submission.discard()
        #expect(!FileManager.default.fileExists(atPath: submission.exported))
    }

    @Test func notARepository() throws {
        try work.write("plain/file.txt", "x")
        expectError(.notALabRepository, at: work.file("plain"), containing: "is not inside a lab repository")
    }

    @Test func aRepositoryWithNoCommits() throws {
        _ = try Repository.create(at: work.file("empty"))
        expectError(.noCommits, at: work.file("empty"), containing: "has no commits yet")
    }

    @Test func aRepositoryWithoutAPin() throws {
        let repository = try Repository.create(at: work.file("other"))
        try work.write("other/main.py", "print(1)\n")
        try repository.commitAll(message: "x", author: testLearner)
        expectError(.notALabRepository, at: work.file("other"), containing: ".ladder/lab.toml")
    }

    @Test func aDetachedHead() throws {
        let repo = try started()
        try work.write("repo/main.py", TestCatalog.sumReference)
        try commitAll(repo)
        try git(["checkout", "-q", "--detach", "HEAD~1"], in: repo)
        expectError(.detachedHead, at: repo, containing: "HEAD is detached at")
        expectError(.detachedHead, at: repo, containing: "Start sum 1.2.3 (python)")
    }

    @Test(arguments: [
        ("lab = \"sum\"", "lab = \"summ\"", "pinned to lab 'summ', which is not in the catalog"),
        ("version = \"1.2.3\"", "version = \"2.0.0\"", "the catalog has 1.2.3"),
        ("version = \"1.2.3\"", "version = \"1.3.0\"", "the catalog has 1.2.3"),
        ("language = \"python\"", "language = \"cobol\"", "has no language 'cobol'"),
    ])
    func aPinEditedToSomethingTheCatalogDoesNotHave(old: String, new: String, message: String) throws {
        let repo = try started()
        let pin = try #require(work.read("repo/.ladder/lab.toml"))
        #expect(pin.contains(old))
        try work.write("repo/.ladder/lab.toml", pin.replacingOccurrences(of: old, with: new))
        try commitAll(repo, "edit the pin")
        expectError(.notALabRepository, at: repo, containing: message)
        expectError(.notALabRepository, at: repo, containing: ".ladder/lab.toml")
    }

    @Test func anOlderCompatiblePinIsAccepted() throws {
        let repo = try started()
        let pin = try #require(work.read("repo/.ladder/lab.toml"))
        try work.write("repo/.ladder/lab.toml", pin.replacingOccurrences(of: "1.2.3", with: "1.0.0"))
        try commitAll(repo)
        let submission = try environment.prepareSubmission(at: repo)
        submission.discard()
        #expect(submission.lab.version == SemanticVersion(1, 2, 3))
    }

    @Test func aFailedPreparationLeavesNoExport() throws {
        let repo = try started()
        let pin = try #require(work.read("repo/.ladder/lab.toml"))
        try work.write("repo/.ladder/lab.toml", pin.replacingOccurrences(of: "sum", with: "nope"))
        try commitAll(repo)
        let before = try FileManager.default.contentsOfDirectory(atPath: environment.scratch.root)
        #expect(throws: LadderError.self) { try environment.prepareSubmission(at: repo) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: environment.scratch.root) == before)
    }

    @Test func aPinErrorNamesTheLearnersFileNotTheExport() throws {
        let repo = try started()
        let pin = try #require(work.read("repo/.ladder/lab.toml"))
        try work.write("repo/.ladder/lab.toml", pin.replacingOccurrences(of: "lab = \"sum\"", with: "lab = \"summ\""))
        try commitAll(repo)
        expectError(.notALabRepository, at: repo, containing: repo + "/.ladder/lab.toml:")
    }

    @Test func anExplicitLearnerIdentityWins() throws {
        let repo = try started()
        let identity = try environment.learnerIdentity(explicit: "someone@example.com", at: repo)
        #expect(identity == Signature(name: "someone@example.com", email: "someone@example.com"))
    }

    @Test(.requires(.unset("LADDER_LEARNER", because: "it would win over the identity the test sets up")))
    func theLearnerIsTheRepositorysGitIdentity() throws {
        let repo = try started()
        let identity = try environment.learnerIdentity(explicit: nil, at: repo + "/tests")
        #expect(identity.email == testLearner.email)
        #expect(identity.name == testLearner.name)
    }

    @Test func theGraderSpecAndItsDigest() throws {
        let lab = try #require(catalog.catalog.lab(id: "sum"))
        let (spec, digest) = try environment.graderSpec(for: lab)
        #expect(spec.totalPoints == 10)
        #expect(digest == (try GraderDigest.compute(directory: catalog.root.file("Graders/sum"))))
    }

    @Test func aBrokenGraderIsTheLabsFault() throws {
        try catalog.root.write("Graders/sum/grader.toml", "format = 1\n[[stages]]\nid = \"adds\"\n")
        let lab = try #require(catalog.catalog.lab(id: "sum"))
        #expect {
            try environment.graderSpec(for: lab)
        } throws: { error in
            let error = error as! LadderError
            return error.kind == .infrastructure && error.message.contains("not your code's fault")
                && error.message.contains("Graders/sum/grader.toml")
        }
        try FileManager.default.removeItem(atPath: catalog.root.file("Graders/sum"))
        #expect {
            try environment.graderSpec(for: lab)
        } throws: { error in
            (error as! LadderError).message.contains("has no hidden grader")
        }
    }
}
