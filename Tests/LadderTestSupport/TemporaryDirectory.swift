import Foundation

/// A new directory under the system's temporary directory, removed with everything in it when the value goes away.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The directory, with symbolic links resolved so that paths the product prints (it standardizes them) compare
    /// equal.
    public let path: String
    public var url: URL { URL(fileURLWithPath: path) }
    private let lock = NSLock()
    private var readOnly: [String] = []

    /// Makes `ladder-<label>-XXXXXX` under `$TMPDIR` (or /tmp).
    public init(_ label: String = "test") throws {
        var template = Array((NSTemporaryDirectory() + "/ladder-\(label)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestSetupError(
                "cannot create a temporary directory for \(label): \(String(cString: strerror(errno)))")
        }
        path = URL(fileURLWithPath: String(cString: made)).resolvingSymlinksInPath().path
    }

    /// The absolute path of `relative` inside the directory.
    public func file(_ relative: String) -> String { path + "/" + relative }

    /// Writes `text` at `relative`, making parent directories; `executable` sets mode 0755. Returns the full path.
    @discardableResult
    public func write(_ relative: String, _ text: String, executable: Bool = false) throws -> String {
        try writeData(relative, Data(text.utf8), executable: executable)
    }

    /// Writes `data` at `relative`, making parent directories; `executable` sets mode 0755. Returns the full path.
    @discardableResult
    public func writeData(_ relative: String, _ data: Data, executable: Bool = false) throws -> String {
        let full = file(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: full)
        }
        return full
    }

    /// Makes the directory `relative` (and its parents). Returns the full path.
    @discardableResult
    public func makeDirectory(_ relative: String) throws -> String {
        try FileManager.default.createDirectory(atPath: file(relative), withIntermediateDirectories: true)
        return file(relative)
    }

    /// The text at `relative`, nil when there is no such file.
    public func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: file(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: file(relative)) }

    /// Makes the file or directory at `relative` unwritable for this process, root included: without write
    /// permission for an ordinary user, and immutable (`chattr +i`) for root, which ignores permission bits.
    /// Undone before the directory is removed. Throws when the filesystem refuses, so a test never runs without
    /// the condition it needs.
    public func makeReadOnly(_ relative: String) throws {
        let full = file(relative)
        if geteuid() == 0 {
            try Self.chattr("+i", full)
        } else {
            try FileManager.default.setAttributes(
                [.posixPermissions: Self.isDirectory(full) ? 0o555 : 0o444], ofItemAtPath: full)
        }
        lock.withLock { readOnly.append(full) }
    }

    /// Undoes ``makeReadOnly(_:)`` for `relative`.
    public func makeWritable(_ relative: String) throws {
        let full = file(relative)
        try Self.restore(full)
        lock.withLock { readOnly.removeAll { $0 == full } }
    }

    private static func restore(_ full: String) throws {
        if geteuid() == 0 {
            try chattr("-i", full)
        } else {
            try FileManager.default.setAttributes(
                [.posixPermissions: isDirectory(full) ? 0o755 : 0o644], ofItemAtPath: full)
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func chattr(_ flag: String, _ path: String) throws {
        let result = try Subprocess.run(["/usr/bin/chattr", flag, path])
        guard result.status == 0 else {
            throw TestSetupError(
                "chattr \(flag) \(path) failed (exit \(result.status)): \(result.output); running as root, the test needs "
                    + "a filesystem with immutable files (ext4, xfs, btrfs) for $TMPDIR, or run the tests as an ordinary user"
            )
        }
    }

    deinit {
        for path in readOnly.reversed() { try? Self.restore(path) }
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A test could not set up the condition it needs; the message says what failed and what to do.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// Runs a helper command of a test to its end.
public enum Subprocess {
    /// What a command printed and how it ended.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// Both streams, for messages.
        public var output: String { stdout + stderr }
    }

    /// Runs `arguments` (the first is the executable's path) with standard input from /dev/null. The output goes
    /// through files, so that a chatty command never blocks on a full pipe.
    public static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        if let environment { process.environment = environment }
        let files = ["out", "err"].map { NSTemporaryDirectory() + "/ladder-subprocess-\(UUID().uuidString).\($0)" }
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        var handles: [FileHandle] = []
        for file in files {
            guard FileManager.default.createFile(atPath: file, contents: nil) else {
                throw TestSetupError("cannot create \(file) for the output of \(arguments[0])")
            }
            handles.append(try FileHandle(forWritingTo: URL(fileURLWithPath: file)))
        }
        defer { for handle in handles { try? handle.close() } }
        process.standardOutput = handles[0]
        process.standardError = handles[1]
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let texts = files.map { String(decoding: FileManager.default.contents(atPath: $0) ?? Data(), as: UTF8.self) }
        return Result(status: process.terminationStatus, stdout: texts[0], stderr: texts[1])
    }
}
