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
        let feature = try repository.commit(directory: path, onto: "feature", message: "feature", author: alice, allowEmpty: true)
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
            let branch = try Repository.clone(from: source.path, to: directory + "/branch", options: CloneOptions(branch: "feature"))
            #expect(try branch.head() == source.feature)
            #expect(try branch.currentBranch == "feature")

            let bare = try Repository.clone(from: source.path, to: directory + "/bare.git", options: CloneOptions(bare: true))
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
}
