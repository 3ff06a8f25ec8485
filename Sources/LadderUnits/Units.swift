/// Durations and byte sizes as people write them, read and printed the same way in lab manifests, grader specs,
/// sandbox profiles and on the command line (`docs/lab-format.md`, "Durations and sizes").
///
/// - A duration is a number and a unit with nothing between them: `250ms`, `5s`, `1.5s`, `2m`, `1h`. The number is
///   decimal digits with an optional fraction (`1.5`; not `.5`, `1.` or `1e3`); the units are `ms`, `s`, `m` and `h`,
///   in lower case. A bare number is refused: its unit would be a guess.
/// - A size is a whole number of bytes (`1024`), or a number and a binary unit: `64K`, `256M`, `1.5G` (K is 1024).
///   The units are `K`, `M` and `G`, in upper case; `MB`, `MiB` and a lower-case `m` (minutes, in a duration) are
///   refused with the form to write instead.
///
/// Values are rounded to the nearest millisecond or byte. Printing gives text this reads back to the same value.
public enum Units {
    /// Reads a duration such as `250ms`, `5s`, `1.5s`, `2m` or `1h`.
    ///
    /// - Throws: ``UnitError`` saying what is wrong with `text` and what to write instead.
    public static func parseDuration(_ text: String) throws(UnitError) -> Duration {
        let (number, unit) = try split(text, as: .duration)
        guard !unit.isEmpty else {
            throw UnitError(
                text, "\(quoted(text)) has no unit: write \(quoted(number + "s")) or \(quoted(number + "ms"))")
        }
        guard let scale = durationUnits.first(where: { $0.name == unit })?.milliseconds else {
            throw unknownUnit(text, number: number, unit: unit, as: .duration)
        }
        let milliseconds = ((Double(number) ?? .infinity) * scale).rounded()
        guard milliseconds <= maximumMilliseconds else {
            throw UnitError(
                text,
                "\(quoted(text)) is too long: the longest duration is \(format(.milliseconds(Int64(maximumMilliseconds))))"
            )
        }
        return .milliseconds(Int64(milliseconds))
    }

    /// Reads a size in bytes such as `1024`, `64K`, `256M` or `1.5G`.
    ///
    /// - Throws: ``UnitError`` saying what is wrong with `text` and what to write instead.
    public static func parseByteSize(_ text: String) throws(UnitError) -> Int {
        let (number, unit) = try split(text, as: .size)
        let scale: Double
        if unit.isEmpty {
            guard !number.contains(".") else {
                throw UnitError(
                    text,
                    "\(quoted(text)) is not a whole number of bytes: write a whole number, or a number and a unit (K, M or G)"
                )
            }
            scale = 1
        } else if let factor = sizeUnits.first(where: { $0.name == unit })?.bytes {
            scale = Double(factor)
        } else {
            throw unknownUnit(text, number: number, unit: unit, as: .size)
        }
        let bytes = ((Double(number) ?? .infinity) * scale).rounded()
        guard bytes <= Double(maximumBytes) else {
            throw UnitError(text, "\(quoted(text)) is too large: the largest size is \(formatBytes(maximumBytes))")
        }
        return Int(bytes)
    }

    /// A duration as it is written: in the largest unit that shows it as a whole number, keeping seconds below two
    /// minutes and minutes below two hours, so that limits read the way authors write them (`250ms`, `1500ms`,
    /// `60s`, `90s`, `2m`, `90m`, `2h`).
    public static func format(_ duration: Duration) -> String {
        let milliseconds = milliseconds(duration)
        guard milliseconds % 1000 == 0 else { return "\(milliseconds)ms" }
        let seconds = milliseconds / 1000
        guard seconds % 60 == 0, seconds >= 120 else { return "\(seconds)s" }
        let minutes = seconds / 60
        guard minutes % 60 == 0, minutes >= 120 else { return "\(minutes)m" }
        return "\(minutes / 60)h"
    }

    /// A size as it is written: in the largest unit that shows it as a whole number (`64K`, `256M`, `4G`), or in
    /// bytes (`1536`, `1000`).
    public static func formatBytes(_ bytes: Int) -> String {
        for unit in sizeUnits.reversed() where bytes >= unit.bytes && bytes % unit.bytes == 0 {
            return "\(bytes / unit.bytes)\(unit.name)"
        }
        return "\(bytes)"
    }

