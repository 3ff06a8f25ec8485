import ArgumentParser
import LadderCore
import LadderGrading
import LadderModel
import LadderPostgres
import LadderStore

extension LadderCommand {
    struct ClassroomGrade: AsyncParsableCommand, GradingCommand {
        static let configuration = CommandConfiguration(
            commandName: "grade",
            abstract: "Grade every repository of a roster in parallel and write a CSV gradebook.",
            discussion: """
                The roster is a CSV file with a header row and the columns `student` and `repository` (a path, a \
                file:// URL or an https:// URL; a token for https comes from LADDER_GIT_TOKEN or GITHUB_TOKEN), and \
                optionally `name` and `email`. Each repository is cloned through libgit2 and its last commit at or \
                before the deadline is graded; later commits flag the work as late. A repository that is missing, \
                empty or cannot be graded becomes a row with its reason. Writes OUT/gradebook.csv and \
                OUT/reports/STUDENT.json (a student id that is not a plain file name gets a readable part and a \
                hash of the id), and records every attempt in the store. A second run skips repositories \
                already graded at the same commit with the same graders, unless --force.

                With --queue, nothing is graded here: a job per repository goes into the PostgreSQL queue for \
                `ladder worker`s, each for the head of the repository's default branch with this catalog's lab \
                version and graders, and the command follows them (the same progress bar, reports and gradebook) \
                until every one is graded or given up; --no-wait returns once they are enqueued. Ctrl-C stops the \
                following, not the grading.
                """
        )

        @Option(help: ArgumentHelp("The roster CSV file.", valueName: "file"))
        var roster: String
        @Option(help: "The lab to grade against.")
        var lab: String
        @Option(
            help: ArgumentHelp(
                "Grade the last commit at or before this time: \(Deadline.acceptedForms).", valueName: "datetime"))
        var deadline: String?
        @Option(help: ArgumentHelp("The directory for gradebook.csv and the reports.", valueName: "dir"))
        var out: String
        @Flag(help: "Grade again repositories already graded at the same commit with the same graders.")
        var force = false
        @Option(
            help: ArgumentHelp(
                "The Ed25519 signing key file (default: $LADDER_SIGNING_KEY); each grade is then signed into OUT/reports/STUDENT.signed.json and the store.",
                valueName: "file"))
        var signingKey: String?
        @Option(
            help: ArgumentHelp(
                "Enqueue the gradings for `ladder worker`s in this PostgreSQL queue (postgres://…), which holds the "
                    + "results too, instead of grading here.", valueName: "url"))
        var queue: String?
        @Flag(help: "With --queue: return once every repository is enqueued, without following the gradings.")
        var noWait = false
        @OptionGroup var jobsOptions: JobsOptions
        @OptionGroup var options: StoreOptions

        func validate() throws {
            guard let queue else {
                if noWait { throw ValidationError("--no-wait needs --queue: without a queue the grading happens here") }
                return
            }
            if !StoreAddress.isDatabaseURL(queue) {
                throw ValidationError("--queue must be a postgres:// URL, not \(queue)")
            }
            if deadline != nil {
                throw ValidationError(
                    "--deadline with --queue: workers grade the head of each repository; grade a deadline here, "
                        + "without --queue")
            }
            if force || signingKey != nil {
                throw ValidationError(
                    "--\(force ? "force" : "signing-key") with --queue: workers grade every job anew and sign with "
                        + "their own settings")
            }
            if let store = options.store, store != queue {
                throw ValidationError(
                    "--store with --queue must be the queue's database: jobs and grades live together")
            }
        }

        /// Errors that stop it from grading reach `LadderCommand.runMain`, which exits 2 ("not graded").
        func run() async throws {
            let interruption = Interruption()
            StopSignals.install(for: interruption, beforeExiting: Terminal.forcedStop)
            let entries: [RosterEntry]
            do {
                entries = try Roster.load(contentsOf: roster)
            } catch {
                throw LadderError(.invalidInput, "\(error)")
            }
            let deadlineDate = try deadline.map { text throws(LadderError) in
                try Deadline.parse(text, option: "--deadline")
            }
            if let queue {
                try await gradeThroughQueue(entries, queue: queue, interruption: interruption)
                return
            }
            let signer = try Credentials.signer(keyFile: signingKey)
            // Repositories and their tests share one budget of boxes, so `--jobs` is never exceeded.
            let environment = try options.catalog.environment(boxes: jobsOptions.boxes)
            _ = try environment.catalog.requireLab(lab)
            let store = try await options.openStore()
            let output = try ClassroomOutput(directory: out)
            let token = Credentials.gitToken()
            let bar = ProgressBar(total: entries.count)
            Terminal.note(
                "Grading \(entries.count) repositories against \(lab), at most \(jobsOptions.jobs) sandboxed runs at a time"
            )
            let (lab, jobs, force) = (lab, jobsOptions.jobs, force)
            let rows = try await interruption.run {
                try await environment.gradeClassroom(
                    entries, labID: lab, deadline: deadlineDate, jobs: jobs, force: force, store: store, token: token,
                    signer: signer, output: output
                ) { progress, row in
                    bar.update(progress, last: row)
                }
            }
            bar.finish()
            Self.summarize(rows, gradebook: output.gradebook)
        }

        func gradeThroughQueue(_ entries: [RosterEntry], queue url: String, interruption: Interruption) async throws {
            let environment = try options.catalog.environment()
            _ = try environment.catalog.requireLab(lab)
            let queue = try await PostgresJobQueue.open(url: url)
            guard !noWait else {
                let ids = try await environment.enqueueClassroom(entries, labID: lab, queue: queue)
                print(
                    "Enqueued \(ids.count) gradings of \(lab) (jobs \(ids.first.map(String.init(describing:)) ?? "-") to "
                        + "\(ids.last.map(String.init(describing:)) ?? "-")) in \(queue.store.url); `ladder worker`s grade "
                        + "them, and `ladder serve` shows them (GET /api/labs/\(lab)/grades)")
                return
            }
            let output = try ClassroomOutput(directory: out)
            let bar = ProgressBar(total: entries.count)
            let lab = lab
            do {
                let rows = try await interruption.run {
                    try await environment.gradeClassroom(
                        entries, labID: lab, queue: queue, output: output,
                        enqueued: { ids in
                            Terminal.note(
                                "Enqueued \(ids.count) gradings of \(lab) in \(queue.store.url); following them as "
                                    + "`ladder worker`s grade them (Ctrl-C stops following, not grading)")
                        }
                    ) { progress, row in bar.update(progress, last: row) }
                }
                bar.finish()
                Self.summarize(rows, gradebook: output.gradebook)
            } catch let interrupted as Interrupted {
                bar.finish()
                Terminal.note("stopped following; the jobs stay in the queue and workers grade them all the same")
                throw ExitCode(interrupted.exitCode)
            }
        }

        static func summarize(_ rows: [GradebookRow], gradebook: String) {
            let count = { (status: GradebookRow.Status) in rows.filter { $0.status == status }.count }
            print(
                "\(count(.passed)) passed, \(count(.failed)) failed, \(count(.error)) not graded, \(rows.filter(\.late).count) late, \(rows.filter(\.reused).count) unchanged since the last run"
            )
            for row in rows where row.status == .error {
                print("  \(row.student): \(row.reason ?? "not graded")")
            }
            print("Gradebook: \(gradebook)")
        }
    }
}
