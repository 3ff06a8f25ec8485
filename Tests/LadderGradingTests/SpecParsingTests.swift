import Foundation
import LadderModel
import LadderTOML
import Testing

@testable import LadderGrading

/// `GraderSpec.parse`: every kind decoded in full, and every kind of broken spec reported with file, line and field.
@Suite struct SpecParsingTests {
    let directory: TemporaryDirectory
    let file: String
    let lab: Lab

    init() throws {
        directory = try TemporaryDirectory("spec")
        file = directory.file("grader.toml")
        for fixture in [
            "cases/a.in", "cases/a.out", "cases/a.err", "fixtures/data.csv", "seed.sql", "rows.json", "check.py",
        ] {
            try directory.write(fixture, "x\n")
        }
        let labText = SyntheticLab.labTOML(stages: [("first", 10), ("second", 5)])
        lab = try Lab.decode(TOMLDocument.parse(labText, file: "lab.toml"), directory: directory.path)
    }

    /// The 1-based line of the first line of `text` containing `needle`.
    func line(of needle: String, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    func parse(_ text: String, lab: Lab? = nil) throws(ManifestError) -> GraderSpec {
        try GraderSpec.parse(text, file: file, directory: directory.path, lab: lab ?? self.lab)
    }

    /// Parses `text`, which must fail, and checks where the error points.
    func failure(
        _ text: String, line needle: String?, field: String?, message: String, lab: Lab? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try parse(text, lab: lab)
            Issue.record("the spec was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.file == file, sourceLocation: sourceLocation)
            if let needle {
                #expect(error.line == line(of: needle, in: text), "\(error)", sourceLocation: sourceLocation)
            }
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(file), sourceLocation: sourceLocation)
        }
    }

    /// A valid two-stage spec whose first test has the extra `body` lines.
    func twoStages(_ body: String, firstKind: String = "") -> String {
        """
        format = 1

        [[stages]]
        id = "first"

          [[stages.tests]]
          id = "one"
          points = 10
        \(firstKind)\(body)

        [[stages]]
        id = "second"

          [[stages.tests]]
          id = "two"
          points = 5
          stdout = "b"
        """
    }

    // MARK: - Good specs

