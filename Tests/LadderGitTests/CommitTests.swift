import Foundation
import LadderGit
import Testing

@Suite(.requires(.gitCLI))
struct CommitTests {
    /// A lab's starter files: a script, a nested directory, a symlink, and an ignored build output.
    private func writeStarter(in directory: String) throws {
        try write("README.md", "# Lab\n", in: directory)
        try write("run.sh", "#!/bin/sh\necho hello\n", in: directory, executable: true)
        try write("src/app/main.py", "print('hello')\n", in: directory)
        try write(".gitignore", "build/\n", in: directory)
        try write("build/output.bin", "generated", in: directory)
        try symlink("docs", to: "README.md", in: directory)
    }

    @Test func firstCommitHasEveryFileWithItsMode() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            try writeStarter(in: directory)
            let commit = try repository.commitAll(message: "Start lab\n\nStarter code.", author: alice)

            #expect(commit.parentIDs.isEmpty)
            #expect(commit.summary == "Start lab")
            #expect(commit.message == "Start lab\n\nStarter code.\n")
            #expect(commit.author == alice)
            #expect(commit.committer == alice)
            #expect(commit.time == alice.time)
            #expect(commit.id.count == 40 && commit.treeID.count == 40)
            #expect(try repository.head() == commit)

            #expect(
                try gitCLI("log", "--format=%H %an <%ae> %s", in: directory)
                    == "\(commit.id) Alice Learner <alice@example.com> Start lab\n")
            #expect(try gitCLI("status", "--porcelain", in: directory) == "")
            #expect(try gitCLI("symbolic-ref", "HEAD", in: directory) == "refs/heads/main\n")
            #expect(
                try committedModes(in: directory) == [
                    ".gitignore": "100644", "README.md": "100644", "docs": "120000",
                    "run.sh": "100755", "src/app/main.py": "100644",
                ])
            #expect(try gitCLI("cat-file", "-p", "HEAD:docs", in: directory) == "README.md")
        }
    }

    @Test func laterCommitRecordsChangesAndDeletions() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            try writeStarter(in: directory)
            let first = try repository.commitAll(message: "Start lab", author: alice)

            try FileManager.default.removeItem(atPath: directory + "/src/app/main.py")
            try write("README.md", "# Lab, solved\n", in: directory)
            try write("solution.py", "answer = 42\n", in: directory)
            let committer = Signature(
                name: "Ladder", email: "ladder@localhost", time: Date(timeIntervalSince1970: 1_700_000_100))
            let second = try repository.commitAll(message: "Solve", author: alice, committer: committer)

            #expect(second.parentIDs == [first.id])
            #expect(second.committer == committer)
            #expect(second.time == committer.time)
            #expect(try gitCLI("status", "--porcelain", in: directory) == "")
            #expect(
                try committedModes(in: directory).keys.sorted() == [
                    ".gitignore", "README.md", "docs", "run.sh", "solution.py",
                ])
            #expect(try gitCLI("show", "HEAD:README.md", in: directory) == "# Lab, solved\n")
        }
    }

    @Test func refusesAnEmptyCommitUnlessAllowed() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            #expect(gitError { try repository.commitAll(message: "nothing", author: alice) }?.kind == .nothingToCommit)
            try write("a.txt", "a", in: directory)
            let first = try repository.commitAll(message: "a", author: alice)
            #expect(gitError { try repository.commitAll(message: "again", author: alice) }?.kind == .nothingToCommit)
            let empty = try repository.commitAll(message: "again", author: alice, allowEmpty: true)
            #expect(empty.treeID == first.treeID && empty.parentIDs == [first.id])
        }
    }

    @Test func commitsADirectoryOntoABranchOfABareRepository() throws {
        try withTemporaryDirectory { directory in
            let catalog = try Repository.create(at: directory + "/catalog.git", bare: true)
            let lab = directory + "/lab"
            try write("lab.toml", "id = \"hello\"\n", in: lab)
            try write("starter/run.sh", "#!/bin/sh\n", in: lab, executable: true)
            try symlink("starter/link", to: "../lab.toml", in: lab)
            try FileManager.default.createDirectory(atPath: lab + "/empty", withIntermediateDirectories: true)
            try write(".git/HEAD", "not part of the lab", in: lab)

            let first = try catalog.commit(directory: lab, onto: "labs", message: "Publish hello", author: alice)
            #expect(first.parentIDs.isEmpty)
            #expect(try catalog.resolve("labs") == first)
            #expect(
                try committedModes("labs", in: catalog.gitDirectory) == [
                    "lab.toml": "100644", "starter/run.sh": "100755", "starter/link": "120000",
                ])
            #expect(
                gitError { try catalog.commit(directory: lab, onto: "labs", message: "same", author: alice) }?.kind
                    == .nothingToCommit)

            try write("lab.toml", "id = \"hello\"\nversion = 2\n", in: lab)
            let second = try catalog.commit(directory: lab, onto: "labs", message: "Publish hello v2", author: alice)
            #expect(second.parentIDs == [first.id])
            #expect(try gitCLI("show", "labs:lab.toml", in: catalog.gitDirectory) == "id = \"hello\"\nversion = 2\n")
        }
    }
}

@Suite struct NestedRepositoryTests {
    @Test func commitAllExplainsANestedRepository() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            try write("a.txt", "a", in: directory)
            _ = try Repository.create(at: directory + "/vendor/lib")
            try write("vendor/lib/b.txt", "b", in: directory)

            let error = try #require(gitError { try repository.commitAll(message: "outer", author: alice) })
            #expect(error.kind == .nestedRepository("vendor/lib"))
            #expect(error.description.contains("Delete 'vendor/lib/.git'"))
            #expect(gitError { _ = try repository.head() }?.kind == .unbornHead)
        }
    }
}
