import Foundation
import LadderGit
import Testing

/// What a grader reads from a history: commits in order with some hidden, changed paths, files at a commit,
/// ancestry, commits built from directories (merges too), and a copy of one commit's history.
@Suite struct InspectTests {
    /// main: start → a (adds a.txt, deletes gone.txt); feature (from start): f; main: merge of feature. Each
    /// directory is a whole tree.
    private func merged(in directory: String) throws -> (
        Repository, start: CommitInfo, a: CommitInfo, f: CommitInfo, merge: CommitInfo
    ) {
        let repository = try Repository.create(at: directory + "/repo", bare: true)
        try write("one/readme.txt", "start\n", in: directory)
        try write("one/gone.txt", "bye\n", in: directory)
        let start = try repository.commit(
            directory: directory + "/one", onto: "main", parents: [], message: "start", author: alice)
        try write("two/readme.txt", "start\n", in: directory)
        try write("two/a.txt", "a\n", in: directory)
        let a = try repository.commit(
            directory: directory + "/two", onto: "main", parents: ["main"], message: "a", author: alice)
        try write("three/readme.txt", "start\n", in: directory)
        try write("three/gone.txt", "bye\n", in: directory)
        try write("three/f.txt", "f\n", in: directory)
        let f = try repository.commit(
            directory: directory + "/three", onto: "feature", parents: [start.id], message: "f", author: alice)
        try write("four/readme.txt", "merged\n", in: directory)
        try write("four/a.txt", "a\n", in: directory)
        try write("four/f.txt", "f\n", in: directory)
        let merge = try repository.commit(
            directory: directory + "/four", onto: "main", parents: ["main", "feature"], message: "merge", author: alice)
        return (repository, start, a, f, merge)
    }

    @Test func commitsAreParentsFirstAndHidingDropsAncestors() throws {
        try withTemporaryDirectory { directory in
            let (repository, start, a, f, merge) = try merged(in: directory)
            let all = try repository.commits(from: "main")
            #expect(
                all.first == start && all.last == merge && Set(all.map(\.id)) == Set([start, a, f, merge].map(\.id)))
            #expect(
                try repository.commits(from: "main", hiding: [start.id]).map(\.id).sorted()
                    == [a, f, merge].map(\.id).sorted())
            #expect(
                try repository.commits(from: "main", hiding: [f.id]).map(\.id).sorted()
                    == [a, merge].map(\.id).sorted())
            #expect(merge.parentIDs == [a.id, f.id])
        }
    }

    @Test func changedPathsFilesAndAncestry() throws {
        try withTemporaryDirectory { directory in
            let (repository, start, a, f, merge) = try merged(in: directory)
            #expect(try repository.changedPaths(of: start.id) == ["gone.txt", "readme.txt"])
            #expect(try repository.changedPaths(of: a.id) == ["a.txt", "gone.txt"], "a deletion is a change")
            #expect(
                try repository.changedPaths(of: merge.id) == ["f.txt", "readme.txt"], "compared with the first parent")
            #expect(try repository.fileContents("readme.txt", at: merge.id) == Data("merged\n".utf8))
            #expect(try repository.fileContents("gone.txt", at: merge.id) == nil)
            #expect(try repository.fileContents("f.txt", at: f.id) == Data("f\n".utf8))
            #expect(try repository.isAncestor(start.id, of: merge.id))
            #expect(try repository.isAncestor(merge.id, of: merge.id))
            #expect(try !repository.isAncestor(a.id, of: f.id))
        }
    }

    @Test func aCommitOnABranchMustContinueIt() throws {
        try withTemporaryDirectory { directory in
            let (repository, start, _, _, merge) = try merged(in: directory)
            try write("five/x.txt", "x\n", in: directory)
            #expect(throws: GitError.self) {
                try repository.commit(
                    directory: directory + "/five", onto: "main", parents: [start.id], message: "x", author: alice)
            }
            #expect(try repository.resolve("main") == merge)
        }
    }

    @Test func anExportedHistoryHoldsOnlyWhatTheCommitReaches() throws {
        try withTemporaryDirectory { directory in
            let (repository, _, a, f, _) = try merged(in: directory)
            try write("five/other.txt", "other\n", in: directory)
            let other = try repository.commit(
                directory: directory + "/five", onto: "other", parents: ["main"], message: "other", author: alice)
            let copy = try repository.exportHistory(of: f.id, to: directory + "/copy")
            #expect(copy.isBare)
            #expect(try copy.resolve("HEAD") == f)
            #expect(try copy.commits(from: "HEAD").count == 2)
            #expect(throws: GitError.self) { try copy.resolve(a.id) }
            #expect(throws: GitError.self) { try copy.resolve(other.id) }
            // The real git reads the copy: it is a repository, not a private format.
            #expect(try gitCLI("--git-dir", directory + "/copy", "log", "--format=%s", in: directory) == "f\nstart\n")
        }
    }

    @Test func anAttachedHistoryMakesAnExportACleanCheckout() throws {
        try withTemporaryDirectory { directory in
            let (repository, _, a, f, _) = try merged(in: directory)
            let checkout = directory + "/checkout"
            try repository.export(commit: f.id, to: checkout)
            try repository.attachHistory(of: f.id, toExport: checkout, branch: "work")
            let attached = try Repository.open(at: checkout)
            #expect(!attached.isBare && attached.workdir == checkout)
            #expect(try attached.head() == f && attached.currentBranch == "work")
            #expect(try attached.commits(from: "HEAD").count == 2)
            #expect(throws: GitError.self) { try attached.resolve(a.id) }
            #expect(try attached.status().isEmpty, "the index matches the exported files")
            #expect(try gitCLI("status", "--porcelain", in: checkout) == "")
            #expect(try gitCLI("log", "--format=%s", in: checkout) == "f\nstart\n")
        }
    }

    @Test func resetHardRewritesTheWorkingTree() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            try write("a.txt", "one\n", in: directory)
            let first = try repository.commitAll(message: "one", author: alice)
            try write("a.txt", "two\n", in: directory)
            try repository.commitAll(message: "two", author: alice)
            try write("a.txt", "local change\n", in: directory)
            try repository.resetHard(to: first.id)
            #expect(try repository.head() == first)
            #expect(try String(contentsOfFile: directory + "/a.txt", encoding: .utf8) == "one\n")
            #expect(try repository.status().isEmpty)
        }
    }
}
