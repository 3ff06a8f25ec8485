import Crypto
import Foundation
import LadderModel
import Testing

@testable import LadderGrading

@Suite struct SigningTests {
    let pair = GradeSigner.generateKeyPair()

    func signer() throws -> GradeSigner {
        try GradeSigner(privateKeyText: pair.privateKeyFile, source: .text("the test key"))
    }

    func verifier() throws -> GradeVerifier {
        try GradeVerifier(publicKeyText: pair.publicKeyFile, source: .text("the test key"))
    }

    func signedDocument() throws -> Data {
        try signer().sign(FormatsFixtures.report()).jsonData()
    }

    /// The document as a mutable JSON object, edited, and written back.
    func edited(_ data: Data, _ edit: (inout [String: Any]) throws -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        try edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func signThenVerify() throws {
        let data = try signedDocument()
        let result = try verifier().verify(data)
        #expect(result.isValid, "\(result)")
        #expect(result.failedCheck == nil)
        let grade = try #require(result.grade)
        #expect(grade.content == SignedGrade.Content(report: FormatsFixtures.report()))
        #expect(grade.content.tests.map(\.verdict) == [.passed, .wrongAnswer, .timeLimit, .graderError, .passed])
        #expect(
            grade.content.tests[1]
                == SignedGrade.TestOutcome(
                    stage: "parse", test: "one-line", verdict: .wrongAnswer, points: 0, maxPoints: 3))
        #expect(grade.keyFingerprint == pair.fingerprint)
        #expect(
            result.description.hasPrefix("valid: log-stats 1.2.0, failed 7/15 for ada@example.com, signed by sha256:"))
    }

    @Test func documentIsCanonicalAndStable() throws {
        let text = String(decoding: try signedDocument(), as: UTF8.self)
        #expect(
            text.hasPrefix(
                "{\"format\":\"ladder-signed-grade\",\"formatVersion\":1,\"grade\":{\"commit\":\"0123456789abcdef0123456789abcdef01234567\",\"gradedAt\":\"2025-03-01T12:00:03Z\",\"graderDigest\":"
            ))
        #expect(text.hasSuffix("}\n"))
        #expect(!text.dropLast().contains("\n"))
        let content = SignedGrade.Content(report: FormatsFixtures.report())
        let signed = String(decoding: content.signedBytes, as: UTF8.self)
        #expect(
            signed.contains(
                "\"tests\":[{\"maxPoints\":2,\"points\":2,\"stage\":\"parse\",\"test\":\"empty\",\"verdict\":\"passed\"},"
            ))
        #expect(signed.contains("\"learner\":\"ada@example.com\""))
        #expect(!signed.contains(" :") && !signed.contains(", "))
    }

    @Test func reformattingTheDocumentKeepsItValid() throws {
        // A verifier rebuilds the signed bytes from values, so pretty-printing or reordering is harmless.
        let data = try edited(try signedDocument()) { _ in }
        #expect(try verifier().verify(data).isValid)
    }

    @Test func editedScoreFailsTheSignatureCheck() throws {
        let data = try edited(try signedDocument()) { object in
            var grade = try #require(object["grade"] as? [String: Any])
            grade["score"] = 15
            grade["status"] = "passed"
            object["grade"] = grade
        }
        let result = try verifier().verify(data)
        #expect(result == .signatureInvalid)
        #expect(result.failedCheck == .signature)
        #expect(result.description.hasPrefix("signature invalid"))
    }

    @Test func editedVerdictFails() throws {
        let data = try edited(try signedDocument()) { object in
            var grade = try #require(object["grade"] as? [String: Any])
            var tests = try #require(grade["tests"] as? [[String: Any]])
            tests[2]["verdict"] = "passed"
            tests[2]["points"] = 4
            grade["tests"] = tests
            object["grade"] = grade
        }
        #expect(try verifier().verify(data) == .signatureInvalid)
    }

    @Test func removedTestOrEditedLearnerFails() throws {
        let dropped = try edited(try signedDocument()) { object in
            var grade = try #require(object["grade"] as? [String: Any])
            var tests = try #require(grade["tests"] as? [[String: Any]])
            tests.remove(at: 1)
            grade["tests"] = tests
            object["grade"] = grade
        }
        #expect(try verifier().verify(dropped) == .signatureInvalid)
        let relabelled = try edited(try signedDocument()) { object in
            var grade = try #require(object["grade"] as? [String: Any])
            grade["learner"] = "mallory@example.com"
            object["grade"] = grade
        }
        #expect(try verifier().verify(relabelled) == .signatureInvalid)
    }

    @Test func wrongKeyFailsWithFingerprint() throws {
        let other = GradeSigner.generateKeyPair()
        let verifier = try GradeVerifier(publicKeyText: other.publicKeyFile, source: .text("the other key"))
        let result = verifier.verify(try signedDocument())
        #expect(result == .keyMismatch(signedWith: pair.fingerprint, expected: other.fingerprint))
        #expect(result.failedCheck == .keyFingerprint)
        #expect(result.description.contains("fingerprint"))

        // A forger who also rewrites the fingerprint still fails, on the signature.
        let forged = try edited(try signedDocument()) { $0["keyFingerprint"] = other.fingerprint }
        #expect(verifier.verify(forged) == .signatureInvalid)
    }

    @Test func malformedDocumentsNameTheField() throws {
        let verifier = try verifier()
        let data = try signedDocument()
        let truncated = verifier.verify(data.prefix(data.count / 2))
        #expect(truncated.failedCheck == .document)
        #expect(truncated.description.hasPrefix("malformed signed grade: not JSON (invalid JSON at byte"))
        #expect(truncated.description.contains("is the file complete?"))

        #expect(verifier.verify(Data()).failedCheck == .document)
        #expect(verifier.verify(Data("[]".utf8)) == .malformed(field: nil, reason: "expected an object, got an array"))

        let missingScore = try edited(data) { object in
            var grade = try #require(object["grade"] as? [String: Any])
            grade["score"] = nil
            object["grade"] = grade
        }
        #expect(verifier.verify(missingScore) == .malformed(field: "grade.score", reason: "missing"))

        let textScore = try edited(data) { object in
            var grade = try #require(object["grade"] as? [String: Any])
            grade["score"] = "15"
            object["grade"] = grade
        }
        #expect(
            verifier.verify(textScore) == .malformed(field: "grade.score", reason: "expected an integer, got \"15\""))

        let badVerdict = try edited(data) { object in
            var grade = try #require(object["grade"] as? [String: Any])
            var tests = try #require(grade["tests"] as? [[String: Any]])
            tests[0]["verdict"] = "excellent"
            grade["tests"] = tests
            object["grade"] = grade
        }
        let verdictResult = verifier.verify(badVerdict)
        #expect(
            verdictResult.description.hasPrefix(
                "malformed signed grade: grade.tests[0].verdict: \"excellent\" is not one of passed, wrong-answer"))

        let extra = try edited(data) { object in
            var grade = try #require(object["grade"] as? [String: Any])
            grade["bonus"] = 5
            object["grade"] = grade
        }
        #expect(verifier.verify(extra).description.hasPrefix("malformed signed grade: grade.bonus: unknown field"))

        let badSignature = try edited(data) { $0["signature"] = "not base64!" }
        #expect(
            verifier.verify(badSignature)
                == .malformed(field: "signature", reason: "expected base64 of a 64-byte Ed25519 signature"))

        let notAGrade = try edited(data) { $0["format"] = "something-else" }
        #expect(
            verifier.verify(notAGrade).description
                == "malformed signed grade: format: expected \"ladder-signed-grade\", got \"something-else\"")
    }

    @Test func unknownFormatVersion() throws {
        let data = try edited(try signedDocument()) { $0["formatVersion"] = 2 }
        let result = try verifier().verify(data)
        #expect(result == .unsupportedVersion(found: 2, supported: 1))
        #expect(result.failedCheck == .formatVersion)
        #expect(result.description.hasPrefix("unknown format version 2"))
    }

    @Test func keysFromFilesAndEnvironment() throws {
        let directory = try TemporaryDirectory("keys")
        let privateFile = try directory.write("grader.key", pair.privateKeyFile)
        let publicFile = try directory.write("grader.pub", pair.publicKeyFile)
        #expect(
            pair.privateKeyFile.contains(
                "-----BEGIN LADDER ED25519 PRIVATE KEY-----\n\(pair.privateKeyBase64)\n-----END LADDER ED25519 PRIVATE KEY-----\n"
            ))
        #expect(
            pair.publicKeyFile.contains(
                "-----BEGIN LADDER ED25519 PUBLIC KEY-----\n\(pair.publicKeyBase64)\n-----END LADDER ED25519 PUBLIC KEY-----\n"
            ))

        let fromFile = try GradeSigner(contentsOfFile: privateFile)
        let fromEnvironment = try GradeSigner(
            environmentVariable: "LADDER_SIGNING_KEY", in: ["LADDER_SIGNING_KEY": pair.privateKeyFile])
        #expect(fromFile.keyFingerprint == pair.fingerprint)
        #expect(fromEnvironment.publicKeyBase64 == pair.publicKeyBase64)
        let verifier = try GradeVerifier(contentsOfFile: publicFile)
        #expect(verifier.verify(try fromEnvironment.sign(FormatsFixtures.report()).jsonData()).isValid)
    }

    /// A public key given to sign made grades that could never verify, with exit 0; the wrong half of a pair is now
    /// refused, naming which file is which and where the right one is.
    @Test func theWrongHalfOfAPairIsRefused() throws {
        let directory = try TemporaryDirectory("keys")
        let privateFile = try directory.write("ladder-signing.key", pair.privateKeyFile)
        let publicFile = try directory.write("ladder-signing.pub", pair.publicKeyFile)

        let signing = try #require(throws: SigningKeyError.self) { try GradeSigner(contentsOfFile: publicFile) }
        #expect(signing.source == "the signing key file \(publicFile)")
        #expect(
            signing.reason.hasPrefix(
                "it is a public key, which only verifies grades; signing needs the private key of the same pair"))
        #expect(signing.reason.contains("(here: \(privateFile))"))

        let environment = try #require(throws: SigningKeyError.self) {
            try GradeSigner(environmentVariable: "LADDER_SIGNING_KEY", in: ["LADDER_SIGNING_KEY": pair.publicKeyFile])
        }
        #expect(
            environment.description.hasPrefix(
                "cannot use the environment variable LADDER_SIGNING_KEY: it holds a public key"))
        #expect(environment.reason.contains("set LADDER_SIGNING_KEY to the contents of the private key file"))

        let verifying = try #require(throws: SigningKeyError.self) { try GradeVerifier(contentsOfFile: privateFile) }
        #expect(verifying.source == "the public key file \(privateFile)")
        #expect(
            verifying.reason.hasPrefix(
                "it is a private key, which signs grades and must stay secret; verifying needs the public key"))
        #expect(verifying.reason.contains("(here: \(publicFile))"))
        for error in [signing, environment, verifying] {
            #expect(!error.description.contains(pair.privateKeyBase64))
        }
    }

    /// Key files written before keys carried their kind say it in their first comment, so they still load, and
    /// the wrong half is still refused.
    @Test func keyFilesFromOlderVersionsLoadByTheirComment() throws {
        let legacyPrivate =
            "# Ladder grade-signing key (Ed25519 private key, base64 of 32 bytes). Keep it secret.\n"
            + "# Public key fingerprint: \(pair.fingerprint)\n\(pair.privateKeyBase64)\n"
        let legacyPublic =
            "# Ladder grade-verification key (Ed25519 public key, base64 of 32 bytes).\n"
            + "# Fingerprint: \(pair.fingerprint)\n\(pair.publicKeyBase64)\n"
        let signer = try GradeSigner(privateKeyText: legacyPrivate, source: .text("an old key"))
        let verifier = try GradeVerifier(publicKeyText: legacyPublic, source: .text("an old key"))
        #expect(signer.keyFingerprint == pair.fingerprint)
        #expect(verifier.verify(try signer.sign(FormatsFixtures.report()).jsonData()).isValid)
        #expect(throws: SigningKeyError.self) {
            try GradeSigner(privateKeyText: legacyPublic, source: .text("an old key"))
        }
        #expect(throws: SigningKeyError.self) {
            try GradeVerifier(publicKeyText: legacyPrivate, source: .text("an old key"))
        }
    }

    /// A bare base64 line could be either half: refused, with how to get a key that says which it is.
    @Test func aKeyThatDoesNotSayItsKindIsRefused() throws {
        let fromEnvironment = try #require(throws: SigningKeyError.self) {
            try GradeSigner(
                environmentVariable: "LADDER_SIGNING_KEY", in: ["LADDER_SIGNING_KEY": pair.privateKeyBase64 + "\n"])
        }
        #expect(fromEnvironment.reason.hasPrefix("it holds a key that does not say whether it is private or public"))
        #expect(
            fromEnvironment.reason.contains(
                "Set LADDER_SIGNING_KEY to the whole contents of the private key file (ladder-signing.key"))
        let fromFile = try #require(throws: SigningKeyError.self) {
            try GradeVerifier(publicKeyText: "# my key\n\(pair.publicKeyBase64)\n", source: .text("the key"))
        }
        #expect(fromFile.reason.contains("Use the ladder-signing.pub that `ladder keys generate` wrote"))
        #expect(fromFile.reason.contains("`ladder keys generate --out DIR`"))
        #expect(!fromEnvironment.description.contains(pair.privateKeyBase64))

        let directory = try TemporaryDirectory("keys")
        let path = try directory.write("ladder-signing.key", pair.privateKeyFile)
        let aPath = try #require(throws: SigningKeyError.self) {
            try GradeSigner(environmentVariable: "LADDER_SIGNING_KEY", in: ["LADDER_SIGNING_KEY": path])
        }
        #expect(aPath.reason.hasPrefix("it holds the path of a file, not a key"))
    }

    @Test func unreadableOrBadKeysSayWhyWithoutTheKey() throws {
        let directory = try TemporaryDirectory("keys")

        func failure(_ make: () throws -> Void) -> String {
            do {
                try make()
                return "no error"
            } catch let error as SigningKeyError {
                return error.description
            } catch {
                return "unexpected error type: \(error)"
            }
        }
        func armored(_ body: String) -> String {
            "-----BEGIN LADDER ED25519 PRIVATE KEY-----\n\(body)\n-----END LADDER ED25519 PRIVATE KEY-----\n"
        }

        let missing = directory.file("missing.key")
        #expect(
            failure { _ = try GradeSigner(contentsOfFile: missing) }
                == "cannot use the signing key file \(missing): no such file")
        #expect(
            failure { _ = try GradeSigner(contentsOfFile: directory.path) }.hasSuffix(
                "it is a directory, not a key file"))
        #expect(
            failure { _ = try GradeSigner(environmentVariable: "LADDER_SIGNING_KEY", in: [:]) }
                == "cannot use the environment variable LADDER_SIGNING_KEY: it is not set; set it to the contents of the private key file (ladder-signing.key) that `ladder keys generate` writes"
        )

        // A key of the wrong length: the message gives the length, never the text.
        let short = Data(repeating: 7, count: 16).base64EncodedString()
        let shortMessage = failure { _ = try GradeSigner(environmentVariable: "K", in: ["K": armored(short)]) }
        #expect(
            shortMessage
                == "cannot use the environment variable K: its key decodes to 16 bytes; an Ed25519 private key is 32 bytes (44 base64 characters)"
        )
        #expect(!shortMessage.contains(short))
        let garbage = "s3cr3t-not-base64!!"
        let garbageMessage = failure { _ = try GradeSigner(environmentVariable: "K", in: ["K": armored(garbage)]) }
        #expect(garbageMessage.contains("its key is not base64"))
        #expect(!garbageMessage.contains(garbage))
        let twoLines = failure {
            _ = try GradeVerifier(publicKeyText: "\(pair.publicKeyBase64)\n\(pair.publicKeyBase64)", source: .text("K"))
        }
        #expect(twoLines.contains("holds 2 lines of text besides comments"))
        #expect(!twoLines.contains(pair.publicKeyBase64))
        #expect(
            failure {
                _ = try GradeSigner(privateKeyText: pair.privateKeyFile + pair.privateKeyFile, source: .text("K"))
            }
                == "cannot use K: it holds 2 keys; a key file holds one")
        #expect(
            failure {
                _ = try GradeSigner(privateKeyText: String(pair.privateKeyFile.dropLast(42)), source: .text("K"))
            }
            .contains("has no '-----END LADDER ED25519 PRIVATE KEY-----' line after it; is the key complete?"))
        #expect(
            failure {
                _ = try GradeSigner(
                    privateKeyText:
                        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n",
                    source: .text("K"))
            }
                == "cannot use K: it holds a 'PRIVATE KEY', not a Ladder key; `ladder keys generate` makes Ladder's Ed25519 keys"
        )

        let binary = try directory.writeData("binary.key", Data([0x00, 0xFF, 0xFE, 0x80]))
        #expect(
            failure { _ = try GradeSigner(contentsOfFile: binary) }
                == "cannot use the signing key file \(binary): it is not text; expected a private key file made by `ladder keys generate`"
        )

        // A file that exists and cannot be read, for root too: the kernel refuses to read address 0 of a process.
        #expect(
            failure { _ = try GradeSigner(contentsOfFile: "/proc/self/mem") }.hasSuffix(
                "it cannot be read (check its permissions)"))
    }

    @Test func descriptionsNeverShowThePrivateKey() throws {
        let signer = try signer()
        var dumped = ""
        dump(signer, to: &dumped)
        var dumpedPair = ""
        dump(pair, to: &dumpedPair)
        for text in [
            String(describing: signer), String(reflecting: signer), "\(signer)", dumped,
            String(describing: pair), String(reflecting: pair), dumpedPair,
        ] {
            #expect(!text.contains(pair.privateKeyBase64))
            #expect(text.contains(pair.fingerprint))
        }
    }

    @Test func canonicalJSONRules() {
        let value = CanonicalJSON.Value.object([
            "b": .array([.integer(-3), .null, .bool(true)]),
            "a": .string("q\"\\\n\r\t\u{01}\u{7F}é"),
            "B": .integer(0),
        ])
        #expect(
            String(decoding: CanonicalJSON.serialize(value), as: UTF8.self)
                == "{\"B\":0,\"a\":\"q\\\"\\\\\\n\\r\\t\\u0001\\u007Fé\",\"b\":[-3,null,true]}")
    }
}
