import Foundation
import LadderGit
import Testing

@Suite struct ExportTests {
    private func attributes(_ path: String) throws -> (type: FileAttributeType?, permissions: Int?) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)  // does not follow symlinks
        return (attributes[.type] as? FileAttributeType, (attributes[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test func writesFilesModesAndSymlinksAsCommitted() throws {
        try withTemporaryDirectory { directory in
            let work = directory + "/work"
            let repository = try Repository.create(at: work)
            try write("run.sh", "#!/bin/sh\n", in: work, executable: true)
            try write("src/deep/main.c", "int main(void) { return 0; }\n", in: work)
            try symlink("readme", to: "src/deep/main.c", in: work)
            try symlink("passwd", to: "/etc/passwd", in: work)
            try symlink("dangling", to: "/nonexistent/secret", in: work)
            try repository.commitAll(message: "start", author: alice)
            // Changes after the commit must not show up in the export.
            try write("run.sh", "changed", in: work)

            let out = directory + "/out/nested"
            try repository.export(commit: "HEAD", to: out)

            #expect(try String(contentsOfFile: out + "/run.sh", encoding: .utf8) == "#!/bin/sh\n")
            #expect(try attributes(out + "/run.sh").permissions == 0o755)
            #expect(try attributes(out + "/src/deep/main.c").permissions == 0o644)
            #expect(try attributes(out + "/src/deep").type == .typeDirectory)
            for (link, target) in [
                ("readme", "src/deep/main.c"), ("passwd", "/etc/passwd"), ("dangling", "/nonexistent/secret"),
            ] {
                #expect(try attributes(out + "/" + link).type == .typeSymbolicLink)
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/" + link) == target)
            }
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                    "dangling", "passwd", "readme", "run.sh", "src",
                ])
        }
    }

    @Test func refusesANonEmptyDestination() throws {
        try withTemporaryDirectory { directory in
            let repository = try Repository.create(at: directory + "/work")
            try write("a.txt", "a", in: directory + "/work")
            try repository.commitAll(message: "a", author: alice)
            try write("mine.txt", "keep me", in: directory + "/out")

            let error = gitError { try repository.export(commit: "HEAD", to: directory + "/out") }
            #expect(error?.kind == .destinationNotEmpty(directory + "/out"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/out") == ["mine.txt"])
        }
    }

    @Test(
        .requires(.gitCLI),
        arguments: ["..", ".git", ".GIT"])
    func refusesEntriesThatLeaveTheDirectory(name: String) throws {
        try withTemporaryDirectory { directory in
            let work = directory + "/work"
            let repository = try Repository.create(at: work)
            let blob = try gitCLI("hash-object", "-w", "--stdin", in: work, input: "owned\n").trimmed
            let tree = try gitCLI("mktree", in: work, input: "100644 blob \(blob)\t\(name)\n").trimmed
            let commit = try gitCLI("commit-tree", tree, "-m", "hostile", in: work).trimmed

            let error = gitError { try repository.export(commit: commit, to: directory + "/out") }
            #expect(error?.kind == .unsafePath(directory + "/out/" + name))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["out", "work"])
        }
    }

    @Test(.requires(.gitCLI))
    func skipsSubmodules() throws {
        try withTemporaryDirectory { directory in
            let work = directory + "/work"
            let repository = try Repository.create(at: work)
            try write("a.txt", "a", in: work)
            let first = try repository.commitAll(message: "a", author: alice)
            try gitCLI("update-index", "--add", "--cacheinfo", "160000,\(first.id),vendor/lib", in: work)
            try gitCLI("commit", "--quiet", "-m", "add submodule", in: work)

            try repository.export(commit: "HEAD", to: directory + "/out")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: directory + "/out").sorted() == ["a.txt", "vendor"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/out/vendor") == [])
        }
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
