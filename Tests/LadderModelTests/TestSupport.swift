import Foundation

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

    /// The seed document (`shared/seed/backend-skills.md`), found beside some ancestor of this file.
    static func seedPath(from file: String = #filePath) -> String? {
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("shared/seed/backend-skills.md").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return nil
    }

    static var hasSeed: Bool { seedPath() != nil }
    static var hasRepository: Bool { repositoryRoot() != nil }
}

/// A temporary directory removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("ladder-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }
}
