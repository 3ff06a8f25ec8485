import Foundation
import Testing

/// Signed grades: `ladder keys generate`, `ladder grade --signing-key/--signature` (or `LADDER_SIGNING_KEY`), and
/// `ladder verify` on intact, tampered, foreign-key and malformed grades, with the private key never shown.
@Suite struct VerifyTests {
    let machine: LearnerMachine
    let catalog: TestCatalog

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
    }

    /// A generated key pair.
    struct Keys {
        let directory: String
        var privateKeyFile: String { directory + "/ladder-signing.key" }
        var publicKeyFile: String { directory + "/ladder-signing.pub" }
        /// The private key's base64 line: what must never be shown.
        let privateKey: String
        let fingerprint: String
    }

    /// `ladder keys generate --out DIRECTORY`; every output of the command is kept in `outputs`.
    func generateKeys(_ name: String, outputs: inout [String], sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> Keys
    {
        let directory = machine.path("secrets/\(name)")
        let result = try await machine.ladder(["keys", "generate", "--out", directory])
        outputs.append(result.output)
        #expect(result.exitCode == 0, "\(result)", sourceLocation: sourceLocation)
        let lines = try String(contentsOfFile: directory + "/ladder-signing.key", encoding: .utf8).split(
            separator: "\n")
        let begin = try #require(
            lines.firstIndex(of: "-----BEGIN LADDER ED25519 PRIVATE KEY-----"), "\(lines)",
            sourceLocation: sourceLocation)
        let privateKey = String(lines[begin + 1])
        let fingerprint = try #require(
            result.stdout.split(separator: "\n").first { $0.hasPrefix("Fingerprint: ") }.map {
                String($0.dropFirst("Fingerprint: ".count))
            },
            "\(result)", sourceLocation: sourceLocation)
        return Keys(directory: directory, privateKey: privateKey, fingerprint: fingerprint)
    }

    func grade(_ repository: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> CommandResult
    {
        try await machine.ladder(
            ["grade", "--catalog", catalog.root] + arguments, in: repository, environment: environment)
    }

    func verify(_ grade: String, with keys: Keys) async throws -> CommandResult {
        try await machine.ladder(["verify", grade, "--public-key", keys.publicKeyFile])
    }

    /// A signed grade of a repository that fails one of the hello lab's two tests (10/20).
    func signedGrade(keys: Keys, outputs: inout [String], sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> String
    {
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloAdaOnly])
        let signature = machine.path("grade-\(UUID().uuidString.prefix(6)).json")
        let result = try await grade(repository, ["--signing-key", keys.privateKeyFile, "--signature", signature])
        outputs.append(result.output)
        #expect(result.exitCode == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(FileManager.default.fileExists(atPath: signature), "\(result)", sourceLocation: sourceLocation)
        return signature
    }

    /// Rewrites the signed grade's JSON with `edit`, to a new file.
    func tampered(_ path: String, _ edit: (inout [String: Any]) throws -> Void) throws -> String {
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        try edit(&document)
        let copy = path + ".tampered-\(UUID().uuidString.prefix(6)).json"
        try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]).write(
            to: URL(fileURLWithPath: copy))
        return copy
    }

    // MARK: Keys

    @Test func keysGenerateWritesAPrivateKeyOnlyItsOwnerReadsAndRefusesToOverwrite() async throws {
        var outputs: [String] = []
        let keys = try await generateKeys("course", outputs: &outputs)
        let attributes = try FileManager.default.attributesOfItem(atPath: keys.privateKeyFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(attributes)")
        #expect(keys.privateKey.count == 44 && Data(base64Encoded: keys.privateKey)?.count == 32)
        #expect(keys.fingerprint.hasPrefix("sha256:") && keys.fingerprint.count == 7 + 64, "\(keys.fingerprint)")
        let publicKey = try String(contentsOfFile: keys.publicKeyFile, encoding: .utf8)
        #expect(publicKey.contains(keys.fingerprint))
        #expect(!publicKey.contains(keys.privateKey))

        let again = try await machine.ladder(["keys", "generate", "--out", keys.directory])
        outputs.append(again.output)
        #expect(again.exitCode == 2, "\(again)")
        #expect(again.stderr.contains("ladder-signing.key exists; refusing to overwrite a key"), "\(again)")
        #expect(!again.stderr.contains("Usage:"), "not a usage error: \(again)")
        #expect(
            try String(contentsOfFile: keys.privateKeyFile, encoding: .utf8).contains(keys.privateKey),
            "the key is kept")
        #expect(outputs.allSatisfy { !$0.contains(keys.privateKey) }, "the private key is never printed: \(outputs)")
    }

    // MARK: Signing and verifying

    @Test func aSignedGradeVerifiesNamingLearnerLabAndScore() async throws {
        var outputs: [String] = []
        let keys = try await generateKeys("course", outputs: &outputs)
        let signature = try await signedGrade(keys: keys, outputs: &outputs)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: signature))) as? [String: Any])
        #expect(document.string("format") == "ladder-signed-grade")
        #expect(document.int("formatVersion") == 1)
        #expect(document.string("keyFingerprint") == keys.fingerprint)
        let content = try #require(document["grade"] as? [String: Any])
        #expect(content.string("learner") == machine.learnerEmail)
        #expect(content.int("score") == 10 && content.int("maxScore") == 20)
        #expect(content.array("tests").map { $0.string("verdict") } == ["passed", "wrong-answer"])

        let result = try await verify(signature, with: keys)
        outputs.append(result.output)
        #expect(result.exitCode == 0, "\(result)")
        #expect(
            result.stdout.hasPrefix("valid: \(machine.learnerEmail) · hello 1.2.0 · 10/20 failed · commit "),
            "\(result)")

        // Verification rebuilds the signed bytes from the values: re-indenting breaks nothing.
        let pretty = machine.path("pretty.json")
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted]).write(
            to: URL(fileURLWithPath: pretty))
        let reindented = try await verify(pretty, with: keys)
        #expect(reindented.exitCode == 0, "\(reindented)")
        #expect(outputs.allSatisfy { !$0.contains(keys.privateKey) }, "\(outputs)")
    }

    @Test func theSigningKeyCanComeFromTheEnvironment() async throws {
        var outputs: [String] = []
        let keys = try await generateKeys("ci", outputs: &outputs)
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let signature = machine.path("from-env.json")
        let result = try await grade(
            repository, ["--format", "github", "--signature", signature],
            environment: ["LADDER_SIGNING_KEY": try String(contentsOfFile: keys.privateKeyFile, encoding: .utf8)])
        outputs.append(result.output)
        #expect(result.exitCode == 0, "\(result)")
        let verified = try await verify(signature, with: keys)
        outputs.append(verified.output)
        #expect(verified.exitCode == 0, "\(verified)")
        #expect(verified.stdout.contains("\(machine.learnerEmail) · hello 1.2.0 · 20/20 passed"), "\(verified)")

        // Every grade is recorded with its signature, and the store holds no key.
        let dump = try await machine.run(["/usr/bin/env", "sqlite3", machine.store, ".dump"])
        #expect(dump.exitCode == 0, "\(dump)")
        #expect(
            dump.stdout.contains("ladder-signed-grade") && dump.stdout.contains(keys.fingerprint),
            "the attempt keeps its signature")
        outputs.append(dump.output)
        #expect(outputs.allSatisfy { !$0.contains(keys.privateKey) }, "\(outputs)")
    }

    @Test func aTamperedScoreVerdictOrTestListFailsTheSignatureCheck() async throws {
        var outputs: [String] = []
        let keys = try await generateKeys("course", outputs: &outputs)
        let signature = try await signedGrade(keys: keys, outputs: &outputs)

        let score = try tampered(signature) { document in
            var grade = document["grade"] as! [String: Any]
            grade["score"] = 20
            grade["status"] = "passed"
            document["grade"] = grade
        }
        let verdict = try tampered(signature) { document in
            var grade = document["grade"] as! [String: Any]
            var tests = grade["tests"] as! [[String: Any]]
            tests[1]["verdict"] = "passed"
            grade["tests"] = tests
            document["grade"] = grade
        }
        let removed = try tampered(signature) { document in
            var grade = document["grade"] as! [String: Any]
            grade["tests"] = Array((grade["tests"] as! [[String: Any]]).prefix(1))
            document["grade"] = grade
        }
        let learner = try tampered(signature) { document in
            var grade = document["grade"] as! [String: Any]
            grade["learner"] = "someone-else@example.test"
            document["grade"] = grade
        }
        for (what, file) in [("score", score), ("verdict", verdict), ("removed test", removed), ("learner", learner)] {
            let result = try await verify(file, with: keys)
            #expect(result.exitCode == 1, "\(what): \(result)")
            #expect(
                result.stdout.contains("INVALID") && result.output.contains("signature invalid"), "\(what): \(result)")
            #expect(result.output.contains("changed after it was signed"), "\(what): \(result)")
        }
        #expect(try await verify(signature, with: keys).exitCode == 0, "the original still verifies")
    }

    @Test func anotherKeysPublicKeyFailsOnTheFingerprint() async throws {
        var outputs: [String] = []
        let keys = try await generateKeys("course", outputs: &outputs)
        let other = try await generateKeys("other", outputs: &outputs)
        let signature = try await signedGrade(keys: keys, outputs: &outputs)

        let mismatch = try await verify(signature, with: other)
        #expect(mismatch.exitCode == 1, "\(mismatch)")
        #expect(mismatch.output.contains("key fingerprint mismatch"), "\(mismatch)")
        #expect(
            mismatch.output.contains(keys.fingerprint) && mismatch.output.contains(other.fingerprint),
            "names both: \(mismatch)")

        // Claiming the other key's fingerprint does not help a forger: the signature check still fails.
        let relabelled = try tampered(signature) { $0["keyFingerprint"] = other.fingerprint }
        let forged = try await verify(relabelled, with: other)
        #expect(forged.exitCode == 1, "\(forged)")
        #expect(forged.output.contains("signature invalid"), "\(forged)")
    }

    // MARK: Bad input

    @Test func aMalformedGradeIsRefusedSayingWhatIsWrong() async throws {
        var outputs: [String] = []
        let keys = try await generateKeys("course", outputs: &outputs)
        let signature = try await signedGrade(keys: keys, outputs: &outputs)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: signature))

        let truncated = machine.path("truncated.json")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let noScore = try tampered(signature) { document in
            var grade = document["grade"] as! [String: Any]
            grade["score"] = nil
            document["grade"] = grade
        }
        let textScore = try tampered(signature) { document in
            var grade = document["grade"] as! [String: Any]
            grade["score"] = "20"
            document["grade"] = grade
        }
        let extra = try tampered(signature) { $0["comment"] = "trust me" }
        let future = try tampered(signature) { $0["formatVersion"] = 2 }
        let cases = [
            (truncated, "not JSON"), (truncated, "is the file complete?"),
            (noScore, "malformed signed grade: grade.score: missing"),
            (textScore, "grade.score: expected an integer"),
            (extra, "comment: unknown field"),
            (future, "unknown format version 2"),
        ]
        for (file, message) in cases {
            let result = try await verify(file, with: keys)
            #expect(result.exitCode == 1, "\(message): \(result)")
            #expect(result.output.contains(message), "\(result)")
        }

        let missing = try await verify(machine.path("no-such-grade.json"), with: keys)
        #expect(missing.exitCode == 2, "not a verdict on a grade: \(missing)")
        #expect(
            missing.stderr.contains("cannot read the signed grade")
                && missing.stderr.contains("no-such-grade.json: no such file"),
            "\(missing)")
        #expect(!missing.stderr.contains("Usage:"), "not a usage error: \(missing)")
    }

    @Test func aMissingOrUnusableKeyIsAClearErrorThatNeverShowsTheKey() async throws {
        var outputs: [String] = []
        let keys = try await generateKeys("course", outputs: &outputs)
        let signature = try await signedGrade(keys: keys, outputs: &outputs)
        let repository = try await machine.startLab("hello", from: catalog, named: "other")

        // Signing keys.
        let secretish = "c2VjcmV0LXNpZ25pbmcta2V5LXRvby1zaG9ydA"  // unpadded: not base64 to Foundation
        func armored(_ key: String) -> String {
            "-----BEGIN LADDER ED25519 PRIVATE KEY-----\n\(key)\n-----END LADDER ED25519 PRIVATE KEY-----\n"
        }
        let badKey = machine.path("bad.key")
        try armored(secretish + "==").write(toFile: badKey, atomically: true, encoding: .utf8)  // 28 bytes: too short
        let notText = machine.path("binary.key")
        try Data([0xFF, 0xFE, 0x00, 0x80]).write(to: URL(fileURLWithPath: notText))
        let signingCases: [([String], [String: String], [String])] = [
            (
                ["--signing-key", machine.path("no-such.key")], [:],
                ["the signing key file", "no-such.key", "no such file"]
            ),
            (["--signing-key", keys.directory], [:], ["it is a directory, not a key file"]),
            (["--signing-key", notText], [:], ["binary.key", "it is not text"]),
            (["--signing-key", badKey], [:], ["bad.key", "decodes to 28 bytes", "32 bytes"]),
            (
                [], ["LADDER_SIGNING_KEY": armored(secretish)],
                ["the environment variable LADDER_SIGNING_KEY", "not base64"]
            ),
            (
                [], ["LADDER_SIGNING_KEY": secretish + "=="],
                ["LADDER_SIGNING_KEY", "does not say whether it is private or public"]
            ),
            (["--signature", machine.path("nowhere.json")], [:], ["--signature needs a signing key"]),
        ]
        for (arguments, environment, messages) in signingCases {
            let result = try await grade(repository, arguments, environment: environment)
            outputs.append(result.output)
            #expect(result.exitCode == 2, "\(arguments) \(environment): \(result)")
            for message in messages { #expect(result.stderr.contains(message), "\(message): \(result)") }
            #expect(!result.output.contains(secretish), "the key's text is never shown: \(result)")
            #expect(result.stdout.isEmpty, "nothing graded: \(result)")
        }

        // Public keys.
        let publicCases: [(String, String)] = [
            (machine.path("no-such.pub"), "no such file"), (keys.directory, "it is a directory"),
            (badKey, "decodes to 28 bytes"),
        ]
        for (file, message) in publicCases {
            let result = try await machine.ladder(["verify", signature, "--public-key", file])
            outputs.append(result.output)
            #expect(result.exitCode == 2, "a key problem is not a verdict: \(result)")
            #expect(!result.stderr.contains("Usage:"), "not a usage error: \(result)")
            #expect(result.stderr.contains("the public key file") && result.stderr.contains(message), "\(result)")
        }
        // The private key given where the public one belongs: refused, naming both files, and not shown.
        let mixedUp = try await machine.ladder(["verify", signature, "--public-key", keys.privateKeyFile])
        outputs.append(mixedUp.output)
        #expect(mixedUp.exitCode == 2, "\(mixedUp)")
        #expect(
            mixedUp.stderr.contains("the public key file \(keys.privateKeyFile): it is a private key"), "\(mixedUp)")
        #expect(mixedUp.stderr.contains("(here: \(keys.publicKeyFile))"), "\(mixedUp)")
        #expect(outputs.allSatisfy { !$0.contains(keys.privateKey) }, "\(outputs)")
    }

    /// A public key given to sign used to sign a grade that could never verify, and exit 0.
    @Test func aPublicKeyCannotSign() async throws {
        var outputs: [String] = []
        let keys = try await generateKeys("course", outputs: &outputs)
        let repository = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let signature = machine.path("signed-with-public.json")
        let publicKey = try String(contentsOfFile: keys.publicKeyFile, encoding: .utf8)
        let cases: [([String], [String: String], String)] = [
            (
                ["--signing-key", keys.publicKeyFile], [:],
                "the signing key file \(keys.publicKeyFile): it is a public key"
            ),
            (
                [], ["LADDER_SIGNING_KEY": publicKey],
                "the environment variable LADDER_SIGNING_KEY: it holds a public key"
            ),
        ]
        for (arguments, environment, message) in cases {
            let result = try await grade(repository, arguments + ["--signature", signature], environment: environment)
            outputs.append(result.output)
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.stderr.contains(message), "\(result)")
            #expect(result.stdout.isEmpty, "nothing graded: \(result)")
            #expect(!FileManager.default.fileExists(atPath: signature), "no signature written: \(result)")
        }
        #expect(outputs[1].contains("(here: \(keys.privateKeyFile))"), "points at the private key: \(outputs[1])")
        #expect(outputs.allSatisfy { !$0.contains(keys.privateKey) }, "\(outputs)")
    }

    @Test func aClassroomRunSignsEveryGradeWithoutShowingTheKey() async throws {
        var outputs: [String] = []
        let keys = try await generateKeys("course", outputs: &outputs)
        _ = try await machine.startLab("hello", from: catalog, named: "ada", files: ["main.py": TestLab.helloSolution])
        let roster = machine.path("roster.csv")
        try "student,repository\nada,repos/ada\n".write(toFile: roster, atomically: true, encoding: .utf8)
        let out = machine.path("grades")
        let result = try await machine.ladder([
            "classroom", "grade", "--roster", roster, "--lab", "hello", "--out", out, "--signing-key",
            keys.privateKeyFile,
            "--catalog", catalog.root,
        ])
        outputs.append(result.output)
        #expect(result.exitCode == 0, "\(result)")
        let dump = try await machine.run(["/usr/bin/env", "sqlite3", machine.store, ".dump"])
        #expect(
            dump.stdout.contains("ladder-signed-grade") && dump.stdout.contains(keys.fingerprint),
            "the attempt is signed")
        outputs.append(dump.output)

        // The signed grade is written beside the report, and verifies.
        let written = try await verify(out + "/reports/ada.signed.json", with: keys)
        #expect(written.exitCode == 0, "\(written)")
        #expect(written.stdout.contains("ada@roster.invalid · hello 1.2.0 · 20/20 passed"), "\(written)")

        // It is in the store too: taken from `history --json`, it verifies.
        let history = try await machine.ladder([
            "history", "--json", "--learner", "ada@roster.invalid", "--catalog", catalog.root,
        ])
        let attempt = try #require((try history.json() as? [[String: Any]])?.first, "\(history)")
        let signed = machine.path("ada.signed.json")
        try #require(attempt.string("signature"), "\(attempt)").write(toFile: signed, atomically: true, encoding: .utf8)
        let verified = try await verify(signed, with: keys)
        #expect(verified.exitCode == 0, "\(verified)")
        #expect(verified.stdout.contains("ada@roster.invalid · hello 1.2.0 · 20/20 passed"), "\(verified)")
        for file in filesUnder(out) {
            outputs.append(try String(contentsOfFile: out + "/" + file, encoding: .utf8))
        }
        #expect(outputs.allSatisfy { !$0.contains(keys.privateKey) }, "\(outputs)")
    }
}
