import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The user's base directories as the XDG spec names them: `$XDG_DATA_HOME` (else `~/.local/share`) for what Ladder
/// keeps (the results store, subscribed catalogs' clones), `$XDG_CONFIG_HOME` (else `~/.config`) for what the user
/// chose (the list of subscribed catalogs). A variable counts only when it is an absolute path, as the spec requires;
/// the home is `$HOME`, else the password database's. Nil when there is no home at all.
public enum UserDirectories {
    public static func dataHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        base("XDG_DATA_HOME", fallback: ".local/share", environment: environment)
    }

    public static func configHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        base("XDG_CONFIG_HOME", fallback: ".config", environment: environment)
    }

    private static func base(_ variable: String, fallback: String, environment: [String: String]) -> String? {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        guard let home = environment["HOME"].flatMap({ $0.isEmpty ? nil : $0 }) ?? passwordHome() else { return nil }
        return (home.hasSuffix("/") ? home : home + "/") + fallback
    }

    private static func passwordHome() -> String? {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.isEmpty ? nil : home
    }
}
