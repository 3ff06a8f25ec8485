import Crypto
import Foundation

/// Signs grades with an Ed25519 private key. Its descriptions show the key's fingerprint, never the key.
///
/// Key format, for private and public keys alike: the raw 32-byte key in standard base64 (44 characters), on a
/// line of its own. In a file, blank lines and lines starting with `#` are ignored, so a key file can say what it
/// is; an environment variable holds just the base64 text. ``generateKeyPair()`` makes a pair in this format.
/// (For Ed25519 the 32 private bytes are the seed RFC 8032 calls the private key.)
public struct GradeSigner: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Kept as bytes (swift-crypto's key type is not `Sendable`); never shown.
    private let privateKeyBytes: Data
    /// The public key that verifies this signer's signatures, in the key format above.
    public let publicKeyBase64: String
    /// The public key's fingerprint, which every signed grade carries.
    public let keyFingerprint: String

    /// Creates a signer from a key in memory.
    public init(privateKey: Curve25519.Signing.PrivateKey) {
        privateKeyBytes = privateKey.rawRepresentation
        let publicKey = privateKey.publicKey.rawRepresentation
        publicKeyBase64 = publicKey.base64EncodedString()
        keyFingerprint = GradeSigner.fingerprint(ofPublicKey: publicKey)
    }

    /// Creates a signer from a key in the key format; `source` names where it came from, for error messages.
    public init(privateKeyBase64 text: String, source: String) throws(SigningKeyError) {
        let bytes = try KeyText.decode(text, source: source, kind: "private")
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw SigningKeyError(source: source, reason: "it is not a valid Ed25519 private key")
        }
        self.init(privateKey: key)
    }

    /// Reads the private key from a file in the key format.
    public init(contentsOfFile path: String) throws(SigningKeyError) {
        try self.init(privateKeyBase64: KeyText.read(path, kind: "private"), source: "the signing key file \(path)")
    }

    /// Reads the private key from an environment variable holding it in the key format.
    public init(environmentVariable name: String, in environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(SigningKeyError)
    {
        let source = "the environment variable \(name)"
        guard let value = environment[name] else {
            throw SigningKeyError(source: source, reason: "it is not set; set it to a private key made by `ladder keys generate`")
        }
        try self.init(privateKeyBase64: value, source: source)
    }

    /// Signs the content of a grade.
    public func sign(_ content: SignedGrade.Content) throws(SigningKeyError) -> SignedGrade {
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKeyBytes)
            let signature = try key.signature(for: content.signedBytes)
            return SignedGrade(content: content, signature: signature, keyFingerprint: keyFingerprint)
        } catch {
            throw SigningKeyError(source: "the signing key \(keyFingerprint)", reason: "signing failed in the crypto library")
        }
    }

    /// Signs a grade report's content (see ``SignedGrade/Content/init(report:)``).
    public func sign(_ report: GradeReport) throws(SigningKeyError) -> SignedGrade {
        try sign(SignedGrade.Content(report: report))
    }

    /// A new random key pair, in the key format.
    public static func generateKeyPair() -> SigningKeyPair {
        let key = Curve25519.Signing.PrivateKey()
        let publicKey = key.publicKey.rawRepresentation
        return SigningKeyPair(
            privateKeyBase64: key.rawRepresentation.base64EncodedString(),
            publicKeyBase64: publicKey.base64EncodedString(),
            fingerprint: fingerprint(ofPublicKey: publicKey))
    }

    /// `sha256:` and the lower-case hex SHA-256 of the raw 32-byte public key.
    public static func fingerprint(ofPublicKey raw: Data) -> String {
        "sha256:" + SHA256.hash(data: raw).map { String(format: "%02x", $0) }.joined()
    }

    public var description: String { "GradeSigner(\(keyFingerprint))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["keyFingerprint": keyFingerprint]) }
}

/// A freshly generated key pair. Its descriptions show the public half only.
public struct SigningKeyPair: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The private key in the key format; keep it secret (a CI secret, a file only its owner can read).
    public let privateKeyBase64: String
    /// The public key in the key format; give it to whoever verifies grades.
    public let publicKeyBase64: String
    /// The public key's fingerprint.
    public let fingerprint: String

    /// The private key as a key file: a comment saying what it is, then the key.
    public var privateKeyFile: String {
        "# Ladder grade-signing key (Ed25519 private key, base64 of 32 bytes). Keep it secret.\n"
            + "# Public key fingerprint: \(fingerprint)\n\(privateKeyBase64)\n"
    }

    /// The public key as a key file.
    public var publicKeyFile: String {
        "# Ladder grade-verification key (Ed25519 public key, base64 of 32 bytes).\n"
            + "# Fingerprint: \(fingerprint)\n\(publicKeyBase64)\n"
    }

    public var description: String { "SigningKeyPair(public: \(publicKeyBase64), \(fingerprint))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["publicKeyBase64": publicKeyBase64, "fingerprint": fingerprint]) }
}

/// A signing or verification key that cannot be used. The message names where the key came from and never
/// contains the key itself.
public struct SigningKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the key came from ("the signing key file keys/grader.key", "the environment variable LADDER_SIGNING_KEY").
    public let source: String
    /// What is wrong with it, and how to fix it.
    public let reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "cannot use \(source): \(reason)" }
}

/// Reading and decoding key text, shared by the signer and the verifier.
enum KeyText {
    static func read(_ path: String, kind: String) throws(SigningKeyError) -> String {
        let source = kind == "private" ? "the signing key file \(path)" : "the public key file \(path)"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SigningKeyError(source: source, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw SigningKeyError(source: source, reason: "it is a directory, not a key file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SigningKeyError(source: source, reason: "it cannot be read (check its permissions)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw SigningKeyError(source: source, reason: "it is not text; expected the \(kind) key as base64 of 32 bytes")
        }
        return text
    }

    /// The 32 key bytes from key text: base64 on one line, `#` comment lines and blank lines ignored.
    static func decode(_ text: String, source: String, kind: String) throws(SigningKeyError) -> Data {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !lines.isEmpty else {
            throw SigningKeyError(source: source, reason: "it holds no key; expected the \(kind) key as base64 of 32 bytes")
        }
        guard lines.count == 1 else {
            throw SigningKeyError(
                source: source, reason: "it holds \(lines.count) lines of text; expected one line: the \(kind) key as base64 of 32 bytes")
        }
        guard let bytes = Data(base64Encoded: lines[0]) else {
            throw SigningKeyError(source: source, reason: "it is not base64; expected the \(kind) key as base64 of 32 bytes (44 characters)")
        }
        guard bytes.count == 32 else {
            throw SigningKeyError(
                source: source, reason: "it decodes to \(bytes.count) bytes; an Ed25519 \(kind) key is 32 bytes (44 base64 characters)")
        }
        return bytes
    }
}
