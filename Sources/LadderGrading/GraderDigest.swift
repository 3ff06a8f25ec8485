import Crypto
import Foundation

/// A digest of every file of a lab's grader, so a grade says exactly which hidden tests made it.
///
/// SHA-256 over each regular file's path (relative, sorted), executable bit and contents, and each symlink's
/// target and the contents of the file it leads to; `sha256:` followed by hex. Caches (`__pycache__`, `*.pyc`,
/// `node_modules`) are left out, and so are the files that describe a grader without grading (``descriptions``).
public enum GraderDigest {
    /// Files at the top of a grader directory that describe it and never take part in grading: the measured strength
    /// of its tests (`lab validate --strength --record`), which measuring again must not turn into a new digest.
    public static let descriptions: Set<String> = [strengthRecordFile]
    /// The measured strength of a lab's hidden tests, in its grader directory.
    public static let strengthRecordFile = "strength.toml"

    public static func compute(directory: String) throws -> String {
        let fileManager = FileManager.default
        // Foundation enumerates a missing directory as empty, which would digest to the empty grader.
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = fileManager.enumerator(atPath: directory)
        else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: directory])
        }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            // Caches that running a reference solution leaves behind are not part of the grader.
            let name = (path as NSString).lastPathComponent
            if name == "__pycache__" || name == "node_modules" {
                enumerator.skipDescendants()
                continue
            }
            if name == ".DS_Store" || name.hasSuffix(".pyc") || descriptions.contains(path) { continue }
            paths.append(path)
        }
        var hasher = SHA256()
        for path in paths.sorted() {
            let full = directory + "/" + path
            let attributes = try fileManager.attributesOfItem(atPath: full)
            let type = attributes[.type] as? FileAttributeType
            if type == .typeSymbolicLink {
                hasher.update(
                    data: Data("L \(path)\0\(try fileManager.destinationOfSymbolicLink(atPath: full))\0".utf8))
                // A runner reads the file behind the link, so what it holds is part of the grader too.
                let resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                if let contents = FileManager.default.contents(atPath: resolved) {
                    hasher.update(data: Data("T \(contents.count)\0".utf8))
                    hasher.update(data: contents)
                }
            } else if type == .typeRegular {
                let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
                let executable = permissions & 0o111 != 0 ? "x" : "-"
                let contents = try Data(contentsOf: URL(fileURLWithPath: full))
                hasher.update(data: Data("F \(path)\0\(executable)\0\(contents.count)\0".utf8))
                hasher.update(data: contents)
            }
        }
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

extension GraderDigest {
    /// The digest of one grader file (an `autograding.json`), in the same `sha256:` form.
    public static func compute(file: String) throws -> String {
        let contents = try Data(contentsOf: URL(fileURLWithPath: file))
        return "sha256:" + SHA256.hash(data: contents).map { String(format: "%02x", $0) }.joined()
    }
}
