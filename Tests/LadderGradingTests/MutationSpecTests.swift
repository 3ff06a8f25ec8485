import Foundation
import LadderModel
import Testing
@testable import LadderGrading

/// Decoding `kind = "tests"`: the fields, their defaults, and errors that name the file, line and key.
@Suite struct MutationSpecTests {
    func parse(_ test: String, grader: String) throws -> GraderSpec {
        let text = """
            format = 1

            [[stages]]
            id = "only"

              [[stages.tests]]
              id = "mutants"
              points = 10
              kind = "tests"
            \(test)
            """
        return try GraderSpec.parse(text, file: "grader.toml", directory: grader, lab: nil)
    }

    func problem(_ test: String, grader: String) -> String {
        do {
            _ = try parse(test, grader: grader)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func decodesEveryField() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try MutationFixture.makeGrader(in: root)
        let spec = try parse("""
              command = ["python3", "-m", "unittest"]
              implementation = "impl/reference"
              equivalents = ["impl/equivalent"]
              mutants = "mutants"
            """, grader: grader)
        let test = try #require(spec.stages.first?.tests.first)
        #expect(test.kind.name == "tests")
        #expect(test.kind == .tests(MutationCheck(
            command: ["python3", "-m", "unittest"], implementation: "impl/reference", equivalents: ["impl/equivalent"],
            mutantsDirectory: "mutants",
            mutants: [
                .init(name: "always-adult", directory: "mutants/always-adult", about: "Children are not adults."),
                .init(name: "boundary", directory: "mutants/boundary", about: "Someone aged exactly 18 is an adult."),
                .init(name: "hangs", directory: "mutants/hangs", about: "is_adult answers at all."),
            ])))
        #expect(GraderKind.allCases.contains(.tests))
    }

    @Test func onlyMutantsIsRequired() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try MutationFixture.makeGrader(in: root)
        try root.write("grader/mutants/README.md", "Plain files beside the mutants are ignored.\n")
        let spec = try parse(#"  mutants = "mutants""#, grader: grader)
        guard case .tests(let check)? = spec.stages.first?.tests.first?.kind else {
            Issue.record("not a tests kind")
            return
        }
        #expect(check.command == nil)
        #expect(check.implementation == nil)
        #expect(check.equivalents.isEmpty)
        #expect(check.mutants.map(\.name) == ["always-adult", "boundary", "hangs"])
    }

    @Test func aMissingMutantsDirectoryIsNamed() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try MutationFixture.makeGrader(in: root)
        #expect(problem(#"  mutants = "nowhere""#, grader: grader)
            == "grader.toml:10: stages[0].tests[0].mutants: fixture 'nowhere' does not exist in \(grader)")
        #expect(problem(#"  implementation = "impl/reference""#, grader: grader)
            == "grader.toml:6: stages[0].tests[0].mutants: missing required key 'mutants' in stages[0].tests[0]")
    }

    @Test func aMutantWithoutAboutIsRefused() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try MutationFixture.makeGrader(in: root)
        try root.write("grader/mutants/silent/age.py", "def is_adult(age):\n    return False\n")
        #expect(problem(#"  mutants = "mutants""#, grader: grader)
            == "grader.toml:10: stages[0].tests[0].mutants: mutant 'mutants/silent' has no about.txt; write one saying, "
            + "in the learner's terms and without code, which behaviour a test suite that misses this mutant leaves untested")
        try root.write("grader/mutants/silent/about.txt", "  \n")
        #expect(problem(#"  mutants = "mutants""#, grader: grader).contains("mutant 'mutants/silent' has an empty about.txt"))
        try root.write("grader/mutants/only-about/about.txt", "Something.\n")
        try FileManager.default.removeItem(atPath: grader + "/mutants/silent")
        #expect(problem(#"  mutants = "mutants""#, grader: grader).contains(
            "mutant 'mutants/only-about' holds only about.txt; add the implementation files it replaces"))
    }

    @Test func directoriesMustBeDirectoriesAndHoldMutants() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try MutationFixture.makeGrader(in: root)
        try FileManager.default.createDirectory(atPath: grader + "/empty", withIntermediateDirectories: true)
        #expect(problem(#"  mutants = "empty""#, grader: grader).contains(
            "mutants: 'empty' holds no mutants; give it one subdirectory per mutant"))
        #expect(problem("  implementation = \"impl/reference/age.py\"\n  mutants = \"mutants\"", grader: grader)
            == "grader.toml:10: stages[0].tests[0].implementation: 'impl/reference/age.py' must be a directory of files to copy over the submission")
        #expect(problem("  equivalents = [\"../outside\"]\n  mutants = \"mutants\"", grader: grader).contains(
            "equivalents: fixture path '../outside' must be relative to the grader directory and stay inside it"))
        #expect(problem("  command = []\n  mutants = \"mutants\"", grader: grader).contains("stages[0].tests[0].command"))
        #expect(problem("  mutant = \"mutants\"", grader: grader).contains("mutant"))
    }
}
