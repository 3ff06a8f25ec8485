import ArgumentParser
import Foundation
import LadderCore

extension LadderCommand {
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract:
                "Check what this machine can do: libgit2, the catalog, the store, the sandbox's isolation and limits, the runtimes.",
            discussion: """
                First the files Ladder uses (the sandbox launcher, its profiles, the catalog, the results store, the \
                scratch directory) and where each came from: an option, an environment variable, beside the \
                executable, the installation's share directory or a source checkout. The sandbox check makes a real \
                run and says whether limits hold for the whole process tree (cgroups) or per process (rlimits). \
                Exit status 1 when a check failed.
                """
        )

        @Flag(help: "Print the report as JSON.")
        var json = false

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let report = await LadderCore.Doctor.run(catalogPath: options.catalog.catalog, storePath: options.store)
            if json {
                print(try Terminal.json(report))
            } else {
                for check in report.checks {
                    let mark: String
                    switch check.status {
                    case .ok: mark = Terminal.green("ok  ")
                    case .warning: mark = Terminal.yellow("warn")
                    case .failed: mark = Terminal.red("FAIL")
                    }
                    print("\(mark) \(check.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(check.summary)")
                    for detail in check.details {
                        print("          \(Terminal.dim(detail))")
                    }
                }
            }
            if !report.healthy { throw ExitCode.failure }
        }
    }
}
