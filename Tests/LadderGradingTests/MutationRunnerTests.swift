import Foundation
import LadderModel
import LadderSandbox
import Testing

@testable import LadderGrading

/// The `tests` kind through the real grader and sandbox: learner suites of every quality against a tiny module.
@Suite(.requires(MutationFixture.prerequisites))
struct MutationRunnerTests {
    func grade(_ suite: String, module: String = MutationFixture.reference) async throws -> TestReport {
        let root = try TemporaryDirectory("runner")
        let grader = try MutationFixture.makeGrader(in: root)
        let submission = try MutationFixture.makeSubmission(in: root, suite: suite, module: module)
        let report = try await MutationFixture.grade(submission: submission, grader: grader, root: root)
        #expect(report.errorMessage == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path + "/scratch")
        #expect(leftovers.isEmpty, "scratch left behind: \(leftovers)")
        return try #require(report.stages.first?.tests.first)
    }

    @Test func aStrongSuiteKillsEveryMutant() async throws {
        let test = try await grade(MutationFixture.Suite.strong)
        #expect(test.verdict == .passed)
        #expect(test.points == 10)
        let detail = try #require(test.detail)
        #expect(detail.contains("caught all 3 mutants"))
        // The hanging mutant is killed by the time limit, and the learner is told so.
        #expect(
            detail.contains("1 of the 3 caught only through a limit (time, memory, output) or a crash of your tests"))
    }

    @Test func theLearnersOwnCopyOfTheModuleDoesNotMatter() async throws {
        let test = try await grade(MutationFixture.Suite.strong, module: "def is_adult(age):\n    return False\n")
        #expect(test.verdict == .passed)
        #expect(test.points == 10)
    }

    @Test func aWeakSuiteEarnsItsShareAndHearsWhatItMissed() async throws {
        let test = try await grade(MutationFixture.Suite.missesBoundary)
        #expect(test.verdict == .wrongAnswer)
        #expect(test.points == 6)
        let detail = try #require(test.detail)
        #expect(detail.contains("caught 2 of 3 mutants"))
        #expect(detail.contains("✗ Someone aged exactly 18 is an adult."))
        #expect(!detail.contains("Children are not adults."))
        #expect(!detail.contains("age > 18"), "a mutant's code is never shown")
        #expect(test.feedback == "Test both sides of 18.")
    }

    @Test func aSuiteThatFailsOnCorrectCodeScoresNothing() async throws {
        let test = try await grade(MutationFixture.Suite.wrongOnReference)
        #expect(test.verdict == .wrongAnswer)
        #expect(test.points == 0)
        let detail = try #require(test.detail)
        #expect(
            detail.hasPrefix("your tests fail on a correct implementation, so they cannot tell right code from wrong"))
        #expect(detail.contains("AssertionError: False is not true"))
        #expect(detail.contains("FAILED (failures=1)"))
    }

    @Test func aSuiteThatReadsTheSourceIsCaughtByAnEquivalent() async throws {
        let test = try await grade(MutationFixture.Suite.comparesSource)
        #expect(test.verdict == .wrongAnswer)
        #expect(test.points == 0)
        let detail = try #require(test.detail)
        #expect(
            detail.hasPrefix(
                "your tests fail on a correct implementation: it behaves exactly like the reference but is written differently"
            ))
        #expect(detail.contains("test_source"))
    }

    @Test func anEmptySuiteScoresNothing() async throws {
        let test = try await grade(MutationFixture.Suite.empty)
        #expect(test.verdict == .wrongAnswer)
        #expect(test.points == 0)
        #expect(test.detail?.contains("caught 0 of 3 mutants") == true)
    }

    @Test func noTestFilesAtAllScoreNothing() async throws {
        let root = try TemporaryDirectory("runner")
        let grader = try MutationFixture.makeGrader(in: root)
        let submission = try MutationFixture.makeSubmission(in: root, suite: MutationFixture.Suite.empty)
        try FileManager.default.removeItem(atPath: submission + "/test_age.py")
        let report = try await MutationFixture.grade(submission: submission, grader: grader, root: root)
        let test = try #require(report.stages.first?.tests.first)
        #expect(test.verdict == .wrongAnswer)
        #expect(test.points == 0)
        #expect(test.detail?.contains("caught 0 of 3 mutants") == true)
        #expect(report.status == .failed)
    }

    @Test func aSuiteThatFloodsItsOutputDoesNotFinish() async throws {
        let chatty =
            MutationFixture.Suite.strong + """


                def test_chatter(self):
                    print("chatter " * 4000)
                """
        let test = try await grade(chatty)
        #expect(test.verdict == .outputLimit)
        #expect(test.points == 0)
        #expect(test.detail?.contains("printed more than allowed") == true)
    }

    @Test func aSuiteThatHangsOnCorrectCodeIsATimeLimit() async throws {
        let test = try await grade(
            """
            def test_waits(self):
                while is_adult(30):
                    pass
            """)
        #expect(test.verdict == .timeLimit)
        #expect(test.points == 0)
        #expect(test.detail?.contains("your tests hit the") == true)
    }

    @Test func aLabWithoutATestCommandIsTheGradersFault() async throws {
        let root = try TemporaryDirectory("runner")
        let grader = try MutationFixture.makeGrader(in: root)
        let submission = try MutationFixture.makeSubmission(in: root, suite: MutationFixture.Suite.strong)
        var lab = try MutationFixture.lab(directory: root.path)
        lab.languages[0].test = nil
        let spec = try GraderSpec.parse(
            MutationFixture.spec, file: grader + "/grader.toml", directory: grader, lab: lab)
        try FileManager.default.createDirectory(atPath: root.path + "/scratch", withIntermediateDirectories: true)
        let request = GradingRequest(
            lab: lab, language: lab.languages[0], spec: spec, graderDigest: "test", submission: submission,
            toolVersion: "test")
        let report = await Grader(
            sandbox: try MutationFixture.sandbox(scratch: root.path + "/scratch"), scratchParent: root.path + "/scratch"
        ).grade(request)
        #expect(report.status == .error)
        #expect(report.tests.first?.verdict == .graderError)
        #expect(
            report.errorMessage?.contains("has no 'command' and the lab's python language has no 'test' command")
                == true)
    }

    /// A grader whose implementations are sources (`age.src`) that its `prepare` command turns into the module the
    /// suite imports (`age.py`), noting in each how many implementations the one run was given.
    func gradePrepared(_ suite: String, make: String) async throws -> GradeReport {
        let root = try TemporaryDirectory("runner")
        let grader = root.path + "/grader"
        try root.write("grader/impl/reference/age.src", MutationFixture.reference)
        try root.write("grader/impl/equivalent/age.src", "def is_adult(age):\n    return 18 <= age\n")
        try root.write("grader/mutants/always-adult/age.src", "def is_adult(age):\n    return True\n")
        try root.write("grader/mutants/always-adult/about.txt", "Children are not adults.\n")
        try root.write("grader/mutants/boundary/age.src", "def is_adult(age):\n    return age > 18\n")
        try root.write("grader/mutants/boundary/about.txt", "Someone aged exactly 18 is an adult.\n")
        try root.write("grader/make.py", make)
        let spec = MutationFixture.spec + "\n  prepare = { python = [\"python3\", \"/grader/make.py\"] }\n"
        // The learner's own age.py always says adult: only what prepare made of the grader's sources may count.
        let submission = try MutationFixture.makeSubmission(
            in: root, suite: suite, module: "def is_adult(age):\n    return True\n")
        return try await MutationFixture.grade(submission: submission, grader: grader, root: root, spec: spec)
    }

    static let make = """
        import os, shutil, sys
        for directory in sys.argv[1:]:
            shutil.copy(os.path.join(directory, "age.src"), os.path.join(directory, "age.py"))
            with open(os.path.join(directory, "prepared.txt"), "w") as note:
                note.write(str(len(sys.argv) - 1))
        """

    @Test func eachRunGetsWhatPrepareMadeOfItsImplementationAllInOneRun() async throws {
        let checksTheNote =
            MutationFixture.Suite.strong + """


                def test_prepared_in_one_run_for_all(self):
                    with open("prepared.txt") as note:
                        self.assertEqual(note.read(), "4")
                """
        let report = try await gradePrepared(checksTheNote, make: Self.make)
        #expect(report.errorMessage == nil)
        let test = try #require(report.stages.first?.tests.first)
        #expect(test.verdict == .passed)
        #expect(test.points == 10)
        #expect(test.detail?.contains("caught all 2 mutants") == true)
        let weak = try #require(
            try await gradePrepared(MutationFixture.Suite.missesBoundary, make: Self.make).stages.first?.tests.first)
        #expect(weak.points == 5)
        #expect(weak.detail?.contains("✗ Someone aged exactly 18 is an adult.") == true)
    }

    @Test func aPrepareThatFailsIsTheGradersError() async throws {
        let report = try await gradePrepared(
            MutationFixture.Suite.strong,
            make: "import sys\nsys.stderr.write('age.src: syntax error\\n')\nsys.exit(3)\n")
        #expect(report.status == .error)
        #expect(report.tests.first?.verdict == .graderError)
        let message = try #require(report.errorMessage)
        #expect(message.contains("the test's prepare command for python failed on the grader's implementations"))
        #expect(message.contains("age.src: syntax error"))
    }

    /// Grades `suite` in `language` of a lab in two languages ("snake" runs Python too, under its own folders) with
    /// per-language grader files: the boundary mutant exists in both, the always-adult one in python only, and the
    /// snake implementation is written differently so that a suite reading the source can tell which one it got.
    func gradePerLanguage(_ suite: String, language: String) async throws -> TestReport {
        let root = try TemporaryDirectory("runner")
        try root.write("grader/impl/reference/python/age.py", MutationFixture.reference)
        try root.write("grader/impl/reference/snake/age.py", "def is_adult(age):\n    return not age < 18  # snake\n")
        try root.write("grader/impl/equivalent/python/age.py", "def is_adult(age):\n    return 18 <= age\n")
        try root.write("grader/mutants/boundary/about.txt", "Someone aged exactly 18 is an adult.\n")
        try root.write("grader/mutants/boundary/python/age.py", "def is_adult(age):\n    return age > 18\n")
        try root.write("grader/mutants/boundary/snake/age.py", "def is_adult(age):\n    return age > 18  # snake\n")
        try root.write("grader/mutants/always-adult/about.txt", "Children are not adults.\n")
        try root.write("grader/mutants/always-adult/python/age.py", "def is_adult(age):\n    return True\n")
        let grader = root.path + "/grader"
        let submission = try MutationFixture.makeSubmission(in: root, suite: suite)
        var lab = try MutationFixture.lab(directory: root.path)
        var snake = lab.languages[0]
        snake.id = "snake"
        lab.languages.append(snake)
        let spec = try GraderSpec.parse(
            MutationFixture.spec.replacingOccurrences(
                of: "kind = \"tests\"", with: "kind = \"tests\"\n  per-language = true"),
            file: grader + "/grader.toml", directory: grader, lab: lab)
        try FileManager.default.createDirectory(atPath: root.path + "/scratch", withIntermediateDirectories: true)
        let request = GradingRequest(
            lab: lab, language: try #require(lab.languages.first { $0.id == language }), spec: spec,
            graderDigest: "test",
            submission: submission, toolVersion: "test")
        let report = await Grader(
            sandbox: try MutationFixture.sandbox(scratch: root.path + "/scratch"), scratchParent: root.path + "/scratch"
        ).grade(request)
        #expect(report.errorMessage == nil)
        return try #require(report.stages.first?.tests.first)
    }

    @Test func eachLanguageGetsItsOwnFilesAndOnlyTheMutantsThatExistInIt() async throws {
        let python = try await gradePerLanguage(MutationFixture.Suite.missesBoundary, language: "python")
        #expect(python.points == 5)
        #expect(python.detail?.contains("caught 1 of 2 mutants") == true)
        #expect(python.detail?.contains("✗ Someone aged exactly 18 is an adult.") == true)
        // In snake the always-adult mutant does not exist: it is neither run nor counted.
        let snake = try await gradePerLanguage(MutationFixture.Suite.missesBoundary, language: "snake")
        #expect(snake.points == 0)
        #expect(snake.detail?.contains("caught 0 of 1 mutants") == true)
        #expect(snake.detail?.contains("Children are not adults.") == false)
        let strong = try await gradePerLanguage(MutationFixture.Suite.strong, language: "snake")
        #expect(strong.verdict == .passed)
        #expect(strong.points == 10)
    }

    @Test func aRunCopiesTheLearnersLanguageFolderOnly() async throws {
        let readsSnake = """
            def test_runs_the_snake_copy(self):
                with open("age.py") as source:
                    self.assertIn("# snake", source.read())
                self.assertFalse(is_adult(17))
                self.assertTrue(is_adult(18))
            """
        let snake = try await gradePerLanguage(readsSnake, language: "snake")
        #expect(snake.verdict == .passed)
        #expect(snake.points == 10)
        let python = try await gradePerLanguage(readsSnake, language: "python")
        #expect(python.points == 0)
        #expect(
            python.detail?.hasPrefix(
                "your tests fail on a correct implementation, so they cannot tell right code from wrong") == true)
    }
}

