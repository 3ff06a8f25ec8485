import Foundation
import Testing

@testable import LadderCore

/// `FileTree`: copies out of a catalog belong to whoever runs Ladder, whatever the catalog's owner and modes.
@Suite struct FileTreeTests {
    let work: TemporaryDirectory

    init() throws {
        work = try TemporaryDirectory("filetree")
    }

    static func mode(_ path: String) -> Int {
        var info = stat()
        return lstat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : -1
    }

    /// A source laid out like a locked-down catalog: read-only files and directories, an executable, a link.
    func readOnlySource() throws -> String {
        try work.write("source/main.py", "print('starter')\n")
        try work.write("source/run.sh", "#!/bin/sh\necho run\n")
        try work.write("source/tests/01.in", "1 2\n")
        #expect(symlink("main.py", work.file("source/alias.py")) == 0)
        chmod(work.file("source/main.py"), 0o444)
        chmod(work.file("source/run.sh"), 0o555)
        chmod(work.file("source/tests/01.in"), 0o400)
        chmod(work.file("source/tests"), 0o555)
        chmod(work.file("source"), 0o555)
        return work.file("source")
    }

    func unlock() {
        chmod(work.file("source"), 0o755)
        chmod(work.file("source/tests"), 0o755)
    }

    @Test func aReadOnlyTreeBecomesTheCallersOwnWithPlainModes() throws {
        let source = try readOnlySource()
        defer { unlock() }
        let copy = work.file("copy")
        try FileTree.copy(source, to: copy)

        #expect(Self.mode(copy) == 0o755)
        #expect(Self.mode(copy + "/tests") == 0o755)
        #expect(Self.mode(copy + "/main.py") == 0o644)
        #expect(Self.mode(copy + "/tests/01.in") == 0o644)
        #expect(Self.mode(copy + "/run.sh") == 0o755, "the owner's executable bit is kept")
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: copy + "/alias.py") == "main.py",
            "a link stays a link")
        #expect(FileManager.default.contents(atPath: copy + "/tests/01.in") == Data("1 2\n".utf8))
        #expect(
            FileManager.default.contents(atPath: copy + "/run.sh")
                == FileManager.default.contents(atPath: source + "/run.sh"))
        var info = stat()
        #expect(stat(copy + "/main.py", &info) == 0 && info.st_uid == geteuid() && info.st_gid == getegid())
    }

    @Test func copyContentsSkipsWhatItIsToldTo() throws {
        try work.write("tree/.git/HEAD", "ref: refs/heads/main\n")
        try work.write("tree/main.py", "print(1)\n")
        try FileManager.default.createDirectory(atPath: work.file("into"), withIntermediateDirectories: false)
        try FileTree.copyContents(of: work.file("tree"), into: work.file("into"), skipping: [".git"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.file("into")) == ["main.py"])
    }

    @Test func aLargeFileIsCopiedWhole() throws {
        let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: URL(fileURLWithPath: work.file("big.bin")))
        try FileTree.copy(work.file("big.bin"), to: work.file("big-copy.bin"))
        #expect(FileManager.default.contents(atPath: work.file("big-copy.bin")) == bytes)
    }

    @Test func aSpecialFileIsRefusedAndNamed() throws {
        try FileManager.default.createDirectory(atPath: work.file("odd"), withIntermediateDirectories: false)
        #expect(mkfifo(work.file("odd/pipe"), 0o644) == 0)
        #expect {
            try FileTree.copy(work.file("odd"), to: work.file("odd-copy"))
        } throws: { error in
            let failure = error as! FileTree.Failure
            return failure.side == .reading && failure.path == work.file("odd/pipe")
                && failure.description.hasPrefix("cannot read \(work.file("odd/pipe")):")
        }
    }

    @Test func anExistingDestinationIsNeverOverwritten() throws {
        try work.write("a.txt", "new\n")
        try work.write("b.txt", "mine\n")
        #expect {
            try FileTree.copy(work.file("a.txt"), to: work.file("b.txt"))
        } throws: { error in
            let failure = error as! FileTree.Failure
            return failure.side == .writing && failure.path == work.file("b.txt") && failure.code == EEXIST
        }
        #expect(work.read("b.txt") == "mine\n")
    }

    @Test func writeMakesA0644File() throws {
        let path = work.file("pin.toml")
        try FileTree.write(Data("lab = \"x\"\n".utf8), to: path)
        #expect(work.read("pin.toml") == "lab = \"x\"\n")
        #expect(Self.mode(path) == 0o644)
    }
}
