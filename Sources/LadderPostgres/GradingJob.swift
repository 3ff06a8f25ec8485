import Foundation
import LadderStore

/// The identity of a grading job in the queue.
public struct JobID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    public var description: String { String(rawValue) }

    public static func < (lhs: JobID, rhs: JobID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a job asks a worker to grade, all a worker with the catalog needs.
public struct GradingJobSpec: Hashable, Sendable, Codable {
    /// The repository, as a URL (or path) every worker can clone.
    public var repository: String
    /// The commit to grade; nil for the head of the default branch when the worker grades it.
    public var commit: String?
    /// The lab to grade against; nil for the lab the repository pins in `.ladder/lab.toml` at that commit (a pushed
    /// commit's job, whose lab only the repository knows).
    public var labID: String?
    /// The lab version the job was enqueued for; a worker whose catalog has another refuses the job.
    public var labVersion: String?
    /// The digest of the grader files the job was enqueued for; a worker with other graders refuses the job.
    public var graderDigest: String?
    /// The learner the grade belongs to.
    public var studentEmail: String
    public var studentName: String?

    /// How a job's repository names a learner's upload: `upload:ID` (see ``PostgresJobQueue/enqueueUpload(_:_:)``).
    public static let uploadPrefix = "upload:"

    /// The upload the job grades, when its repository is one.
    public var uploadID: Int64? {
        guard repository.hasPrefix(Self.uploadPrefix) else { return nil }
        return Int64(repository.dropFirst(Self.uploadPrefix.count))
    }

    public init(
        repository: String, commit: String? = nil, labID: String?, labVersion: String? = nil,
        graderDigest: String? = nil, studentEmail: String, studentName: String? = nil
    ) {
        self.repository = repository
        self.commit = commit
        self.labID = labID
        self.labVersion = labVersion
        self.graderDigest = graderDigest
        self.studentEmail = studentEmail
        self.studentName = studentName
    }
}

/// Where a job is in its life.
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker (not before ``GradingJob/runAfter``).
    case queued
    /// Held by a worker under a lease.
    case running
    /// Graded: the job's one graded attempt is recorded.
    case done
    /// Given up after failing for the infrastructure too often; ``GradingJob/lastError`` says why.
    case dead
}

/// A job as the queue holds it.
public struct GradingJob: Hashable, Sendable, Codable {
    public var id: JobID
    public var spec: GradingJobSpec
    public var state: JobState
    /// How many times a worker took the job.
    public var claims: Int
    /// How many times grading it failed for the infrastructure (a worker's lease lapsing included).
    public var failures: Int
    /// The failures after which the job is dead.
    public var maxFailures: Int
    /// Not claimed before this (a retry's backoff).
    public var runAfter: Date
    /// The worker that holds (or last held) the job.
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    /// The attempt that graded the job, once done.
    public var attemptID: AttemptID?
    /// Why the job last failed or was handed back; why it is dead.
    public var lastError: String?
    public var enqueuedAt: Date
    public var finishedAt: Date?
}

/// A job a worker holds; the lease's token fences everything the worker writes for it.
public struct JobClaim: Hashable, Sendable {
    public let job: GradingJob
    public let token: UUID
    /// The worker's name, as it claimed the job.
    public let worker: String
    public var id: JobID { job.id }
}

/// When a job that failed for the infrastructure is tried again, and when it is given up.
///
/// Only the infrastructure's failures count (a clone that failed, a sandbox that could not start, a worker that died):
/// a learner's wrong answer is a result, recorded like any other, never retried.
public struct RetryPolicy: Hashable, Sendable {
    /// The failures after which a job is dead.
    public var maxFailures: Int
    /// The wait after the first failure, doubled after each further one, up to `maximumDelay`.
    public var firstDelay: Duration
    public var maximumDelay: Duration

    public init(maxFailures: Int = 3, firstDelay: Duration = .seconds(5), maximumDelay: Duration = .seconds(300)) {
        self.maxFailures = max(1, maxFailures)
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before a job that failed `failures` times (at least once) is tried again.
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = firstDelay
        for _ in 1..<max(1, failures) where delay < maximumDelay {
            delay *= 2
        }
        return min(delay, maximumDelay)
    }
}

/// Why the queue refused a worker's write.
public enum JobQueueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The worker no longer holds the job: its lease lapsed and another worker took it (or it was given up).
    case leaseLost(JobID, worker: String)
    case jobNotFound(JobID)
    /// A value handed to the queue breaks one of its rules.
    case invalidJob(field: String, reason: String)

    public var description: String {
        switch self {
        case .leaseLost(let id, let worker):
            return "worker \(worker) no longer holds job \(id): its lease lapsed and the job went to another worker "
                + "(or was given up), so this worker's grade of it is not recorded. Renew leases more often than they "
                + "last (a heartbeat every third of the lease)."
        case .jobNotFound(let id):
            return "no job with id \(id) in the queue."
        case .invalidJob(let field, let reason):
            return "enqueuing a grading job: \(field) \(reason)."
        }
    }
}

/// Why a job's grading did not end in a grade, as the queue counts them for `/metrics`.
public enum JobFailureCause: String, Sendable, CaseIterable {
    /// A worker's lease lapsed while it held the job (it died or hung); the job was taken over.
    case leaseLapsed = "lease_lapsed"
    /// Grading failed for the infrastructure (a clone, the sandbox, the database) and was reported.
    case infrastructure
    /// A worker could not grade the job as asked (no such lab, another version or grader) and handed it back.
    case refused
    /// The job used up its failures and is dead.
    case givenUp = "given_up"
}

/// The queue as a whole, for `/metrics`: jobs by state, claims, failures by cause and how long graded jobs took.
public struct QueueStatistics: Sendable, Equatable {
    public var jobs: [JobState: Int]
    /// Every claim of every job, retries and takeovers included.
    public var claims: Int
    public var failures: [JobFailureCause: Int]
    /// The seconds from enqueuing to done of every graded job, counted under each bound of ``durationBounds``
    /// it does not exceed (Prometheus's cumulative buckets), with their sum and count.
    public var durationBuckets: [Int]
    public var durationSum: Double
    public var durationCount: Int
    /// The oldest queued job's wait so far, in seconds (0 when nothing waits).
    public var oldestQueuedAge: Double

    /// The buckets' upper bounds, in seconds.
    public static let durationBounds: [Double] = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800]

    public init(
        jobs: [JobState: Int], claims: Int, failures: [JobFailureCause: Int], durationBuckets: [Int],
        durationSum: Double, durationCount: Int, oldestQueuedAge: Double
    ) {
        self.jobs = jobs
        self.claims = claims
        self.failures = failures
        self.durationBuckets = durationBuckets
        self.durationSum = durationSum
        self.durationCount = durationCount
        self.oldestQueuedAge = oldestQueuedAge
    }
}

/// What enqueuing a webhook's delivery did.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The delivery is new: its job.
    case enqueued(JobID)
    /// The delivery was seen before (GitHub sends it again when asked, or after a timeout): the job it made then.
    case duplicate(JobID)
}

/// A repository and commit some job is still to grade.
public struct PendingGrading: Sendable, Hashable {
    public var repository: String
    public var commit: String?

    public init(repository: String, commit: String?) {
        self.repository = repository
        self.commit = commit
    }
}
