import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Copies files out of a catalog or a working tree into a place that belongs to whoever runs Ladder.
///
/// `FileManager.copyItem` keeps the source's owner, group and mode: as a learner who is not root it fails on any
/// directory of a catalog that root owns (it tries to give the copy root's group), and it would carry a read-only
/// mode into the learner's own repository. Here the copy is the caller's: directories 0755, regular files 0644, or
/// 0755 when the source is executable by its owner. Symbolic links are copied as links, never followed. Nothing is
/// ever written next to the source.
enum FileTree {
    /// Why a copy stopped: which file, on which side, and the system's reason.
    struct Failure: Error, CustomStringConvertible {
        enum Side: Sendable {
            case reading
            case writing
        }

        let side: Side
        let path: String
        let code: Int32

        var reason: String { String(cString: strerror(code)) }

        var description: String {
            "cannot \(side == .reading ? "read" : "write") \(path): \(reason)"
        }
    }

    /// Copies `source` (a file, a directory with everything under it, or a symbolic link) to `destination`,
    /// which must not exist yet.
    static func copy(_ source: String, to destination: String) throws(Failure) {
        var info = stat()
        guard lstat(source, &info) == 0 else {
            throw Failure(side: .reading, path: source, code: errno)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            guard mkdir(destination, 0o755) == 0, chmod(destination, 0o755) == 0 else {
                throw Failure(side: .writing, path: destination, code: errno)
            }
            try copyContents(of: source, into: destination)
        case S_IFLNK:
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(source, &target, target.count - 1)
            guard length >= 0 else {
                throw Failure(side: .reading, path: source, code: errno)
            }
            guard
                symlink(String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self), destination)
                    == 0
            else {
                throw Failure(side: .writing, path: destination, code: errno)
            }
        case S_IFREG:
            try copyFile(source, to: destination, mode: info.st_mode & S_IXUSR != 0 ? 0o755 : 0o644)
        default:
            // A FIFO, socket or device has no contents to copy and no place in a lab.
            throw Failure(side: .reading, path: source, code: EINVAL)
        }
    }

    /// Copies every entry of the directory `source` but those named in `skipping` into the existing directory
    /// `destination`, where none of them may exist yet.
    static func copyContents(of source: String, into destination: String, skipping: Set<String> = []) throws(Failure) {
        for name in try entries(of: source) where !skipping.contains(name) {
            try copy(source + "/" + name, to: destination + "/" + name)
        }
    }

    /// The names in a directory, sorted, without `.` and `..`.
    static func entries(of directory: String) throws(Failure) -> [String] {
        guard let stream = opendir(directory) else {
            throw Failure(side: .reading, path: directory, code: errno)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Writes `data` to a new file at `path`, mode 0644.
    static func write(_ data: Data, to path: String) throws(Failure) {
        let output = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw Failure(side: .writing, path: path, code: errno)
        }
        defer { close(output) }
        let failure = data.withUnsafeBytes { bytes -> Failure? in
            do throws(Failure) {
                try writeAll(output, bytes, path: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        guard fchmod(output, 0o644) == 0 else {
            throw Failure(side: .writing, path: path, code: errno)
        }
    }

    private static func copyFile(_ source: String, to destination: String, mode: mode_t) throws(Failure) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw Failure(side: .reading, path: source, code: errno)
        }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard output >= 0 else {
            throw Failure(side: .writing, path: destination, code: errno)
        }
        defer { close(output) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(side: .reading, path: source, code: errno)
            }
            if count == 0 { break }
            try writeAll(output, UnsafeRawBufferPointer(rebasing: buffer[..<count]), path: destination)
        }
        // The umask may have narrowed the mode; the learner's copy gets exactly 0644 or 0755.
        guard fchmod(output, mode) == 0 else {
            throw Failure(side: .writing, path: destination, code: errno)
        }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(Failure) {
        let code = Descriptor.writeAll(bytes, to: descriptor)
        guard code == 0 else { throw Failure(side: .writing, path: path, code: code) }
    }
}
