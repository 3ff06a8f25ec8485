import ArgumentParser
import Foundation
import LadderCore
import LadderModel
import LadderStore

extension LadderCommand {
    struct Progress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "progress", abstract: "Show where you stand on the career ladder and what to take next.",
            discussion: """
                Run in a lab's repository, it reads the catalog the lab came from (a subscribed course's catalog, or \
                the one given by path to `ladder start`); elsewhere, the built-in catalog or --catalog.
                """
        )

        @Option(help: ArgumentHelp("Whose progress (an email; default: your git identity).", valueName: "email"))
        var learner: String?

        @Flag(help: "Print the progress as JSON.")
        var json = false

        @OptionGroup var options: StoreOptions

        func run() async throws {
            // In a lab's repository, the ladder of the catalog it was started from (a course's, when subscribed).
            let environment = try options.catalog.environment(repository: ".")
            let identity = try environment.learnerIdentity(explicit: learner, at: ".")
            // A course's learner: what the course's server graded, on any of their machines, counts here too.
            do {
                if let server = try CourseServer.ofRepository(at: ".", catalogNamed: options.catalog.isNamed) {
                    let brought = try await environment.importCourseAttempts(
                        from: server, as: identity, store: try await LadderEnvironment.openStore(options.store))
                    if brought > 0 {
                        Terminal.note("brought \(brought) attempt(s) from \(server.url.absoluteString)")
                    }
                }
            } catch {
                Terminal.note(
                    Terminal.yellow("warning: ") + "the course's server's attempts are not counted here: \(error)")
            }
            let store = try await options.openStoreForReading()
            let progress = try await environment.learnerProgress(identity, store: store)
            if json {
                print(try Terminal.json(progress))
                return
            }
            let catalog = environment.catalog
            print("\(Terminal.bold(progress.learnerName)) <\(progress.learnerEmail)>")
            print("Rung: " + (progress.current.map { Terminal.green($0.title) } ?? "not on the ladder yet"))
            print("")
            print(Terminal.bold("The ladder"))
            for rung in progress.ladder.rungs {
                let mark = rung.reached ? Terminal.green("✓") : (rung.rung == progress.ladder.next?.rung ? "▸" : " ")
                let counts =
                    "\(rung.labsCounted.count)/\(rung.labsRequired) labs, \(rung.areasCovered.count)/\(rung.areasRequired) areas"
                print("  \(mark) \(rung.title.padding(toLength: 40, withPad: " ", startingAt: 0)) \(counts)")
            }
            if let next = progress.ladder.next {
                var needs: [String] = []
                if next.labsMissing > 0 {
                    needs.append("\(next.labsMissing) more lab(s) at \(next.rung.title) level or above")
                }
                if next.areasMissing > 0 { needs.append("\(next.areasMissing) more area(s)") }
                if needs.isEmpty, let below = catalog.ladder.rule(for: next.rung).requiredRung {
                    needs.append("the \(below.title) rung first")
                }
                print("  To reach \(next.title): " + needs.joined(separator: " across "))
            }
            if !progress.routes.isEmpty {
                print("")
                print(Terminal.bold("A way up") + Terminal.dim(" (labs that would take you to each rung)"))
                for route in progress.routes {
                    let title = route.rung.title.padding(toLength: 26, withPad: " ", startingAt: 0)
                    let way =
                        route.reachable
                        ? "pass " + route.labs.joined(separator: ", ")
                        : Terminal.yellow("not reachable with this catalog yet: ") + (route.shortfall ?? "")
                    print("  \(title) \(way)")
                }
            }
            print("")
            print(Terminal.bold("Passed labs by area"))
            if progress.passed.isEmpty {
                print("  none yet")
            }
            for area in catalog.competencies.areas {
                let labs = progress.passed.filter { $0.areas.contains(area.key) }
                guard !labs.isEmpty else { continue }
                print("  \(area.title)")
                let idWidth = progress.passed.map(\.labID.count).max() ?? 0
                for lab in labs {
                    let commit = lab.commit.map { String($0.prefix(10)) } ?? "-"
                    print(
                        "    \(lab.labID.padded(to: idWidth)) \(Int(lab.score))/\(Int(lab.maxScore))  commit \(commit)  \(Terminal.minute(lab.passedAt))"
                    )
                }
            }
            if !progress.suggestions.isEmpty {
                print("")
                print(Terminal.bold("Take next"))
                let idWidth = progress.suggestions.map(\.labID.count).max() ?? 0
                for suggestion in progress.suggestions {
                    let areas =
                        suggestion.newAreas.isEmpty
                        ? "" : Terminal.dim("  new areas: \(suggestion.newAreas.joined(separator: ", "))")
                    print(
                        "  ladder start \(suggestion.labID.padded(to: idWidth)) \(suggestion.title) (\(suggestion.rung.title))\(areas)"
                    )
                }
            }
        }
    }
}