/// Copying grader files over a learner's copy: replace, never follow what the learner put there.
@Suite struct MutationOverlayTests {
    @Test func replacesFilesAndSkipsAbout() throws {
        let root = try TemporaryDirectory("overlay")
        try root.write("source/pkg/module.py", "new\n")
        try root.write("source/top.py", "top\n")
        try root.write("source/about.txt", "for the learner\n")
        try root.write("target/pkg/module.py", "old\n")
        try root.write("target/mine.py", "learner\n")
        try MutationRunner.copyContents(of: root.path + "/source", over: root.path + "/target")
        #expect(try String(contentsOfFile: root.path + "/target/pkg/module.py", encoding: .utf8) == "new\n")
        #expect(try String(contentsOfFile: root.path + "/target/top.py", encoding: .utf8) == "top\n")
        #expect(try String(contentsOfFile: root.path + "/target/mine.py", encoding: .utf8) == "learner\n")
        #expect(!FileManager.default.fileExists(atPath: root.path + "/target/about.txt"))
    }

    @Test func neverWritesThroughALearnersSymbolicLink() throws {
        let root = try TemporaryDirectory("overlay")
        try root.write("source/pkg/module.py", "grader\n")
        try root.write("source/cart.py", "grader\n")
        try root.write("outside/module.py", "host file\n")
        try root.write("outside/cart.py", "host file\n")
        try FileManager.default.createDirectory(atPath: root.path + "/target", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/target/pkg", withDestinationPath: root.path + "/outside")
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/target/cart.py", withDestinationPath: root.path + "/outside/cart.py")
        try MutationRunner.copyContents(of: root.path + "/source", over: root.path + "/target")
        #expect(try String(contentsOfFile: root.path + "/outside/module.py", encoding: .utf8) == "host file\n")
        #expect(try String(contentsOfFile: root.path + "/outside/cart.py", encoding: .utf8) == "host file\n")
        #expect(try String(contentsOfFile: root.path + "/target/pkg/module.py", encoding: .utf8) == "grader\n")
        #expect(try String(contentsOfFile: root.path + "/target/cart.py", encoding: .utf8) == "grader\n")
    }
}

/// How a mutation test shares the machine: its suite runs on correct code once per grading, and its boxes come out of
/// the grading budget.
@Suite(.requires(MutationFixture.prerequisites))
struct MutationRunnerBudgetTests {
    /// Two tests over the same implementation, equivalent and mutants.
    static let twoTests =
        MutationFixture.spec.replacingOccurrences(of: "points = 10", with: "points = 5") + """


              [[stages.tests]]
              id = "again"
              points = 5
              kind = "tests"
              implementation = "impl/reference"
              equivalents = ["impl/equivalent"]
              mutants = "mutants"
            """

