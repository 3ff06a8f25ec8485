import Foundation
import LadderText

/// A small unified-style line diff of expected text against program output, bounded for a feedback display.
///
/// Only the first `maxLines` lines of each side are compared, the edit search gives up beyond `maxEdits`
/// changes (the rest is shown as replaced), at most `maxHunks` hunks and `maxHunkLines` lines per hunk are
/// kept, and every line is escaped and cut to ``TextPreview/defaultLimit`` characters.
public struct BoundedDiff: Sendable, Equatable, CustomStringConvertible {
    /// One line of a hunk.
    public enum Line: Sendable, Equatable {
        /// A line both sides have.
        case context(String)
        /// A line only the expected text has.
        case removed(String)
        /// A line only the output has.
        case added(String)
        /// Lines of the hunk left out to keep it short.
        case omitted(Int)
    }

    /// A run of changes with the unchanged lines around them; starts are 1-based as in `diff -u`.
    public struct Hunk: Sendable, Equatable {
        public let expectedStart: Int
        public let expectedCount: Int
        public let actualStart: Int
        public let actualCount: Int
        public let lines: [Line]
    }

    /// The hunks shown, in order.
    public let hunks: [Hunk]
    /// How many further hunks were found but not kept.
    public let omittedHunks: Int
    /// Remarks that a line diff cannot show: input cut at `maxLines`, a missing final newline.
    public let notes: [String]

    /// Whether no difference was found (within the compared lines).
    public var isEmpty: Bool { hunks.isEmpty && notes.isEmpty }

    /// Diffs `expected` against `actual` line by line.
    ///
    /// With `ignoringTrailingWhitespace`, lines that differ only in trailing spaces, tabs or `\r` count as equal.
    public init(
        expected: String,
        actual: Data,
        contextLines: Int = 2,
        maxHunks: Int = 3,
        maxHunkLines: Int = 30,
        maxLines: Int = 2000,
        maxEdits: Int = 400,
        ignoringTrailingWhitespace: Bool = false
    ) {
        let want = BoundedDiff.lines(of: Data(expected.utf8), limit: maxLines, trim: ignoringTrailingWhitespace)
        let got = BoundedDiff.lines(of: actual, limit: maxLines, trim: ignoringTrailingWhitespace)
        var notes: [String] = []
        if want.truncated || got.truncated {
            notes.append("only the first \(maxLines) lines were compared")
        }
        if !ignoringTrailingWhitespace, !want.truncated, !got.truncated, !expected.isEmpty, !actual.isEmpty,
            want.endsWithNewline != got.endsWithNewline
        {
            notes.append(
                want.endsWithNewline
                    ? "the output has no newline at its end"
                    : "the output ends with a newline, the expected text does not")
        }
        var ids: [Data: Int] = [:]
        func id(_ line: Data) -> Int {
            if let known = ids[line] { return known }
            ids[line] = ids.count
            return ids.count - 1
        }
        let a = want.lines.map(id)
        let b = got.lines.map(id)
        let ops = BoundedDiff.editScript(a, b, maxEdits: maxEdits)
        var hunks = BoundedDiff.hunks(
            ops, want.lines, got.lines, context: max(0, contextLines), maxHunkLines: max(1, maxHunkLines))
        let omitted = max(0, hunks.count - max(0, maxHunks))
        hunks.removeLast(omitted)
        self.hunks = hunks
        self.omittedHunks = omitted
        self.notes = notes
    }

    /// The diff as `diff -u` style text, or an empty string when there is no difference.
    public var description: String {
        guard !isEmpty else { return "" }
        var out = ["--- expected", "+++ output"]
        for hunk in hunks {
            out.append(
                "@@ -\(BoundedDiff.range(hunk.expectedStart, hunk.expectedCount)) +\(BoundedDiff.range(hunk.actualStart, hunk.actualCount)) @@"
            )
            for line in hunk.lines {
                switch line {
                case .context(let text): out.append(" " + text)
                case .removed(let text): out.append("-" + text)
                case .added(let text): out.append("+" + text)
                case .omitted(let count):
                    out.append("… \(count) more line\(count == 1 ? "" : "s") of this change not shown")
                }
            }
        }
        if omittedHunks > 0 {
            out.append("… \(omittedHunks) more change\(omittedHunks == 1 ? "" : "s") not shown")
        }
        out += notes.map { "(\($0))" }
        return out.joined(separator: "\n")
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    private static func lines(of data: Data, limit: Int, trim: Bool) -> (
        lines: [Data], truncated: Bool, endsWithNewline: Bool
    ) {
        data.withUnsafeBytes { bytes in
            var scanner = OutputComparer.LineScanner(bytes: bytes)
            var lines: [Data] = []
            while let line = scanner.next() {
                if lines.count == limit { return (lines, true, false) }
                let range = trim ? OutputComparer.trimmingTrailingWhitespace(line.range, in: bytes) : line.range
                lines.append(Data(bytes[range]))
            }
            return (lines, false, bytes.last == 0x0A)
        }
    }

    enum Op: Equatable {
        case equal, delete, insert
    }

    /// A shortest edit script (Myers' O(ND) algorithm) after removing the common prefix and suffix; when more
    /// than `maxEdits` edits are needed, the differing middle is reported as wholly replaced.
    static func editScript(_ a: [Int], _ b: [Int], maxEdits: Int) -> [Op] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        let middle =
            myers(middleA, middleB, maxEdits: maxEdits)
            ?? Array(repeating: .delete, count: middleA.count) + Array(repeating: .insert, count: middleB.count)
        return Array(repeating: .equal, count: prefix) + middle + Array(repeating: .equal, count: suffix)
    }

