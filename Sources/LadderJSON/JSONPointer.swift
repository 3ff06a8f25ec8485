/// A JSON Pointer (RFC 6901): a path like `/users/0/name` into a JSON document.
///
/// In text form each token follows a `/`; `~1` stands for `/` and `~0` for `~` inside a token.
/// The empty pointer `""` is the whole document.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public let tokens: [String]

    /// The pointer to the whole document.
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from unescaped tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses the text form, rejecting text that does not start with `/` and `~` escapes other than `~0` and `~1`.
    public init(_ text: String) throws(JSONPointerError) {
        guard !text.isEmpty else {
            self.init(tokens: [])
            return
        }
        guard text.hasPrefix("/") else {
            throw JSONPointerError(pointer: text, reason: "a JSON Pointer must be empty or start with '/'")
        }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var escaping = false
            for character in raw {
                if escaping {
                    switch character {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default:
                        throw JSONPointerError(
                            pointer: text,
                            reason: "'~\(character)' is not an escape; write '~0' for '~' and '~1' for '/'")
                    }
                    escaping = false
                } else if character == "~" {
                    escaping = true
                } else {
                    token.append(character)
                }
            }
            if escaping {
                throw JSONPointerError(pointer: text, reason: "a token ends with a lone '~'; write '~0' for '~'")
            }
            tokens.append(token)
        }
        self.init(tokens: tokens)
    }

    /// This pointer with one more token at the end.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    /// This pointer with an array index appended.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The escaped text form, `""` for the root.
    public var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            .joined()
    }

    /// The text form for messages: the pointer, or "the top level" for the root.
    public var location: String {
        tokens.isEmpty ? "the top level" : description
    }
}

/// A JSON Pointer that is malformed or names nothing in a document.
public struct JSONPointerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pointer as written.
    public let pointer: String
    /// What went wrong.
    public let reason: String

    public var description: String { "JSON Pointer \"\(pointer)\": \(reason)" }
}

extension JSONValue {
    /// The value `pointer` refers to, or an error naming the first token that leads nowhere.
    public func value(at pointer: JSONPointer) throws(JSONPointerError) -> JSONValue {
        var current = self
        for (depth, token) in pointer.tokens.enumerated() {
            let parent = JSONPointer(tokens: Array(pointer.tokens.prefix(depth)))
            switch current {
            case .object(let members):
                guard let next = members[token] else {
                    throw JSONPointerError(
                        pointer: pointer.description, reason: "no key `\(token)` at \(parent.location)")
                }
                current = next
            case .array(let items):
                guard let index = JSONValue.arrayIndex(token) else {
                    throw JSONPointerError(
                        pointer: pointer.description,
                        reason: "`\(token)` is not an array index at \(parent.location) (use 0, 1, 2, …)")
                }
                guard index < items.count else {
                    throw JSONPointerError(
                        pointer: pointer.description,
                        reason:
                            "index \(index) is out of range at \(parent.location), which has \(items.count) element\(items.count == 1 ? "" : "s")"
                    )
                }
                current = items[index]
            default:
                throw JSONPointerError(
                    pointer: pointer.description,
                    reason: "cannot look up `\(token)` in \(current.kindDescription) at \(parent.location)")
            }
        }
        return current
    }

    /// The value at the pointer in text form (`"/user/id"`), or an error when it is malformed or names nothing.
    public func value(at pointer: String) throws(JSONPointerError) -> JSONValue {
        try value(at: JSONPointer(pointer))
    }

    /// RFC 6901 array indexes are decimal without leading zeros; `-` (past the end) never names an existing value.
    private static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            token == "0" || !token.hasPrefix("0")
        else { return nil }
        return Int(token)
    }
}