    @Test("never more boxes at once than the budget, and the spare slots are used", arguments: [1, 3])
    func boxesStayWithinTheBudget(slots: Int) async throws {
        let root = try TemporaryDirectory("budget")
        let grader = try MutationFixture.makeGrader(in: root)
        let submission = try MutationFixture.makeSubmission(in: root, suite: MutationFixture.Suite.strong)
        let boxes = GradingBudget(slots: slots)
        let report = try await MutationFixture.grade(
            submission: submission, grader: grader, root: root, spec: Self.twoTests, boxes: boxes)
        #expect(report.tests.map(\.verdict) == [.passed, .passed])
        let most = await boxes.mostInUse
        #expect(most <= slots)
        if slots > 1 { #expect(most > 1, "the free slots ran suites side by side") }
    }

    @Test("a run on correct code asked for twice, even at once, is made once")
    func correctRunsAreShared() async throws {
        let runs = CorrectSuiteRuns()
        let counter = Counter()
        let limits = SandboxLimits(wallTime: .seconds(1))
        let outcome = SandboxOutcome(
            exitCode: 0, signal: nil, wallTime: .milliseconds(5), cpuTime: nil, peakMemoryBytes: nil, limitHit: nil,
            limitsReached: [], interrupted: false, stdout: Data(), stderr: Data(), stdoutBytes: 0, stderrBytes: 0,
            stdoutTruncated: false, stderrTruncated: false, enforcement: .rlimit, namespaces: [], warnings: [],
            setupFailure: nil)
        let run: @Sendable () async throws -> SandboxOutcome = {
            await counter.increment()
            try await Task.sleep(for: .milliseconds(50))
            return outcome
        }
        async let first = runs.outcome(command: ["t"], overlays: ["impl/a"], limits: limits, run: run)
        async let second = runs.outcome(command: ["t"], overlays: ["impl/a"], limits: limits, run: run)
        let both = try await [first, second]
        #expect(both.map(\.exitCode) == [0, 0])
        #expect(await counter.value == 1)
        _ = try await runs.outcome(command: ["t"], overlays: ["impl/b"], limits: limits, run: run)
        _ = try await runs.outcome(command: ["t"], overlays: ["impl/a"], limits: .init(wallTime: .seconds(2)), run: run)
        #expect(await counter.value == 3, "other files or other limits are another run")
    }

    actor Counter {
        private(set) var value = 0
        func increment() { value += 1 }
    }
}
