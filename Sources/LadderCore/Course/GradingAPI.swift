import Foundation
import LadderGrading
import LadderPostgres
import LadderStore

/// The JSON of `ladder serve`'s grading API that both sides read: the server writes it (docs/openapi.yaml documents
/// it) and a learner's `ladder submit` to a course's server reads it back. Field names are camelCase; times are
/// ISO 8601 in UTC; ids are integers.
public enum GradingAPI {
    /// An error's answer.
    public struct Failure: Codable, Sendable {
        public var error: String

        public init(error: String) { self.error = error }
    }

    public struct Student: Codable, Sendable {
        public var email: String
        public var name: String?

        public init(email: String, name: String?) {
            self.email = email
            self.name = name
        }
    }

    /// A grading: the job and, once graded, its attempt.
    public struct Grading: Codable, Sendable {
        public var id: Int64
        public var state: String
        public var repository: String
        public var commit: String?
        public var lab: String?
        public var labVersion: String?
        public var graderDigest: String?
        public var student: Student
        public var claims: Int
        public var failures: Int
        public var lastError: String?
        public var enqueuedAt: Date
        public var finishedAt: Date?
        public var attempt: Attempt?
        /// What the worker told of the grading after the number asked for (`?after=N`); absent when not asked.
        public var events: [Event]?

        public init(_ job: GradingJob, attempt: AttemptDetail?, report: GradeReport? = nil) {
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
            self.attempt = attempt.map { Attempt($0, report: report) }
        }
    }

    /// A recorded attempt, with its tests when read one by one.
    public struct Attempt: Codable, Sendable {
        public struct Test: Codable, Sendable {
            public var stage: String
            public var test: String
            public var verdict: String
            public var points: Double
            public var maxPoints: Double
            public var message: String?
            /// The test's title, from the server's graders (the store keeps none).
            public var title: String?
            /// The hint of a failed test, from the server's graders.
            public var feedback: String?
        }

        public var id: Int64
        public var lab: String
        public var labVersion: String
        public var graderDigest: String
        public var language: String
        public var commit: String?
        public var status: String
        public var score: Double?
        public var maxScore: Double?
        public var startedAt: Date
        public var finishedAt: Date?
        public var message: String?
        public var tests: [Test]?

        public init(_ record: AttemptRecord, tests: [TestResultRecord]?) {
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

        public init(_ detail: AttemptDetail) { self.init(detail.attempt, tests: detail.results) }

        /// The attempt with each test's title and hint from `report`, the report its graders give.
        public init(_ detail: AttemptDetail, report: GradeReport?) {
            self.init(detail)
            guard let report else { return }
            let described = Dictionary(
                report.stages.flatMap { stage in stage.tests.map { ("\(stage.id)/\($0.id)", $0) } },
                uniquingKeysWith: { first, _ in first })
            tests = tests?.map { test in
                var test = test
                let graded = described["\(test.stage)/\(test.test)"]
                test.title = graded?.title
                test.feedback = graded?.feedback
                return test
            }
        }
    }

    /// `202` to an enqueue.
    public struct Accepted: Codable, Sendable {
        public var id: Int64
        public var state: String
        public var url: String
        /// Webhooks only: true when the delivery was seen before and this is the job it made then.
        public var duplicate: Bool?

        public init(id: Int64, state: String, url: String, duplicate: Bool?) {
            self.id = id
            self.state = state
            self.url = url
            self.duplicate = duplicate
        }
    }
}

extension GradingAPI {
    /// What a worker tells of a grading as it goes (a build, a stage begun, a test finished), as the API sends it with
    /// `GET /api/gradings/{id}?after=N`: the same facts a local submit shows live.
    public struct Event: Codable, Sendable {
        /// Its number in the grading, from 1.
        public var seq: Int
        /// `build-started`, `build-finished`, `stage-started`, `test-finished` or `stage-finished`.
        public var kind: String
        public var command: [String]?
        public var build: BuildReport?
        public var stage: String?
        public var title: String?
        public var tests: Int?
        public var test: TestReport?
        public var stageReport: StageReport?

        public init(seq: Int = 0, _ event: GradingEvent) {
            self.seq = seq
            switch event {
            case .buildStarted(let command):
                kind = "build-started"
                self.command = command
            case .buildFinished(let build):
                kind = "build-finished"
                self.build = build
            case .stageStarted(let id, let title, let tests):
                kind = "stage-started"
                (stage, self.title, self.tests) = (id, title, tests)
            case .testFinished(let stageID, let test):
                kind = "test-finished"
                (stage, self.test) = (stageID, test)
            case .stageFinished(let report):
                kind = "stage-finished"
                stageReport = report
            }
        }

        /// The event as the grader told it; nil for one this Ladder does not know.
        public var gradingEvent: GradingEvent? {
            switch kind {
            case "build-started": command.map { .buildStarted(command: $0) }
            case "build-finished": build.map { .buildFinished($0) }
            case "stage-started":
                stage.map { .stageStarted(id: $0, title: title ?? $0, tests: tests ?? 0) }
            case "test-finished":
                stage.flatMap { stage in test.map { .testFinished(stageID: stage, $0) } }
            case "stage-finished": stageReport.map { .stageFinished($0) }
            default: nil
            }
        }

        /// The event as the database keeps it: its JSON, without its number.
        public var stored: String {
            String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self)
        }

        /// An event the database kept, numbered `seq`.
        public init?(stored: String, seq: Int) {
            guard var event = try? JSONDecoder().decode(Event.self, from: Data(stored.utf8)) else { return nil }
            event.seq = seq
            self = event
        }
    }
}

extension GradingAPI {
    /// `GET /api/learner/attempts`: a learner's own finished attempts on the course's server, newest first, for
    /// `ladder progress` on another of their machines.
    public struct LearnerAttempts: Codable, Sendable {
        public var student: Student
        public var attempts: [Attempt]

        public init(student: Student, attempts: [Attempt]) {
            self.student = student
            self.attempts = attempts
        }
    }
}
