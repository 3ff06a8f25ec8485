import Foundation
import LadderPostgres
import LadderStore

/// The JSON bodies of `ladder serve`'s API, as `docs/openapi.yaml` documents them. Field names are camelCase; times
/// are ISO 8601 in UTC; ids are integers.
enum API {
    /// `POST /api/gradings`.
    struct NewGrading: Decodable {
        struct Student: Decodable {
            var email: String
            var name: String?
        }

        var repository: String
        /// Absent: the head of the default branch when a worker grades it.
        var commit: String?
        /// Absent: the lab the repository pins in `.ladder/lab.toml`.
        var lab: String?
        var student: Student
    }

    struct Student: Encodable {
        var email: String
        var name: String?
    }

    /// A grading: the job and, once graded, its attempt.
    struct Grading: Encodable {
        var id: Int64
        var state: String
        var repository: String
        var commit: String?
        var lab: String?
        var labVersion: String?
        var graderDigest: String?
        var student: Student
        var claims: Int
        var failures: Int
        var lastError: String?
        var enqueuedAt: Date
        var finishedAt: Date?
        var attempt: Attempt?

        init(_ job: GradingJob, attempt: AttemptDetail?) {
            id = job.id.rawValue
            state = job.state.rawValue
            repository = job.spec.repository
            commit = job.spec.commit
            lab = job.spec.labID
            labVersion = job.spec.labVersion
            graderDigest = job.spec.graderDigest
            student = Student(email: job.spec.studentEmail, name: job.spec.studentName)
            claims = job.claims
            failures = job.failures
            lastError = job.lastError
            enqueuedAt = job.enqueuedAt
            finishedAt = job.finishedAt
            self.attempt = attempt.map(Attempt.init)
        }
    }

    /// A recorded attempt, with its tests when read one by one.
    struct Attempt: Encodable {
        struct Test: Encodable {
            var stage: String
            var test: String
            var verdict: String
            var points: Double
            var maxPoints: Double
            var message: String?
        }

        var id: Int64
        var lab: String
        var labVersion: String
        var graderDigest: String
        var language: String
        var commit: String?
        var status: String
        var score: Double?
        var maxScore: Double?
        var startedAt: Date
        var finishedAt: Date?
        var message: String?
        var tests: [Test]?

        init(_ record: AttemptRecord, tests: [TestResultRecord]?) {
            id = record.id.rawValue
            lab = record.labID
            labVersion = record.labVersion
            graderDigest = record.graderDigest
            language = record.language
            commit = record.commit
            status = record.status.rawValue
            score = record.score
            maxScore = record.maxScore
            startedAt = record.startedAt
            finishedAt = record.finishedAt
            message = record.message
            self.tests = tests?.map {
                Test(
                    stage: $0.stageID, test: $0.testID, verdict: $0.verdict.rawValue, points: $0.points,
                    maxPoints: $0.maxPoints, message: $0.message.isEmpty ? nil : $0.message)
            }
        }

        init(_ detail: AttemptDetail) { self.init(detail.attempt, tests: detail.results) }
    }

    /// `202` to an enqueue.
    struct Accepted: Encodable {
        var id: Int64
        var state: String
        var url: String
        /// Webhooks only: true when the delivery was seen before and this is the job it made then.
        var duplicate: Bool?
    }

    /// A delivery that enqueues nothing.
    struct Ignored: Encodable {
        var ignored: String
    }

    /// `GET /api/labs/{lab}/grades`.
    struct Grades: Encodable {
        struct Grade: Encodable {
            var student: Student
            var attempt: Attempt
        }

        var lab: String
        var grades: [Grade]
    }

    struct Failure: Encodable {
        var error: String
    }
}
