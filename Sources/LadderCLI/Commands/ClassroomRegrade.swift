import ArgumentParser
import Foundation
import LadderCore
import LadderPostgres
import LadderStore

extension LadderCommand {
    struct ClassroomRegrade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "regrade",
            abstract: "Regrade the latest grades of a lab that other graders or lab versions gave, through the queue.",
            discussion: """
                After a grader or a lab changes, a learner's latest grade of the lab may come from tests the catalog \
                no longer has. This enqueues exactly those: every learner whose latest grade of LAB was given at \
                another lab version or grader digest than this catalog's, at the same repository and commit. It \
                follows the jobs as `ladder worker`s grade them and prints each verdict that changed. The earlier \
                attempts stay as they were recorded; the new ones are the latest.
                """)

        @Option(help: "The lab to regrade.")
        var lab: String
        @Option(help: ArgumentHelp("The PostgreSQL queue that holds the grades: postgres://…", valueName: "url"))
        var queue: String
        @Flag(help: "List what would be regraded, and enqueue nothing.")
        var dryRun = false
        @Flag(help: "Return once the regrades are enqueued, without following them.")
        var noWait = false
        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            if !StoreAddress.isDatabaseURL(queue) {
                throw ValidationError("--queue must be a postgres:// URL, not \(queue)")
            }
        }

        func run() async throws {
            let interruption = Interruption()
            StopSignals.install(for: interruption, beforeExiting: Terminal.forcedStop)
            let environment = try catalog.environment()
            let lab = try environment.catalog.requireLab(self.lab)
            let queue = try await PostgresJobQueue.open(url: queue)
            let (stale, elsewhere) = try await environment.staleGrades(labID: lab.id, queue: queue)
            if !elsewhere.isEmpty {
                Terminal.note(
                    "\(elsewhere.count) latest grades of \(lab.id) came from other graders but are not regraded: a "
                        + "learner's own `ladder submit` (the repository is on their machine) or an attempt without a "
                        + "commit; the learner submits again: "
                        + elsewhere.prefix(5).map(\.learner.email).joined(separator: ", ")
                        + (elsewhere.count > 5 ? ", ..." : ""))
            }
            guard !stale.isEmpty else {
                print(
                    "Every latest grade of \(lab.id) was given by this catalog's graders (\(lab.id) \(lab.version)); nothing to regrade."
                )
                return
            }
            if dryRun {
                for grade in stale {
                    print(
                        "\(grade.learner.email): \(Self.verdict(grade.attempt)), graded at \(grade.attempt.labVersion) "
                            + "with grader \(grade.attempt.graderDigest.prefix(12))")
                }
                print("\(stale.count) grades would be regraded (--dry-run: nothing enqueued)")
                return
            }
            let jobs = try await environment.enqueueRegrades(stale, labID: lab.id, queue: queue)
            Terminal.note(
                "Enqueued \(jobs.count) regrades of \(lab.id) \(lab.version): the latest grades given by other graders "
                    + "or lab versions")
            if noWait { return }
            do {
                let results = try await interruption.run {
                    try await environment.followRegrades(stale, jobs: jobs, queue: queue) { result in
                        if result.changed {
                            print(
                                "\(result.learner.email): \(Self.verdict(result.before)) -> "
                                    + (result.after.map(Self.verdict) ?? "not graded (\(result.reason ?? ""))"))
                            fflush(nil)
                        }
                    }
                }
                let changed = results.filter(\.changed).count
                let ungraded = results.filter { $0.after == nil }.count
                print(
                    "Regraded \(results.count) of \(lab.id): \(changed) verdicts changed, "
                        + "\(results.count - changed) unchanged\(ungraded > 0 ? ", \(ungraded) could not be graded" : "")"
                )
            } catch let interrupted as Interrupted {
                Terminal.note("stopped following; the regrades stay in the queue and workers grade them all the same")
                throw ExitCode(interrupted.exitCode)
            }
        }

        static func verdict(_ attempt: AttemptRecord) -> String {
            let score = attempt.score.map { " \(Int($0))/\(Int(attempt.maxScore ?? 0))" } ?? ""
            return "\(attempt.status.rawValue)\(score) (attempt \(attempt.id))"
        }
    }
}