    @Test func ioTestInFull() throws {
        let spec = try parse(
            twoStages(
                """
                  title = "Everything at once"
                  feedback = "Read the numbers carefully."
                  args = ["--fast", "x y"]
                  stdin-file = "cases/a.in"
                  env = { MODE = "strict", LEVEL = "3" }
                  files = { "data/in.csv" = "fixtures/data.csv" }
                  stdout-file = "cases/a.out"
                  compare = "numbers"
                  tolerance = 0.01
                  relative = true
                  select = "^total"
                  exit-code = 3
                  stderr = "warning"
                  stderr-compare = "contains"
                  stderr-pattern = "warn"
                    [stages.tests.limits]
                    wall-time = "2s"
                    memory = "64M"
                """))
        #expect(spec.directory == directory.path)
        #expect(spec.stages.map(\.id) == ["first", "second"])
        #expect(spec.totalPoints == 15)
        let test = try #require(spec.stages.first?.tests.first)
        #expect(test.id == "one")
        #expect(test.title == "Everything at once")
        #expect(test.points == 10)
        #expect(test.feedback == "Read the numbers carefully.")
        #expect(test.limits == Limits(wallTime: .seconds(2), memoryBytes: 64 << 20))
        #expect(
            test.kind
                == .io(
                    IOCheck(
                        arguments: ["--fast", "x y"], stdin: .file("cases/a.in"),
                        environment: ["MODE": "strict", "LEVEL": "3"],
                        files: ["data/in.csv": "fixtures/data.csv"], stdout: .file("cases/a.out"),
                        comparison: .numbers(tolerance: 0.01, relative: true), select: "^total", exitCode: 3,
                        stderr: .inline("warning"),
                        stderrComparison: .contains("warn"))))
        let second = try #require(spec.stages.last?.tests.first)
        #expect(second.title == "two", "the title defaults to the id")
        #expect(second.kind == .io(IOCheck(stdout: .inline("b"))), "io, lines and exit code 0 are the defaults")
    }

    @Test(arguments: [
        ("exact", OutputComparison.exact), ("trimmed", .trimmed), ("lines", .lines), ("json", .jsonEqual),
        ("json-subset", .jsonSubset), ("numbers", .numbers(tolerance: 1e-6, relative: false)),
    ])
    func everyComparisonName(name: String, comparison: OutputComparison) throws {
        let spec = try parse(twoStages("  stdout = \"1\"\n  compare = \"\(name)\""))
        guard case .io(let check) = spec.stages[0].tests[0].kind else {
            Issue.record("not an io test")
            return
        }
        #expect(check.comparison == comparison)
    }

    @Test func regexAndContainsNeedNoExpectedOutput() throws {
        let spec = try parse(twoStages("  compare = \"regex\"\n  pattern = \"^ok [0-9]+$\""))
        guard case .io(let check) = spec.stages[0].tests[0].kind else {
            Issue.record("not an io test")
            return
        }
        #expect(check.comparison == .regex("^ok [0-9]+$"))
        #expect(check.stdout == nil)
        _ = try parse(twoStages("  compare = \"contains\"\n  pattern = \"ok\""))
        _ = try parse(twoStages("  exit-code = 2"))
    }

    @Test func httpTestInFull() throws {
        let spec = try parse(
            twoStages(
                """
                  kind = "http"
                  ready-path = "/health"
                  startup-timeout = "3s"
                    [[stages.tests.steps]]
                    method = "POST"
                    path = "/items"
                    headers = { Authorization = "Bearer t" }
                    body = '{"name": "a"}'
                    status = 201
                    expect-headers = { Location = "/items/[0-9]+" }
                    json = '{"name": "a"}'
                    capture = { id = "/id", where = "header:Location" }
                    [[stages.tests.steps]]
                    path = "/items/{{id}}"
                    pointers = { "/name" = '"a"' }
                    body-pattern = "name"
                """))
        let expected = HTTPCheck(
            readinessPath: "/health", startupTimeout: .seconds(3),
            steps: [
                HTTPStep(
                    method: "POST", path: "/items", headers: ["Authorization": "Bearer t"], body: #"{"name": "a"}"#,
                    expectStatus: 201, expectHeaders: ["Location": "/items/[0-9]+"],
                    expectJSONSubset: #"{"name": "a"}"#,
                    captures: ["id": "/id", "where": "header:Location"]),
                HTTPStep(
                    method: "GET", path: "/items/{{id}}", expectPointers: ["/name": #""a""#], expectBodyPattern: "name"),
            ])
        #expect(spec.stages[0].tests[0].kind == .http(expected))
    }

    @Test func httpDefaults() throws {
        let spec = try parse(twoStages("  kind = \"http\"\n  [[stages.tests.steps]]\n  path = \"/\""))
        #expect(
            spec.stages[0].tests[0].kind
                == .http(
                    HTTPCheck(
                        readinessPath: nil, startupTimeout: .seconds(10), steps: [HTTPStep(method: "GET", path: "/")])))
    }

    @Test func sqlTestInFull() throws {
        let spec = try parse(
            twoStages(
                """
                  kind = "sql"
                  seed = "seed.sql"
                  setup = ["schema.sql", "index.sql"]
                  query = "query.sql"
                  rows-file = "rows.json"
                  ordered = true
                  plan-includes = ["USING INDEX"]
                  plan-excludes = ["SCAN orders"]
                  budget = "250ms"
                """))
        #expect(
            spec.stages[0].tests[0].kind
                == .sql(
                    SQLCheck(
                        seed: "seed.sql", setup: ["schema.sql", "index.sql"], query: "query.sql",
                        expectRows: .file("rows.json"),
                        ordered: true, planMustInclude: ["USING INDEX"], planMustExclude: ["SCAN orders"],
                        budget: .milliseconds(250))))
    }

    @Test func scriptTestInFull() throws {
        let spec = try parse(
            twoStages(
                """
                  kind = "script"
                  command = ["python3", "/grader/check.py"]
                  format = "junit"
                  service = true
                  profile = "node"
                """))
        #expect(
            spec.stages[0].tests[0].kind
                == .script(
                    ScriptCheck(
                        command: ["python3", "/grader/check.py"], format: .junit, withService: true, profile: "node")))
        let defaults = try parse(twoStages("  kind = \"script\"\n  command = [\"./check\"]\n  format = \"tap\""))
        #expect(
            defaults.stages[0].tests[0].kind
                == .script(
                    ScriptCheck(
                        command: ["./check"], format: .tap, withService: false, profile: "python")))
    }

    @Test func withoutALabAnyStagesAreAccepted() throws {
        let text = oneStageSpec(["id = \"a\"\npoints = 3\nstdout = \"x\""])
        let spec = try GraderSpec.parse(text, file: file, directory: directory.path, lab: nil)
        #expect(spec.stages.map(\.id) == ["s"])
        #expect(spec.totalPoints == 3)
    }

    @Test func loadReadsGraderTomlAndNamesAMissingOne() throws {
        try directory.write("grader.toml", twoStages("  stdout = \"a\""))
        let spec = try GraderSpec.load(directory: directory.path, lab: lab)
        #expect(spec.totalPoints == 15)
        let empty = try TemporaryDirectory("nospec")
        #expect {
            try GraderSpec.load(directory: empty.path, lab: lab)
        } throws: { error in
            let error = error as! ManifestError
            return error.file == empty.file("grader.toml") && error.message.contains("grader.toml")
        }
    }

    // MARK: - Broken specs

    @Test func unsupportedFormat() {
        failure(
            twoStages("  stdout = \"a\"").replacingOccurrences(of: "format = 1", with: "format = 2"),
            line: "format = 2", field: "format", message: "format 2 is not supported")
    }

    @Test func missingFormat() {
        failure(
            twoStages("  stdout = \"a\"").replacingOccurrences(of: "format = 1", with: ""),
            line: nil, field: "format", message: "format")
    }

    @Test func unknownKeySuggestsTheClosest() {
        let text = twoStages("  stdout_file = \"cases/a.out\"")
        failure(
            text, line: "stdout_file", field: "stages[0].tests[0].stdout_file", message: "did you mean 'stdout-file'")
    }

    @Test func unknownKeyInAStep() {
        let text = twoStages("  kind = \"http\"\n  [[stages.tests.steps]]\n  path = \"/\"\n  expect-status = 200")
        failure(text, line: "expect-status", field: "stages[0].tests[0].steps[0].expect-status", message: "'status'")
    }

    @Test func unknownKindSuggestsTheClosest() {
        let text = twoStages("  kind = \"htp\"\n  stdout = \"a\"")
        failure(text, line: "kind = \"htp\"", field: "stages[0].tests[0].kind", message: "\"http\"")
    }

    @Test func unknownComparisonSuggestsTheClosest() {
        let text = twoStages("  stdout = \"a\"\n  compare = \"line\"")
        failure(text, line: "compare = \"line\"", field: "stages[0].tests[0].compare", message: "\"lines\"")
    }

    @Test func missingPoints() {
        let text = twoStages("  stdout = \"a\"").replacingOccurrences(of: "  points = 10\n", with: "")
        failure(
            text, line: "[[stages.tests]]", field: "stages[0].tests[0].points", message: "missing required key 'points'"
        )
    }

    @Test func pointsOutOfRange() {
        let text = twoStages("  stdout = \"a\"").replacingOccurrences(of: "points = 10", with: "points = -1")
        failure(text, line: "points = -1", field: "stages[0].tests[0].points", message: "0 to 1000")
    }

    @Test func stagesInAnotherOrder() {
        let text = twoStages("  stdout = \"a\"")
            .replacingOccurrences(of: "id = \"first\"", with: "id = \"TMP\"")
            .replacingOccurrences(of: "id = \"second\"", with: "id = \"first\"")
            .replacingOccurrences(of: "id = \"TMP\"", with: "id = \"second\"")
        failure(text, line: nil, field: "stages", message: "[second, first] do not match lab.toml's [first, second]")
    }

    @Test func aStageTheLabDoesNotHave() {
        let text = twoStages("  stdout = \"a\"").replacingOccurrences(of: "id = \"second\"", with: "id = \"third\"")
        failure(text, line: nil, field: "stages", message: "[first, third] do not match lab.toml's [first, second]")
    }

    @Test func aMissingStage() {
        let text = oneStageSpec(["id = \"a\"\npoints = 10\nstdout = \"x\""]).replacingOccurrences(
            of: "id = \"s\"", with: "id = \"first\"")
        failure(text, line: nil, field: "stages", message: "[first] do not match")
    }

    @Test func pointsThatDoNotAddUp() {
        let text = twoStages("  stdout = \"a\"").replacingOccurrences(of: "points = 10", with: "points = 9")
        failure(text, line: nil, field: "stages.first", message: "worth 9 points but lab.toml gives it 10")
    }

    @Test func stageMismatchErrorsCarryALine() throws {
        // A compiler-like error names a line; a mismatch is about a [[stages]] section, which has one.
        let text = twoStages("  stdout = \"a\"").replacingOccurrences(of: "points = 10", with: "points = 9")
        do {
            _ = try parse(text)
            Issue.record("accepted")
        } catch {
            #expect(error.line == line(of: "id = \"first\"", in: text) - 1, "no line in: \(error)")
        }
    }

    @Test func duplicateTestIDs() {
        let text = twoStages("  stdout = \"a\"\n\n  [[stages.tests]]\n  id = \"one\"\n  points = 0\n  stdout = \"b\"")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let second = lines.indices.filter { lines[$0].contains("id = \"one\"") }.last! + 1
        do {
            _ = try parse(text)
            Issue.record("accepted")
        } catch {
            #expect(error.line == second, "\(error)")
            #expect(error.field == "stages[0].tests[1].id")
            #expect(error.message.contains("'one' is used twice in stage 'first'"))
        }
    }

    @Test func bothStdoutAndStdoutFile() {
        let text = twoStages("  stdout = \"a\"\n  stdout-file = \"cases/a.out\"")
        failure(
            text, line: "stdout-file", field: "stages[0].tests[0].stdout-file",
            message: "either 'stdout' or 'stdout-file'")
    }

    @Test func nothingToCheck() {
        let text = twoStages("  args = [\"x\"]")
        failure(text, line: nil, field: "stages[0].tests[0]", message: "needs 'stdout' or 'stdout-file'")
    }

    @Test func missingFixture() {
        let text = twoStages("  stdout-file = \"cases/missing.out\"")
        failure(
            text, line: "cases/missing.out", field: "stages[0].tests[0].stdout-file",
            message: "'cases/missing.out' does not exist")
    }

    @Test(arguments: ["../outside.txt", "cases/../../outside.txt", "/etc/passwd"])
    func fixturePathLeavingTheGraderDirectory(path: String) throws {
        // The file exists, so only the path check can reject it.
        try directory.write("../\(URL(fileURLWithPath: directory.path).lastPathComponent)-outside.txt", "secret")
        let text = twoStages("  stdin-file = \"\(path)\"\n  stdout = \"a\"")
        failure(
            text, line: path, field: "stages[0].tests[0].stdin-file",
            message: "must be relative to the grader directory and stay inside it")
    }

    @Test func fixtureFileDestinationLeavingTheWorkDirectory() {
        let text = twoStages("  files = { \"../x\" = \"fixtures/data.csv\" }\n  stdout = \"a\"")
        failure(
            text, line: "files", field: "stages[0].tests[0].files",
            message: "'../x' must be relative to the work directory")
    }

    @Test func fixtureFileSourceMissing() {
        let text = twoStages("  files = { \"x\" = \"fixtures/nope.csv\" }\n  stdout = \"a\"")
        failure(text, line: "files", field: "stages[0].tests[0].files", message: "'fixtures/nope.csv' does not exist")
    }

    @Test func invalidSelectRegex() {
        let text = twoStages("  stdout = \"a\"\n  select = \"^(unclosed\"")
        failure(
            text, line: "select", field: "stages[0].tests[0].select",
            message: "'^(unclosed' is not a valid regular expression")
    }

    @Test func invalidComparisonRegexIsCaughtWhenTheSpecLoads() {
        let text = twoStages("  compare = \"regex\"\n  pattern = \"hel(lo\"")
        failure(
            text, line: "pattern", field: "stages[0].tests[0].pattern",
            message: "'hel(lo' is not a valid regular expression")
    }

    /// Patterns that backtrack exponentially are refused when the spec loads, naming the file, line and field, instead
    /// of timing out on some learner's output.
    @Test(arguments: [
        (#"(a+)+b"#, "'(a+)+' repeats 'a+', which repeats without bound itself"),
        (#"(.*)*x"#, "'(.*)*' repeats '.*'"),
        (#"^(\\w+\\s?)*$"#, #"repeats '\w+'"#),
        (#"((a+))+"#, "'((a+))+' repeats 'a+'"),
        (#"(?:a*)*"#, "'(?:a*)*' repeats 'a*'"),
        (#"(x+x+)+y"#, "'(x+x+)+' repeats 'x+x+', two loops over the same thing side by side"),
        (#"(a|a)*b"#, "'(a|a)*' repeats a choice that has the alternative 'a' twice"),
        (#"ok: (\\d+)+"#, #"'(\d+)+' repeats '\d+'"#),
    ])
    func catastrophicPatternsAreRefusedWhenTheSpecLoads(pattern: String, message: String) {
        let text = twoStages("  compare = \"regex\"\n  pattern = \"\(pattern)\"")
        failure(text, line: "pattern", field: "stages[0].tests[0].pattern", message: message)
    }

    /// Every place a spec takes a regular expression is checked the same way.
    @Test func catastrophicPatternsAreRefusedInEveryField() {
        failure(
            twoStages("  stdout = \"a\"\n  select = \"^(a+)+$\""), line: "select", field: "stages[0].tests[0].select",
            message: "'(a+)+' repeats 'a+'")
        failure(
            twoStages(
                "  compare = \"lines\"\n  stdout = \"a\"\n  stderr-compare = \"regex\"\n  stderr-pattern = \"(.+)*\""),
            line: "stderr-pattern", field: "stages[0].tests[0].stderr-pattern", message: "'(.+)*' repeats '.+'")
        failure(
            twoStages("  kind = \"http\"\n  [[stages.tests.steps]]\n  path = \"/\"\n  body-pattern = \"(x|x)*\""),
            line: "body-pattern", field: "stages[0].tests[0].steps[0].body-pattern",
            message: "the alternative 'x' twice")
        failure(
            twoStages(
                "  kind = \"http\"\n  [[stages.tests.steps]]\n  path = \"/\"\n  expect-headers = { Allow = \"(T+)+\" }"),
            line: "expect-headers", field: "stages[0].tests[0].steps[0].expect-headers", message: "'(T+)+' repeats 'T+'"
        )
    }

    /// The patterns labs use, and repetitions that cannot share text out in more than one way, load.
    @Test(arguments: [
        #"(\d+,)*\d+"#, #".*"error".*"#, #"^(?=.*GET)(?=.*POST).*$"#, #"^(requests:|status )"#, #"(a++)+b"#,
        #"(?>a+)+b"#,
        #"[(+)*]+"#, #"\(a+\)+"#, #"(ab){2,}"#, #"(\r?\n)*"#, #"(a|b)*c"#, #"x*y*z*"#, #"(a+b+)+"#, #"^/notes/[0-9]+$"#,
        #"(a{2,5})+"#, #"\p{L}+(\s\p{L}+)*"#, #"(?i)(hello|world)+"#, #"(?<word>\w+) \k<word>"#,
    ])
    func linearPatternsLoad(pattern: String) throws {
        #expect(CatastrophicPattern.reason(pattern) == nil, "\(CatastrophicPattern.reason(pattern) ?? "")")
        #expect(throws: Never.self) { try Regex(pattern) }
    }

    /// The repository's own specs, hidden and visible, load: none of their patterns is refused.
    @Test func everySpecOfTheRepositoryLoads() throws {
        let root = BuiltProducts.repositoryRoot
        let labs = try FileManager.default.contentsOfDirectory(atPath: root + "/Graders").sorted()
        #expect(!labs.isEmpty)
        for lab in labs {
            for directory in [root + "/Graders/" + lab, root + "/Labs/" + lab + "/tests"]
            where FileManager.default.fileExists(atPath: directory + "/grader.toml") {
                #expect(throws: Never.self, "\(directory)") { _ = try GraderSpec.load(directory: directory, lab: nil) }
            }
        }
    }

    @Test func regexWithoutPattern() {
        let text = twoStages("  compare = \"regex\"")
        failure(text, line: nil, field: "stages[0].tests[0].pattern", message: "pattern")
    }

    @Test func badCaptureSource() {
        let text = twoStages("  kind = \"http\"\n  [[stages.tests.steps]]\n  path = \"/\"\n  capture = { id = \"id\" }")
        failure(
            text, line: "capture", field: "stages[0].tests[0].steps[0].capture",
            message: "capture 'id' = 'id': use a JSON Pointer like '/id' or 'header:Location'")
    }

    @Test func stepPathWithoutSlash() {
        let text = twoStages("  kind = \"http\"\n  [[stages.tests.steps]]\n  path = \"items\"")
        failure(
            text, line: "path = \"items\"", field: "stages[0].tests[0].steps[0].path", message: "must start with '/'")
    }

    @Test func stepPathWithASpace() {
        let text = twoStages("  kind = \"http\"\n  [[stages.tests.steps]]\n  path = \"/a b\"")
        failure(text, line: "path = \"/a b\"", field: "stages[0].tests[0].steps[0].path", message: "percent-encode")
    }

    @Test func httpWithoutSteps() {
        let text = twoStages("  kind = \"http\"")
        failure(text, line: nil, field: "stages[0].tests[0].steps", message: "[[steps]]")
    }

    @Test func httpUnknownMethod() {
        let text = twoStages("  kind = \"http\"\n  [[stages.tests.steps]]\n  path = \"/\"\n  method = \"FETCH\"")
        failure(text, line: "FETCH", field: "stages[0].tests[0].steps[0].method", message: "expected one of")
    }

    @Test func sqlWithNothingToCheck() {
        let text = twoStages("  kind = \"sql\"\n  query = \"q.sql\"")
        failure(text, line: nil, field: "stages[0].tests[0]", message: "needs 'rows'")
    }

    @Test func sqlSeedMissing() {
        let text = twoStages("  kind = \"sql\"\n  query = \"q.sql\"\n  seed = \"nope.sql\"\n  rows = \"[]\"")
        failure(text, line: "nope.sql", field: "stages[0].tests[0].seed", message: "'nope.sql' does not exist")
    }

    @Test func scriptWithUnknownFormat() {
        let text = twoStages("  kind = \"script\"\n  command = [\"x\"]\n  format = \"xml\"")
        failure(text, line: "format = \"xml\"", field: "stages[0].tests[0].format", message: "\"junit\"")
    }

    @Test func testLimitAboveTheMaximum() {
        let text = twoStages("  stdout = \"a\"\n  [stages.tests.limits]\n  wall-time = \"90s\"")
        failure(
            text, line: "wall-time", field: "stages[0].tests[0].limits.wall-time", message: "above the maximum of 60s")
    }

    @Test func syntaxErrorNamesLineAndColumn() {
        let text = "format = 1\n[[stages]]\nid = \"first\n"
        do {
            _ = try parse(text)
            Issue.record("accepted")
        } catch {
            #expect(error.file == file)
            #expect(error.line == 3)
            #expect(error.column != nil)
        }
    }
}
