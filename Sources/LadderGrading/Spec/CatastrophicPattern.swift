import Foundation

/// Finds the shapes of regular expression that backtrack exponentially, so that a spec can refuse them when it
/// loads, with the line and field, rather than time out on a learner's output.
///
/// Swift's `Regex` backtracks: when a repeated part can itself match the same text in more than one way, a text
/// that almost matches makes it try every way, exponentially many. The shapes found are the classic ones, under
/// a repetition without upper bound (`*`, `+`, `{n,}`) that is neither possessive nor atomic:
/// - a repeated part that is itself repeated without bound, everything else beside it optional: `(a+)+`, `(.*)*`,
///   `(\w+\s?)*`;
/// - two unbounded repetitions of the same thing side by side: `(x+x+)+`;
/// - a choice with the same alternative twice: `(a|a)*`.
/// Others exist (overlapping classes such as `(\d|\w)+`); those still stop at the comparison's time limit.
enum CatastrophicPattern {
    /// Why `pattern` can take exponential time, or nil when none of the shapes above is in it. A pattern that does
    /// not parse here is left to `Regex` to judge.
    static func reason(_ pattern: String) -> String? {
        var parser = Parser(Array(pattern))
        guard let alternatives = parser.alternatives(), parser.atEnd else { return nil }
        return Node.group(alternatives, kind: .plain, text: pattern).hazard()
    }

    indirect enum Node {
        enum GroupKind { case plain, atomic, lookaround }

        /// One character, class, escape or anchor; `width` is false for anchors (`^`, `\b`…), which match nothing.
        case atom(String, width: Bool)
        case group([[Node]], kind: GroupKind, text: String)
        case repeated(Node, min: Int, max: Int?, possessive: Bool, text: String)

        var text: String {
            switch self {
            case .atom(let text, _): text
            case .group(_, _, let text), .repeated(_, _, _, _, let text): text
            }
        }

        /// Whether it can match the empty string.
        var nullable: Bool {
            switch self {
            case .atom(_, let width): !width
            case .group(let alternatives, let kind, _):
                kind == .lookaround || alternatives.contains { $0.allSatisfy(\.nullable) }
            case .repeated(let node, let min, _, _, _): min == 0 || node.nullable
            }
        }

        /// Repeated without bound, and free to give back what it matched.
        var unboundedRepeat: Node? {
            if case .repeated(let node, _, nil, false, _) = self { return node }
            return nil
        }

        /// The first hazard in this node or inside it.
        func hazard() -> String? {
            switch self {
            case .atom:
                return nil
            case .group(let alternatives, _, _):
                return alternatives.lazy.flatMap { $0 }.compactMap { $0.hazard() }.first
            case .repeated(let node, _, let max, let possessive, let text):
                if max == nil, !possessive, let reason = Self.ambiguity(of: node, repeatedAs: text) { return reason }
                return node.hazard()
            }
        }

        /// Why repeating `node` without bound is ambiguous, if it is.
        private static func ambiguity(of node: Node, repeatedAs text: String) -> String? {
            let alternatives: [[Node]]
            switch node {
            case .group(let inner, .plain, _): alternatives = inner
            case .group: return nil
            default: alternatives = [[node]]
            }
            let fix = "rewrite it with one loop, or make the inner part possessive (a++) or atomic ((?>…))"
            for alternative in alternatives {
                if let inner = freeRepeat(in: alternative) {
                    return
                        "'\(text)' repeats '\(inner.text)', which repeats without bound itself: on a text that almost "
                        + "matches, the two loops try every way of sharing it out, which takes exponential time; \(fix)"
                }
                if let twins = adjacentTwins(in: alternative) {
                    return
                        "'\(text)' repeats '\(twins.text)\(twins.text)', two loops over the same thing side by side: on a "
                        + "text that almost matches, they try every way of sharing it out, which takes exponential time; \(fix)"
                }
            }
            let texts = alternatives.map { $0.map(\.text).joined() }
            if let twice = texts.first(where: { text in texts.filter { $0 == text }.count > 1 }) {
                return
                    "'\(text)' repeats a choice that has the alternative '\(twice)' twice: on a text that almost matches, it "
                    + "tries every way of choosing between them, which takes exponential time; keep one"
            }
            return nil
        }

        /// An unbounded repetition (or a group holding one this way) beside only optional parts.
        private static func freeRepeat(in sequence: [Node]) -> Node? {
            for (index, element) in sequence.enumerated() {
                let others = sequence.enumerated().filter { $0.offset != index }.allSatisfy(\.element.nullable)
                guard others else { continue }
                if element.unboundedRepeat != nil { return element }
                if case .group(let inner, .plain, _) = element, let found = inner.lazy.compactMap(freeRepeat).first {
                    return found
                }
            }
            return nil
        }

        /// Two unbounded repetitions of the same thing with only optional parts between them.
        private static func adjacentTwins(in sequence: [Node]) -> Node? {
            var previous: Node?
            for element in sequence {
                if let repeated = element.unboundedRepeat {
                    if let before = previous?.unboundedRepeat, before.text == repeated.text { return element }
                    previous = element
                } else if !element.nullable {
                    previous = nil
                }
            }
            return nil
        }
    }

    /// A recursive-descent reader of the regex syntax, enough to see groups, alternatives and repetitions.
    struct Parser {
        let characters: [Character]
        var position = 0