    private static func myers(_ a: [Int], _ b: [Int], maxEdits: Int) -> [Op]? {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 {
            return Array(repeating: .delete, count: n) + Array(repeating: .insert, count: m)
        }
        let bound = min(maxEdits, n + m)
        let offset = bound + 1
        var v = [Int](repeating: 0, count: 2 * bound + 3)
        var trace: [[Int]] = []
        for d in 0...bound {
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    return backtrack(trace, n: n, m: m, d: d)
                }
            }
            trace.append(Array(v[(offset - d)...(offset + d)]))
        }
        return nil
    }

    private static func backtrack(_ trace: [[Int]], n: Int, m: Int, d final: Int) -> [Op] {
        var ops: [Op] = []
        var x = n
        var y = m
        for d in stride(from: final, to: 0, by: -1) {
            let previous = trace[d - 1]
            func at(_ k: Int) -> Int { previous[k + d - 1] }
            let k = x - y
            let down = k == -d || (k != d && at(k - 1) < at(k + 1))
            let previousK = down ? k + 1 : k - 1
            let previousX = at(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                ops.append(.equal)
                x -= 1
                y -= 1
            }
            ops.append(down ? .insert : .delete)
            x = previousX
            y = previousY
        }
        while x > 0, y > 0 {
            ops.append(.equal)
            x -= 1
            y -= 1
        }
        return ops.reversed()
    }

    private static func hunks(_ ops: [Op], _ a: [Data], _ b: [Data], context: Int, maxHunkLines: Int) -> [Hunk] {
        let changes = ops.indices.filter { ops[$0] != .equal }
        guard !changes.isEmpty else { return [] }
        var groups: [ClosedRange<Int>] = []
        var start = changes[0]
        var end = changes[0]
        for index in changes.dropFirst() {
            if index - end - 1 > 2 * context {
                groups.append(start...end)
                start = index
            }
            end = index
        }
        groups.append(start...end)

        // Line numbers before each op, so a hunk can start anywhere in the script.
        var aBefore = [Int](repeating: 0, count: ops.count + 1)
        var bBefore = [Int](repeating: 0, count: ops.count + 1)
        for (index, op) in ops.enumerated() {
            aBefore[index + 1] = aBefore[index] + (op == .insert ? 0 : 1)
            bBefore[index + 1] = bBefore[index] + (op == .delete ? 0 : 1)
        }
        func render(_ line: Data) -> String { TextPreview.render(line) }

        return groups.map { group in
            let first = max(0, group.lowerBound - context)
            let last = min(ops.count - 1, group.upperBound + context)
            var lines: [Line] = []
            var omitted = 0
            for index in first...last {
                guard lines.count < maxHunkLines else {
                    omitted += 1
                    continue
                }
                switch ops[index] {
                case .equal: lines.append(.context(render(a[aBefore[index]])))
                case .delete: lines.append(.removed(render(a[aBefore[index]])))
                case .insert: lines.append(.added(render(b[bBefore[index]])))
                }
            }
            if omitted > 0 { lines.append(.omitted(omitted)) }
            let expectedCount = aBefore[last + 1] - aBefore[first]
            let actualCount = bBefore[last + 1] - bBefore[first]
            return Hunk(
                expectedStart: expectedCount == 0 ? aBefore[first] : aBefore[first] + 1,
                expectedCount: expectedCount,
                actualStart: actualCount == 0 ? bBefore[first] : bBefore[first] + 1,
                actualCount: actualCount,
                lines: lines
            )
        }
    }
}
