import Foundation
import LadderModel

/// A grade with an Ed25519 signature over its canonical content, so that an edited score or verdict is detected.
///
/// As a document (see ``jsonData()``, and `docs/report-format.md` for every field):
///
/// ```json
/// {"format":"ladder-signed-grade","formatVersion":1,
///  "grade":{"commit":"…","graderDigest":"…","gradedAt":"2025-03-01T12:00:03Z","labID":"log-stats",…},
///  "keyFingerprint":"sha256:…","signature":"<base64 of 64 bytes>"}
/// ```
///
/// The signature covers the canonical serialization (see ``Content/signedBytes``) of
/// `{"format":…,"formatVersion":…,"grade":…}`, so the version is signed too. A verifier rebuilds those bytes from the
/// values it read, never from the document's own text, so formatting a document differently does not matter but
/// changing any value does.
public struct SignedGrade: Sendable, Equatable {
    /// The `format` field every signed grade carries.
    public static let formatName = "ladder-signed-grade"
    /// The version of the document's shape and of the canonical serialization; see ``GradeVerifier``.
    public static let formatVersion = 1

    /// What is signed: who, which lab and grader, which commit, and the outcome test by test.
    public struct Content: Sendable, Equatable {
        /// Who was graded (an email or a roster's student id), when known.
        public var learner: String?
        /// The lab's id.
        public var labID: String
        /// The lab's version.
        public var labVersion: String
        /// The digest of the grader files that produced the grade.
        public var graderDigest: String
        /// The commit graded, when the submission was a git repository.
        public var commit: String?
        /// The tree of that commit.
        public var tree: String?
        /// Points earned.
        public var score: Int
        /// Points available.
        public var maxScore: Int
        /// The attempt's outcome.
        public var status: AttemptStatus
        /// Every test, in report order.
        public var tests: [TestOutcome]
        /// When grading finished, to the whole second (UTC).
        public var gradedAt: Date
        /// The Ladder version that graded.
        public var toolVersion: String

        /// Creates content; `gradedAt` is truncated to the whole second, since that is all the document keeps.
        public init(
            learner: String?, labID: String, labVersion: String, graderDigest: String, commit: String?, tree: String?,
            score: Int, maxScore: Int, status: AttemptStatus, tests: [TestOutcome], gradedAt: Date, toolVersion: String
        ) {
            self.learner = learner
            self.labID = labID
            self.labVersion = labVersion
            self.graderDigest = graderDigest
            self.commit = commit
            self.tree = tree
            self.score = score
            self.maxScore = maxScore
            self.status = status
            self.tests = tests
            self.gradedAt = Date(timeIntervalSince1970: gradedAt.timeIntervalSince1970.rounded(.down))
            self.toolVersion = toolVersion
        }

        /// The content of a grade report: its outcome test by test, graded at its finish time.
        public init(report: GradeReport) {
            self.init(
                learner: report.learner, labID: report.labID, labVersion: report.labVersion,
                graderDigest: report.graderDigest, commit: report.commit, tree: report.tree, score: report.score,
                maxScore: report.maxScore, status: report.status,
                tests: report.stages.flatMap { stage in
                    stage.tests.map {
                        TestOutcome(
                            stage: stage.id, test: $0.id, verdict: $0.verdict, points: $0.points,
                            maxPoints: $0.maxPoints)
                    }
                },
                gradedAt: report.finishedAt, toolVersion: report.toolVersion)
        }

        /// The exact bytes the signature is made over: the canonical JSON of the format name, version and content.
        public var signedBytes: Data {
            CanonicalJSON.serialize(
                .object([
                    "format": .string(SignedGrade.formatName),
                    "formatVersion": .integer(SignedGrade.formatVersion),
                    "grade": canonicalValue,
                ]))
        }

        var canonicalValue: CanonicalJSON.Value {
            .object([
                "learner": learner.map(CanonicalJSON.Value.string) ?? .null,
                "labID": .string(labID),
                "labVersion": .string(labVersion),
                "graderDigest": .string(graderDigest),
                "commit": commit.map(CanonicalJSON.Value.string) ?? .null,
                "tree": tree.map(CanonicalJSON.Value.string) ?? .null,
                "score": .integer(score),
                "maxScore": .integer(maxScore),
                "status": .string(status.rawValue),
                "tests": .array(
                    tests.map {
                        .object([
                            "stage": .string($0.stage), "test": .string($0.test),
                            "verdict": .string($0.verdict.rawValue),
                            "points": .integer($0.points), "maxPoints": .integer($0.maxPoints),
                        ])
                    }),
                "gradedAt": .string(Units.timestamp(gradedAt)),
                "toolVersion": .string(toolVersion),
            ])
        }

        /// The keys of the `grade` object, for strict reading.
        static let keys: Set<String> = [
            "learner", "labID", "labVersion", "graderDigest", "commit", "tree", "score", "maxScore", "status", "tests",
            "gradedAt", "toolVersion",
        ]
    }

    /// One test's outcome as signed.
    public struct TestOutcome: Sendable, Equatable {
        /// The stage's id.
        public var stage: String
        /// The test's id within its stage.
        public var test: String
        public var verdict: Verdict
        /// Points earned.
        public var points: Int
        /// Points the test is worth.
        public var maxPoints: Int

        public init(stage: String, test: String, verdict: Verdict, points: Int, maxPoints: Int) {
            self.stage = stage
            self.test = test
            self.verdict = verdict
            self.points = points
            self.maxPoints = maxPoints
        }

        static let keys: Set<String> = ["stage", "test", "verdict", "points", "maxPoints"]
    }

    /// What was signed.
    public var content: Content
    /// The Ed25519 signature (64 bytes) over ``Content/signedBytes``.
    public var signature: Data
    /// The fingerprint of the public key that verifies ``signature``; see ``GradeSigner/fingerprint(ofPublicKey:)``.
    public var keyFingerprint: String

    public init(content: Content, signature: Data, keyFingerprint: String) {
        self.content = content
        self.signature = signature
        self.keyFingerprint = keyFingerprint
    }

    /// The signed grade as a JSON document: one line of canonical JSON, then a newline.
    public func jsonData() -> Data {
        var data = CanonicalJSON.serialize(
            .object([
                "format": .string(SignedGrade.formatName),
                "formatVersion": .integer(SignedGrade.formatVersion),
                "grade": content.canonicalValue,
                "keyFingerprint": .string(keyFingerprint),
                "signature": .string(signature.base64EncodedString()),
            ]))
        data.append(0x0A)
        return data
    }
}
