import Foundation
import LadderGit
import LadderModel

/// Which catalog a learner's repository was started from, so that `ladder test`, `ladder submit` and the rest find
/// it again without flags.
///
/// A subscribed catalog is named in the pin (`catalog = "NAME"`), which is committed: anyone with the same
/// subscription reads the same catalog. A catalog given by path (`ladder start --catalog DIR` or `$LADDER_CATALOG`)
/// is remembered in the repository's git directory (`.git/ladder-catalog`), never committed, since the path means
/// nothing on another machine.
public enum CatalogOrigin: Sendable, Equatable {
    /// The catalog found by default: the installation's or the source checkout's.
    case builtIn
    /// A catalog subscribed to with `ladder catalog add NAME`.
    case subscription(String)
    /// A catalog directory given by path.
    case path(String)

    /// The file in a repository's git directory that holds the path of a catalog given by path.
    public static let pathFile = "ladder-catalog"

    /// The pin's `catalog` value: the subscription's name, else nil.
    public var subscriptionName: String? {
        if case .subscription(let name) = self { return name }
        return nil
    }

    /// Remembers a catalog given by path in `repository`'s git directory; nothing for the others.
    func remember(in repository: Repository) throws {
        guard case .path(let path) = self else { return }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        try Data((absolute + "\n").utf8).write(
            to: URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent(Self.pathFile))
    }

    /// The catalog the repository at (or above) `directory` was started from; `.builtIn` when it says nothing, or
    /// is not a repository (the command then says what is wrong with it).
    public static func of(repository directory: String) -> CatalogOrigin {
        guard let repository = try? Repository.discover(from: directory) else { return .builtIn }
        let remembered = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent(pathFile)
        if let data = FileManager.default.contents(atPath: remembered.path) {
            let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !path.isEmpty { return .path(path) }
        }
        if let workdir = repository.workdir,
            let name = try? LabPin.load(repository: workdir).catalog
        {
            return .subscription(name)
        }
        return .builtIn
    }
}
