import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the SQLite results store lives.
///
/// The default is `$LADDER_STORE` when set, else `$XDG_DATA_HOME/ladder/ladder.sqlite` (when that
/// variable is an absolute path, as the XDG spec requires), else `~/.local/share/ladder/ladder.sqlite`.
/// A `--store PATH` option makes a location with ``init(path:)``.
public struct StoreLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// An absolute path to the database file.
    public var path: String

    /// The environment variable that overrides the default location.
    public static let environmentVariable = "LADDER_STORE"

    /// A location at `path`; a relative path is taken from the current directory.
    public init(path: String) {
        self.path = Self.absolute(path)
    }

    /// The default location for this environment.
    ///
    /// - Throws: ``StoreError/notWritable(path:reason:)`` when no home directory can be found.
    public static func defaultLocation(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> StoreLocation {
        if let explicit = environment[environmentVariable], !explicit.isEmpty {
            return StoreLocation(path: explicit)
        }
        guard let dataHome = UserDirectories.dataHome(environment: environment) else {
            throw StoreError.notWritable(
                path: "~/.local/share/ladder/ladder.sqlite",
                reason: "neither HOME nor XDG_DATA_HOME is set and this user has no home directory")
        }
        return StoreLocation(path: join(dataHome, "ladder/ladder.sqlite"))
    }

    /// The store a command was pointed at: `path` (its `--store`) when given, otherwise the default location.
    public static func resolve(
        _ path: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> StoreLocation {
        try path.map(StoreLocation.init(path:)) ?? defaultLocation(environment: environment)
    }

    /// The directory that holds the database file (and SQLite's `-wal` and `-shm` files).
    public var directory: String {
        (path as NSString).deletingLastPathComponent
    }

    public var description: String { path }

    /// Creates the directory when missing and checks that the directory and the file can be written.
    public func prepare() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError.notWritable(path: path, reason: "it is a directory, not a file")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.notWritable(
                path: path, reason: "cannot create the directory \(directory) (\(Self.reason(of: error)))")
        }
        // SQLite creates `-wal` and `-shm` files beside the database, so the directory must be writable too.
        if access(directory, W_OK | X_OK) != 0 {
            throw StoreError.notWritable(
                path: path, reason: "the directory \(directory) is not writable (\(String(cString: strerror(errno))))")
        }
        if FileManager.default.fileExists(atPath: path), access(path, R_OK | W_OK) != 0 {
            throw StoreError.notWritable(
                path: path, reason: "the file is not readable and writable (\(String(cString: strerror(errno))))")
        }
    }

    /// Whether this process may write the directory and, when it exists, the file: what recording into the store
    /// needs, since SQLite writes its `-wal` and `-shm` files beside the database.
    public var isWritable: Bool {
        access(directory, W_OK | X_OK) == 0
            && (!FileManager.default.fileExists(atPath: path) || access(path, R_OK | W_OK) == 0)
    }

    /// What stops this process from writing the store, when something visible does: a directory or file it may not
    /// write, or a full disk. Nil when nothing does.
    public var writeProblem: String? {
        if access(directory, W_OK | X_OK) != 0 {
            return "the directory \(directory) is not writable (\(String(cString: strerror(errno))))"
        }
        if FileManager.default.fileExists(atPath: path), access(path, R_OK | W_OK) != 0 {
            return "the file is not readable and writable (\(String(cString: strerror(errno))))"
        }
        var stats = statvfs()
        if statvfs(directory, &stats) == 0, stats.f_bavail == 0 {
            return "the disk holding \(directory) is full"
        }
        return nil
    }

    private static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        guard !expanded.hasPrefix("/") else { return (expanded as NSString).standardizingPath }
        return (join(FileManager.default.currentDirectoryPath, expanded) as NSString).standardizingPath
    }

    private static func join(_ base: String, _ relative: String) -> String {
        base.hasSuffix("/") ? base + relative : base + "/" + relative
    }

    private static func reason(of error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        return (error as NSError).localizedDescription
    }
}
