import Foundation
import LadderSandbox

/// A file or directory Ladder uses, and why that one: `ladder doctor` shows both.
public struct LocatedPath: Sendable, Codable, Equatable {
    /// Where the choice came from.
    public enum Origin: String, Sendable, Codable {
        /// A command-line option (`--catalog`, `--store`).
        case flag
        /// An environment variable (`$LADDER_CATALOG`, `$TMPDIR`, ...).
        case environment
        /// Beside the running `ladder` executable (the launcher).
        case besideExecutable = "beside-executable"
        /// The installation's share directory, `../share/ladder` from the executable (`make install`).
        case installedShare = "installed-share"
        /// A source checkout above the executable (`.build/debug/ladder`).
        case sourceCheckout = "source-checkout"
        /// The catalog in use carries its own (sandbox profiles).
        case catalog
        /// The default for this user (the store in the data directory, scratch in the system's temporary directory).
        case userDefault = "default"
    }

    public let path: String
    public let origin: Origin
    /// The origin in words, naming the option or variable: "--catalog", "$LADDER_CATALOG", "beside the executable".
    public let reason: String

    public init(_ path: String, _ origin: Origin, _ reason: String) {
        self.path = path
        self.origin = origin
        self.reason = reason
    }
}

/// Finds the catalog (the directory holding `Labs/` and `Graders/`) and the sandbox's launcher and profiles.
///
/// An installation (`make install`) and a source checkout have the same shape: the catalog's `Labs/` and `Graders/`
/// and the sandbox's `Sandbox/profiles/` side by side, in `PREFIX/share/ladder` or in the checkout. The catalog is,
/// in order: an explicit path (`--catalog`), `$LADDER_CATALOG`, the installation's share directory
/// (`../share/ladder` from the running executable), then the nearest directory above the executable that holds
/// `Labs/competencies.toml` (a source checkout: `.build/debug/ladder`).
public struct CatalogLocator: Sendable {
    public static let environmentVariable = "LADDER_CATALOG"
    /// Overrides the launcher beside the executable.
    public static let launcherVariable = "LADDER_SANDBOX_LAUNCHER"
    /// Overrides where the sandbox profiles are read from.
    public static let profilesVariable = "LADDER_SANDBOX_PROFILES"
    /// An installation's data directory, relative to the directory holding the `ladder` executable.
    public static let shareDirectory = "../share/ladder"
    /// Where the sandbox profiles sit inside a catalog, an installation's share directory or a source checkout.
    public static let profilesDirectory = "Sandbox/profiles"
    /// The launcher's file name; it is installed and built beside `ladder`.
    public static let launcherName = "ladder-sandbox"
    static let marker = "Labs/competencies.toml"

    public var explicitPath: String?
    public var environment: [String: String]
    public var executablePath: String

    public init(
        explicitPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String = CatalogLocator.currentExecutable()
    ) {
        self.explicitPath = explicitPath
        self.environment = environment
        self.executablePath = executablePath
    }

    /// The catalog root, or an error that says where Ladder looked and how to point it at one.
    public func locate() throws(LadderError) -> String {
        try find().path
    }

    /// The catalog root and where it came from.
    public func find() throws(LadderError) -> LocatedPath {
        if let explicitPath {
            return LocatedPath(try check(explicitPath, source: "--catalog"), .flag, "--catalog")
        }
        if let fromEnvironment = variable(Self.environmentVariable) {
            return LocatedPath(
                try check(fromEnvironment, source: "$\(Self.environmentVariable)"), .environment,
                "$\(Self.environmentVariable)")
        }
        if let share = installedShare, isCatalog(share) {
            return LocatedPath(share, .installedShare, "the installation's share directory")
        }
        if let checkout = sourceCheckout {
            return LocatedPath(checkout, .sourceCheckout, "the source checkout above the executable")
        }
        throw LadderError(
            .catalogNotFound,
            "no lab catalog found: none in \(executableDirectory)/\(Self.shareDirectory) (an installation) nor above \(executablePath) "
                + "(a source checkout); pass --catalog DIR or set \(Self.environmentVariable) to a directory holding Labs/ and Graders/"
        )
    }