    /// A measured time as messages show it, in seconds with one decimal ("2.5 s"); limits use ``format(_:)``.
    public static func formatElapsed(_ duration: Duration) -> String {
        let tenths = (milliseconds(duration) + 50) / 100
        return "\(tenths / 10).\(tenths % 10) s"
    }

    /// Whole milliseconds in `duration`, rounded down.
    public static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    // MARK: - The syntax

    private enum Quantity {
        case duration
        case size

        var example: String {
            switch self {
            case .duration: "a number and a unit (ms, s, m or h), like \"250ms\", \"1.5s\" or \"2m\""
            case .size:
                "a whole number of bytes, or a number and a unit (K, M or G, powers of 1024), like \"64K\", \"256M\" or \"1.5G\""
            }
        }
    }

    private static let durationUnits: [(name: String, milliseconds: Double)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
    ]
    private static let sizeUnits: [(name: String, bytes: Int)] = [("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]

    /// About 31 years, well past any limit, and exact in a `Double`.
    private static let maximumMilliseconds = 1e12
    /// 1 PiB, well past any limit, and exact in a `Double`.
    private static let maximumBytes = 1 << 50

    /// Splits `text` into its number (checked to be plain decimal) and what follows it.
    private static func split(_ text: String, as quantity: Quantity) throws(UnitError) -> (number: String, unit: String)
    {
        guard !text.isEmpty else {
            throw UnitError(
                text, "a \(quantity == .duration ? "duration" : "size") cannot be empty: write \(quantity.example)")
        }
        if text.contains(where: \.isWhitespace) {
            let joined = text.filter { !$0.isWhitespace }
            throw UnitError(
                text,
                "\(quoted(text)) has a space in it: write \(quoted(joined)), with nothing between the number and its unit"
            )
        }
        let number = String(text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") })
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw UnitError(
                text,
                "\(quoted(text)) is not a \(quantity == .duration ? "duration" : "size"): write \(quantity.example)")
        }
        return (number, String(text.dropFirst(number.count)))
    }

    /// The error for a unit that is not one of `quantity`'s, suggesting the one meant where that is clear.
    private static func unknownUnit(_ text: String, number: String, unit: String, as quantity: Quantity) -> UnitError {
        let meant: String?
        switch quantity {
        case .duration:
            let spellings = [
                "ms": ["msec", "msecs", "millis"], "s": ["sec", "secs", "second", "seconds"],
                "m": ["min", "mins", "minute", "minutes"], "h": ["hr", "hrs", "hour", "hours"],
            ]
            let lowered = unit.lowercased()
            meant = durationUnits.map(\.name).first { $0 == lowered || spellings[$0]!.contains(lowered) }
            if let meant {
                return UnitError(
                    text, "\(quoted(text)): write \(quoted(number + meant)); the units of a duration are ms, s, m and h"
                )
            }
        case .size:
            // 256MB, 256MiB, 256m, 256mb: one of K, M, G however it was spelt; "256B" is bytes.
            let letters = unit.uppercased()
            if ["B", "IB"].contains(String(letters.dropFirst())) || letters.count == 1 {
                meant = sizeUnits.map(\.name).first { $0 == String(letters.prefix(1)) }
            } else {
                meant = nil
            }
            if let meant {
                return UnitError(
                    text,
                    "\(quoted(text)): write \(quoted(number + meant)); the units of a size are K, M and G (powers of 1024), in upper case and with no B or iB"
                )
            }
            if letters == "B" {
                return UnitError(
                    text, "\(quoted(text)): write \(quoted(number)); a size without a unit is a number of bytes")
            }
        }
        let known = quantity == .duration ? "ms, s, m and h" : "K, M and G"
        return UnitError(
            text,
            "\(quoted(text)) has an unknown unit \(quoted(unit)): the units are \(known); write \(quantity.example)")
    }

    private static func quoted(_ text: String) -> String {
        "\"\(text)\""
    }
}

/// A duration or size that does not follow ``Units``' syntax.
public struct UnitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that was read.
    public let text: String
    /// What is wrong and what to write instead, quoting ``text``; the caller adds where it was read (a field, an option).
    public let message: String

    init(_ text: String, _ message: String) {
        self.text = text
        self.message = message
    }

    public var description: String { message }
}
