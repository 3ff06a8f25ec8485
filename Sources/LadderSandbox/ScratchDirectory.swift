import Foundation

/// A directory of temporary files made for one piece of work, removed with everything in it when the work ends.
///
/// Every temporary directory Ladder makes is one of these: a process's scratch space (LadderCore's `ScratchSpace`),
/// a grading run's workspace inside it, and each sandboxed run's own files inside that. `mkdtemp` makes it, so its
/// name is new (no two processes or runs share one) and only its owner may enter it (mode 0700). It lives here, at
/// the lowest layer that makes one, so that the layers above build on it rather than on a copy of it.
public final class ScratchDirectory: @unchecked Sendable {
    /// The directory's path.
    public let root: String
    private let lock = NSLock()
    private var counter = 0

    /// Makes `parent/<prefix>XXXXXX`, the X's random; `parent` must exist.
    public init(in parent: String, prefix: String) throws(ScratchError) {
        let directory = parent.hasSuffix("/") ? String(parent.dropLast()) : parent
        var template = Array("\(directory)/\(prefix)XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ScratchError(parent: parent, reason: String(cString: strerror(errno)))
        }
        root = String(cString: made)
    }

    /// The path of `name` inside the directory (not created).
    public func path(_ name: String) -> String {
        root + "/" + name
    }

    /// A path inside the directory that no other call of this one returns: `prefix` and a number (not created).
    public func uniquePath(_ prefix: String) -> String {
        let number = lock.withLock {
            counter += 1
            return counter
        }
        return path("\(prefix)\(number)")
    }

    /// Removes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// A scratch directory could not be made: where, and why in the system's words.
public struct ScratchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The directory it was to be made in.
    public let parent: String
    /// What the system said (`strerror`).
    public let reason: String

    public var description: String {
        "cannot create a scratch directory in \(parent): \(reason); set TMPDIR to a writable directory"
    }
}
