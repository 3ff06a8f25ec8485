import Foundation
import LadderGit
import Testing

@Suite struct CloneTests {
    /// A source repository with two commits on `main` and one on `feature`.
    private func makeSource(in directory: String) throws -> (path: String, head: CommitInfo, feature: CommitInfo) {
        let path = directory + "/source"
        let repository = try Repository.create(at: path)
        try write("a.txt", "1", in: path)
        try write("run.sh", "#!/bin/sh\n", in: path, executable: true)
        try repository.commitAll(message: "first", author: alice)
        try write("a.txt", "2", in: path)
        let head = try repository.commitAll(message: "second", author: alice)
        let feature = try repository.commit(
            directory: path, onto: "feature", message: "feature", author: alice, allowEmpty: true)
        return (path, head, feature)
    }

    @Test(arguments: [false, true])
    func clonesFromAPathOrAFileURL(useURL: Bool) throws {
        try withTemporaryDirectory { directory in
            let source = try makeSource(in: directory)
            let from = useURL ? URL(fileURLWithPath: source.path).absoluteString : source.path
            let clone = try Repository.clone(from: from, to: directory + "/clone")

            #expect(try clone.head() == source.head)
            #expect(try clone.currentBranch == "main")
            #expect(clone.workdir == directory + "/clone")
            #expect(try String(contentsOfFile: directory + "/clone/a.txt", encoding: .utf8) == "2")
            #expect(FileManager.default.isExecutableFile(atPath: directory + "/clone/run.sh"))
            #expect(try clone.status() == [])
        }
    }

    @Test func clonesABranchOrBare() throws {
        try withTemporaryDirectory { directory in
            let source = try makeSource(in: directory)
            let branch = try Repository.clone(
                from: source.path, to: directory + "/branch", options: CloneOptions(branch: "feature"))
            #expect(try branch.head() == source.feature)
            #expect(try branch.currentBranch == "feature")

            let bare = try Repository.clone(
                from: source.path, to: directory + "/bare.git", options: CloneOptions(bare: true))
            #expect(bare.isBare && bare.workdir == nil)
            #expect(try bare.head() == source.head)
        }
    }

    @Test func refusesANonEmptyDestination() throws {
        try withTemporaryDirectory { directory in
            let source = try makeSource(in: directory)
            try write("mine.txt", "mine", in: directory + "/clone")
            let error = gitError { _ = try Repository.clone(from: source.path, to: directory + "/clone") }
            #expect(error?.kind == .destinationNotEmpty(directory + "/clone"))
        }
    }

    @Test func fastForwardsFromOriginOrRefusesARewrittenHistory() throws {
        try withTemporaryDirectory { directory in
            let source = try makeSource(in: directory)
            let origin = try Repository.open(at: source.path)
            let clone = try Repository.clone(from: source.path, to: directory + "/clone")
            #expect(try clone.fastForwardFromOrigin() == .upToDate(source.head))

            try write("a.txt", "3", in: source.path)
            let third = try origin.commitAll(message: "third", author: alice)
            #expect(try clone.fastForwardFromOrigin() == .advanced(from: source.head, to: third))
            #expect(try clone.head() == third)
            #expect(try String(contentsOfFile: directory + "/clone/a.txt", encoding: .utf8) == "3")

            // The origin's history rewritten: the clone's commit is no longer an ancestor of the origin's branch.
            try origin.resetHard(to: source.head.id)
            try write("a.txt", "other", in: source.path)
            _ = try origin.commitAll(message: "another third", author: alice)
            let error = gitError { _ = try clone.fastForwardFromOrigin() }
            #expect(error?.kind == .notFastForward(branch: "main"))
            #expect(try clone.head() == third, "the clone is left as it was")
        }
    }
}

@Suite(.requires(TokenGitServer.prerequisites))
struct TokenCloneTests {
    @Test func clonesOverHTTPWithATokenAndRejectsOthers() throws {
        try withTemporaryDirectory { directory in
            let source = try Repository.create(at: directory + "/source")
            try write("a.txt", "served", in: directory + "/source")
            let head = try source.commitAll(message: "served", author: alice)
            _ = try Repository.clone(
                from: directory + "/source", to: directory + "/root/lab.git", options: CloneOptions(bare: true))

            let server = try TokenGitServer(root: directory + "/root", token: "s3cret")
            defer { server.stop() }
            let url = "http://127.0.0.1:\(server.port)/lab.git"

            let clone = try Repository.clone(from: url, to: directory + "/good", options: CloneOptions(token: "s3cret"))
            #expect(try clone.head() == head)
            let config = try String(contentsOfFile: clone.gitDirectory + "/config", encoding: .utf8)
            #expect(!config.contains("s3cret"))

            let wrong = gitError {
                _ = try Repository.clone(from: url, to: directory + "/wrong", options: CloneOptions(token: "guess"))
            }
            #expect(wrong?.kind == .authenticationFailed(url: url))
            #expect(wrong.map { !$0.description.contains("guess") } == true)

            let none = gitError { _ = try Repository.clone(from: url, to: directory + "/none") }
            #expect(none?.kind == .authenticationFailed(url: url))
        }
    }
}
