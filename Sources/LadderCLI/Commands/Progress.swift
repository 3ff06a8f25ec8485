import ArgumentParser
import Foundation
import LadderCore
import LadderModel
import LadderStore

extension LadderCommand {
    struct Progress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where you stand on the career ladder and what to take next."
        )

        @Option(help: ArgumentHelp("Whose progress (an email; default: your git identity).", valueName: "email"))
        var learner: String?

        @Flag(help: "Print the progress as JSON.")
        var json = false

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let environment = try options.catalog.environment()
            let identity = try environment.learnerIdentity(explicit: learner, at: ".")
            let store = try options.openStoreForReading()
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
                let counts = "\(rung.labsCounted.count)/\(rung.labsRequired) labs, \(rung.areasCovered.count)/\(rung.areasRequired) areas"
                print("  \(mark) \(rung.title.padding(toLength: 40, withPad: " ", startingAt: 0)) \(counts)")
            }
            if let next = progress.ladder.next {
                var needs: [String] = []
                if next.labsMissing > 0 { needs.append("\(next.labsMissing) more lab(s) at \(next.rung.title) level or above") }
                if next.areasMissing > 0 { needs.append("\(next.areasMissing) more area(s)") }
                if needs.isEmpty, let below = catalog.ladder.rule(for: next.rung).requiredRung { needs.append("the \(below.title) rung first") }
                print("  To reach \(next.title): " + needs.joined(separator: " across "))
            }
            if !progress.routes.isEmpty {
                print("")
                print(Terminal.bold("A way up") + Terminal.dim(" (labs that would take you to each rung)"))
                for route in progress.routes {
                    let title = route.rung.title.padding(toLength: 26, withPad: " ", startingAt: 0)
                    let way = route.reachable
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
                    print("    \(lab.labID.padded(to: idWidth)) \(Int(lab.score))/\(Int(lab.maxScore))  commit \(commit)  \(Self.day(lab.passedAt))")
                }
            }
            if !progress.suggestions.isEmpty {
                print("")
                print(Terminal.bold("Take next"))
                let idWidth = progress.suggestions.map(\.labID.count).max() ?? 0
                for suggestion in progress.suggestions {
                    let areas = suggestion.newAreas.isEmpty ? "" : Terminal.dim("  new areas: \(suggestion.newAreas.joined(separator: ", "))")
                    print("  ladder start \(suggestion.labID.padded(to: idWidth)) \(suggestion.title) (\(suggestion.rung.title))\(areas)")
                }
            }
        }

        static func day(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            formatter.timeZone = TimeZone.current
            return formatter.string(from: date)
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List your attempts, newest first, with their scores."
        )

        @Argument(help: "Only attempts at this lab.")
        var lab: String?

        @Option(help: ArgumentHelp("Whose attempts (an email; default: your git identity).", valueName: "email"))
        var learner: String?

        @Option(help: "At most this many attempts.")
        var limit: Int = 50

        @Flag(help: "Print the attempts as JSON.")
        var json = false

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let environment = try options.catalog.environment()
            if let lab {
                _ = try environment.catalog.requireLab(lab)
            }
            let identity = try environment.learnerIdentity(explicit: learner, at: ".")
            let store = try options.openStoreForReading()
            guard let record = try await store.learner(email: identity.email) else {
                if json { print("[]") } else { print("No attempts yet for \(identity.email).") }
                return
            }
            let attempts = try await store.attempts(learner: record.id, labID: lab, limit: limit)
            if json {
                print(try Terminal.json(attempts))
                return
            }
            if attempts.isEmpty {
                print("No attempts yet" + (lab.map { " at \($0)" } ?? "") + ".")
                return
            }
            let idWidth = max(attempts.map(\.labID.count).max() ?? 0, 3)
            print(Terminal.dim("  #     when              \("lab".padded(to: idWidth)) version  status       score     commit"))
            for attempt in attempts {
                let score = attempt.score.map { "\(Int($0))/\(Int(attempt.maxScore ?? 0))" } ?? "-"
                let status = attempt.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                let colored = attempt.status == .passed ? Terminal.green(status) : (attempt.status == .failed ? Terminal.red(status) : Terminal.yellow(status))
                print("  \(String(attempt.id.rawValue).padding(toLength: 5, withPad: " ", startingAt: 0)) \(Progress.day(attempt.startedAt))  \(attempt.labID.padded(to: idWidth)) \(attempt.labVersion.padding(toLength: 8, withPad: " ", startingAt: 0)) \(colored)  \(score.padding(toLength: 9, withPad: " ", startingAt: 0)) \(attempt.commit.map { String($0.prefix(10)) } ?? "-")")
            }
        }
    }
}

extension StoreOptions {
    /// The results store, opened for reading only: showing progress and history needs no write access to it.
    func openStoreForReading() throws -> SQLiteResultStore {
        try SQLiteResultStore(readingAt: StoreLocation.resolve(store))
    }
}
