import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderPostgres
import LadderStore

/// What a worker did, for the command line to show.
public enum WorkerEvent: Sendable {
    case claimed(JobClaim)
    /// The job's grade is recorded, and the job done.
    case graded(JobID, AttemptRecord)
    /// The worker cannot grade the job the way it asks (no such lab, another version or grader): handed back, with
    /// the reason on the job.
    case refused(JobID, reason: String)
    /// Grading failed for the infrastructure: the job waits for a retry (`queued`) or was given up (`dead`).
    case failed(JobID, reason: String, now: JobState)
    /// The job's lease lapsed and another worker took it; this worker's grade of it was not recorded.
    case lostLease(JobID)
    /// The worker stopped before grading the job, and handed it back.
    case released(JobID)
    /// The queue could not be reached; the worker tries again after `retryIn`.
    case queueUnavailable(reason: String, retryIn: Duration)
}

/// `ladder worker`: takes grading jobs from a PostgreSQL queue and grades them in this machine's sandbox,
/// `concurrency` at a time, until its task is cancelled.
///
/// A job is graded by the same pipeline as `ladder grade` (clone, export the commit, grade, record), through a results
/// store fenced by the job's lease, which a heartbeat renews every third of the lease while the grading runs. A job
/// this worker's catalog cannot grade as asked is handed back for another worker with the reason. Any failure before
/// a grade is recorded (a clone, the sandbox, the database) is reported to the queue, which retries it after a growing
/// wait or gives it up. Cancelling the worker (a stop signal) interrupts the gradings in progress and hands their jobs
/// back at once, counting no failure. A queue that cannot be reached (PostgreSQL restarting) is tried again after a
/// growing wait; the connection pool reconnects by itself.
public struct GradingWorker: Sendable {
    public let environment: LadderEnvironment
    public let queue: PostgresJobQueue
    /// The worker's name in the queue, shown on the jobs it holds.
    public let name: String
    public let concurrency: Int
    /// The token to clone private repositories with.
    public let gitToken: String?
    /// How long to wait before looking again when no job is ready: a quarter of a second, so a job enqueued to an
    /// idle worker waits for it about 125 ms on average, at the cost of four empty claims a second (each an indexed
    /// look at the ready jobs) per idle slot. The queue's notices (``JobNotice``) would wake it at once instead, but a
    /// worker that listened for them hung in its grading after a database restart in half the runs of the restart
    /// test, for a reason not found yet; the classroom's follow-up, which only reads, listens.
    public var idleWait: Duration = .milliseconds(250)
    /// How long a refused job waits before any worker takes it again.
    public var refusalDelay: Duration = .seconds(30)

    public init(
        environment: LadderEnvironment, queue: PostgresJobQueue, name: String, concurrency: Int, gitToken: String?
    ) {
        self.environment = environment
        self.queue = queue
        self.name = name
        self.concurrency = max(1, concurrency)
        self.gitToken = gitToken
    }

