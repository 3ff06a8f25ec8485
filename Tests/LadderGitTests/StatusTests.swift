import Foundation
import LadderGit
import Testing

@Suite struct StatusTests {
    @Test func reportsModifiedUntrackedDeletedAndStaged() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            try write(".gitignore", "*.log\n", in: directory)
            try write("keep.txt", "keep", in: directory)
            try write("change.txt", "before", in: directory)
            try write("remove.txt", "remove", in: directory)
            try repository.commitAll(message: "start", author: alice)
            #expect(try repository.status() == [])

            try write("change.txt", "after", in: directory)
            try FileManager.default.removeItem(atPath: directory + "/remove.txt")
            try write("notes/new.txt", "new", in: directory)
            try write("debug.log", "ignored", in: directory)

            #expect(
                try repository.status() == [
                    StatusEntry(path: "change.txt", change: .modified, staged: false),
                    StatusEntry(path: "notes/new.txt", change: .untracked, staged: false),
                    StatusEntry(path: "remove.txt", change: .deleted, staged: false),
                ])
        }
    }

    @Test(.requires(.gitCLI))
    func separatesStagedFromUnstagedChanges() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory)
            try write("a.txt", "1", in: directory)
            try repository.commitAll(message: "start", author: alice)
            try write("a.txt", "2", in: directory)
            try write("b.txt", "b", in: directory)
            try gitCLI("add", "a.txt", "b.txt", in: directory)
            try write("a.txt", "3", in: directory)

            #expect(
                try repository.status() == [
                    StatusEntry(path: "a.txt", change: .modified, staged: true),
                    StatusEntry(path: "a.txt", change: .modified, staged: false),
                    StatusEntry(path: "b.txt", change: .added, staged: true),
                ])
        }
    }
}
