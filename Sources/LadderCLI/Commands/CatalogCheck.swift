import ArgumentParser
import LadderModel

extension LadderCommand.CatalogCommand {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract:
                "Check that a learner can climb the whole ladder with the catalog's labs, and that every area is taught.",
            discussion: """
                Errors: a rung that no learner can reach with the catalog's labs, an area of the competency map with \
                no lab. Warnings: an area taught at fewer than \(Catalog.rungsPerArea) rungs, a rung with fewer than \
                its labs-required plus \(Catalog.spareLabsPerRung) labs (a single way up). Prints, for a learner \
                starting from nothing, a set of labs that reaches each rung. Exit status: 0 without errors, 1 with.
                """
        )

        @Flag(help: "Print the findings and routes as JSON.")
        var json = false

        @OptionGroup var catalogOptions: CatalogOptions

        struct Document: Encodable {
            let findings: [CatalogFinding]
            let routes: [RungRoute]
            let passed: Bool
        }

        func run() async throws {
            let catalog = try catalogOptions.load()
            let findings = catalog.check()
            let routes = catalog.routes(passedLabIDs: [])
            let passed = !findings.contains { $0.severity == .error }
            if json {
                print(try Terminal.json(Document(findings: findings, routes: routes, passed: passed)))
            } else {
                print(
                    "\(catalog.labs.count) labs, \(catalog.competencies.areas.count) areas, \(catalog.ladder.rules.count) rungs"
                )
                for route in routes where route.reachable {
                    print("  \(route.rung.title): for example \(route.labs.joined(separator: ", "))")
                }
                Self.printFindings(findings)
            }
            if !passed {
                throw ExitCode(1)
            }
        }

        /// Errors and warnings, one a line, then a verdict line.
        static func printFindings(_ findings: [CatalogFinding]) {
            for finding in findings {
                print(
                    "  " + (finding.severity == .error ? Terminal.red("error: ") : Terminal.yellow("warning: "))
                        + finding.message)
            }
            let errors = findings.filter { $0.severity == .error }.count
            let warnings = findings.count - errors
            let line =
                "catalog: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            print(errors == 0 ? Terminal.green(line) : Terminal.red(line))
        }
    }
}
