import Foundation

/// Which results store a command uses: an SQLite file (the embedded default) or a PostgreSQL database, which many
/// grading machines can share.
///
/// `--store` (or `$LADDER_STORE`) takes either: a `postgres://` or `postgresql://` URL names a database, anything else
/// is the path of an SQLite file, as ``StoreLocation`` resolves it.
public enum StoreAddress: Hashable, Sendable, CustomStringConvertible {
    /// An SQLite file.
    case file(StoreLocation)
    /// A PostgreSQL database, by its URL as given (it may hold a password: show it through ``description``).
    case postgres(url: String)

    /// The URL schemes that name a PostgreSQL database, as libpq accepts them.
    public static let postgresSchemes = ["postgres", "postgresql"]

    /// The store a command was pointed at: `flag` (its `--store`) when given, otherwise `$LADDER_STORE`, otherwise the
    /// SQLite file in the user's data directory.
    public static func resolve(
        _ flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> StoreAddress {
        let explicit = flag ?? environment[StoreLocation.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        if let explicit, isDatabaseURL(explicit) {
            return .postgres(url: explicit)
        }
        return .file(try StoreLocation.resolve(flag, environment: environment))
    }

    /// Whether `text` is a database URL rather than a file path.
    public static func isDatabaseURL(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        return postgresSchemes.contains(text[..<colon].lowercased()) && text[colon...].hasPrefix("://")
    }

    /// The path, or the URL without its password.
    public var description: String {
        switch self {
        case .file(let location): location.path
        case .postgres(let url): Self.redacted(url)
        }
    }

    /// `url` with the password of its user part, if any, replaced by `***`, so that it can be shown.
    public static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authorityEnd = url[schemeEnd.upperBound...].firstIndex { "/?#".contains($0) } ?? url.endIndex
        let authority = url[schemeEnd.upperBound..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return url
        }
        return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
    }
}
