import ArgumentParser
import Foundation
import LadderCore
import LadderGrading

extension LadderCommand {
    struct Test: AsyncParsableCommand, GradingCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run the lab's visible tests against your working tree (committed or not); nothing is recorded.",
            discussion: "The fast inner loop. `ladder submit` runs the hidden tests on what you committed."
        )

        @Option(help: ArgumentHelp("The lab repository (default: the current directory).", valueName: "dir"))
        var path: String = "."

        @Flag(help: "Print the report as JSON.")
        var json = false

        @Option(
            help: ArgumentHelp(
                "Run the visible tests of stages 1 to this one only (its number or id).", valueName: "stage"))
        var stage: String?

        @OptionGroup var jobsOptions: JobsOptions
        @OptionGroup var catalogOptions: CatalogOptions

        func run() async throws {
            let environment = try catalogOptions.environment(boxes: jobsOptions.boxes, repository: path)
            let tree = try environment.workingTree(at: path)
            defer { tree.discard() }
            let printer = ReportPrinter()
            let showLive = !json
            let selection = try stage.map { try StageSelection($0, in: tree.lab) }
            let report = try await environment.runVisibleTests(tree, stage: selection) { event in
                if showLive, let line = printer.line(for: event) { print(line) }
            }
            if json {
                print(String(decoding: LadderJSONFormat.render(report), as: UTF8.self), terminator: "")
            } else {
                print(printer.summary(report))
                if report.passed {
                    print(Terminal.dim("The visible tests pass. Commit, then `ladder submit` for the hidden ones."))
                }
            }
            throw ExitCode(Submit.exitCode(for: report.status))
        }
    }
}
