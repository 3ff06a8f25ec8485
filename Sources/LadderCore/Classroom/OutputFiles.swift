import Foundation

/// Files and directories a person named for Ladder to write (`--output`, `--out`, `--signature`), written with
/// system calls so that a failure says what is wrong with the path as they gave it, not a Foundation error dump.
public enum OutputFiles {
    /// Writes `data` to `path` whole or not at all: into a temporary file beside it, then renamed over it, so that an
    /// interrupted run never leaves half a report. `what` names the content in errors ("the report").
    public static func write(_ data: Data, to path: String, what: String) throws(LadderError) {
        let directory = parent(of: path)
        let temporary =
            directory + "/.\(URL(fileURLWithPath: path).lastPathComponent).\(UUID().uuidString.prefix(8)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(writing: what, to: path, errno: errno) }
        let written = writeAll(data, to: descriptor)
        let closed = close(descriptor) == 0 ? 0 : errno
        if written != 0 || closed != 0 {
            unlink(temporary)
            throw failure(writing: what, to: path, errno: written != 0 ? written : closed)
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw failure(writing: what, to: path, errno: code)
        }
    }

    /// Appends `data` to `path`, creating it when missing (a GitHub step summary that earlier steps wrote to).
    public static func append(_ data: Data, to path: String, what: String) throws(LadderError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(writing: what, to: path, errno: errno) }
        let written = writeAll(data, to: descriptor)
        let closed = close(descriptor) == 0 ? 0 : errno
        if written != 0 || closed != 0 {
            throw failure(writing: what, to: path, errno: written != 0 ? written : closed)
        }
    }

    /// Checks, before any work is done, that `write(_:to:what:)` can put a file at `path`.
    public static func requireWritable(_ path: String, what: String) throws(LadderError) {
        var status = stat()
        if stat(path, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR { throw failure(writing: what, to: path, errno: EISDIR) }
        }
        let directory = parent(of: path)
        guard stat(directory, &status) == 0 else { throw failure(writing: what, to: path, errno: errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw failure(writing: what, to: path, errno: ENOTDIR) }
        guard access(directory, W_OK) == 0 else { throw failure(writing: what, to: path, errno: errno) }
    }

    /// Makes the directory `path` and any missing parents; an existing directory is fine.
    public static func createDirectory(_ path: String, what: String) throws(LadderError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = errno
            var status = stat()
            if code == EEXIST, stat(prefix, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { continue }
            let reason: String
            switch code {
            case EEXIST, ENOTDIR:
                reason =
                    normalized(prefix) == normalized(path)
                    ? "it exists and is not a directory" : "\(normalized(prefix)) is a file, not a directory"
            default:
                reason = describe(code)
            }
            throw LadderError(
                .invalidInput, "cannot use \(path) as \(what): \(reason); name a directory (it is made if missing)")
        }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32) -> Int32 {
        data.withUnsafeBytes { Descriptor.writeAll($0, to: descriptor) }
    }

    /// The error for a failed write of `path`, with what is wrong with the path itself when that is the cause.
    private static func failure(writing what: String, to path: String, errno code: Int32) -> LadderError {
        let directory = parent(of: path)
        let reason: String
        var status = stat()
        switch code {
        case EISDIR, EEXIST, ENOTEMPTY:
            reason = "it is a directory; name a file"
        case ENOENT, ENOTDIR:
            if let blocker = firstNonDirectory(on: directory) {
                reason = "\(blocker) is a file, not a directory"
            } else if stat(directory, &status) != 0 {
                reason = "the directory \(directory) does not exist; create it first"
            } else {
                reason = describe(code)
            }
        default:
            reason = describe(code)
        }
        return LadderError(.invalidInput, "cannot write \(what) to \(path): \(reason)")
    }

    /// The first ancestor of `path` (or `path` itself) that exists and is not a directory.
    private static func firstNonDirectory(on path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var status = stat()
            guard stat(prefix, &status) == 0 else { return nil }
            if status.st_mode & S_IFMT != S_IFDIR { return normalized(prefix) }
        }
        return nil
    }

    private static func describe(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "permission denied"
        case EROFS: "the file system is read-only"
        case ENOSPC, EDQUOT: "no space left on the device"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` as the person wrote it, without the `./` that walking a relative path adds.
    private static func normalized(_ path: String) -> String {
        path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }
}
