import Foundation
import LadderGit
import LadderModel
import LadderTOML
import Testing

@testable import LadderCore

/// `history.toml`: histories written as files, for starter branches and for reference and wrong solutions.
@Suite struct HistoryScriptTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory("history")
        _ = try directory.write("history/one/a.txt", "one\n")
        _ = try directory.write("history/two/a.txt", "two\n")
        _ = try directory.write("history/merge/a.txt", "one and two\n")
    }

    func load(_ text: String) throws(ManifestError) -> HistoryScript {
        _ = try? directory.write("history/history.toml", text)
        return try HistoryScript.load(directory: directory.file("history"))
    }

    func error(_ text: String) -> ManifestError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func brokenStepsNameTheirLineAndField() throws {
        let missing = try #require(error("[[commits]]\nfiles = \"one\"\n"))
        #expect(missing.file == directory.file("history/history.toml") && missing.message.contains("message"))
        let author = try #require(error("[[commits]]\nmessage = \"m\"\nfiles = \"one\"\nauthor = \"Ana\"\n"))
        #expect(author.line == 4 && author.field?.hasSuffix("author") == true, "\(author)")
        let outside = try #require(error("[[commits]]\nmessage = \"m\"\ndelete = [\"../x\"]\n"))
        #expect(outside.line == 3 && outside.field?.hasSuffix("delete") == true, "\(outside)")
        let noDirectory = try #require(error("[[commits]]\nmessage = \"m\"\nfiles = \"three\"\n"))
        #expect(noDirectory.field?.hasSuffix("files") == true, "\(noDirectory)")
        let empty = try #require(error("[[commits]]\nmessage = \"m\"\n"))
        #expect(empty.message.contains("'files', 'delete' or 'merge'"))
    }

    @Test func aBranchAndItsMergeAreReplayed() throws {
        let repository = try Repository.create(at: directory.file("repo"))
        _ = try directory.write("repo/a.txt", "start\n")
        let author = Signature(name: "Ana Ruiz", email: "ana@example.com")
        let start = try repository.commitAll(message: "start", author: author)
        let script = try load(
            """
            [[commits]]
            branch = "topic"
            message = "feat: one"
            files = "one"
            [[commits]]
            message = "fix: two"
            files = "two"
            author = "Sam Okafor <sam@example.com>"
            [[commits]]
            message = "Merge branch 'topic'"
            merge = "topic"
            files = "merge"
            """)
        try script.apply(to: repository, defaultAuthor: author, trailer: "Ladder-Start: demo")
        let merge = try repository.resolve("refs/heads/main")
        let topic = try repository.resolve("refs/heads/topic")
        #expect(topic.parentIDs == [start.id] && topic.author.name == "Ana Ruiz")
        #expect(merge.parentIDs.count == 2 && merge.parentIDs[1] == topic.id)
        #expect(try repository.resolve(merge.parentIDs[0]).author.name == "Sam Okafor")
        #expect(merge.message.hasSuffix("Ladder-Start: demo\n"))
        #expect(try repository.fileContents("a.txt", at: merge.id) == Data("one and two\n".utf8))
    }
}