        init(_ characters: [Character]) { self.characters = characters }

        var atEnd: Bool { position == characters.count }

        private func peek(_ offset: Int = 0) -> Character? {
            position + offset < characters.count ? characters[position + offset] : nil
        }

        private func text(from start: Int) -> String { String(characters[start..<position]) }

        /// Alternatives up to the end or a closing parenthesis (not consumed).
        mutating func alternatives() -> [[Node]]? {
            var result: [[Node]] = [[]]
            while let character = peek(), character != ")" {
                if character == "|" {
                    position += 1
                    result.append([])
                    continue
                }
                guard let node = repeated() else { return nil }
                result[result.count - 1].append(node)
            }
            return result
        }

        private mutating func repeated() -> Node? {
            let start = position
            guard var node = item() else { return nil }
            while let (min, max) = quantifier() {
                var possessive = false
                if peek() == "+" {
                    possessive = true
                    position += 1
                } else if peek() == "?" {
                    position += 1
                }
                node = .repeated(node, min: min, max: max, possessive: possessive, text: text(from: start))
            }
            return node
        }

        private mutating func quantifier() -> (Int, Int?)? {
            switch peek() {
            case "*":
                position += 1
                return (0, nil)
            case "+":
                position += 1
                return (1, nil)
            case "?":
                position += 1
                return (0, 1)
            case "{":
                var end = position + 1
                while end < characters.count, characters[end] != "}" { end += 1 }
                guard end < characters.count else { return nil }
                let parts = String(characters[(position + 1)..<end]).split(
                    separator: ",", omittingEmptySubsequences: false)
                let bounds = parts.map { $0.trimmingCharacters(in: .whitespaces) }
                guard (1...2).contains(bounds.count), bounds.allSatisfy({ $0.isEmpty || Int($0) != nil }),
                    !bounds.allSatisfy(\.isEmpty)
                else { return nil }
                position = end + 1
                let min = Int(bounds[0]) ?? 0
                return bounds.count == 1 ? (min, min) : (min, Int(bounds[1]))
            default:
                return nil
            }
        }

        private mutating func item() -> Node? {
            let start = position
            guard let character = peek() else { return nil }
            switch character {
            case "(":
                return group()
            case "[":
                guard skipClass() else { return nil }
                return .atom(text(from: start), width: true)
            case "\\":
                let zeroWidth = ["b", "B", "A", "z", "Z", "G", "K"].contains(peek(1).map(String.init) ?? "")
                guard skipEscape() else { return nil }
                return .atom(text(from: start), width: !zeroWidth)
            case "^", "$":
                position += 1
                return .atom(String(character), width: false)
            case "*", "+", "?":
                return nil
            default:
                position += 1
                return .atom(String(character), width: true)
            }
        }

        private mutating func group() -> Node? {
            let start = position
            position += 1
            var kind = Node.GroupKind.plain
            if peek() == "?" {
                position += 1
                switch peek() {
                case ">":
                    kind = .atomic
                    position += 1
                case "=", "!":
                    kind = .lookaround
                    position += 1
                case "<" where peek(1) == "=" || peek(1) == "!":
                    kind = .lookaround
                    position += 2
                case "#":
                    while let next = peek(), next != ")" { position += 1 }
                    guard peek() == ")" else { return nil }
                    position += 1
                    return .atom(text(from: start), width: false)
                case "<", "'", "P":
                    while let next = peek(), next != ">", next != "'" || position == start + 2 { position += 1 }
                    guard peek() != nil else { return nil }
                    position += 1
                default:
                    while let next = peek(), next.isLetter || next == "-" || next == "^" { position += 1 }
                    if peek() == ")" {
                        position += 1
                        return .atom(text(from: start), width: false)
                    }
                    guard peek() == ":" else { return nil }
                    position += 1
                }
            } else if peek() == "*" {
                while let next = peek(), next != ":", next != ")" { position += 1 }
                kind = text(from: start).contains("atomic") ? .atomic : .lookaround
                if peek() == ":" { position += 1 }
            }
            guard let alternatives = alternatives(), peek() == ")" else { return nil }
            position += 1
            return .group(alternatives, kind: kind, text: text(from: start))
        }

        private mutating func skipEscape() -> Bool {
            position += 1
            guard let kind = peek() else { return false }
            position += 1
            if kind == "Q" {
                while position < characters.count, !(peek() == "\\" && peek(1) == "E") { position += 1 }
                position = min(position + 2, characters.count)
                return true
            }
            if "xpPNugko".contains(kind), let open = peek(), open == "{" || open == "<" {
                let close: Character = open == "{" ? "}" : ">"
                while let next = peek(), next != close { position += 1 }
                guard peek() == close else { return false }
                position += 1
            }
            return true
        }

        private mutating func skipClass() -> Bool {
            position += 1
            if peek() == "^" { position += 1 }
            if peek() == "]" { position += 1 }
            while let character = peek() {
                switch character {
                case "\\":
                    guard skipEscape() else { return false }
                case "[" where peek(1) == ":":
                    position += 2
                    while let next = peek(), !(next == ":" && peek(1) == "]") { position += 1 }
                    position = min(position + 2, characters.count)
                case "[":
                    guard skipClass() else { return false }
                case "]":
                    position += 1
                    return true
                default:
                    position += 1
                }
            }
            return false
        }
    }
}
