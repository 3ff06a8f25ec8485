import Foundation
import Testing

@testable import LadderGrading

/// `GraderDigest`: the same files give the same digest anywhere; any change a grade depends on changes it.
@Suite struct GraderDigestTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory("digest")
        try directory.write("grader.toml", "format = 1\n")
        try directory.write("cases/01.in", "1 2 3\n")
        try directory.write("cases/01.out", "6\n")
        try directory.write("check.py", "print('ok')\n", executable: true)
        try directory.write("reference/python/main.py", "print(6)\n")
    }

    func digest(_ path: String? = nil) throws -> String {
        try GraderDigest.compute(directory: path ?? directory.path)
    }

    @Test func isAHexSHA256AndStableAcrossRunsAndLocations() throws {
        let first = try digest()
        #expect(first.hasPrefix("sha256:"))
        let hex = first.dropFirst("sha256:".count)
        #expect(hex.count == 64)
        #expect(hex.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(try digest() == first)

        let copy = try TemporaryDirectory("digest-copy")
        try FileManager.default.removeItem(atPath: copy.path)
        try FileManager.default.copyItem(atPath: directory.path, toPath: copy.path)
        #expect(try digest(copy.path) == first, "the digest depends on relative paths only")
    }

    @Test func doesNotDependOnTheOrderFilesWereMade() throws {
        let other = try TemporaryDirectory("digest-order")
        try other.write("reference/python/main.py", "print(6)\n")
        try other.write("check.py", "print('ok')\n", executable: true)
        try other.write("cases/01.out", "6\n")
        try other.write("cases/01.in", "1 2 3\n")
        try other.write("grader.toml", "format = 1\n")
        #expect(try digest(other.path) == digest())
    }

    @Test func changesWithOneFixtureByteAndComesBack() throws {
        let original = try digest()
        try directory.write("cases/01.out", "7\n")
        let changed = try digest()
        #expect(changed != original)
        try directory.write("cases/01.out", "6\n")
        #expect(try digest() == original)
    }

    @Test func changesWithTheExecutableBit() throws {
        let original = try digest()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory.file("check.py"))
        #expect(try digest() != original)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.file("check.py"))
        #expect(try digest() == original, "any execute bit counts the same")
    }

    @Test func ignoresTheOtherPermissionBitsAndTimes() throws {
        let original = try digest()
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o600, .modificationDate: Date(timeIntervalSince1970: 0)],
            ofItemAtPath: directory.file("cases/01.in"))
        #expect(try digest() == original)
    }

    @Test(arguments: [
        "a renamed file", "an added file", "an added empty file", "a removed file", "a hidden file", "a moved file",
        "bytes moved between name and contents",
    ])
    func changesWith(_ change: String) throws {
        let original = try digest()
        let fileManager = FileManager.default
        switch change {
        case "a renamed file":
            try fileManager.moveItem(atPath: directory.file("cases/01.in"), toPath: directory.file("cases/1.in"))
        case "an added file": try directory.write("cases/02.in", "x\n")
        case "an added empty file": try directory.write("cases/empty", "")
        case "a removed file": try fileManager.removeItem(atPath: directory.file("cases/01.out"))
        case "a hidden file": try directory.write(".hidden-fixture", "x")
        case "a moved file":
            try fileManager.moveItem(atPath: directory.file("cases/01.in"), toPath: directory.file("01.in"))
        default:
            // "cases/01.out" holding "6\n" against "cases/01.ou" holding "t6\n": the same bytes run together.
            try fileManager.removeItem(atPath: directory.file("cases/01.out"))
            try directory.write("cases/01.ou", "t6\n")
        }
        #expect(try digest() != original)
    }

    @Test func symlinksAreHashedByTarget() throws {
        try FileManager.default.createSymbolicLink(atPath: directory.file("link"), withDestinationPath: "cases/01.in")
        let original = try digest()
        try FileManager.default.removeItem(atPath: directory.file("link"))
        try FileManager.default.createSymbolicLink(atPath: directory.file("link"), withDestinationPath: "cases/01.out")
        #expect(try digest() != original)
    }

    @Test func aSymlinkedFixtureChangesTheDigestWhenItsContentsChange() throws {
        // A spec may name a symlinked fixture; the grade depends on what it reads through the link.
        let outside = try TemporaryDirectory("digest-outside")
        try outside.write("expected.out", "6\n")
        try FileManager.default.createSymbolicLink(
            atPath: directory.file("cases/shared.out"), withDestinationPath: outside.file("expected.out"))
        let original = try digest()
        try outside.write("expected.out", "7\n")
        let changed = try digest()
        #expect(changed != original, "a runner reads through the link, so the target's contents count")
    }

    @Test func emptyDirectoriesDoNotMatter() throws {
        let original = try digest()
        try FileManager.default.createDirectory(atPath: directory.file("empty-dir"), withIntermediateDirectories: false)
        #expect(try digest() == original)
    }

    @Test func aMissingDirectoryThrows() {
        #expect(throws: (any Error).self) {
            try GraderDigest.compute(directory: directory.file("no-such-dir"))
        }
    }

    @Test func theShippedLabHasAStableDigest() throws {
        let path = GradingBox.repositoryRoot + "/Graders/log-stats"
        let first = try GraderDigest.compute(directory: path)
        #expect(try GraderDigest.compute(directory: path) == first)
        #expect(first.count == "sha256:".count + 64)
    }
}
