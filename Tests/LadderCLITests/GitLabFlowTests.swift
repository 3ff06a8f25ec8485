import Foundation
import Testing

/// A lab graded on git history, end to end with the catalog's merge-conflict lab: `ladder start` gives the
/// conflicting branch, the learner merges with git, and `ladder test` and `ladder grade` read the history.
@Suite(.requires(.sandbox))
struct GitLabFlowTests {
    let machine: LearnerMachine
    let catalog = BuiltProducts.repositoryRoot

    init() throws {
        machine = try LearnerMachine()
    }

    /// Starts merge-conflict and merges feature/express, which conflicts; returns the repository.
    func startAndMerge(_ name: String) async throws -> String {
        let directory = machine.path("repos/" + name)
        let started = try await machine.ladder(["start", "merge-conflict", "--dir", directory, "--catalog", catalog])
        #expect(started.exitCode == 0, "\(started)")
        let merge = try await machine.run(["/usr/bin/env", "git", "merge", "feature/express"], in: directory)
        #expect(
            merge.exitCode == 1 && merge.stdout.contains("CONFLICT"),
            "the starter's branch conflicts with main: \(merge)")
        return directory
    }

    @Test func aResolvedMergePassesAndTheRepositoryReachesTheGrader() async throws {
        let directory = try await startAndMerge("resolved")
        let resolution = catalog + "/Graders/merge-conflict/reference/python/merge"
        for name in try FileManager.default.contentsOfDirectory(atPath: resolution) {
            let target = directory + "/" + name
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: resolution + "/" + name, toPath: target)
        }
        try await machine.git("add", "-A", in: directory)
        try await machine.git("commit", "-q", "--no-edit", in: directory)

        let visible = try await machine.ladder(["test", "--catalog", catalog], in: directory)
        #expect(visible.exitCode == 0, "\(visible)")
        let graded = try await machine.ladder(["grade", directory, "--catalog", catalog])
        #expect(graded.exitCode == 0, "\(graded)")
        #expect(graded.stdout.contains("PASSED  100/100"), "\(graded)")
    }

    @Test func takingOneSideFailsWithTheLostLineNamed() async throws {
        let directory = try await startAndMerge("theirs")
        try await machine.git("checkout", "--theirs", ".", in: directory)
        try await machine.git("add", "-A", in: directory)
        try await machine.git("commit", "-q", "--no-edit", in: directory)

        let graded = try await machine.ladder(["grade", directory, "--catalog", catalog])
        #expect(graded.exitCode == 1, "\(graded)")
        #expect(graded.stdout.contains("lost the line `- Minimum charge of 4.00"), "\(graded)")
    }
}
