import Foundation
import LadderGit
import Testing

@Suite struct NotesAndTagsTests {
    private func repositoryWithTwoCommits(in directory: String) throws -> (Repository, CommitInfo, CommitInfo) {
        let repository = try Repository.create(at: directory)
        try write("a.txt", "1", in: directory)
        let first = try repository.commitAll(message: "first", author: alice)
        try write("a.txt", "2", in: directory)
        let second = try repository.commitAll(message: "second", author: alice)
        return (repository, first, second)
    }

    @Test func addsReadsAndOverwritesNotes() throws {
        try withTemporaryDirectory { directory in
            let (repository, first, second) = try repositoryWithTwoCommits(in: directory)
            #expect(try repository.note(for: "HEAD") == nil)

            try repository.addNote(to: "HEAD", message: "score: 7/10", author: alice)
            #expect(try repository.note(for: second.id) == "score: 7/10")
            #expect(try repository.note(for: first.id) == nil)
            #expect(try repository.note(for: "HEAD", notesRef: "refs/notes/other") == nil)

            try repository.addNote(to: "HEAD", message: "score: 10/10", author: alice)
            #expect(try repository.note(for: "HEAD") == "score: 10/10")

            let error = gitError { try repository.addNote(to: "HEAD", message: "x", author: alice, overwrite: false) }
            #expect(error.map { if case .alreadyExists = $0.kind { true } else { false } } == true)
            #expect(try repository.note(for: "HEAD") == "score: 10/10")
        }
    }

    @Test(.requires(.gitCLI))
    func notesAreVisibleToGit() throws {
        try withTemporaryDirectory { directory in
            let (repository, _, _) = try repositoryWithTwoCommits(in: directory)
            try repository.addNote(to: "HEAD", message: "graded", author: alice)
            #expect(try gitCLI("notes", "--ref=refs/notes/ladder", "show", "HEAD", in: directory) == "graded")
        }
    }

    @Test func createsAnnotatedTagsAndRefusesDuplicates() throws {
        try withTemporaryDirectory { directory in
            let (repository, first, second) = try repositoryWithTwoCommits(in: directory)
            #expect(try repository.tagNames() == [])
            #expect(try repository.tagTarget("v1") == nil)

            try repository.createTag("v1", at: first.id, message: "Version 1", tagger: alice)
            try repository.createTag("submitted/2024-01-01", at: "HEAD", message: "Submitted", tagger: alice)
            #expect(try repository.tagNames() == ["submitted/2024-01-01", "v1"])
            #expect(try repository.tagTarget("v1") == first)
            #expect(try repository.tagTarget("submitted/2024-01-01") == second)

            let error = gitError { try repository.createTag("v1", at: "HEAD", message: "again", tagger: alice) }
            #expect(error?.kind == .alreadyExists("tag v1"))
            #expect(try repository.tagTarget("v1") == first)
        }
    }

    @Test(.requires(.gitCLI))
    func tagsAreAnnotated() throws {
        try withTemporaryDirectory { directory in
            let (repository, _, _) = try repositoryWithTwoCommits(in: directory)
            try repository.createTag("v1", at: "HEAD", message: "Version 1", tagger: alice)
            #expect(try gitCLI("cat-file", "-t", "v1", in: directory) == "tag\n")
            #expect(try gitCLI("tag", "-l", "--format=%(contents)", "v1", in: directory) == "Version 1\n\n")
        }
    }
}
