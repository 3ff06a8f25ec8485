import Foundation

/// Where this build's products and the repository's files are.
///
/// The products (`ladder`, `ladder-sandbox`, `ladder-regex`) are built beside the test bundle, whatever the
/// configuration or build path, because the test targets depend on them.
public enum BuiltProducts {
    /// The directory of the running test bundle, which holds the other products of the same build.
    public static let directory: String = {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        return (executable as NSString).deletingLastPathComponent
    }()

    /// A product of this build by name.
    public static func path(_ product: String) -> String { directory + "/" + product }

    public static var launcher: String { path("ladder-sandbox") }
    public static var ladder: String { path("ladder") }

    /// The package's root directory (holding `Package.swift`, `Labs/`, `Graders/`, `Sandbox/`).
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The sandbox profiles of this repository.
    public static var profiles: String { repositoryRoot + "/Sandbox/profiles" }
}
