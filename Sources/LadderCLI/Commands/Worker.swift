import ArgumentParser
import Foundation
import LadderCore
import LadderGrading
import LadderPostgres
import LadderSandbox
import LadderStore

extension LadderCommand {
    /// `ladder worker`: one grading machine of many, taking jobs from a PostgreSQL queue.
    struct Worker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "worker", abstract: "Grade jobs from a PostgreSQL queue, as one grading machine of many.",
            discussion: """
                Claims grading jobs from the queue in the PostgreSQL database QUEUE (which holds the results too), \
                grades each in the sandbox against this machine's catalog, and records the grade, renewing the job's \
                lease while it grades. A job for a lab version or grader this catalog does not have is handed back \
                for another worker, with the reason on the job. SIGTERM or Ctrl-C stops it: gradings in progress \
                are interrupted and their jobs handed back, then it exits 0.
                """)

        @Option(
            help: ArgumentHelp(
                "The queue's database: postgres://USER@HOST/DATABASE (the password from the URL or $PGPASSWORD).",
                valueName: "url"))
        var queue: String

        @Option(help: ArgumentHelp("Jobs graded at once (default: the machine's cores).", valueName: "n"))
        var concurrency = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: ArgumentHelp("This worker's name on the jobs it holds (default: HOST-PID).", valueName: "name"))
        var name: String?

        @Option(
            help: ArgumentHelp(
                "How long a job stays this worker's without a heartbeat (every third of it); past it, another worker "
                    + "takes the job over.", valueName: "duration"))
        var lease = "30s"

        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            if concurrency < 1 || concurrency > 64 { throw ValidationError("--concurrency must be between 1 and 64") }
            if !StoreAddress.isDatabaseURL(queue) {
                throw ValidationError("--queue must be a postgres:// URL, not \(queue)")
            }
            let lease = try SandboxQuantity.parseDuration(lease, field: "--lease")
            if lease < .seconds(1) { throw ValidationError("--lease must be at least 1s") }
        }

        func run() async throws {
            let interruption = Interruption()
            StopSignals.install(for: interruption, beforeExiting: Terminal.forcedStop)
            let environment = try catalog.environment(boxes: GradingBudget(slots: concurrency))
            let jobs = try await PostgresJobQueue.open(
                url: queue, lease: try SandboxQuantity.parseDuration(lease, field: "--lease"))
            let name = name ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
            let worker = GradingWorker(
                environment: environment, queue: jobs, name: name, concurrency: concurrency,
                gitToken: Credentials.gitToken())
            Terminal.note(
                "Worker \(name) grading jobs from \(jobs.store.url), \(concurrency) at a time; SIGTERM or Ctrl-C stops it"
            )
            // The worker runs until a stop signal cancels it; by then the jobs it was grading are handed back.
            do {
                try await interruption.run { await worker.run(events: Self.show) }
            } catch is Interrupted {}
            Terminal.note("Worker \(name) stopped; the jobs it was grading were handed back.")
        }

        @Sendable static func show(_ event: WorkerEvent) {
            // A line per job as it happens, for whoever follows the worker's log, not a block when it stops.
            defer { fflush(nil) }
            switch event {
            case .claimed(let claim):
                let spec = claim.job.spec
                print(
                    "job \(claim.id): grading \(spec.labID ?? "the pinned lab") for \(spec.studentEmail) (\(spec.repository))"
                )
            case .graded(let id, let attempt):
                let score = attempt.score.map { "\(Int($0))/\(Int(attempt.maxScore ?? 0))" } ?? "no score"
                print("job \(id): \(attempt.status.rawValue), \(score), attempt \(attempt.id)")
            case .refused(let id, let reason):
                print("job \(id): handed back: \(reason)")
            case .failed(let id, let reason, let state):
                print("job \(id): failed (\(state == .dead ? "given up" : "will be retried")): \(reason)")
            case .lostLease(let id):
                print("job \(id): lost to another worker (its lease lapsed); this grade was not recorded")
            case .released(let id):
                print("job \(id): handed back (stopping)")
            case .queueUnavailable(let reason, let wait):
                Terminal.note("the queue cannot be reached (\(reason)); trying again in \(wait.components.seconds) s")
            }
        }
    }
}
