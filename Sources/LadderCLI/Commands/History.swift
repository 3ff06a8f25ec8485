import ArgumentParser
import Foundation
import LadderCore
import LadderModel
import LadderStore

extension LadderCommand {
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history", abstract: "List your attempts, newest first, with their scores."
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
            let store = try await options.openStoreForReading()
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
            print(
                Terminal.dim(
                    "  #     when              \("lab".padded(to: idWidth)) version  status       score     commit"))
            for attempt in attempts {
                let score = attempt.score.map { "\(Int($0))/\(Int(attempt.maxScore ?? 0))" } ?? "-"
                let status = attempt.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                let colored =
                    attempt.status == .passed
                    ? Terminal.green(status)
                    : (attempt.status == .failed ? Terminal.red(status) : Terminal.yellow(status))
                print(
                    "  \(String(attempt.id.rawValue).padding(toLength: 5, withPad: " ", startingAt: 0)) \(Terminal.minute(attempt.startedAt))  \(attempt.labID.padded(to: idWidth)) \(attempt.labVersion.padding(toLength: 8, withPad: " ", startingAt: 0)) \(colored)  \(score.padding(toLength: 9, withPad: " ", startingAt: 0)) \(attempt.commit.map { String($0.prefix(10)) } ?? "-")"
                )
            }
        }
    }
}
