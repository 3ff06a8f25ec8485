import Foundation
import LadderGrading
import LadderTestSupport
import Testing

@testable import LadderWorkflow

/// Reading GitHub Classroom's newer workflow format into autograding tests.
@Suite struct ClassroomWorkflowTests {
    /// A workflow as GitHub Classroom writes it, with the steps a course adds around the graders.
    static let workflow = """
        name: Autograding Tests
        'on':
        - push
        - repository_dispatch
        permissions:
          checks: write
          actions: read
          contents: read
        jobs:
          run-autograding-tests:
            runs-on: ubuntu-latest
            if: github.actor != 'github-classroom[bot]'
            steps:
            - name: Checkout code
              uses: actions/checkout@v4
            - name: Set up Python
              uses: actions/setup-python@v5
              with:
                python-version: '3.12'
            - name: Install tools
              run: pip install pytest
            - name: Compiles
              id: compiles
              uses: classroom-resources/autograding-command-grader@v1
              with:
                test-name: Compiles
                setup-command: make clean
                command: make
                timeout: 5
                max-score: 2
            - name: Greets
              id: greets
              uses: classroom-resources/autograding-io-grader@v1
              with:
                test-name: Greets
                command: "./hello"
                input: '  Ada  '
                expected-output: |-
                  Hello, Ada!
                  Bye.
                comparison-method: exact
                timeout: 0.5
                max-score: 3
            - name: Version
              id: version
              uses: classroom-resources/autograding-io-grader@v1
              with:
                test-name: Version
                command: "./hello --version"
                expected-output: '^v\\d+\\.\\d+$'
                comparison-method: regex
            - name: Mentions
              id: mentions
              uses: classroom-resources/autograding-io-grader@v1
              with:
                test-name: Mentions
                command: "./hello"
                expected-output: Hello
                comparison-method: contains
            - name: Unit tests
              id: unit-tests
              uses: classroom-resources/autograding-python-grader@v1
              with:
                timeout: 10
                max-score: 5
                setup-command: pip install -r requirements.txt
            - name: Not counted
              id: not-counted
              uses: classroom-resources/autograding-command-grader@v1
              with:
                test-name: Not counted
                command: 'true'
            - name: Autograding Reporter
              uses: classroom-resources/autograding-grading-reporter@v1
              env:
                COMPILES_RESULTS: "${{steps.compiles.outputs.result}}"
                GREETS_RESULTS: "${{steps.greets.outputs.result}}"
                VERSION_RESULTS: "${{steps.version.outputs.result}}"
                MENTIONS_RESULTS: "${{steps.mentions.outputs.result}}"
                UNIT-TESTS_RESULTS: "${{steps.unit-tests.outputs.result}}"
              with:
                runners: compiles,greets,version,mentions,unit-tests
        """

