import Foundation

/// Parsing and formatting of the human forms of limits: durations like `5s` or `250ms`, sizes like `256M`.
public enum SandboxQuantity {
    /// Parses a duration: a number with `ms`, `s`, `m` or `h` (a bare number is seconds); `1.5s` is allowed.
    public static func parseDuration(_ text: String, field: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = Substring(trimmed)
        var scale = 1.0
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            number = trimmed.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0, !number.contains("e"), !number.contains("E") else {
            throw SandboxError(.invalidValue, "\(field): '\(text)' is not a duration (write it like 5s, 250ms, 2m)")
        }
        let milliseconds = value * scale * 1000
        guard milliseconds < 1e12 else {
            throw SandboxError(.invalidValue, "\(field): '\(text)' is too long")
        }
        return .milliseconds(Int64(milliseconds.rounded()))
    }

    /// Parses a size in bytes: a number with `K`, `M`, `G` or `T` (powers of 1024, `B`/`iB` allowed after them).
    public static func parseBytes(_ text: String, field: String) throws -> Int {
        var body = text.trimmingCharacters(in: .whitespaces)
        for suffix in ["iB", "B"] where body.count > suffix.count && body.hasSuffix(suffix) {
            body.removeLast(suffix.count)
            break
        }
        var scale = 1.0
        if let last = body.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][last.uppercased()] {
            scale = pow1024(power)
            body.removeLast()
        }
        guard let value = Double(body), value.isFinite, value >= 0, !body.contains("e"), !body.contains("E") else {
            throw SandboxError(.invalidValue,
                               "\(field): '\(text)' is not a size (write it like 256M, 1G, 512K or a number of bytes)")
        }
        let bytes = value * scale
        guard bytes < 9.0e18 else {
            throw SandboxError(.invalidValue, "\(field): '\(text)' is too large")
        }
        return Int(bytes.rounded())
    }

    /// Parses a count such as a number of processes or open files.
    public static func parseCount(_ text: String, field: String) throws -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw SandboxError(.invalidValue, "\(field): '\(text)' is not a whole number")
        }
        return value
    }

    /// Formats a duration the way it is written in profiles (`5s`, `250ms`).
    public static func format(_ duration: Duration) -> String {
        let ms = duration.milliseconds
        if ms % 60_000 == 0 && ms >= 60_000 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }

    /// Formats a byte count with the largest exact binary unit (`256M`).
    public static func formatBytes(_ bytes: Int) -> String {
        for (unit, power) in [("T", 4), ("G", 3), ("M", 2), ("K", 1)] {
            let size = Int(pow1024(power))
            if bytes >= size && bytes % size == 0 { return "\(bytes / size)\(unit)" }
        }
        return "\(bytes)"
    }

    private static func pow1024(_ power: Int) -> Double {
        (0..<power).reduce(1.0) { value, _ in value * 1024 }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
