import Crypto
import Foundation
import LadderJSON
import LadderModel
import LadderText

/// Checks signed grades against one Ed25519 public key.
///
/// The checks, in order, and the first that fails is the result: the document is well-formed (every field present,
/// of the right type, none unknown), its format version is one this Ladder knows, it was signed by this key (the
/// fingerprints agree), and the signature matches the content (nothing was edited after signing).
public struct GradeVerifier: Sendable {
    private let publicKeyBytes: Data
    /// The fingerprint of the key this verifier checks against.
    public let keyFingerprint: String

    /// Creates a verifier for a key in memory.
    public init(publicKey: Curve25519.Signing.PublicKey) {
        publicKeyBytes = publicKey.rawRepresentation
        keyFingerprint = GradeSigner.fingerprint(ofPublicKey: publicKeyBytes)
    }

    /// Creates a verifier from the text of a public key file (see ``SigningKeyText``); `source` names where it came
    /// from, for error messages.
    public init(publicKeyText text: String, source: SigningKeySource) throws(SigningKeyError) {
        let bytes = try SigningKeyText.decode(text, as: .public, source: source)
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else {
            throw SigningKeyError(source: source.description, reason: "it is not a valid Ed25519 public key")
        }
        self.init(publicKey: key)
    }

    /// Reads the public key from a key file.
    public init(contentsOfFile path: String) throws(SigningKeyError) {
        let source = SigningKeySource.file(path, role: .public)
        try self.init(publicKeyText: SigningKeyText.read(source), source: source)
    }

    /// Verifies a signed grade document (as ``SignedGrade/jsonData()`` writes it).
    public func verify(_ signedGradeJSON: Data) -> VerificationResult {
        let document: SignedGradeDocument
        do {
            document = try SignedGradeDocument(parsing: signedGradeJSON)
        } catch {
            return error.result
        }
        guard document.grade.keyFingerprint == keyFingerprint else {
            return .keyMismatch(signedWith: document.grade.keyFingerprint, expected: keyFingerprint)
        }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes),
            key.isValidSignature(document.grade.signature, for: document.grade.content.signedBytes)
        else {
            return .signatureInvalid
        }
        return .valid(document.grade)
    }
}

/// The outcome of verifying a signed grade: valid, or which check failed and why.
public enum VerificationResult: Sendable, Equatable, CustomStringConvertible {
    /// Every check passed; the grade is as its signer made it.
    case valid(SignedGrade)
    /// The document is not a signed grade: not JSON, truncated, or a field is missing, unknown or of the wrong type.
    case malformed(field: String?, reason: String)
    /// The document's `formatVersion` is not one this Ladder can verify.
    case unsupportedVersion(found: Int, supported: Int)
    /// The grade was signed by a different key than the one given.
    case keyMismatch(signedWith: String, expected: String)
    /// The signature does not match the content: the grade was edited after it was signed.
    case signatureInvalid

    /// The checks a verification makes, in order.
    public enum Check: String, Sendable, CaseIterable {
        case document
        case formatVersion = "format-version"
        case keyFingerprint = "key-fingerprint"
        case signature
    }

    /// Whether the grade verified.
    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// The verified grade, when valid.
    public var grade: SignedGrade? {
        if case .valid(let grade) = self { return grade }
        return nil
    }

    /// The check that failed, or nil when valid.
    public var failedCheck: Check? {
        switch self {
        case .valid: nil
        case .malformed: .document
        case .unsupportedVersion: .formatVersion
        case .keyMismatch: .keyFingerprint
        case .signatureInvalid: .signature
        }
    }

    public var description: String {
        switch self {
        case .valid(let grade):
            let content = grade.content
            return
                "valid: \(content.labID) \(content.labVersion), \(content.status.rawValue) \(content.score)/\(content.maxScore)"
                + (content.learner.map { " for \($0)" } ?? "") + ", signed by \(grade.keyFingerprint)"
        case .malformed(let field, let reason):
            return "malformed signed grade: " + (field.map { "\($0): " } ?? "") + reason
        case .unsupportedVersion(let found, let supported):
            return
                "unknown format version \(found): this Ladder verifies signed grades of format version \(supported); "
                + "use the Ladder version that signed it"
        case .keyMismatch(let signedWith, let expected):
            return
                "key fingerprint mismatch: the grade was signed by the key \(signedWith), not by the public key given "
                + "(\(expected)); check that you have the right public key"
        case .signatureInvalid:
            return
                "signature invalid: the grade's content does not match its signature, so it was changed after it was "
                + "signed (for example its score or a verdict)"
        }
    }
}

/// A signed grade document read strictly, every problem thrown as the ``VerificationResult`` it leads to.
struct SignedGradeDocument {
    struct Rejection: Error {
        let result: VerificationResult

        static func malformed(field: String?, reason: String) -> Rejection {
            Rejection(result: .malformed(field: field, reason: reason))
        }

