import Foundation

/// Finds the catalog (the directory holding `Labs/` and `Graders/`) Ladder works from.
///
/// In order: an explicit path (`--catalog`), `$LADDER_CATALOG`, then the nearest directory above the
/// running executable that holds `Labs/competencies.toml` (a source checkout: `.build/debug/ladder`).
public struct CatalogLocator: Sendable {
    public static let environmentVariable = "LADDER_CATALOG"
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
        if let explicitPath {
            return try check(explicitPath, source: "--catalog")
        }
        if let fromEnvironment = environment[Self.environmentVariable], !fromEnvironment.isEmpty {
            return try check(fromEnvironment, source: "$\(Self.environmentVariable)")
        }
        var directory = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(Self.marker).path) {
                return directory.path
            }
            directory.deleteLastPathComponent()
        }
        throw LadderError(
            .catalogNotFound,
            "no lab catalog found above \(executablePath); pass --catalog DIR or set \(Self.environmentVariable) to a directory holding Labs/ and Graders/"
        )
    }

    private func check(_ path: String, source: String) throws(LadderError) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: absolute + "/" + Self.marker) else {
            throw LadderError(
                .catalogNotFound,
                "\(source) points at \(absolute), which holds no \(Self.marker); give the directory that holds Labs/ and Graders/"
            )
        }
        return absolute
    }

    /// The running executable's real path (`/proc/self/exe`), so an installed symlink still finds its checkout.
    public static func currentExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().path
    }
}
