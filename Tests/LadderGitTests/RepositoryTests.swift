import Foundation
import LadderGit
import Testing

@Suite struct RepositoryTests {
    @Test func reportsTheLinkedLibgit2Version() {
        let parts = Git.libgit2Version.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil })
    }

    @Test func repositoriesWorkInParallelTasks() async throws {
        try await withThrowingTaskGroup(of: String.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var summary = ""
                    try withTemporaryDirectory { directory in
                        let repository = try Repository.create(at: directory + "/work")
                        try write("task.txt", "\(task)", in: directory + "/work")
                        summary = try repository.commitAll(message: "task \(task)", author: alice).summary
                        try repository.export(commit: "HEAD", to: directory + "/out")
                    }
                    return summary
                }
            }
            var summaries: Set<String> = []
            for try await summary in group { summaries.insert(summary) }
            #expect(summaries == Set((0..<8).map { "task \($0)" }))
        }
    }

    @Test func createPutsHeadOnMainWhateverTheMachineDefault() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory + "/lab")
            #expect(repository.workdir == directory + "/lab")
            #expect(!repository.isBare)
            #expect(try repository.currentBranch == "main")
            #expect(try !repository.isHeadDetached)
        }
    }

    @Test func createRefusesAnExistingRepository() throws {
        try withTemporaryDirectory { directory in
            _ = try Repository.create(at: directory)
            let error = gitError { _ = try Repository.create(at: directory) }
            #expect(error?.kind == .alreadyExists(directory))
        }
    }

    @Test func createBareHasNoWorkdir() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory + "/catalog.git", bare: true)
            #expect(repository.isBare)
            #expect(repository.workdir == nil)
            #expect(repository.gitDirectory == directory + "/catalog.git")
        }
    }

    @Test func headOfAnEmptyRepositoryThrowsUnbornHead() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            #expect(gitError { _ = try repository.head() }?.kind == .unbornHead)
            #expect(gitError { _ = try repository.log() }?.kind == .unbornHead)
            #expect(gitError { _ = try repository.resolve("HEAD~1") }?.kind == .unbornHead)
        }
    }

    @Test func openFindsTheExactPathAndDiscoverWalksUp() throws {
        try withTemporaryDirectory { directory in
            _ = try Repository.create(at: directory)
            try write("src/deep/file.txt", "x", in: directory)
            #expect(try Repository.open(at: directory).workdir == directory)
            #expect(try Repository.discover(from: directory + "/src/deep").workdir == directory)
            let error = gitError { _ = try Repository.open(at: directory + "/src") }
            #expect(error?.kind == .notARepository(path: directory + "/src"))
        }
    }

    @Test func notARepositoryNamesThePathAndCarriesLibgit2sMessage() throws {
        try withTemporaryDirectory { directory in
            let error = try #require(gitError { _ = try Repository.discover(from: directory) })
            #expect(error.kind == .notARepository(path: directory))
            #expect(error.operation == "git_repository_open_ext")
            #expect(error.code == -3)
            #expect(error.message.contains("could not find repository"))
            #expect(error.description.contains("'\(directory)' is not in a git repository"))
            #expect(error.description.contains(error.message))
        }
    }

    @Test func errorsCarryTheOperationAndLibgit2sMessage() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            try write("a.txt", "a", in: directory)
            try repository.commitAll(message: "a", author: alice)
            let error = try #require(
                gitError { try repository.createTag("bad..name", at: "HEAD", message: "m", tagger: alice) })
            #expect(error.kind == .other)
            #expect(error.operation == "git_tag_create")
            #expect(error.message.contains("bad..name"))
            #expect(error.description.contains(error.message))
        }
    }

    @Test func resolvesBranchesTagsShortIdsAndAncestry() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            try write("a.txt", "1", in: directory)
            let first = try repository.commitAll(message: "first", author: alice)
            try write("a.txt", "2", in: directory)
            let second = try repository.commitAll(message: "second", author: alice)
            try repository.createTag("v1", at: first.id, message: "version 1", tagger: alice)

            #expect(try repository.resolve("main") == second)
            #expect(try repository.resolve("refs/heads/main") == second)
            #expect(try repository.resolve("HEAD~1") == first)
            #expect(try repository.resolve("v1") == first)
            #expect(try repository.resolve(String(first.id.prefix(7))) == first)
            #expect(try repository.resolve(first.id) == first)
            #expect(
                gitError { _ = try repository.resolve("no-such-branch") }?.kind == .referenceNotFound("no-such-branch"))
        }
    }

    @Test(.requires(.gitCLI))
    func detectsADetachedHead() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            try write("a.txt", "1", in: directory)
            let first = try repository.commitAll(message: "first", author: alice)
            try gitCLI("checkout", "--quiet", "--detach", "HEAD", in: directory)

            #expect(try repository.isHeadDetached)
            #expect(try repository.currentBranch == nil)
            #expect(try repository.head() == first)
            try write("a.txt", "2", in: directory)
            #expect(gitError { try repository.commitAll(message: "lost", author: alice) }?.kind == .detachedHead)
        }
    }

    @Test(.requires(.gitCLI))
    func defaultSignatureTakesEachConfiguredFieldOrTheFallback() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            let fallback = Signature(name: "Ladder", email: "ladder@localhost")
            // user.name comes from the isolated global config; user.email is set nowhere.
            #expect(
                repository.defaultSignature(fallback: fallback)
                    == Signature(name: "Isolated Global", email: "ladder@localhost"))

            try gitCLI("config", "user.email", "bob@example.com", in: directory)
            try gitCLI("config", "user.name", "Bob", in: directory)
            let reopened = try Repository.open(at: directory)
            #expect(reopened.defaultSignature(fallback: fallback) == Signature(name: "Bob", email: "bob@example.com"))
        }
    }
}
