import Foundation

/// The two halves of an Ed25519 key pair.
public enum SigningKeyKind: String, Sendable {
    /// Signs grades; kept secret.
    case `private`
    /// Verifies grades; given to anyone.
    case `public`
}

/// Where a key came from: named in error messages, and used to point at the other half of a pair.
public enum SigningKeySource: Sendable, CustomStringConvertible {
    /// A key file, given where a key of `role` was needed.
    case file(String, role: SigningKeyKind)
    /// An environment variable holding a private key file's text.
    case environmentVariable(String)
    /// Key text from elsewhere, described as given ("the test key").
    case text(String)

    public var description: String {
        switch self {
        case .file(let path, .private): "the signing key file \(path)"
        case .file(let path, .public): "the public key file \(path)"
        case .environmentVariable(let name): "the environment variable \(name)"
        case .text(let what): what
        }
    }
}

/// The text of a key file: the raw 32-byte Ed25519 key in standard base64 between lines that say which half it is,
/// with `#` comments around it saying what the file is for:
///
/// ```
/// # Ladder grade-signing key (Ed25519 private key). Keep it secret: it signs grades.
/// # Public key fingerprint: sha256:18e7…
/// -----BEGIN LADDER ED25519 PRIVATE KEY-----
/// <44 base64 characters>
/// -----END LADDER ED25519 PRIVATE KEY-----
/// ```
///
/// The public key file says `PUBLIC` instead. (For Ed25519 the 32 private bytes are the seed RFC 8032 calls the
/// private key.) Files written before keys carried their kind hold the base64 line under a first comment that
/// names the kind (`# Ladder grade-signing key (Ed25519 private key, …`); they are read by that comment. A bare
/// base64 line could be either half, and is refused with how to get a typed key.
public enum SigningKeyText {
    /// The BEGIN/END label of a key of `kind`.
    public static func label(_ kind: SigningKeyKind) -> String {
        kind == .private ? "LADDER ED25519 PRIVATE KEY" : "LADDER ED25519 PUBLIC KEY"
    }

    /// A key file's text: the comments, then the key between its BEGIN and END lines.
    static func file(_ kind: SigningKeyKind, base64: String, comments: [String]) -> String {
        comments.map { "# \($0)\n" }.joined()
            + "-----BEGIN \(label(kind))-----\n\(base64)\n-----END \(label(kind))-----\n"
    }

    /// The first comment line of key files written before keys carried their kind.
    static let legacyHeaders: [(prefix: String, kind: SigningKeyKind)] = [
        ("# Ladder grade-signing key (Ed25519 private key", .private),
        ("# Ladder grade-verification key (Ed25519 public key", .public),
    ]

