import Foundation
import LadderGit
import Testing

/// Packs of a learner's commits, as `ladder submit` uploads them to a course's server, and their unpacking there.
@Suite struct PackTests {
    /// A repository with two commits; returns it and them.
    private func history(in directory: String) throws -> (Repository, [CommitInfo]) {
        let path = directory + "/learner"
        let repository = try Repository.create(at: path)
        try write("main.py", "print('starter')\n", in: path)
        let first = try repository.commitAll(message: "Start", author: alice)
        try write("main.py", "print('solved')\n", in: path)
        try write("tests/test_main.py", "assert True\n", in: path)
        let second = try repository.commitAll(message: "Solve", author: alice)
        return (repository, [first, second])
    }

    @Test func aPackUnpacksIntoABareRepositoryAtTheCommit() throws {
        try withTemporaryDirectory { directory in
            let (repository, commits) = try history(in: directory)
            let pack = try repository.pack(from: "HEAD")
            #expect(pack.starts(with: Array("PACK".utf8)))
            // A doubled slash, as `$TMPDIR` + "/name" often makes, is a path like any other.
            let unpacked = try Repository.unpack(pack, into: directory + "//server", commit: commits[1].id)
            #expect(unpacked.isBare)
            #expect(try unpacked.head() == commits[1])
            #expect(try unpacked.log() == commits.reversed(), "the whole history came along")
            try unpacked.export(commit: commits[1].id, to: directory + "/exported")
            #expect(try String(contentsOfFile: directory + "/exported/main.py", encoding: .utf8) == "print('solved')\n")
        }
    }

    @Test func whatIsNotAUsablePackIsRefusedAndLeavesNothing() throws {
        try withTemporaryDirectory { directory in
            let (repository, commits) = try history(in: directory)
            let target = directory + "/server"
            func refusal(_ pack: Data, commit: String, maximumObjects: Int = 100_000) -> GitError? {
                gitError {
                    _ = try Repository.unpack(pack, into: target, commit: commit, maximumObjects: maximumObjects)
                }
            }
            let garbage = refusal(Data("PACK and then nonsense".utf8), commit: commits[1].id)
            #expect(garbage?.kind == .invalidPack)
            #expect(!FileManager.default.fileExists(atPath: target))

            let older = try repository.pack(from: commits[0].id)
            let missing = refusal(older, commit: commits[1].id)
            #expect(missing?.kind == .invalidPack && missing?.message.contains("does not hold commit") == true)
            #expect(!FileManager.default.fileExists(atPath: target))

            let whole = try repository.pack(from: "HEAD")
            #expect(refusal(whole, commit: String(commits[1].id.prefix(10)))?.kind == .invalidPack, "a full id only")
            let crowded = refusal(whole, commit: commits[1].id, maximumObjects: 3)
            #expect(crowded?.kind == .invalidPack && crowded?.message.contains("more than 3 objects") == true)

            // A byte changed inside an object: its id no longer matches its content.
            var tampered = whole
            tampered[tampered.count / 2] ^= 0xFF
            #expect(refusal(tampered, commit: commits[1].id)?.kind == .invalidPack)
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }
}
