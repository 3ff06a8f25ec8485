import Foundation

extension Units {
    /// An instant in ISO 8601, UTC, to the second (`2026-12-05T07:22:43Z`): how reports, git notes, signed grades and
    /// CSV exports write times, all through this one function.
    ///
    /// Formatted with FoundationEssentials' format style rather than `ISO8601DateFormatter`, whose ICU set-up cost a
    /// submit a millisecond and a half (issue 15).
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: utc))
    }

    private static let utc = TimeZone(identifier: "UTC")!
}
