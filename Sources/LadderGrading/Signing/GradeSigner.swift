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

    /// Creates a signer from the text of a private key file (see ``SigningKeyText``); `source` names where it came
    /// from, for error messages.
    public init(privateKeyText text: String, source: SigningKeySource) throws(SigningKeyError) {
        let bytes = try SigningKeyText.decode(text, as: .private, source: source)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw SigningKeyError(source: source.description, reason: "it is not a valid Ed25519 private key")
        }
        self.init(privateKey: key)
    }

    /// Reads the private key from a key file.
    public init(contentsOfFile path: String) throws(SigningKeyError) {
        let source = SigningKeySource.file(path, role: .private)
        try self.init(privateKeyText: SigningKeyText.read(source), source: source)
    }

    /// Reads the private key from an environment variable holding a private key file's text.
    public init(
        environmentVariable name: String, in environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws(SigningKeyError)
    {
        let source = SigningKeySource.environmentVariable(name)
        guard let value = environment[name] else {
            throw SigningKeyError(
                source: source.description,
                reason:
                    "it is not set; set it to the contents of the private key file (ladder-signing.key) that `ladder keys generate` writes"
            )
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.contains("\n"), !trimmed.isEmpty, FileManager.default.fileExists(atPath: trimmed) {
            throw SigningKeyError(
                source: source.description,
                reason:
                    "it holds the path of a file, not a key; put the contents of the private key file in it, or give the file as the signing key file instead"
            )
        }
        try self.init(privateKeyText: value, source: source)
    }

    /// Signs the content of a grade.
    public func sign(_ content: SignedGrade.Content) throws(SigningKeyError) -> SignedGrade {
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKeyBytes)
            let signature = try key.signature(for: content.signedBytes)
            return SignedGrade(content: content, signature: signature, keyFingerprint: keyFingerprint)
        } catch {
            throw SigningKeyError(
                source: "the signing key \(keyFingerprint)", reason: "signing failed in the crypto library")
        }
    }

    /// Signs a grade report's content (see ``SignedGrade/Content/init(report:)``).
    public func sign(_ report: GradeReport) throws(SigningKeyError) -> SignedGrade {
        try sign(SignedGrade.Content(report: report))
    }

    /// A new random key pair.
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
    /// The raw 32-byte private key in base64; keep it secret (a CI secret, a file only its owner can read).
    public let privateKeyBase64: String
    /// The raw 32-byte public key in base64; give it to whoever verifies grades.
    public let publicKeyBase64: String
    /// The public key's fingerprint.
    public let fingerprint: String

    /// The private key as a key file: comments saying what it is, then the key between its typed BEGIN and END lines.
    public var privateKeyFile: String {
        SigningKeyText.file(
            .private, base64: privateKeyBase64,
            comments: [
                "Ladder grade-signing key (Ed25519 private key). Keep it secret: it signs grades.",
                "Public key fingerprint: \(fingerprint)",
            ])
    }

    /// The public key as a key file.
    public var publicKeyFile: String {
        SigningKeyText.file(
            .public, base64: publicKeyBase64,
            comments: [
                "Ladder grade-verification key (Ed25519 public key). Give it to whoever verifies grades.",
                "Fingerprint: \(fingerprint)",
            ])
    }

    public var description: String { "SigningKeyPair(public: \(publicKeyBase64), \(fingerprint))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["publicKeyBase64": publicKeyBase64, "fingerprint": fingerprint])
    }
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