    /// Reads a key file's text.
    static func read(_ source: SigningKeySource) throws(SigningKeyError) -> String {
        guard case .file(let path, let role) = source else { preconditionFailure("only key files are read") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SigningKeyError(source: source.description, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw SigningKeyError(source: source.description, reason: "it is a directory, not a key file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SigningKeyError(source: source.description, reason: "it cannot be read (check its permissions)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw SigningKeyError(
                source: source.description,
                reason: "it is not text; expected a \(role.rawValue) key file made by `ladder keys generate`")
        }
        return text
    }

    /// The 32 key bytes of the text, which must hold a key of kind `expected`.
    static func decode(_ text: String, as expected: SigningKeyKind, source: SigningKeySource) throws(SigningKeyError)
        -> Data
    {
        let (kind, bytes) = try parse(text, expected: expected, source: source)
        guard kind == expected else {
            throw SigningKeyError(source: source.description, reason: wrongKind(kind, source: source))
        }
        return bytes
    }

    /// The kind and bytes of the one key in the text; `expected` only shapes the messages.
    static func parse(
        _ text: String, expected: SigningKeyKind, source: SigningKeySource
    ) throws(SigningKeyError) -> (SigningKeyKind, Data) {
        func failure(_ reason: String) -> SigningKeyError {
            SigningKeyError(source: source.description, reason: reason)
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let begins = lines.indices.filter { lines[$0].hasPrefix("-----BEGIN ") && lines[$0].hasSuffix("-----") }
        if let begin = begins.first {
            guard begins.count == 1 else {
                throw failure("it holds \(begins.count) keys; a key file holds one")
            }
            let label = String(lines[begin].dropFirst("-----BEGIN ".count).dropLast("-----".count))
            guard let kind = [SigningKeyKind.private, .public].first(where: { Self.label($0) == label }) else {
                throw failure(
                    "it holds a '\(label)', not a Ladder key; `ladder keys generate` makes Ladder's Ed25519 keys")
            }
            guard let end = lines[(begin + 1)...].firstIndex(of: "-----END \(label)-----") else {
                throw failure(
                    "its '-----BEGIN \(label)-----' line has no '-----END \(label)-----' line after it; is the key complete?"
                )
            }
            let body = lines[(begin + 1)..<end].filter { !$0.isEmpty }.joined()
            return (kind, try bytes(body, kind: kind, failure: failure))
        }
        let content = lines.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !content.isEmpty else {
            throw failure("it holds no key; expected a \(expected.rawValue) key made by `ladder keys generate`")
        }
        guard content.count == 1 else {
            throw failure(
                "it holds \(content.count) lines of text besides comments; expected a \(expected.rawValue) key made by `ladder keys generate`"
            )
        }
        let kinds = Set(
            Self.legacyHeaders.filter { header in lines.contains { $0.hasPrefix(header.prefix) } }.map(\.kind))
        guard kinds.count == 1, let kind = kinds.first else {
            throw failure(untyped(expected, source: source))
        }
        return (kind, try bytes(content[0], kind: kind, failure: failure))
    }

    private static func bytes(
        _ base64: String, kind: SigningKeyKind, failure: (String) -> SigningKeyError
    ) throws(SigningKeyError) -> Data {
        guard let bytes = Data(base64Encoded: base64) else {
            throw failure(
                "its key is not base64; an Ed25519 \(kind.rawValue) key is base64 of 32 bytes (44 characters)")
        }
        guard bytes.count == 32 else {
            throw failure(
                "its key decodes to \(bytes.count) bytes; an Ed25519 \(kind.rawValue) key is 32 bytes (44 base64 characters)"
            )
        }
        return bytes
    }

    /// What to do when the key is the other half of the pair.
    private static func wrongKind(_ found: SigningKeyKind, source: SigningKeySource) -> String {
        switch (found, source) {
        case (.public, .environmentVariable(let name)):
            return "it holds a public key, which only verifies grades; set \(name) to the contents of the private key "
                + "file of the pair (ladder-signing.key from `ladder keys generate`), not the public one"
        case (.public, _):
            return "it is a public key, which only verifies grades; signing needs the private key of the same pair, "
                + "the ladder-signing.key that `ladder keys generate` wrote beside ladder-signing.pub"
                + sibling(of: source, ending: ".pub", becomes: ".key")
                + ", or a new pair from `ladder keys generate --out DIR`"
        case (.private, _):
            return
                "it is a private key, which signs grades and must stay secret; verifying needs the public key of the "
                + "same pair, the ladder-signing.pub that `ladder keys generate` wrote beside ladder-signing.key"
                + sibling(of: source, ending: ".key", becomes: ".pub")
                + " (the grader gives that file to whoever verifies)"
        }
    }

    /// " (here: …)" naming the other file of the pair, when it is where `ladder keys generate` would have put it.
    private static func sibling(of source: SigningKeySource, ending: String, becomes replacement: String) -> String {
        guard case .file(let path, _) = source, path.hasSuffix(ending) else { return "" }
        let other = String(path.dropLast(ending.count)) + replacement
        return FileManager.default.fileExists(atPath: other) ? " (here: \(other))" : ""
    }

    /// What to do with a bare base64 key, which could be either half.
    private static func untyped(_ expected: SigningKeyKind, source: SigningKeySource) -> String {
        let reason =
            "it holds a key that does not say whether it is private or public, and a public key used to sign "
            + "makes grades that never verify. "
        let file = expected == .private ? "ladder-signing.key" : "ladder-signing.pub"
        if case .environmentVariable(let name) = source {
            return reason
                + "Set \(name) to the whole contents of the private key file (\(file) from `ladder keys generate`), "
                + "its BEGIN and END lines included"
        }
        return reason + "Use the \(file) that `ladder keys generate` wrote, as it wrote it (files from older versions, "
            + "whose first line says '# Ladder grade-…', still work), or make a new pair with `ladder keys generate --out DIR`"
    }
}
