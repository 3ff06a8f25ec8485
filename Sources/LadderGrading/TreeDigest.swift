import Crypto
import Foundation

/// A digest of a directory tree: SHA-256 over each regular file's path (relative, sorted), executable bit and
/// contents, and each symlink's path and target; `sha256:` followed by hex. Other entries (FIFOs, sockets, devices)
/// are never opened and take no part.
///
/// What else a symlink contributes, and which entries are left out, depends on whose tree it is: see ``Links``.
/// ``GraderDigest`` is this over a grader's files; a ``BuildCache`` keys builds by it over a learner's.
public struct TreeDigest: Sendable {
    /// What a symlink contributes besides its target's text.
    public enum Links: Sendable {
        /// The contents of the file it leads to as well: a runner reads the file behind the link. Only for trees an
        /// author wrote, since reading behind a link may read anything on the machine.
        case withContents
        /// Its target's text only: a learner's link may lead anywhere (`/dev/zero`), and is never followed.
        case targetOnly
    }

    public var links: Links
    /// Entries left out, with everything under them: by their relative path.
    public var excluding: @Sendable (_ relativePath: String) -> Bool

    public init(links: Links, excluding: @escaping @Sendable (_ relativePath: String) -> Bool = { _ in false }) {
        self.links = links
        self.excluding = excluding
    }

    public func compute(directory: String) throws -> String {
        let fileManager = FileManager.default
        // Foundation enumerates a missing directory as empty, which would digest to the empty tree.
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = fileManager.enumerator(atPath: directory)
        else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: directory])
        }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if excluding(path) {
                enumerator.skipDescendants()
                continue
            }
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
                if links == .withContents {
                    let resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                    if let contents = FileManager.default.contents(atPath: resolved) {
                        hasher.update(data: Data("T \(contents.count)\0".utf8))
                        hasher.update(data: contents)
                    }
                }
            } else if type == .typeRegular {
                let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
                let executable = permissions & 0o111 != 0 ? "x" : "-"
                let contents = try Data(contentsOf: URL(fileURLWithPath: full))
                hasher.update(data: Data("F \(path)\0\(executable)\0\(contents.count)\0".utf8))
                hasher.update(data: contents)
            }
        }
        return Self.hex(hasher.finalize())
    }

    /// `sha256:` and the digest's hex.
    static func hex(_ digest: SHA256.Digest) -> String {
        "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }
}
