/// Parsing and formatting the durations and sizes that manifests write as strings.
public enum Units {
    /// Parses "250ms", "5s", "1.5s", "2m" or "1h"; nil when the text is not one of these forms.
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(suffix: String, milliseconds: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = String(text.dropLast(unit.suffix.count))
            guard isPlainDecimal(number), let value = Double(number) else { continue }
            let milliseconds = (value * unit.milliseconds).rounded()
            guard milliseconds < 1e15 else { return nil }
            return .milliseconds(Int64(milliseconds))
        }
        return nil
    }

    /// Parses "64K", "256M", "1G" (binary multiples) or a plain number of bytes; nil otherwise.
    public static func parseByteSize(_ text: String) -> Int? {
        let multipliers: [Character: Double] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024]
        var number = text
        var multiplier = 1.0
        if let last = text.last, let factor = multipliers[last] {
            number = String(text.dropLast())
            multiplier = factor
        }
        guard isPlainDecimal(number), let value = Double(number) else { return nil }
        let bytes = (value * multiplier).rounded()
        guard bytes < 1e15 else { return nil }
        return Int(bytes)
    }

    /// A duration in the largest unit that shows it exactly: "250ms", "5s", "90s", "2m" (minutes from two on).
    public static func format(_ duration: Duration) -> String {
        let milliseconds = milliseconds(duration)
        if milliseconds % 60_000 == 0 && milliseconds >= 120_000 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return "\(milliseconds)ms"
    }

    /// Whole milliseconds in `duration`, rounded down.
    public static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// A size in the largest binary unit that shows it exactly: "64K", "256M", "1G", "100" (bytes).
    public static func formatBytes(_ bytes: Int) -> String {
        for (suffix, factor) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return "\(bytes)"
    }

    private static func isPlainDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