    @Test func readsTheGradersAsAutogradingTests() throws {
        let config = try ClassroomWorkflow.parse(Self.workflow, file: "classroom.yml")
        #expect(config.tests.map(\.name) == ["Compiles", "Greets", "Version", "Mentions", "Unit tests"])
        #expect(
            config.tests[0]
                == AutogradingTest(
                    name: "Compiles", setup: "make clean", run: "make", timeout: .seconds(300), points: 2,
                    action: .commandGrader))
        #expect(
            config.tests[1]
                == AutogradingTest(
                    name: "Greets", run: "./hello", input: "Ada", output: "Hello, Ada!\nBye.", comparison: .exact,
                    timeout: .seconds(30), points: 3, action: .ioGrader),
            "inputs are trimmed as core.getInput trims them")
        #expect(config.tests[2].output == "^v\\d+\\.\\d+$")
        #expect(config.tests[2].comparison == .regex)
        #expect(config.tests[2].timeout == .seconds(600), "10 minutes unless given")
        #expect(config.tests[2].points == 0)
        #expect(config.tests[3].comparison == .included, "contains is autograding.json's included")
        #expect(config.tests[4].action == .pythonGrader)
        #expect(config.tests[4].run.hasPrefix("pip install -r requirements.txt\n"))
        #expect(config.tests[4].run.contains("python3 -m pytest -s --tb=no"))
        #expect(config.tests[4].points == 5)
        #expect(config.totalPoints == 10)
        #expect(
            config.warnings.map(\.description) == [
                "classroom.yml:14: step 1 (\"Checkout code\"): checkout, skipped: Ladder grades the files of the commit itself",
                "classroom.yml:16: step 2 (\"Set up Python\"): actions/setup-python@v5, skipped: the tests run with the runtimes installed on this machine (`ladder doctor` lists them), not the version this step would install",
                "classroom.yml:20: step 3 (\"Install tools\"): a `run` step, skipped: Ladder runs only the grader steps; if it prepares something the tests need (installing packages, building), move that into a test's setup-command",
                "classroom.yml:60: step 8 (\"Unit tests\"): the python grader runs pytest in its own image and splits max-score among the pytest tests; Ladder runs `python3 -m pytest` (pytest must be installed on this machine) over the same *_test.py files and gives max-score only when all of them pass",
                "classroom.yml:67: step 9 (\"Not counted\"): not among the reporter's runners: GitHub runs it but does not count it, so Ladder skips it; add \"not-counted\" to runners if it should count",
            ])
    }

    func problem(_ yaml: String) -> String {
        do {
            _ = try ClassroomWorkflow.parse(yaml, file: "classroom.yml")
            return "no error"
        } catch {
            return error.description
        }
    }

    /// A workflow of one grader step, with `with` lines given.
    func step(_ with: String, uses: String = "classroom-resources/autograding-io-grader@v1", extra: String = "")
        -> String
    {
        """
        jobs:
          grade:
            steps:
            - name: Hello
              id: hello
              uses: \(uses)
        \(extra)      with:
        \(with.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n"))
        """
    }

    @Test func errorsNameTheFileLineStepAndInput() {
        let io = "test-name: Hello\ncommand: ./hello\nexpected-output: Hello"
        #expect(
            problem(step(io))
                == "classroom.yml:4: step 1 (\"Hello\").with.comparison-method: missing; the autograding-io-grader requires it and fails the test on every run without it"
        )
        #expect(
            problem(step(io + "\ncomparison-method: included"))
                == "classroom.yml:11: step 1 (\"Hello\").with.comparison-method: \"included\" is not a comparison the io grader knows (it fails the test on every run); use exact, contains or regex (its README says `included`; its code accepts `contains`)"
        )
        #expect(
            problem(step(io + "\ncomparison-method: exact\nmax-score: 2.5"))
                == "classroom.yml:12: step 1 (\"Hello\").with.max-score: expected a whole number of points, 0 or more, got \"2.5\""
        )
        #expect(
            problem(step(io + "\ncomparison-method: exact\ntimeout: soon"))
                == "classroom.yml:12: step 1 (\"Hello\").with.timeout: expected a number of minutes, got \"soon\"")
        #expect(
            problem(step("timeout: 1.5", uses: "classroom-resources/autograding-python-grader@v1"))
                == "classroom.yml:8: step 1 (\"Hello\").with.timeout: expected a whole number of minutes, got \"1.5\"")
        #expect(
            problem(step(io + "\ncomparison-method: ${{ matrix.method }}"))
                == "classroom.yml:11: step 1 (\"Hello\").with.comparison-method: a GitHub expression (${{ … }}), which only GitHub can evaluate; write the value itself"
        )
        #expect(
            problem(
                step(
                    io.replacingOccurrences(of: "expected-output: Hello", with: "expected-output: a(?<=a)b")
                        + "\ncomparison-method: regex")
            )
            .hasPrefix(
                "classroom.yml:10: step 1 (\"Hello\").with.expected-output: /a(?<=a)b/: Ladder cannot match this JavaScript regular expression as GitHub does"
            ))
        #expect(
            problem("jobs:\n  build:\n    steps:\n    - uses: actions/checkout@v4\n")
                .hasPrefix("classroom.yml:2: jobs: no step uses GitHub Classroom's graders"))
        #expect(problem("jobs: [\n").hasPrefix("classroom.yml:2: invalid YAML at column 1"))
        #expect(
            problem("- a\n- b\n") == "classroom.yml:1: expected a workflow: a mapping with `jobs`, each with `steps`")
    }

    @Test func theReporterDecidesWhichStepsCount() {
        let grader = """
            jobs:
              grade:
                steps:
                - id: a
                  uses: classroom-resources/autograding-command-grader@v1
                  with: {test-name: A, command: 'true', max-score: 1}

            """
        let graders = grader + "    - name: Reporter\n      uses: classroom-resources/autograding-grading-reporter@v1\n"
        #expect(
            problem(graders + "      env: {A_RESULTS: x}\n      with: {runners: 'a,b'}\n")
                == "classroom.yml:7: step 2 (\"Reporter\").with.runners: names \"b\", but no grader step has that id; GitHub's reporter fails on it: give the step `id: b` or remove it from runners"
        )
        #expect(
            problem(graders + "      with: {runners: a}\n")
                == "classroom.yml:7: step 2 (\"Reporter\").env: no A_RESULTS, which the reporter reads the results of \"a\" from (GitHub's reporter fails without it); add `A_RESULTS: \"${{steps.a.outputs.result}}\"`"
        )
        let counted = try? ClassroomWorkflow.parse(
            graders + "      env: {A_RESULTS: '${{ steps.a.outputs.result }}'}\n      with: {runners: a}\n",
            file: "classroom.yml")
        #expect(counted?.tests.map(\.name) == ["A"])
        #expect(counted?.warnings == [])
        let unreported = try? ClassroomWorkflow.parse(grader, file: "classroom.yml")
        #expect(unreported?.tests.map(\.name) == ["A"])
        #expect(
            unreported?.warnings.map(\.description) == [
                "classroom.yml: no autograding-grading-reporter step, so GitHub Classroom records no points from these graders; Ladder grades every grader step"
            ])
    }

    @Test func unknownInputsAndKeysAreWarnings() throws {
        let config = try ClassroomWorkflow.parse(
            step(
                "test-name: Hello\ncommand: 'true'\ntimout: 3",
                uses: "classroom-resources/autograding-command-grader@v2",
                extra: "      if: always()\n"),
            file: "classroom.yml")
        #expect(config.tests.map(\.name) == ["Hello"])
        #expect(
            config.warnings.map(\.description) == [
                "classroom.yml:6: step 1 (\"Hello\").uses: @v2 is graded with the semantics of @v1",
                "classroom.yml:7: step 1 (\"Hello\").if: the condition is ignored; Ladder runs the step",
                "classroom.yml:11: step 1 (\"Hello\").with.timout: not an input of this action, ignored (as GitHub ignores it) (did you mean 'timeout'?)",
                "classroom.yml: no autograding-grading-reporter step, so GitHub Classroom records no points from these graders; Ladder grades every grader step",
            ])
    }

    /// The older `education/autograding` action in a workflow runs autograding.json.
    @Test func theOlderActionRunsAutogradingJSON() throws {
        let temporary = try TemporaryDirectory("workflow")
        defer { withExtendedLifetime(temporary) {} }
        let directory = temporary.url.appendingPathComponent(".github/classroom")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(#"{"tests": [{"name": "Runs", "run": "true", "points": 4, "note": "x"}]}"#.utf8).write(
            to: directory.appendingPathComponent("autograding.json"))
        let yaml = """
            jobs:
              build:
                steps:
                - uses: actions/checkout@v4
                - uses: education/autograding@v1
            """
        let config = try ClassroomWorkflow.parse(yaml, file: "classroom.yml", repository: temporary.path)
        #expect(config.tests.map(\.name) == ["Runs"])
        #expect(config.tests[0].action == .autograding)
        #expect(config.totalPoints == 4)
        #expect(
            config.warnings.map(\.description).last
                == ".github/classroom/autograding.json: tests[0] (\"Runs\").note: unknown field, ignored (as GitHub ignores it); a test has name, setup, run, input, output, comparison, timeout, points"
        )
        #expect(
            problem(yaml).hasPrefix(
                "classroom.yml:5: step 2: education/autograding runs .github/classroom/autograding.json"))
    }

    @Test func loadNamesAMissingFile() {
        #expect(
            throws: WorkflowError(
                file: "classroom.yml",
                reason: "no such file; GitHub Classroom writes its workflow at .github/workflows/classroom.yml")
        ) {
            try ClassroomWorkflow.load(
                contentsOf: "/nonexistent/classroom.yml", named: "classroom.yml", repository: "/")
        }
    }
}
