import Foundation
import LadderModel
import LadderSandbox
import LadderTOML
import Testing

@testable import LadderGrading

/// Shared helpers for the `tests` kind: a real sandbox and a small lab with a Python module and its mutants.
/// (Temporary directories are LadderTestSupport's `TemporaryDirectory`.)
enum MutationFixture {
    static var repositoryRoot: String { BuiltProducts.repositoryRoot }
    static var launcher: String { BuiltProducts.launcher }
    static var profiles: String { BuiltProducts.profiles }
    static var ladder: String { BuiltProducts.ladder }

    /// What the `tests` kind needs: a sandbox that can grade, and python3 for the labs' suites.
    static let prerequisites: [Prerequisite] = .sandbox + [.python3]

    static func sandbox(scratch: String) throws -> Sandbox {
        try Sandbox(launcher: launcher, profilesDirectory: profiles, temporaryDirectory: scratch)
    }

    static let testCommand = ["python3", "-m", "unittest", "discover", "-s", ".", "-p", "test_*.py"]

    /// A one-stage Python lab whose language runs the learner's unittest suite.
    static func lab(directory: String, wallTime: String = "2s") throws -> Lab {
        let text = """
            id = "age-check"
            title = "Age check"
            version = "1.0.0"
            summary = "Test is_adult."
            rung = "junior"
            competencies = ["quality.unit-testing"]
            pass-mark = 10

            [limits]
            wall-time = "\(wallTime)"
            cpu-time = "\(wallTime)"
            memory = "256M"
            processes = 16
            output = "16K"

            [[languages]]
            id = "python"
            run = ["python3", "-m", "unittest"]
            test = ["python3", "-m", "unittest", "discover", "-s", ".", "-p", "test_*.py"]

            [[stages]]
            id = "only"
            title = "Only stage"
            points = 10
            """
        return try Lab.decode(TOMLDocument.parse(text, file: "lab.toml"), directory: directory)
    }

    /// The module under test: adulthood starts at exactly 18.
    static let reference = "def is_adult(age):\n    return age >= 18\n"

    /// A grader directory with the reference, one equivalent and three mutants (one of which hangs).
    static func makeGrader(in root: TemporaryDirectory) throws -> String {
        let grader = root.path + "/grader"
        try root.write("grader/impl/reference/age.py", reference)
        try root.write(
            "grader/impl/equivalent/age.py",
            "ADULT_FROM = 18\n\n\ndef is_adult(age):\n    return not age < ADULT_FROM\n")
        try root.write("grader/mutants/always-adult/age.py", "def is_adult(age):\n    return True\n")
        try root.write("grader/mutants/always-adult/about.txt", "Children are not adults.\n")
        try root.write("grader/mutants/boundary/age.py", "def is_adult(age):\n    return age > 18\n")
        try root.write("grader/mutants/boundary/about.txt", "Someone aged exactly 18 is an adult.\n")
        try root.write("grader/mutants/hangs/age.py", "def is_adult(age):\n    while True:\n        pass\n")
        try root.write("grader/mutants/hangs/about.txt", "is_adult answers at all.\n")
        return grader
    }

    static let spec = """
        format = 1

        [[stages]]
        id = "only"

          [[stages.tests]]
          id = "mutants"
          points = 10
          kind = "tests"
          feedback = "Test both sides of 18."
          implementation = "impl/reference"
          equivalents = ["impl/equivalent"]
          mutants = "mutants"
        """

    /// Learner suites, as the body of a unittest TestCase.
    enum Suite {
        static let strong = """
            def test_eighteen_is_adult(self):
                self.assertTrue(is_adult(18))

            def test_seventeen_is_not(self):
                self.assertFalse(is_adult(17))
            """
        static let missesBoundary = """
            def test_grown_up(self):
                self.assertTrue(is_adult(40))

            def test_child(self):
                self.assertFalse(is_adult(5))
            """
        static let wrongOnReference = """
            def test_seventeen_is_adult(self):
                self.assertTrue(is_adult(17))
            """
        static let comparesSource = """
            def test_source(self):
                with open("age.py") as source:
                    self.assertIn("age >= 18", source.read())
            """
        static let empty = ""
    }

    /// A submission: the learner's copy of the module (which should not matter) and their suite.
    static func makeSubmission(in root: TemporaryDirectory, suite: String, module: String = reference) throws -> String
    {
        let body =
            suite.isEmpty
            ? "    pass"
            : suite.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        try root.write("submission/age.py", module)
        try root.write(
            "submission/test_age.py",
            "import unittest\n\nfrom age import is_adult\n\n\nclass AgeTest(unittest.TestCase):\n\(body)\n")
        return root.path + "/submission"
    }

    /// Grades `submission` with the fixture's lab and spec through the real sandbox; returns the one test's report.
    static func grade(
        submission: String, grader: String, root: TemporaryDirectory, spec: String = spec, wallTime: String = "2s",
        boxes: GradingBudget = GradingBudget()
    ) async throws -> GradeReport {
        let lab = try lab(directory: root.path, wallTime: wallTime)
        let parsed = try GraderSpec.parse(spec, file: grader + "/grader.toml", directory: grader, lab: lab)
        try FileManager.default.createDirectory(atPath: root.path + "/scratch", withIntermediateDirectories: true)
        let request = GradingRequest(
            lab: lab, language: lab.languages[0], spec: parsed, graderDigest: "test", submission: submission,
            toolVersion: "test")
        return await Grader(
            sandbox: try sandbox(scratch: root.path + "/scratch"), scratchParent: root.path + "/scratch", boxes: boxes
        ).grade(request)
    }
}
