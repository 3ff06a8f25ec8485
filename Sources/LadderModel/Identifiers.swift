import LadderTOML

/// The shapes of names used across manifests.
public enum Identifier {
    /// Whether `text` is lowercase kebab case: `log-stats`, `p95`, `rate-limiter-2`.
    public static func isKebabCase(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last,
            first != UInt8(ascii: "-"), last != UInt8(ascii: "-"), !text.contains("--")
        else { return false }
        return text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }

    /// Whether `path` is relative and stays inside the directory it is relative to.
    public static func isContainedRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return !path.split(separator: "/").contains("..")
    }
}

extension TOMLField {
    /// A lowercase kebab-case identifier; `what` names it in the error ("a lab id").
    public func identifier(_ what: String = "an id", example: String = "log-stats") throws(ManifestError) -> String {
        guard let text = value.stringValue, Identifier.isKebabCase(text) else {
            throw expected("\(what) in lowercase kebab case, like \"\(example)\"")
        }
        return text
    }
}

/// A version `MAJOR.MINOR.PATCH`, as semantic versioning writes it (without pre-release or build parts).
public struct SemanticVersion: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible, TOMLDecodable {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses "1.2.3"; nil for anything else (including leading zeros such as "1.02.0").
    public init?(_ description: String) {
        let parts = description.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), part == "0" || !part.hasPrefix("0"),
                let number = Int(part)
            else { return nil }
            numbers.append(number)
        }
        self.init(numbers[0], numbers[1], numbers[2])
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = SemanticVersion(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected MAJOR.MINOR.PATCH, got \(text)"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func decode(_ field: TOMLField) throws(ManifestError) -> SemanticVersion {
        guard let text = field.value.stringValue, let version = SemanticVersion(text) else {
            throw field.expected("a version MAJOR.MINOR.PATCH, like \"1.0.0\"")
        }
        return version
    }
}
