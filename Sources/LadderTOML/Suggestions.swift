/// Finding the names a person probably meant.
public enum Suggestions {
    /// The Levenshtein distance between two strings, counted in characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidates closest to `name`, best first, at most `limit` of them.
    ///
    /// A candidate qualifies when it is within a third of the longer name's length in edit distance (at least 1
    /// and at most `maxDistance` when given), or when one name contains the other. Ties keep the candidates' order.
    public static func closest(
        to name: String, in candidates: some Sequence<String>, limit: Int = 3, maxDistance: Int? = nil
    ) -> [String] {
        let lowered = name.lowercased()
        var scored: [(name: String, distance: Int, order: Int)] = []
        for (order, candidate) in candidates.enumerated() where candidate != name {
            let other = candidate.lowercased()
            let distance = editDistance(lowered, other)
            let allowed = maxDistance ?? max(1, max(lowered.count, other.count) / 3)
            let contains =
                lowered.count >= 3 && other.count >= 3 && (other.contains(lowered) || lowered.contains(other))
            if distance <= allowed || contains {
                scored.append((candidate, contains ? min(distance, allowed) : distance, order))
            }
        }
        scored.sort { ($0.distance, $0.order) < ($1.distance, $1.order) }
        return scored.prefix(limit).map(\.name)
    }

    /// " (did you mean 'x'?)" or " (did you mean 'x', 'y' or 'z'?)", or "" when there is nothing to suggest.
    public static func didYouMean(_ suggestions: [String]) -> String {
        guard !suggestions.isEmpty else { return "" }
        let quoted = suggestions.map { "'\($0)'" }
        if quoted.count == 1 { return " (did you mean \(quoted[0])?)" }
        return " (did you mean \(quoted.dropLast().joined(separator: ", ")) or \(quoted.last!)?)"
    }
}
