import Foundation
import LadderCore

/// Where the CLI writes: standard output for results, standard error for progress and warnings.
enum Terminal {
    /// Colour only when standard output is a terminal and `NO_COLOR` is unset.
    static let colors: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func bold(_ text: String) -> String { style(text, "1") }
    static func dim(_ text: String) -> String { style(text, "2") }
    static func green(_ text: String) -> String { style(text, "32") }
    static func red(_ text: String) -> String { style(text, "31") }
    static func yellow(_ text: String) -> String { style(text, "33") }

    private static func style(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Writes a line to standard error (progress, warnings), leaving standard output to results. Straight from the
    /// string's bytes: `Data(text.utf8)` would cost `ladder sandbox run` a scan of the binary's conformance records.
    static func note(_ line: String) {
        var text = line + "\n"
        _ = text.withUTF8 { Descriptor.writeAll(UnsafeRawBufferPointer($0), to: 2) }
    }

    /// A date to the minute in the local time zone (`2025-03-01 14:05`), as progress and history list attempts.
    static func minute(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone.current
        return formatter.string(from: date)
    }

    /// What a second stop signal prints before it ends the process, leaving the work's cleanup undone.
    @Sendable static func forcedStop(_ signal: Int32) {
        note(
            "\nA second signal: stopping at once; an attempt in progress is marked interrupted when the store is next opened."
        )
    }

    /// Pretty, sorted JSON for `--json` outputs.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension String {
    /// This text with spaces after it up to `width` characters, never cut: a longer text (a long lab id) pushes the
    /// rest of its line over instead of losing its end.
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
