import Crypto
import Foundation

/// A digest of every file of a lab's grader, so a grade says exactly which hidden tests made it.
///
/// A ``TreeDigest`` of the grader directory, each symlink with the contents of the file it leads to. Caches
/// (`__pycache__`, `*.pyc`, `node_modules`) are left out, and so are the files that describe a grader without grading
/// (``descriptions``).
public enum GraderDigest {
    /// Files at the top of a grader directory that describe it and never take part in grading: the measured strength
    /// of its tests (`lab validate --strength --record`), which measuring again must not turn into a new digest.
    public static let descriptions: Set<String> = [strengthRecordFile]
    /// The measured strength of a lab's hidden tests, in its grader directory.
    public static let strengthRecordFile = "strength.toml"

    /// Caches that running a reference solution leaves behind, and the ``descriptions``, are not part of the grader.
    static let tree = TreeDigest(links: .withContents) { path in
        let name = (path as NSString).lastPathComponent
        return name == "__pycache__" || name == "node_modules" || name == ".DS_Store" || name.hasSuffix(".pyc")
            || descriptions.contains(path)
    }

    public static func compute(directory: String) throws -> String {
        try tree.compute(directory: directory)
    }
}

extension GraderDigest {
    /// The digest of one grader file (an `autograding.json`), in the same `sha256:` form.
    public static func compute(file: String) throws -> String {
        let contents = try Data(contentsOf: URL(fileURLWithPath: file))
        return TreeDigest.hex(SHA256.hash(data: contents))
    }
}
