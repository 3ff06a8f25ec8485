import ArgumentParser
import Foundation
import LadderCore
import LadderModel

extension LadderCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show what a lab asks, what it is worth and what it counts towards."
        )

        @Argument(help: "The lab's id, as `ladder list` shows it.")
        var lab: String

        @Flag(help: "Print the lab as JSON.")
        var json = false

        @Option(
            help: ArgumentHelp(
                "Whose passed stages to show (an email; default: your git identity).", valueName: "email"))
        var learner: String?

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let environment = try options.catalog.environment()
            let (catalog, origin, labID) = try options.catalog.startingPoint(for: lab)
            let lab = try catalog.requireLab(labID)
            if json {
                print(try Terminal.json(LabSummary(lab, catalog: origin.subscriptionName, shownID: self.lab)))
                return
            }
            print(Terminal.bold("\(lab.title)") + "  \(lab.id) \(lab.version)")
            print(lab.summary)
            print("")
            print("Rung:          \(lab.rung.title)")
            print("Competencies:")
            for key in lab.competencies {
                if let (area, skill) = catalog.competencies.skill(key) {
                    print("  \(area.title) — \(skill.title)" + Terminal.dim("  [\(key)]"))
                }
            }
            print(
                "Languages:     "
                    + lab.languages.map { "\($0.id) (\($0.run.joined(separator: " ")))" }.joined(separator: ", "))
            let passed = await passedStages(lab, environment: environment)
            print("Stages:")
            for (index, stage) in lab.stages.enumerated() {
                let mark = passed.map { $0.contains(stage.id) ? Terminal.green("  ✓ passed") : "" } ?? ""
                print("  \(index + 1). \(stage.title)  " + Terminal.dim("\(stage.points) points") + mark)
                if let summary = stage.summary {
                    print("     \(summary)")
                }
            }
            print("To pass:       \(Lab.passRule) (at least \(lab.passMark) of \(lab.totalPoints) points)")
            if let passed {
                let numbers = lab.stages.enumerated().filter { passed.contains($0.element.id) }.map {
                    String($0.offset + 1)
                }
                print(
                    "Your stages:   "
                        + (numbers.isEmpty
                            ? "none passed yet; `ladder submit --stage 1` grades the first on its own"
                            : "passed \(numbers.joined(separator: ", ")) of \(lab.stages.count)"))
            }
            let limits = lab.limits.tomlLines
            if !limits.isEmpty {
                print("Limits:        " + limits.joined(separator: ", "))
            }
            print("")
            print(Terminal.dim("Work a stage at a time with `ladder test --stage N` and `ladder submit --stage N`."))
            print(
                Terminal.dim(
                    "Start it with `ladder start \(lab.id)`"
                        + (lab.languages.count > 1 ? " [--lang \(lab.languages.map(\.id).joined(separator: "|"))]" : "")
                        + "."))
        }

        /// The stages the learner has passed, or nil when there is no learner or no store to ask (nothing recorded).
        private func passedStages(_ lab: Lab, environment: LadderEnvironment) async -> Set<String>? {
            guard let identity = try? environment.learnerIdentity(explicit: learner, at: "."),
                let store = try? await options.openStoreForReading()
            else { return nil }
            do {
                // A learner the store has never seen has passed nothing yet.
                guard let known = try await store.learner(email: identity.email) else { return [] }
                return Set(try await environment.passedStages(of: known.id, lab: lab, store: store))
            } catch {
                return nil
            }
        }
    }
}
