import ArgumentParser
import Foundation
import LadderCore
import LadderGrading
import LadderModel
import LadderStore

extension LadderCommand {
    struct Submit: AsyncParsableCommand, GradingCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit",
            abstract: "Grade your committed work against the lab's hidden tests and record the result.",
            discussion: """
                Ladder grades HEAD exactly as committed (uncommitted changes are named and left out), runs every \
                stage in the sandbox, records the attempt in the results store and writes the grade as a git note \
                on the commit (refs/notes/ladder). Exit status: 0 passed, 1 not passed, 2 not graded.
                """
        )

        @Option(help: ArgumentHelp("The lab repository (default: the current directory).", valueName: "dir"))
        var path: String = "."

        @Flag(help: "Print the grade report as JSON instead of the live display.")
        var json = false

        @Option(
            help: ArgumentHelp(
                "Grade stages 1 to this one only (its number or id); recorded as a partial attempt that does not count towards the rung.",
                valueName: "stage"))
        var stage: String?

        @Option(
            help: ArgumentHelp(
                "Submit to this course's server instead of grading here (default: the server the lab's subscribed "
                    + "catalog names, if any); the token is read from $LADDER_TOKEN.", valueName: "url"))
        var server: String?

        @OptionGroup var jobsOptions: JobsOptions
        @OptionGroup var options: StoreOptions

        func run() async throws {
            try await request.run()
        }

        /// What the command line asks for.
        var request: SubmitRequest {
            SubmitRequest(
                path: path, json: json, stage: stage, server: server, jobs: jobsOptions.jobs, store: options.store,
                catalog: options.catalog.catalog)
        }

        static func exitCode(for status: AttemptStatus) -> Int32 {
            switch status {
            case .passed: 0
            case .failed: 1
            default: 2
            }
        }
    }
}

/// One `ladder submit`, as its options give it: what ``LadderCommand/Submit`` parses with ArgumentParser and
/// ``LadderCommand/Submit/parseQuickly(_:)`` without it.
struct SubmitRequest: Equatable {
    var path = "."
    var json = false
    var stage: String?
    var server: String?
    var jobs: Int
    var store: String?
    var catalog: String?

    /// The catalog options as the commands that parse them have them.
    var catalogOptions: CatalogOptions {
        var options = CatalogOptions()
        options.catalog = catalog
        return options
    }

    /// The course's server to submit to: --server, else the one the repository's subscribed catalog names.
    func courseServer() throws -> CourseServer? {
        if let server {
            guard let url = URL(string: server), ["http", "https"].contains(url.scheme ?? "") else {
                throw ValidationError("--server must be an http:// or https:// URL, not \(server)")
            }
            return try CourseServer(url: url)
        }
        return try CourseServer.ofRepository(at: path, catalogNamed: catalogOptions.isNamed)
    }

    func run() async throws {
        let interruption = Interruption()
        StopSignals.install(for: interruption, beforeExiting: Terminal.forcedStop)
        let environment = try catalogOptions.environment(boxes: JobsOptions.boxes(jobs), repository: path)
        let (path, json, storePath, stageArgument) = (path, json, store, stage)
        let course = try courseServer()
        let printer = ReportPrinter()
        let result = try await interruption.run {
            let submission = try environment.prepareSubmission(at: path)
            defer { submission.discard() }
            let store = try await LadderEnvironment.openStore(storePath)
            if !submission.uncommitted.isEmpty {
                let names = submission.uncommitted.prefix(8).map(\.path).joined(separator: ", ")
                let more = submission.uncommitted.count > 8 ? " and \(submission.uncommitted.count - 8) more" : ""
                Terminal.note(
                    Terminal.yellow("warning: ")
                        + "not committed, so not graded: \(names)\(more). Commit them to include them.")
            }
            if !json {
                print(
                    "Grading \(submission.lab.id) \(submission.lab.version) (\(submission.language.id)) at \(submission.commit.id.prefix(10)) \"\(submission.commit.summary)\""
                )
            }
            if let course {
                if stageArgument != nil {
                    throw ValidationError("--stage is for grading here; the course's server grades every stage")
                }
                return try await environment.submitToCourse(submission, server: course, store: store) { step in
                    guard !json else { return }
                    switch step {
                    case .uploaded(let bytes, let grading):
                        print("  sent \(bytes / 1024 + 1) KiB to \(course.url.absoluteString): grading \(grading)")
                    case .state(let state):
                        print(Terminal.dim("  \(state == "running" ? "grading on a worker" : state)…"))
                    case .event(let event):
                        if let line = printer.line(for: event) { print(line) }
                    }
                }
            }
            let stage = try stageArgument.map { try StageSelection($0, in: submission.lab) }
            return try await environment.submit(
                submission, store: store, stage: stage,
                events: { event in
                    if !json, let line = printer.line(for: event) { print(line) }
                })
        }
        if json {
            print(String(decoding: LadderJSONFormat.render(result.report), as: UTF8.self), terminator: "")
        } else {
            print(printer.summary(result.report))
            if let noteError = result.noteError {
                Terminal.note(
                    Terminal.yellow("warning: ")
                        + "the grade was recorded but not written as a git note: \(noteError)")
            }
            if let rung = result.newRung {
                print("")
                print(Terminal.green("🎉 You reached a new rung: \(rung.title)."))
            } else if let next = result.progressAfter.next {
                var needs: [String] = []
                if next.labsMissing > 0 {
                    needs.append("\(next.labsMissing) more lab\(next.labsMissing == 1 ? "" : "s")")
                }
                if next.areasMissing > 0 {
                    needs.append("\(next.areasMissing) more area\(next.areasMissing == 1 ? "" : "s")")
                }
                let what = needs.isEmpty ? "the rung below first" : needs.joined(separator: " across ")
                print(Terminal.dim("Next rung, \(next.title): \(what). See `ladder progress`."))
            }
        }
        throw ExitCode(LadderCommand.Submit.exitCode(for: result.report.status))
    }
}

extension LadderCommand.Submit {
    /// The options `parseQuickly` reads; `--json` is the one flag.
    static let quickOptions: Set = ["--path", "--stage", "--server", "--jobs", "--store", "--catalog"]

    /// `ladder submit [options]` read without ArgumentParser (``QuickCommandLine``), or nil for any other command line
    /// (a `--jobs` that is not a whole number from 1 to 64 included, which ArgumentParser refuses in its own words).
    static func parseQuickly(_ arguments: [String]) -> SubmitRequest? {
        guard let line = QuickCommandLine(arguments, words: ["submit"], options: quickOptions, flags: ["--json"])
        else { return nil }
        var jobs = JobsOptions.defaultJobs
        if let text = line.values["--jobs"] {
            guard let number = Int(text), JobsOptions.allowed.contains(number) else { return nil }
            jobs = number
        }
        return SubmitRequest(
            path: line.values["--path"] ?? ".", json: line.flags.contains("--json"), stage: line.values["--stage"],
            server: line.values["--server"], jobs: jobs, store: line.values["--store"],
            catalog: line.values["--catalog"])
    }
}