    /// The sandbox launcher: `$LADDER_SANDBOX_LAUNCHER`, else `ladder-sandbox` beside the executable.
    public func launcher() throws(LadderError) -> LocatedPath {
        if let path = variable(Self.launcherVariable) {
            let absolute = Self.absolute(path)
            guard FileManager.default.isExecutableFile(atPath: absolute) else {
                throw LadderError(
                    .infrastructure,
                    "$\(Self.launcherVariable) points at \(absolute), which is not an executable file; unset it or point it at a built ladder-sandbox"
                )
            }
            return LocatedPath(absolute, .environment, "$\(Self.launcherVariable)")
        }
        let beside = executableDirectory + "/" + Self.launcherName
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            throw LadderError(
                .infrastructure,
                "the sandbox launcher is missing: no executable \(beside); reinstall Ladder (`make install`), "
                    + "build it (`swift build --product \(Self.launcherName)`) or set \(Self.launcherVariable)")
        }
        return LocatedPath(beside, .besideExecutable, "beside the executable")
    }

    /// The sandbox profiles: `$LADDER_SANDBOX_PROFILES`, else the catalog's own `Sandbox/profiles`, else the
    /// installation's, else the source checkout's.
    public func profiles(catalogRoot: String?) throws(LadderError) -> LocatedPath {
        if let path = variable(Self.profilesVariable) {
            let absolute = Self.absolute(path)
            guard Self.isDirectory(absolute) else {
                throw LadderError(
                    .infrastructure,
                    "$\(Self.profilesVariable) points at \(absolute), which is not a directory; unset it or point it at a directory of sandbox profiles (*.json)"
                )
            }
            return LocatedPath(absolute, .environment, "$\(Self.profilesVariable)")
        }
        var candidates: [LocatedPath] = []
        let share = installedShare
        let checkout = sourceCheckout
        // The catalog of an installation or a checkout is named as such: its profiles come with Ladder.
        if let catalogRoot, catalogRoot != share, catalogRoot != checkout {
            candidates.append(LocatedPath(catalogRoot + "/" + Self.profilesDirectory, .catalog, "the catalog's own"))
        }
        if let share {
            candidates.append(
                LocatedPath(share + "/" + Self.profilesDirectory, .installedShare, "the installation's share directory")
            )
        }
        if let checkout {
            candidates.append(
                LocatedPath(
                    checkout + "/" + Self.profilesDirectory, .sourceCheckout, "the source checkout above the executable"
                ))
        }
        if let found = candidates.first(where: { Self.isDirectory($0.path) }) {
            return found
        }
        throw LadderError(
            .infrastructure,
            "the sandbox profiles are missing (looked in \(candidates.map(\.path).joined(separator: ", "))); "
                + "reinstall Ladder (`make install`) or set \(Self.profilesVariable) to a directory of sandbox profiles"
        )
    }

    /// A sandbox with the launcher and the profiles found above; its per-run files go to `temporaryDirectory`, and
    /// boxes that run side by side each get a core of their own.
    public func sandbox(catalogRoot: String?, temporaryDirectory: String? = nil) throws -> Sandbox {
        try Sandbox(
            launcher: try launcher().path, profilesDirectory: try profiles(catalogRoot: catalogRoot).path,
            temporaryDirectory: temporaryDirectory, cpuGroup: Sandbox.defaultCPUGroup, environment: environment)
    }

    private var executableDirectory: String {
        Self.parent(of: Self.absolute(executablePath))
    }

    /// `../share/ladder` from the executable, when that directory exists.
    private var installedShare: String? {
        let share = Self.absolute(executableDirectory + "/" + Self.shareDirectory)
        return Self.isDirectory(share) ? share : nil
    }

    /// The nearest directory above the executable that holds a catalog.
    private var sourceCheckout: String? {
        var directory = executableDirectory
        while directory != "/" {
            if isCatalog(directory) {
                return directory
            }
            directory = Self.parent(of: directory)
        }
        return nil
    }

    private func variable(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    private func isCatalog(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + Self.marker)
    }

    private func check(_ path: String, source: String) throws(LadderError) -> String {
        let absolute = Self.absolute(path)
        guard isCatalog(absolute) else {
            throw LadderError(
                .catalogNotFound,
                "\(source) points at \(absolute), which holds no \(Self.marker); give the directory that holds Labs/ and Graders/"
            )
        }
        return absolute
    }

    /// `path` made absolute (against the working directory), with `.`, `..` and repeated slashes resolved by name as
    /// `URL.standardizedFileURL` resolves them. Plain string work: every command locates the catalog, and a first use
    /// of Foundation's `URL` (or of `joined`) makes the Swift runtime scan the binary's 11,000 conformance records,
    /// about 90 us (BENCHMARKS.md, on `ladder sandbox run`).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [String] = []
        for part in full.split(separator: "/") where part != "." {
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(String(part))
            }
        }
        var result = ""
        for part in parts { result += "/" + part }
        return result.isEmpty ? "/" : result
    }

    /// The directory that holds `path`, an absolute path as ``absolute(_:)`` gives (`/` for `/` itself).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The running executable's real path (`/proc/self/exe`), so a symlink on the PATH still finds its installation.
    public static func currentExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().path
    }
}
