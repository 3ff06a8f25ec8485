import ArgumentParser
import LadderCore
import LadderGrading
import LadderModel

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
        @OptionGroup var jobsOptions: JobsOptions
        @OptionGroup var options: StoreOptions

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
            let count = { (status: GradebookRow.Status) in rows.filter { $0.status == status }.count }
            print(
                "\(count(.passed)) passed, \(count(.failed)) failed, \(count(.error)) not graded, \(rows.filter(\.late).count) late, \(rows.filter(\.reused).count) unchanged since the last run"
            )
            for row in rows where row.status == .error {
                print("  \(row.student): \(row.reason ?? "not graded")")
            }
            print("Gradebook: \(output.gradebook)")
        }
    }
}