        static func unsupportedVersion(found: Int, supported: Int) -> Rejection {
            Rejection(result: .unsupportedVersion(found: found, supported: supported))
        }
    }

    var grade: SignedGrade

    init(parsing data: Data) throws(Rejection) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            throw .malformed(field: nil, reason: "not JSON (\(error.description)); is the file complete?")
        }
        let top = try Fields(value, path: nil)
        try top.rejectUnknown(["format", "formatVersion", "grade", "keyFingerprint", "signature"])
        let format = try top.string("format")
        guard format == SignedGrade.formatName else {
            throw .malformed(
                field: "format", reason: "expected \"\(SignedGrade.formatName)\", got \"\(TextPreview.render(format))\""
            )
        }
        let version = try top.integer("formatVersion")
        guard version == SignedGrade.formatVersion else {
            throw .unsupportedVersion(found: version, supported: SignedGrade.formatVersion)
        }
        let fields = try Fields(try top.required("grade"), path: "grade")
        try fields.rejectUnknown(SignedGrade.Content.keys)
        var tests: [SignedGrade.TestOutcome] = []
        for (index, item) in try fields.array("tests").enumerated() {
            let test = try Fields(item, path: "grade.tests[\(index)]")
            try test.rejectUnknown(SignedGrade.TestOutcome.keys)
            tests.append(
                SignedGrade.TestOutcome(
                    stage: try test.string("stage"), test: try test.string("test"),
                    verdict: try test.enumeration("verdict", Verdict.self), points: try test.integer("points"),
                    maxPoints: try test.integer("maxPoints")))
        }
        let content = SignedGrade.Content(
            learner: try fields.optionalString("learner"), labID: try fields.string("labID"),
            labVersion: try fields.string("labVersion"), graderDigest: try fields.string("graderDigest"),
            commit: try fields.optionalString("commit"), tree: try fields.optionalString("tree"),
            score: try fields.integer("score"), maxScore: try fields.integer("maxScore"),
            status: try fields.enumeration("status", AttemptStatus.self), tests: tests,
            gradedAt: try fields.date("gradedAt"), toolVersion: try fields.string("toolVersion"))
        let encoded = try top.string("signature")
        guard let signature = Data(base64Encoded: encoded), signature.count == 64 else {
            throw .malformed(field: "signature", reason: "expected base64 of a 64-byte Ed25519 signature")
        }
        grade = SignedGrade(content: content, signature: signature, keyFingerprint: try top.string("keyFingerprint"))
    }

    /// One JSON object's members, read with errors that name the field by its path.
    struct Fields {
        let members: [String: JSONValue]
        let path: String?

        init(_ value: JSONValue, path: String?) throws(Rejection) {
            guard case .object(let members) = value else {
                throw .malformed(field: path, reason: "expected an object, got \(value.kindDescription)")
            }
            self.members = members
            self.path = path
        }

        func name(_ key: String) -> String { path.map { "\($0).\(key)" } ?? key }

        func rejectUnknown(_ known: Set<String>) throws(Rejection) {
            if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
                throw .malformed(
                    field: name(unknown),
                    reason: "unknown field; expected only \(known.sorted().joined(separator: ", "))")
            }
        }

        func required(_ key: String) throws(Rejection) -> JSONValue {
            guard let value = members[key] else { throw .malformed(field: name(key), reason: "missing") }
            return value
        }

        func string(_ key: String) throws(Rejection) -> String {
            let value = try required(key)
            guard case .string(let text) = value else {
                throw .malformed(field: name(key), reason: "expected a string, got \(value.kindDescription)")
            }
            return text
        }

        func optionalString(_ key: String) throws(Rejection) -> String? {
            if case .null = try required(key) { return nil }
            return try string(key)
        }

        func integer(_ key: String) throws(Rejection) -> Int {
            let value = try required(key)
            guard case .number(let number) = value, let integer = number.int64Value, let result = Int(exactly: integer)
            else {
                throw .malformed(
                    field: name(key), reason: "expected an integer, got \(value.serialized(maxLength: 40))")
            }
            return result
        }

        func array(_ key: String) throws(Rejection) -> [JSONValue] {
            let value = try required(key)
            guard case .array(let items) = value else {
                throw .malformed(field: name(key), reason: "expected an array, got \(value.kindDescription)")
            }
            return items
        }

        func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(Rejection) -> E
        where E.RawValue == String {
            let text = try string(key)
            guard let value = E(rawValue: text) else {
                let known = E.allCases.map(\.rawValue).joined(separator: ", ")
                throw .malformed(field: name(key), reason: "\"\(TextPreview.render(text))\" is not one of \(known)")
            }
            return value
        }

        func date(_ key: String) throws(Rejection) -> Date {
            let text = try string(key)
            guard let date = try? Date(text, strategy: .iso8601) else {
                throw .malformed(
                    field: name(key),
                    reason: "expected an ISO 8601 time like 2025-03-01T12:00:00Z, got \"\(TextPreview.render(text))\"")
            }
            return date
        }
    }
}
