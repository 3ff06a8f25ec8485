import Foundation
// Every file of this target uses the shared helpers: prerequisites, temporary directories, built products.
@_exported import LadderTestSupport

/// Finds files of the repository and the shared seed by walking up from this source file.
enum Fixtures {
    /// The directory holding Package.swift and Labs/, found from this file's path.
    static func repositoryRoot(from file: String = #filePath) -> String? {
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            let manifest = url.appendingPathComponent("Package.swift").path
            let labs = url.appendingPathComponent("Labs").path
            if FileManager.default.fileExists(atPath: manifest) && FileManager.default.fileExists(atPath: labs) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return nil
    }

    /// The seed document: `$LADDER_SEED`, else `shared/seed/backend-skills.md` beside some ancestor of this file (the
    /// project's own workspace), else the copy kept in the repository at `docs/seed/`, so a fresh clone is checked too.
    static func seedPath(from file: String = #filePath) -> String? {
        if let explicit = ProcessInfo.processInfo.environment["LADDER_SEED"], !explicit.isEmpty {
            return FileManager.default.fileExists(atPath: explicit) ? explicit : nil
        }
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("shared/seed/backend-skills.md").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        if let root = repositoryRoot(from: file) {
            let copy = root + "/docs/seed/backend-skills.md"
            if FileManager.default.fileExists(atPath: copy) { return copy }
        }
        return nil
    }

    static let repository = Prerequisite(
        "the repository's Package.swift and Labs/, found by walking up from the test sources",
        remedy: "run the tests from a full checkout of the repository", check: { repositoryRoot() != nil })

    static let seed = Prerequisite(
        "the seed document (shared/seed/backend-skills.md above the repository, or its copy in docs/seed/), which the "
            + "competency map and the ladder are checked against",
        remedy: "put the seed document there, or set LADDER_SEED to its path", check: { seedPath() != nil })
}
