import ArgumentParser
import Foundation
import LadderCore
import LadderGit
import LadderGrading
import LadderModel
import LadderStore

extension LadderCommand {
    struct Grade: AsyncParsableCommand, GradingCommand {
        static let configuration = CommandConfiguration(
            commandName: "grade",
            abstract:
                "Grade a repository non-interactively, for CI: exit 0 passed, 1 not passed, 2 usage or infrastructure error.",
            discussion: """
                The lab comes from the repository's pin file unless --lab names it. Instead of a lab, --autograding \
                runs a GitHub Classroom autograding.json (.github/classroom/autograding.json) and --workflow the \
                grader steps of Classroom's newer workflow (.github/workflows/classroom.yml: the command, io and \
                python graders, counted as its grading reporter counts them), both in the sandbox with the semantics \
                of GitHub's runner: the tests one after another in one checkout (with its .git), each test's timeout \
                its wall and CPU time, every test needed to pass, regex comparisons as JavaScript regular expressions \
                (docs/autograding.md). Setup commands have no network and no sudo unless --allow-network-setup. What \
                GitHub would ignore or Ladder skips is named in a warning on standard error. A token for https clones \
                is read from \
                LADDER_GIT_TOKEN or GITHUB_TOKEN. With a signing key (--signing-key FILE or LADDER_SIGNING_KEY), \
                the grade is signed and written with --signature FILE.
                """
        )

        @Argument(help: "A repository: a path, a file:// URL or an https:// URL (default: the current directory).")
        var repository: String = "."
        @Option(help: "The lab to grade against (default: the repository's pin file).")
        var lab: String?
        @Option(help: "The revision to grade (default: HEAD).")
        var commit: String?
        @Option(
            help: ArgumentHelp(
                "Grade the last commit at or before this time: \(Deadline.acceptedForms).", valueName: "datetime"))
        var before: String?
        @Option(help: "The output format.")
        var format: GradeFormat = .text
        @Option(
            help: ArgumentHelp("Write the formatted report to this file instead of standard output.", valueName: "file")
        )
        var output: String?
        @Option(
            help: ArgumentHelp("Exit 0 when the score is at least this, whatever the pass mark.", valueName: "points"))
        var minScore: Int?
        @Option(
            help: ArgumentHelp(
                "Run this GitHub Classroom autograding.json (relative to the repository) instead of a lab.",
                valueName: "file"))
        var autograding: String?
        @Flag(
            help: ArgumentHelp(
                "With --autograding or --workflow: run setup commands with the host's network and a sudo that runs as the box's "
                    + "user, for setup that installs packages (the run commands never get the network). Only with an "
                    + "autograding file you trust: the learner can change the repository's copy."))
        var allowNetworkSetup = false
        @Option(
            help: ArgumentHelp(
                "Run the grader steps of this GitHub Classroom workflow (classroom.yml, relative to the repository) "
                    + "instead of a lab.",
                valueName: "file"))
        var workflow: String?
        @Option(
            help: ArgumentHelp(
                "The Ed25519 signing key file (default: $LADDER_SIGNING_KEY, the key itself).", valueName: "file"))
        var signingKey: String?
        @Option(help: ArgumentHelp("Where to write the signed grade (needs a signing key).", valueName: "file"))
        var signature: String?
        @OptionGroup var jobsOptions: JobsOptions
        @OptionGroup var options: StoreOptions

        /// Errors that stop it from grading reach `LadderCommand.runMain`, which exits 2 ("not graded").
        func run() async throws {
            let interruption = Interruption()
            StopSignals.install(for: interruption, beforeExiting: Terminal.forcedStop)
            if commit != nil, before != nil {
                throw LadderError(.invalidInput, "give --commit or --before, not both")
            }
            if autograding != nil, workflow != nil {
                throw LadderError(
                    .invalidInput, "give --autograding (autograding.json) or --workflow (classroom.yml), not both")
            }
            let deadline = try before.map { text throws(LadderError) in try Deadline.parse(text, option: "--before") }
            let signer = try Credentials.signer(keyFile: signingKey)
            if signature != nil, signer == nil {
                throw LadderError(
                    .invalidInput, "--signature needs a signing key: --signing-key FILE or LADDER_SIGNING_KEY")
            }
            // Checked before grading, so that a typo in a path does not cost a whole grading run.
            if let output { try OutputFiles.requireWritable(output, what: "the report") }
            if let signature { try OutputFiles.requireWritable(signature, what: "the signed grade") }
            let environment = try options.catalog.environment(boxes: jobsOptions.boxes)
            let store = try await options.openStore()
            let token = Credentials.gitToken()
            if allowNetworkSetup, autograding == nil, workflow == nil {
                throw LadderError(
                    .invalidInput, "--allow-network-setup is for the setup commands of --autograding or --workflow")
            }
            let selection = GradeSelection(
                labID: lab, revision: commit, deadline: deadline, autograding: autograding, workflow: workflow,
                allowNetworkSetup: allowNetworkSetup)
            let printer = ReportPrinter()
            let live = format == .text && output == nil
            let repository = repository
            let result = try await interruption.run {
                try await environment.gradeRepository(
                    repository, selection: selection, token: token, store: store, source: .grade, signer: signer,
                    warnings: { warnings in
                        for warning in warnings { Terminal.note(Terminal.yellow("warning: ") + warning.description) }
                    }
                ) { event in
                    if live, let line = printer.line(for: event) { print(line) }
                }
            }
            let report = result.report
            let rendered: Data
            switch format {
            case .text: rendered = Data((printer.summary(report) + "\n").utf8)
            case .report(let format): rendered = format.render(report)
            }
            if let output {
                try OutputFiles.write(rendered, to: output, what: "the report")
            } else {
                // Through print, so it follows the live lines printed the same way.
                print(String(decoding: rendered, as: UTF8.self), terminator: "")
            }
            if format == .report(.github), let summaryPath = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"],
                !summaryPath.isEmpty
            {
                try OutputFiles.append(
                    Data(GitHubActionsFormat.stepSummary(report).utf8), to: summaryPath,
                    what: "the step summary (GITHUB_STEP_SUMMARY)")
            }
            if let signature, let signed = result.signed {
                try OutputFiles.write(signed.jsonData(), to: signature, what: "the signed grade")
            }
            if result.late {
                Terminal.note(
                    "note: commits exist after the deadline; graded \(result.commit.id.prefix(10)), the last one before it"
                )
            }
            if report.status == .error {
                throw ExitCode(2)
            }
            let passed = minScore.map { report.score >= $0 } ?? report.passed
            throw ExitCode(passed ? 0 : 1)
        }
    }
}
