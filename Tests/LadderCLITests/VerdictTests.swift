import Foundation
import Testing

/// `ladder submit` in the real sandbox: every verdict, the exit codes, and broken labs blamed on the lab.
@Suite struct VerdictTests {
    let machine: LearnerMachine
    let catalog: TestCatalog

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
    }

    /// The starter of `verdicts` does what each hidden test's argument says: pass, print the wrong thing, spin,
    /// allocate 1 GB under a 64M limit, print forever, exit 3, raise, segfault, print bytes that are not UTF-8.
    @Test func oneSubmitEarnsEveryVerdictALearnerCanEarn() async throws {
        let repository = try await machine.startLab("verdicts", from: catalog)
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 1, "failed is exit 1: \(result)")
        #expect(report.status == "failed")
        #expect(report.score == 10)
        #expect(report.maxScore == 10 * TestLab.verdictCases.count)
        for test in TestLab.verdictCases {
            #expect(report.verdict(test.id) == test.verdict, "\(test.id): \(report.detail(test.id))")
            let points = report.test(test.id)?.int("points")
            #expect(points == (test.verdict == "passed" ? 10 : 0), "\(test.id)")
        }
        #expect(report.detail("wrong").contains(#"expected "hello", got "goodbye""#), "\(report.detail("wrong"))")
        #expect(report.detail("spins").contains("time limit"), "\(report.detail("spins"))")
        #expect(report.detail("hogs").contains("out of memory"), "\(report.detail("hogs"))")
        #expect(report.detail("floods").contains("printed more than allowed"), "\(report.detail("floods"))")
        #expect(report.detail("exits-3").contains("status 3"), "\(report.detail("exits-3"))")
        // The learner's traceback, line by line, ending with their exception.
        let traceback = report.detail("raises")
        #expect(traceback.contains("\nValueError: the learner's own uncaught exception"), "\(traceback)")
        #expect(!traceback.contains(#"\n"#), "line breaks are kept, not escaped: \(traceback)")
        #expect(report.detail("segfaults").contains("SIGSEGV"), "\(report.detail("segfaults"))")
        // Binary output is shown escaped, never passed through.
        let binary = report.detail("binary")
        #expect(binary.contains(#"\xFF\xFE\x00\x01 bin \x80\x1B[31m"#), "\(binary)")
        #expect(binary.contains("not valid UTF-8"), "\(binary)")
        #expect(!binary.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0 }, "no raw control characters")
        // Enormous output is cut: the whole report stays small.
        #expect(result.stdoutData.count < 64 * 1024, "the report is \(result.stdoutData.count) bytes")
        let time = try #require(report.test("spins")?.int("wallMilliseconds"))
        #expect(time < 10_000, "the time limit stopped the spinning program")
    }

    @Test func theLiveDisplayAndSummaryShowVerdictsAndHints() async throws {
        let repository = try await machine.startLab("verdicts", from: catalog)
        let result = try await machine.ladder(["submit", "--catalog", catalog.root], in: repository)
        #expect(result.exitCode == 1, "\(result)")
        let text = result.stdout
        #expect(text.contains("Grading verdicts 1.2.0 (python) at "), "\(result)")
        #expect(text.contains("✓ passes  10/10"), "\(result)")
        #expect(text.contains("✗ wrong  0/10  wrong-answer"), "\(result)")
        #expect(text.contains("✗ spins  0/10  time-limit"), "\(result)")
        #expect(text.contains("✗ hogs  0/10  memory-limit"), "\(result)")
        #expect(text.contains("✗ floods  0/10  output-limit"), "\(result)")
        #expect(text.contains("✗ segfaults  0/10  crashed"), "\(result)")
        #expect(text.contains("Hint: Hint for wrong."), "\(result)")
        #expect(text.contains("FAILED  10/90 points (pass mark 90)"), "\(result)")
        #expect(text.contains("A pass needs every required test to pass; 8 failed: "), "\(result)")
        #expect(result.stdoutData.count < 64 * 1024, "bounded: \(result.stdoutData.count) bytes")
    }

    @Test func aCompileErrorIsABuildErrorShowingTheCompilersWords() async throws {
        let repository = try await machine.startLab("c-build", from: catalog)
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 1, "\(result)")
        #expect(report.status == "failed")
        #expect(report.verdict("says-hi") == "build-error")
        let build = try #require(report.build, "\(result)")
        #expect(build["succeeded"] as? Bool == false)
        #expect(build["verdict"] as? String == "build-error")
        let output = try #require(build["output"] as? String)
        #expect(output.contains("main.c:3:"), "\(output)")
        #expect(output.contains("error: expected"), "\(output)")
        #expect(output.contains("\n"), "the compiler's lines, not one escaped line: \(output)")

        let human = try await machine.ladder(["submit", "--catalog", catalog.root], in: repository)
        #expect(human.stdout.contains("The build failed (`gcc -o main main.c`):"), "\(human)")
        #expect(human.stdout.contains("error: expected"), "\(human)")

        try machine.commit(
            ["main.c": "#include <stdio.h>\nint main(void) {\n    printf(\"hi\\n\");\n    return 0;\n}\n"],
            in: repository, message: "Fix")
        let (fixed, fixedReport) = try await machine.submit(repository, catalog: catalog)
        #expect(fixed.exitCode == 0, "\(fixed)")
        #expect(fixedReport.status == "passed")
        #expect(fixedReport.build?["succeeded"] as? Bool == true)
    }

    @Test func anInvalidPatternInTheGraderIsTheLabsFaultNotTheLearners() async throws {
        let repository = try await machine.startLab("broken-regex", from: catalog)
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 2, "error is exit 2: \(result)")
        #expect(report.status == "error")
        #expect(report.verdict("bad-pattern") == "grader-error")
        #expect(report.detail("bad-pattern").contains("expected JSON in the grader spec is invalid"))
        #expect(report.errorMessage?.contains("not your code's fault") == true, "\(result)")
        let history = try await machine.history(catalog: catalog)
        #expect(history.first?.string("status") == "error")
    }

    @Test func aGraderSpecWithAMissingFixtureIsRecordedAsErrorNotAbortedOrBlamed() async throws {
        let repository = try await machine.startLab("missing-fixture", from: catalog)
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 2, "\(result)")
        #expect(report.status == "error")
        #expect(report.tests.isEmpty)
        let message = try #require(report.errorMessage)
        #expect(message.contains("cases/not-there.out"), "\(message)")
        #expect(message.contains("not your code's fault"), "\(message)")

        let human = try await machine.ladder(["submit", "--catalog", catalog.root], in: repository)
        #expect(human.exitCode == 2, "\(human)")
        #expect(human.stdout.contains("ERROR"), "\(human)")
        #expect(human.stdout.contains("not your code's fault"), "\(human)")

        let history = try await machine.history(catalog: catalog)
        #expect(history.count == 2)
        #expect(
            history.allSatisfy { $0.string("status") == "error" },
            "recorded as finished errors, not left running: \(history)")
    }

    @Test func aMissingRuntimeIsNamed() async throws {
        let repository = try await machine.startLab("no-runtime", from: catalog)
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 2, "not the learner's fault: \(result)")
        #expect(report.status == "error")
        let detail = report.detail("hello")
        #expect(detail.contains("command not found inside the box: no-such-runtime"), "\(detail)")
        #expect(report.errorMessage?.contains("no-such-runtime") == true)
    }
}
