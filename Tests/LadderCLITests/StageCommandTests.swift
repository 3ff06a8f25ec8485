import Foundation
import Testing

/// Working a stage at a time: `ladder submit --stage N` grades stages 1 to N as a partial attempt that never counts
/// towards the rung, and `ladder show` says which stages the learner has passed.
@Suite struct StageCommandTests {
    let machine: LearnerMachine
    let catalog: TestCatalog

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.writeWithStages(in: machine)
    }

    @Test func aStagedSubmitIsAPartialAttemptAndShowSaysWhichStagesPassed() async throws {
        // Greets by name (stage 1) but never shouts (stage 2).
        let repository = try await machine.startLab("stages", from: catalog, files: ["main.py": TestLab.helloSolution])
        let before = try await machine.ladder(["show", "stages", "--catalog", catalog.root], in: repository)
        #expect(before.stdout.contains("Your stages:   none passed yet"), "\(before)")

        let first = try await machine.ladder(["submit", "--stage", "1", "--catalog", catalog.root], in: repository)
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stdout.contains("PASSED  10/10 points"), "only stage 1 is graded: \(first)")
        #expect(!first.stdout.contains("Shouts at Ada"), "\(first)")
        #expect(first.stdout.contains("Graded through stage greet only: a partial attempt"), "\(first)")

        let progress = try await machine.ladder(["progress", "--json", "--catalog", catalog.root], in: repository)
        let passed = try #require((try progress.json() as? [String: Any])?["passed"] as? [Any], "\(progress)")
        #expect(passed.isEmpty, "a partial attempt counted towards the rung: \(progress)")

        let shown = try await machine.ladder(["show", "stages", "--catalog", catalog.root], in: repository)
        #expect(shown.stdout.contains("1. Greeting  10 points  ✓ passed"), "\(shown)")
        #expect(!shown.stdout.contains("2. Shouting  10 points  ✓"), "\(shown)")
        #expect(shown.stdout.contains("Your stages:   passed 1 of 2"), "\(shown)")

        let second = try await machine.ladder(
            ["submit", "--stage", "shout", "--catalog", catalog.root], in: repository)
        #expect(second.exitCode == 1, "stage 2 fails: \(second)")
        #expect(second.stdout.contains("Shouts at Ada"), "\(second)")
    }

    @Test func anUnknownStageIsNamedWithTheLabsStages() async throws {
        let repository = try await machine.startLab("stages", from: catalog, files: ["main.py": TestLab.helloSolution])
        let result = try await machine.ladder(["submit", "--stage", "9", "--catalog", catalog.root], in: repository)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("lab `stages` has no stage `9`"), "\(result)")
        #expect(result.stderr.contains("1 (greet), 2 (shout)"), "\(result)")
    }
}