    /// Claims and grades jobs until the task is cancelled; returns once every job it held is recorded or handed back.
    public func run(events: @escaping @Sendable (WorkerEvent) -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask { await self.claimAndGrade(events: events) }
            }
        }
    }

    private func claimAndGrade(events: @escaping @Sendable (WorkerEvent) -> Void) async {
        var unreachable = 0
        while !Task.isCancelled {
            let claim: JobClaim?
            do {
                claim = try await queue.claim(worker: name)
                unreachable = 0
            } catch {
                guard !Task.isCancelled else { return }
                unreachable += 1
                let wait = Duration.seconds(min(30, 1 << min(unreachable - 1, 5)))
                events(.queueUnavailable(reason: "\(error)", retryIn: wait))
                try? await Task.sleep(for: wait)
                continue
            }
            guard let claim else {
                try? await Task.sleep(for: idleWait)
                continue
            }
            events(.claimed(claim))
            await grade(claim, events: events)
        }
    }

    /// Grades one claimed job to its end: recorded, refused, failed, lost or handed back.
    func grade(_ claim: JobClaim, events: @Sendable (WorkerEvent) -> Void) async {
        if let reason = refusal(of: claim.job.spec) {
            do {
                try await uncancelled { try await queue.refuse(claim, reason: reason, delay: refusalDelay) }
                events(.refused(claim.id, reason: reason))
            } catch {
                events(.lostLease(claim.id))
            }
            return
        }
        let spec = claim.job.spec
        let store = queue.store(for: claim)
        let (environment, token) = (environment, gitToken)
        let grading = Task { [queue] in
            let selection = GradeSelection(labID: spec.labID, revision: spec.commit)
            let learner = Signature(name: spec.studentName ?? spec.studentEmail, email: spec.studentEmail)
            // A learner's upload: its pack, kept in the database, unpacked here.
            if let uploadID = spec.uploadID {
                guard let upload = try await queue.upload(uploadID) else {
                    throw LadderError(.invalidInput, "\(spec.repository) is no longer in the database")
                }
                // The learner follows the grading live: what the grader tells goes to the database as it comes.
                let told = EventRelay(queue: queue, claim: claim)
                defer { told.stop() }
                return try await environment.grade(
                    try environment.openUpload(upload.pack, commit: upload.commit, location: spec.repository),
                    selection: selection, learner: learner, store: store, source: .submit,
                    events: { told.tell($0) })
            }
            return try await environment.gradeRepository(
                spec.repository, selection: selection, learner: learner, token: token, store: store,
                source: .classroom)
        }
        let lost = LeaseWatch()
        let heartbeat = Task { [queue] in
            while !Task.isCancelled {
                try? await Task.sleep(for: queue.lease / 3)
                guard !Task.isCancelled else { return }
                // A heartbeat the database does not answer is tried again; one it answers "no" ends the grading.
                if (try? await queue.heartbeat(claim)) == false {
                    lost.mark()
                    grading.cancel()
                    return
                }
            }
        }
        let result = await withTaskCancellationHandler {
            await grading.result
        } onCancel: {
            grading.cancel()
        }
        heartbeat.cancel()
        switch result {
        case .success(let graded):
            if let record = try? await queue.store.attempt(graded.attemptID) {
                events(.graded(claim.id, record.attempt))
            }
        case .failure(let error as JobQueueError) where error == .leaseLost(claim.id, worker: claim.worker):
            events(.lostLease(claim.id))
        case .failure where lost.isMarked:
            events(.lostLease(claim.id))
        case .failure where Task.isCancelled:
            do {
                try await uncancelled {
                    try await queue.release(claim, reason: "worker \(claim.worker) stopped before grading it")
                }
                events(.released(claim.id))
            } catch {
                events(.lostLease(claim.id))
            }
        case .failure(let error):
            let reason = "\(error)"
            // What the repository itself gets wrong (a pin no catalog honours, no commit, not a lab repository) fails
            // the same way every time: given up at once rather than retried.
            let final = (error as? LadderError).map { $0.kind != .infrastructure } ?? false
            do {
                let state = try await uncancelled { try await queue.fail(claim, reason: reason, final: final) }
                events(.failed(claim.id, reason: reason, now: state))
            } catch {
                events(.lostLease(claim.id))
            }
        }
    }

    /// Why this worker cannot grade `spec` as asked, or nil when it can: the lab must be in its catalog, at the
    /// version and with the grader digest the job was enqueued for.
    /// A job that leaves the lab to the repository's pin is graded by whoever claims it: the pin is checked against
    /// the catalog when the commit is read, and a pin the catalog cannot honour fails the job with the reason.
    func refusal(of spec: GradingJobSpec) -> String? {
        guard let labID = spec.labID else { return nil }
        guard let lab = environment.catalog.lab(id: labID) else {
            return "worker \(name) has no lab \(labID) in its catalog \(environment.catalog.root)"
        }
        if let version = spec.labVersion, version != lab.version.description {
            return
                "worker \(name) has \(lab.id) \(lab.version), not \(version); publish the same catalog to every worker"
        }
        if let digest = spec.graderDigest {
            guard let (_, own) = try? environment.graderSpec(for: lab) else {
                return "worker \(name) cannot read the grader of \(lab.id)"
            }
            if own != digest {
                return "worker \(name) grades \(lab.id) with grader digest \(own), not \(digest); publish the same "
                    + "catalog to every worker"
            }
        }
        return nil
    }
}

/// Carries what the grader tells of an upload's grading to the database, in order, from the grader's synchronous
/// callback: each event rings a bell, and the sender writes whatever has gathered since its last write, so events go
/// out at once when the database keeps up and in batches when it does not. What is still unsent when the grading
/// ends is dropped: the learner's client shows the final report whole, and fills in any test it did not see live.
private final class EventRelay: Sendable {
    /// The events told and not yet written.
    private final class Pending: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [String] = []

        func append(_ event: String) { lock.withLock { events.append(event) } }

        func drain() -> [String] {
            lock.withLock {
                defer { events.removeAll() }
                return events
            }
        }
    }

    private let pending = Pending()
    private let bell: AsyncStream<Void>.Continuation
    private let sender: Task<Void, Never>

    init(queue: PostgresJobQueue, claim: JobClaim) {
        let (rings, bell) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.bell = bell
        let pending = pending
        sender = Task {
            for await _ in rings {
                // A database that does not answer loses a batch of progress, never the grading; a job no longer
                // this worker's takes no more.
                if (try? await queue.appendEvents(pending.drain(), for: claim)) == false { return }
            }
        }
    }

    func tell(_ event: GradingEvent) {
        pending.append(GradingAPI.Event(event).stored)
        bell.yield()
    }

    func stop() {
        bell.finish()
        sender.cancel()
    }
}

/// Whether the heartbeat found the job gone to another worker, told to the task that reports the grading's end.
private final class LeaseWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var marked = false

    func mark() { lock.withLock { marked = true } }

    var isMarked: Bool { lock.withLock { marked } }
}
