import Foundation
import LadderModel
import LadderTOML
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
        let spec = try parse(
            """
              command = ["python3", "-m", "unittest"]
              implementation = "impl/reference"
              equivalents = ["impl/equivalent"]
              mutants = "mutants"
            """, grader: grader)
        let test = try #require(spec.stages.first?.tests.first)
        #expect(test.kind.name == "tests")
        #expect(
            test.kind
                == .tests(
                    MutationCheck(
                        command: ["python3", "-m", "unittest"], implementation: "impl/reference",
                        equivalents: ["impl/equivalent"],
                        mutantsDirectory: "mutants",
                        mutants: [
                            .init(
                                name: "always-adult", directory: "mutants/always-adult",
                                about: "Children are not adults."),
                            .init(
                                name: "boundary", directory: "mutants/boundary",
                                about: "Someone aged exactly 18 is an adult."),
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
        #expect(
            problem(#"  mutants = "nowhere""#, grader: grader)
                == "grader.toml:10: stages[0].tests[0].mutants: fixture 'nowhere' does not exist in \(grader)")
        #expect(
            problem(#"  implementation = "impl/reference""#, grader: grader)
                == "grader.toml:6: stages[0].tests[0].mutants: missing required key 'mutants' in stages[0].tests[0]")
    }

    @Test func aMutantWithoutAboutIsRefused() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try MutationFixture.makeGrader(in: root)
        try root.write("grader/mutants/silent/age.py", "def is_adult(age):\n    return False\n")
        #expect(
            problem(#"  mutants = "mutants""#, grader: grader)
                == "grader.toml:10: stages[0].tests[0].mutants: mutant 'mutants/silent' has no about.txt; write one saying, "
                + "in the learner's terms and without code, which behaviour a test suite that misses this mutant leaves untested"
        )
        try root.write("grader/mutants/silent/about.txt", "  \n")
        #expect(
            problem(#"  mutants = "mutants""#, grader: grader).contains(
                "mutant 'mutants/silent' has an empty about.txt"))
        try root.write("grader/mutants/only-about/about.txt", "Something.\n")
        try FileManager.default.removeItem(atPath: grader + "/mutants/silent")
        #expect(
            problem(#"  mutants = "mutants""#, grader: grader).contains(
                "mutant 'mutants/only-about' holds only about.txt; add the implementation files it replaces"))
    }

    @Test func directoriesMustBeDirectoriesAndHoldMutants() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try MutationFixture.makeGrader(in: root)
        try FileManager.default.createDirectory(atPath: grader + "/empty", withIntermediateDirectories: true)
        #expect(
            problem(#"  mutants = "empty""#, grader: grader).contains(
                "mutants: 'empty' holds no mutants; give it one subdirectory per mutant"))
        #expect(
            problem("  implementation = \"impl/reference/age.py\"\n  mutants = \"mutants\"", grader: grader)
                == "grader.toml:10: stages[0].tests[0].implementation: 'impl/reference/age.py' must be a directory of files to copy over the submission"
        )
        #expect(
            problem("  equivalents = [\"../outside\"]\n  mutants = \"mutants\"", grader: grader).contains(
                "equivalents: fixture path '../outside' must be relative to the grader directory and stay inside it"))
        #expect(
            problem("  command = []\n  mutants = \"mutants\"", grader: grader).contains("stages[0].tests[0].command"))
        #expect(problem("  mutant = \"mutants\"", grader: grader).contains("mutant"))
    }

    /// A lab in two languages that share the python profile, for the per-language layout's checks.
    static func twoLanguageLab(directory: String) throws -> Lab {
        try Lab.decode(
            TOMLDocument.parse(
                """
                id = "age-check"
                title = "Age check"
                version = "1.0.0"
                summary = "Test is_adult."
                rung = "junior"
                competencies = ["quality.unit-testing"]
                pass-mark = 10

                [[languages]]
                id = "python"
                run = ["python3", "-m", "unittest"]

                [[languages]]
                id = "snake"
                profile = "python"
                run = ["python3", "-m", "unittest"]

                [[stages]]
                id = "only"
                title = "Only stage"
                points = 10
                """, file: "lab.toml"), directory: directory)
    }

    /// The per-language layout: the reference in both languages, one mutant in both, one in python only.
    func makePerLanguageGrader(in root: TemporaryDirectory) throws -> String {
        try root.write("grader/impl/reference/python/age.py", MutationFixture.reference)
        try root.write("grader/impl/reference/snake/age.py", MutationFixture.reference)
        try root.write("grader/impl/equivalent/python/age.py", "def is_adult(age):\n    return not age < 18\n")
        try root.write("grader/mutants/boundary/about.txt", "Someone aged exactly 18 is an adult.\n")
        try root.write("grader/mutants/boundary/python/age.py", "def is_adult(age):\n    return age > 18\n")
        try root.write("grader/mutants/boundary/snake/age.py", "def is_adult(age):\n    return age > 18\n")
        try root.write("grader/mutants/python-only/about.txt", "Children are not adults.\n")
        try root.write("grader/mutants/python-only/python/age.py", "def is_adult(age):\n    return True\n")
        return root.path + "/grader"
    }

    static let perLanguageKeys = """
          per-language = true
          implementation = "impl/reference"
          equivalents = ["impl/equivalent"]
          mutants = "mutants"
        """

    func problem(_ test: String, grader: String, lab: Lab) -> String {
        do {
            _ = try GraderSpec.parse(
                "format = 1\n\n[[stages]]\nid = \"only\"\n\n  [[stages.tests]]\n  id = \"mutants\"\n  points = 10\n  kind = \"tests\"\n"
                    + test,
                file: "grader.toml", directory: grader, lab: lab)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func decodesThePerLanguageLayout() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try makePerLanguageGrader(in: root)
        let spec = try parse(Self.perLanguageKeys, grader: grader)
        let test = try #require(spec.stages.first?.tests.first)
        #expect(
            test.kind
                == .tests(
                    MutationCheck(
                        command: nil, implementation: .init("impl/reference", languages: ["python", "snake"]),
                        equivalents: [.init("impl/equivalent", languages: ["python"])], mutantsDirectory: "mutants",
                        mutants: [
                            .init(
                                name: "boundary", files: .init("mutants/boundary", languages: ["python", "snake"]),
                                about: "Someone aged exactly 18 is an adult."),
                            .init(
                                name: "python-only", files: .init("mutants/python-only", languages: ["python"]),
                                about: "Children are not adults."),
                        ],
                        perLanguage: true)))
        guard case .tests(let check) = test.kind else { return }
        #expect(check.mutants(for: "snake").map(\.name) == ["boundary"])
        #expect(check.mutants[1].files.path(for: "python") == "mutants/python-only/python")
        #expect(check.mutants[1].files.path(for: "snake") == nil)
        #expect(
            problem(Self.perLanguageKeys, grader: grader, lab: try Self.twoLanguageLab(directory: root.path))
                == "no error")
    }

    @Test func thePerLanguageLayoutHoldsOnlyLanguageFolders() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try makePerLanguageGrader(in: root)
        try root.write("grader/impl/reference/age.py", MutationFixture.reference)
        #expect(
            problem(Self.perLanguageKeys, grader: grader)
                == "grader.toml:11: stages[0].tests[0].implementation: with per-language = true, "
                + "'impl/reference' holds only a subdirectory per language (and a mutant's about.txt); move 'age.py' into 'impl/reference/<language>/'"
        )
        try FileManager.default.removeItem(atPath: grader + "/impl/reference/age.py")
        try root.write("grader/mutants/flat/about.txt", "Flat.\n")
        try root.write("grader/mutants/flat/age.py", MutationFixture.reference)
        #expect(
            problem(Self.perLanguageKeys, grader: grader).contains(
                "mutants: with per-language = true, 'mutants/flat' holds only a subdirectory per language"))
        try FileManager.default.removeItem(atPath: grader + "/mutants/flat/age.py")
        try FileManager.default.createDirectory(
            atPath: grader + "/mutants/flat/python", withIntermediateDirectories: true)
        #expect(
            problem(Self.perLanguageKeys, grader: grader).contains(
                "mutants: 'mutants/flat/python' is empty; put the python files there or remove it"))
    }

    @Test func everyLanguageOfTheLabNeedsAnImplementationAndAMutant() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try makePerLanguageGrader(in: root)
        let lab = try Self.twoLanguageLab(directory: root.path)
        try FileManager.default.removeItem(atPath: grader + "/mutants/boundary/snake")
        #expect(
            problem(Self.perLanguageKeys, grader: grader, lab: lab)
                == "grader.toml:6: stages[0].tests[0].mutants: test 'mutants': no mutant in 'mutants' has a 'snake' subdirectory, "
                + "so a snake suite would have nothing to catch; port at least one mutant to snake")
        try FileManager.default.removeItem(atPath: grader + "/impl/reference/snake")
        #expect(
            problem(Self.perLanguageKeys, grader: grader, lab: lab)
                == "grader.toml:6: stages[0].tests[0].implementation: test 'mutants': 'impl/reference' has no 'snake' subdirectory, "
                + "so the lab's snake language has no implementation to test; add 'impl/reference/snake/'")
        try root.write("grader/mutants/boundary/pyhton/age.py", "def is_adult(age):\n    return age > 18\n")
        #expect(
            problem(Self.perLanguageKeys, grader: grader, lab: lab).contains(
                "stages[0].tests[0].mutants: test 'mutants': 'mutants/boundary/pyhton' is not named after a language of the lab (python, snake)"
            ))
        // The flat layout serves every language, as before.
        let flatRoot = try TemporaryDirectory("spec")
        let flat = try MutationFixture.makeGrader(in: flatRoot)
        #expect(problem(#"  mutants = "mutants""#, grader: flat, lab: lab) == "no error")
    }
    @Test func prepareGivesACommandPerLanguageOfTheLab() throws {
        let root = try TemporaryDirectory("spec")
        let grader = try MutationFixture.makeGrader(in: root)
        let lab = try Self.twoLanguageLab(directory: root.path)
        let keys = """
              implementation = "impl/reference"
              mutants = "mutants"
              prepare = { snake = ["python3", "/grader/make.py"] }
            """
        let spec = try parse(keys, grader: grader)
        guard case .tests(let check) = try #require(spec.stages.first?.tests.first).kind else {
            Issue.record("not a tests check")
            return
        }
        #expect(check.prepare == ["snake": ["python3", "/grader/make.py"]])
        #expect(problem(keys, grader: grader, lab: lab) == "no error")
        #expect(
            problem(keys.replacingOccurrences(of: "snake =", with: "ruby ="), grader: grader, lab: lab)
                == "grader.toml:6: stages[0].tests[0].prepare: test 'mutants': 'prepare.ruby' is not a language of the lab (python, snake); name each command after the language whose implementations it prepares"
        )
        #expect(
            problem(keys.replacingOccurrences(of: #"["python3", "/grader/make.py"]"#, with: "[]"), grader: grader)
                .contains("stages[0].tests[0].prepare.snake: the command must not be empty"))
        #expect(
            problem(
                keys.replacingOccurrences(of: #"{ snake = ["python3", "/grader/make.py"] }"#, with: #""make""#),
                grader: grader
            ).contains("stages[0].tests[0].prepare: expected a table"))
    }
}
