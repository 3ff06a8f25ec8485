import Foundation
import LadderModel
import Testing

@testable import LadderGrading

@Suite struct AutogradingParsingTests {
    static let classroomFile = """
        {
          "tests": [
            {
              "name": "Hello Test",
              "setup": "javac *.java",
              "run": "java -cp . Hello",
              "input": "Jeff",
              "output": "Hello Jeff",
              "comparison": "exact",
              "timeout": 10,
              "points": 5
            },
            {
              "name": "Unit tests",
              "setup": "",
              "run": "make test",
              "input": "",
              "output": "",
              "comparison": "included",
              "timeout": 0.5,
              "points": null
            },
            { "name": "Hello Test", "run": "./hello", "output": "^Hel+o", "comparison": "regex" }
          ]
        }
        """

    @Test func readsClassroomFilesWithGitHubsDefaults() throws {
        let config = try AutogradingConfig.parse(Data(Self.classroomFile.utf8))
        #expect(config.tests.count == 3)
        #expect(
            config.tests[0]
                == AutogradingTest(
                    name: "Hello Test", setup: "javac *.java", run: "java -cp . Hello", input: "Jeff",
                    output: "Hello Jeff",
                    comparison: .exact, timeout: .seconds(600), points: 5))
        #expect(config.tests[1].setup == nil)
        #expect(config.tests[1].input == nil)
        #expect(config.tests[1].output == nil)
        #expect(config.tests[1].timeout == .seconds(30))
        #expect(config.tests[1].points == 0)
        #expect(config.tests[1].comparesOutput == false)
        #expect(config.tests[2].comparison == .regex)
        #expect(config.tests[2].timeout == .seconds(60))
        #expect(config.totalPoints == 5)
    }

    @Test func loadsFromAFile() throws {
        let temporary = try TemporaryDirectory("autograding")
        defer { withExtendedLifetime(temporary) {} }
        let directory = temporary.url
        let file = directory.appendingPathComponent("autograding.json")
        try Data(Self.classroomFile.utf8).write(to: file)
        #expect(try AutogradingConfig.load(contentsOf: file.path).tests.count == 3)
        let missing = directory.appendingPathComponent("nope.json").path
        #expect(
            throws: AutogradingError(
                file: missing,
                reason:
                    "no such file; GitHub Classroom keeps it at .github/classroom/autograding.json in the repository")
        ) {
            try AutogradingConfig.load(contentsOf: missing)
        }
    }

    func problem(_ json: String) -> String {
        do {
            _ = try AutogradingConfig.parse(Data(json.utf8), file: "autograding.json")
            return "no error"
        } catch {
            return error.description
        }
    }

    /// GitHub ignores fields it does not know; so does Ladder, saying which it ignored.
    @Test func unknownFieldsAreWarningsNamingTheTestAndTheField() throws {
        let config = try AutogradingConfig.parse(
            Data(
                #"""
                {"description": "Week 3", "tests": [
                  {"name": "A", "run": "true", "timeout-minutes": 5, "description": "first"},
                  {"name": "B", "run": "true", "comparison": "regex", "output": "(?i)b"}
                ]}
                """#.utf8), file: "autograding.json")
        #expect(config.tests.map(\.name) == ["A", "B"])
        #expect(config.tests[0].timeout == AutogradingTest.defaultTimeout, "timeout-minutes is not timeout")
        #expect(
            config.warnings.map(\.description) == [
                #"autograding.json: description: unknown field, ignored (as GitHub ignores it); the file has only "tests""#,
                #"autograding.json: tests[0] ("A").description: unknown field, ignored (as GitHub ignores it); a test has name, setup, run, input, output, comparison, timeout, points"#,
                #"autograding.json: tests[0] ("A").timeout-minutes: unknown field, ignored (as GitHub ignores it) (did you mean 'timeout'?); a test has name, setup, run, input, output, comparison, timeout, points"#,
                #"autograding.json: tests[1] ("B").output: /(?i)b/ is not a valid JavaScript regular expression (Invalid group at character 1 ("(?i")); GitHub's runner fails this test on every run, and so does Ladder"#,
            ])
    }

    @Test func errorsNameTheTestAndTheField() {
        #expect(
            problem(#"{"tests":[{"name":"A","run":"x"},{"name":"B","run":"y","comparison":"contains"}]}"#)
                == #"autograding.json: tests[1] ("B").comparison: unknown comparison "contains"; supported: exact, included, regex"#
        )
        #expect(
            problem(#"{"tests":[{"name":"A"}]}"#)
                == #"autograding.json: tests[0] ("A").run: missing; every test needs a run"#)
        #expect(
            problem(#"{"tests":[{"run":"x"}]}"#) == "autograding.json: tests[0].name: missing; every test needs a name")
        #expect(
            problem(#"{"tests":[{"name":"A","run":"  "}]}"#)
                == #"autograding.json: tests[0] ("A").run: empty; every test needs a run"#)
        #expect(
            problem(#"{"tests":[{"name":"A","run":"x","points":2.5}]}"#)
                == #"autograding.json: tests[0] ("A").points: expected a whole number of points, 0 or more, got 2.5"#)
        #expect(
            problem(#"{"tests":[{"name":"A","run":"x","points":"5"}]}"#)
                == #"autograding.json: tests[0] ("A").points: expected a number, got a string "5""#)
        #expect(
            problem(#"{"tests":[{"name":"A","run":"x","timeout":-1}]}"#)
                == #"autograding.json: tests[0] ("A").timeout: expected a positive number of minutes, got -1"#)
        #expect(
            problem(#"{"tests":[{"name":"A","run":"x","comparison":"regex","output":"a(?<=a)b"}]}"#)
                .hasPrefix(
                    #"autograding.json: tests[0] ("A").output: /a(?<=a)b/: Ladder cannot match this JavaScript regular expression as GitHub does: "(?<=a)""#
                ))
        #expect(
            problem(#"{"tests":[{"name":"A","run":"x","comparison":"regex","output":"(a+)+$"}]}"#)
                .hasPrefix(
                    #"autograding.json: tests[0] ("A").output: /(a+)+$/: this regular expression can take exponential time"#
                ))
        #expect(
            problem(#"{"tests":[{"name":"A","run":"x","setup":["a"]}]}"#)
                == #"autograding.json: tests[0] ("A").setup: expected a string, got an array"#)
        #expect(problem(#"{"tests":["echo"]}"#) == "autograding.json: tests[0]: expected a test object, got a string")
        #expect(problem(#"{"tests":[]}"#) == "autograding.json: tests: the array is empty; add at least one test")
        #expect(problem(#"{"test":[]}"#) == "autograding.json: tests: missing; expected an array of tests")
        #expect(problem(#"{}"#) == "autograding.json: tests: missing; expected an array of tests")
        #expect(problem(#"[]"#) == #"autograding.json: expected an object like {"tests": [...]}, got an array"#)
        #expect(
            problem("{\"tests\": [\n{\"name\": \"A\",\n}").hasPrefix(
                "autograding.json: invalid JSON at line 3, column 1"))
    }
}

@Suite struct AutogradingSemanticsTests {
    /// Cases worked out from GitHub's runner (`normalizeLineEndings` = CRLF → LF then `trim()`; exact `!=`,
    /// `includes`, `match(new RegExp(output))`, which throws on a pattern JavaScript rejects, failing the test; no
    /// comparison when output and input are both empty).
    static let cases: [(AutogradingComparison, String?, String?, String, Bool)] = [
        (.exact, "Hello Jeff", "Jeff", "Hello Jeff\n", true),
        (.exact, "Hello Jeff", nil, "\n  Hello Jeff  \r\n\n", true),
        (.exact, "a\nb", nil, "a\r\nb\r\n", true),
        (.exact, "a\nb", nil, "a \nb\n", false),
        (.exact, "Hello Jeff", nil, "Hello Jeff!\n", false),
        (.exact, "  Hello  ", nil, "Hello", true),
        (.exact, "x", nil, "\u{FEFF}x\u{A0}\n", true),
        (.exact, nil, "in", "", true),
        (.exact, nil, "in", "something", false),
        (.exact, "a.b", nil, "aXb", false),
        (.exact, "q\\E(", nil, "q\\E(\n", true),
        (.included, "World", nil, "Hello World!\n", true),
        (.included, "world", nil, "Hello World!\n", false),
        (.included, "  World \n", nil, "Hello World!", true),
        (.included, "one\ntwo", nil, "zero\r\none\r\ntwo\r\nthree", true),
        (.included, "one\ntwo", nil, "one two", false),
        (.included, nil, "in", "anything", true),
        (.included, nil, nil, "", true),
        (.regex, "^Hel+o", nil, "Hello\n", true),
        (.regex, "^Hel+o", nil, "Oh, Hello\n", false),
        (.regex, "\\d+ items", nil, "there are 42 items here\n", true),
        (.regex, "a.b", nil, "a\nb", false),
        (.regex, "a.b", nil, "xx aXb yy", true),
        (.regex, "done$", nil, "all done\n", true),
        (.regex, "^Hello$", nil, "\n  Hello  \n\n", true),
        (.regex, "^Hello$", nil, "Hello\r\nWorld", false),
        (.regex, "^a\\nb$", nil, "a\r\nb\r\n", true),
        (.regex, "a[^]b", nil, "a\nb", true),
        (.regex, "(?i)HELLO", nil, "hello", false),
        (.regex, "(?i)HELLO", nil, "HELLO", false),
        (.regex, nil, "in", "whatever", true),
        (.exact, "é", nil, "e\u{301}", false),
        (.included, "e", nil, "e\u{301}", true),
    ]

    @Test(arguments: cases.indices)
    func matchesGitHubClassroom(_ index: Int) throws {
        let (comparison, output, input, actual, expected) = Self.cases[index]
        let test = AutogradingTest(name: "t", run: "true", input: input, output: output, comparison: comparison)
        let direct = try test.compare(stdout: Data(actual.utf8))
        #expect(direct.isMatch == expected, "compare(stdout:) on case \(index): \(direct)")
        if test.expectation == nil {
            #expect(expected, "no comparison means the output always passes (case \(index))")
        }
    }

    /// A mismatch shows what the author wrote and what the program printed, never a pattern of Ladder's making.
    @Test func mismatchMessagesShowTheExpectedTextAndTheTrimmedOutput() throws {
        let exact = AutogradingTest(name: "t", run: "x", output: "253", comparison: .exact)
        #expect(
            try exact.compare(stdout: Data("  254\n".utf8))
                == .mismatched(#"output (trimmed) is not the expected text: expected "253", got "254""#))
        #expect(try exact.compare(stdout: Data("\n".utf8)) == .mismatched(#"output is empty; expected "253""#))
        let lines = AutogradingTest(name: "t", run: "x", output: "a\nb\nc", comparison: .exact)
        #expect(
            try lines.compare(stdout: Data("a\nb\nd\n".utf8))
                == .mismatched(
                    #"output (trimmed) is not the expected text: expected "a\nb\nc", got "a\nb\nd"; they first differ at line 3, column 1"#
                ))
        let included = AutogradingTest(name: "t", run: "x", output: "World", comparison: .included)
        #expect(
            try included.compare(stdout: Data("Hello\n".utf8))
                == .mismatched(#"output (trimmed) does not contain "World": got "Hello""#))
        let regex = AutogradingTest(name: "t", run: "x", output: "^\\d+$", comparison: .regex)
        #expect(
            try regex.compare(stdout: Data("abc\n".utf8))
                == .mismatched(#"output (trimmed) does not match /^\d+$/: got "abc""#))
        let broken = AutogradingTest(name: "t", run: "x", output: "(", comparison: .regex)
        #expect(
            try broken.compare(stdout: Data("(".utf8))
                == .mismatched(
                    #"the expected pattern /(/ is not a valid JavaScript regular expression (Unterminated group at character 1 ("(")); GitHub's runner fails this test on every run, and so does Ladder: correct the pattern"#
                ))
    }

    /// The io grader of the workflow format trims but keeps `\r\n`; autograding.json's runner turns it into `\n`.
    @Test func onlyAutogradingJSONTurnsCRLFIntoLF() throws {
        let json = AutogradingTest(name: "t", run: "x", output: "a\nb", comparison: .exact)
        var io = json
        io.action = .ioGrader
        #expect(try json.compare(stdout: Data("a\r\nb\r\n".utf8)).isMatch)
        #expect(try !io.compare(stdout: Data("a\r\nb\r\n".utf8)).isMatch)
        #expect(try io.compare(stdout: Data("a\nb\r\n".utf8)).isMatch)
    }
}

@Suite struct AutogradingSpecTests {
    @Test func oneStageInASharedCheckoutWithSluggedIDs() throws {
        let config = try AutogradingConfig.parse(Data(AutogradingParsingTests.classroomFile.utf8))
        let spec = config.graderSpec(directory: "/repo")
        #expect(spec.directory == "/repo")
        #expect(spec.workspace == .sharedCheckout, "GitHub runs the tests one after another in one checkout")
        #expect(spec.stages.map(\.id) == ["autograding"])
        let tests = spec.stages[0].tests
        #expect(tests.map(\.id) == ["hello-test", "unit-tests", "hello-test-2"])
        #expect(tests.map(\.title) == ["Hello Test", "Unit tests", "Hello Test"])
        #expect(tests.map(\.points) == [5, 0, 0])
        #expect(tests.map(\.required) == [true, true, true], "a failing test fails the run whatever its points")
        #expect(tests[0].limits == Limits(wallTime: .seconds(600), cpuTime: .seconds(600)), "wall and CPU: the timeout")
        #expect(spec.totalPoints == 5)
        #expect(tests.map(\.kind) == config.tests.map { GraderTest.Kind.autograding(AutogradingCheck(test: $0)) })
        let allowed = config.graderSpec(directory: "/repo", networkSetup: true).stages[0].tests
        #expect(
            allowed.map(\.kind)
                == config.tests.map { GraderTest.Kind.autograding(AutogradingCheck(test: $0, networkSetup: true)) })
        #expect(config.tests[0].setupCommand == ["/bin/sh", "-c", "javac *.java"])
        #expect(config.tests[0].runCommand == ["/bin/sh", "-c", "java -cp . Hello"])
        #expect(config.tests[1].setupCommand == nil)
        #expect(AutogradingConfig.slug("  ¡Ünïcode! Test #3 ") == "n-code-test-3")
        #expect(AutogradingConfig.slug("日本") == nil)
    }

    /// The pass mark is every point and every test is required: a failing 0-point test still fails the grade.
    @Test func theLabIsPassedOnlyByPassingEveryTest() throws {
        let config = try AutogradingConfig.parse(Data(AutogradingParsingTests.classroomFile.utf8))
        let lab = config.lab(file: ".github/classroom/autograding.json", directory: "/repo")
        #expect(lab.passMark == 5 && lab.totalPoints == 5)
        #expect(lab.languages.map(\.profile) == [AutogradingCheck.profile])
        #expect(lab.summary == "The tests of .github/classroom/autograding.json")
    }

    @Test func aTimeoutLongerThanTheSandboxAllowsIsRefusedByTestAndField() throws {
        let config = try AutogradingConfig.parse(Data(AutogradingParsingTests.classroomFile.utf8))
        try config.requireTimeouts(atMost: .seconds(600), file: "a.json")
        #expect(
            throws: AutogradingError(
                file: "a.json", testIndex: 0, testName: "Hello Test", field: "timeout",
                reason: "10 minutes is longer than Ladder's sandbox allows (5 minutes, the `autograding` sandbox "
                    + "profile's maximum wall time); lower it to 5 minutes or less")
        ) {
            try config.requireTimeouts(atMost: .seconds(300), file: "a.json")
        }
        #expect(AutogradingCheck.minutes(.seconds(60)) == "1 minute")
        #expect(AutogradingCheck.minutes(.milliseconds(1800)) == "0.03 minutes")
    }
}
