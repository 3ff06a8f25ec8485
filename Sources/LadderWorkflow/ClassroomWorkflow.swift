import Foundation
import LadderGrading
import LadderTOML
import LadderText
import Yams

/// GitHub Classroom's newer autograding format: a workflow, `.github/workflows/classroom.yml`, whose steps use the
/// `classroom-resources` grader actions, read into the same tests as an autograding.json so that one runner grades
/// both.
///
/// What is read (each grader's inputs as its action reads them: `core.getInput`, which trims; from the actions' source):
/// - `autograding-command-grader@v1`: `test-name`, `setup-command`, `command`, `timeout` (minutes, default 10),
///   `max-score` (default 0): the command's exit status decides.
/// - `autograding-io-grader@v1`: the same and `input` (standard input), `expected-output` and `comparison-method`
///   (`exact`, `contains` or `regex`), all three of the last two required: the trimmed output is compared.
/// - `autograding-python-grader@v1`: `timeout` (whole minutes), `max-score`, `setup-command`: pytest over every
///   `*_test.py` file in the repository.
/// - `autograding-grading-reporter@v1`: its `runners` input names the grader steps (by `id`) whose points count;
///   a grader step it does not name is run by GitHub but not counted, so Ladder skips it.
/// - `education/autograding@v1`, the older action: the tests of `.github/classroom/autograding.json`.
///
/// Every other step (checkout, setup-python, `run:` steps, other actions) is skipped with a warning that names it;
/// so are inputs and keys GitHub would ignore. What GitHub would fail on (a required input missing, a reporter that
/// names a step that does not exist) and what Ladder cannot do (a `${{ … }}` expression in an input) are errors
/// naming the file, line, step and input.
public enum ClassroomWorkflow {
    /// Where GitHub Classroom writes the workflow in a repository.
    public static let defaultPath = ".github/workflows/classroom.yml"

    /// Reads and converts a workflow file.
    ///
    /// - Parameters:
    ///   - name: how errors and warnings name the file (default: `path`).
    ///   - repository: the repository's directory, where an `education/autograding` step finds autograding.json.
    public static func load(contentsOf path: String, named name: String? = nil, repository: String)
        throws(WorkflowError) -> AutogradingConfig
    {
        let file = name ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw WorkflowError(
                file: file, reason: "no such file; GitHub Classroom writes its workflow at \(defaultPath)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkflowError(file: file, reason: "the file cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WorkflowError(file: file, reason: "the file is not UTF-8 text")
        }
        return try parse(text, file: file, repository: repository)
    }

    /// Converts a workflow's text; `file` names it in errors and warnings.
    public static func parse(_ text: String, file: String = defaultPath, repository: String? = nil)
        throws(WorkflowError) -> AutogradingConfig
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw WorkflowError(yaml: error, file: file)
        } catch {
            throw WorkflowError(file: file, reason: "invalid YAML: \(error)")
        }
        var reader = WorkflowReader(file: file, repository: repository)
        return try reader.read(root)
    }
}

/// A problem in a workflow file: which file and line, which step and input, what is wrong and how to fix it.
public struct WorkflowError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// The line (1-based) where the problem is, when known.
    public let line: Int?
    /// The step and input, like `step 3 ("Hello test").with.expected-output`.
    public let location: String?
    public let reason: String

    public init(file: String, line: Int? = nil, location: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.location = location
        self.reason = reason
    }

    init(yaml error: YamlError, file: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            self.init(
                file: file, line: mark.line,
                reason: "invalid YAML at column \(mark.column): \(context?.description ?? "")\(problem)")
        default:
            self.init(file: file, reason: "invalid YAML: \(error)")
        }
    }

    /// `file:line: location: reason`.
    public var description: String {
        file + (line.map { ":\($0)" } ?? "") + ": " + (location.map { "\($0): " } ?? "") + reason
    }
}

/// The grader actions a workflow can use, by repository name.
enum GraderAction: String, CaseIterable {
    case command = "autograding-command-grader"
    case io = "autograding-io-grader"
    case python = "autograding-python-grader"

    var runner: AutogradingAction {
        switch self {
        case .command: .commandGrader
        case .io: .ioGrader
        case .python: .pythonGrader
        }
    }

    /// The inputs its `action.yml` declares.
    var inputs: [String] {
        switch self {
        case .command: ["test-name", "setup-command", "command", "timeout", "max-score"]
        case .io:
            [
                "test-name", "setup-command", "command", "input", "expected-output", "comparison-method", "timeout",
                "max-score",
            ]
        case .python: ["timeout", "max-score", "setup-command"]
        }
    }
}

/// Walks a composed workflow, collecting tests, warnings and the reporter's runners.
struct WorkflowReader {
    let file: String
    let repository: String?
    var warnings: [AutogradingWarning] = []

    /// The owners whose grader actions are read without remark; GitHub Classroom's own.
    static let classroomOwners: Set<String> = ["classroom-resources", "education", "github-education-resources"]

    /// How pytest is run in place of the python grader's own runner.
    static let pytestCommand =
        "set -- $(find . -type f -name '*_test.py' | LC_ALL=C sort)\nexec python3 -m pytest -s --tb=no \"$@\""

    init(file: String, repository: String?) {
        self.file = file
        self.repository = repository
    }

    private func error(_ node: Node?, _ location: String?, _ reason: String) -> WorkflowError {
        WorkflowError(file: file, line: node?.mark?.line, location: location, reason: reason)
    }

    private mutating func warn(_ node: Node?, _ location: String?, _ message: String) {
        warnings.append(AutogradingWarning(file: file, line: node?.mark?.line, location: location, message: message))
    }

    /// The pairs of a mapping with their keys as text.
    private func pairs(_ node: Node?) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping)? = node else { return nil }
        return mapping.map { (key: $0.key.scalar?.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    private func value(_ node: Node?, _ key: String) -> Node? {
        pairs(node)?.first { $0.key == key }?.value
    }

    /// A grading step as read, before the reporter decides whether it counts.
    private struct GraderStep {
        var id: String?
        var location: String
        var node: Node
        var tests: [AutogradingTest]
        /// Graded whatever the reporter says (the older `education/autograding` action reports on its own).
        var reportsItself: Bool
    }

    private struct Reporter {
        var runners: [String]
        var environment: [String: String]
        var location: String
        var node: Node
    }

    mutating func read(_ root: Node?) throws(WorkflowError) -> AutogradingConfig {
        guard let top = pairs(root) else {
            throw error(root, nil, "expected a workflow: a mapping with `jobs`, each with `steps`")
        }
        guard let jobsNode = top.first(where: { $0.key == "jobs" })?.value else {
            throw error(root, nil, "no `jobs`; GitHub Classroom's workflow has one job whose steps run the graders")
        }
        guard let jobs = pairs(jobsNode), !jobs.isEmpty else {
            throw error(jobsNode, "jobs", "expected a mapping of jobs")
        }
        let grading = jobs.filter { job in
            guard case .sequence(let steps)? = value(job.value, "steps") else { return false }
            return steps.contains { step in
                guard let uses = value(step, "uses")?.scalar?.string else { return false }
                return Self.isAutogradingAction(uses)
            }
        }
        guard let job = grading.first else {
            throw error(
                jobsNode, "jobs",
                "no step uses GitHub Classroom's graders (classroom-resources/autograding-command-grader, "
                    + "autograding-io-grader, autograding-python-grader) or education/autograding; this is not an "
                    + "autograding workflow")
        }
        if grading.count > 1 {
            throw error(
                grading[1].keyNode, "jobs.\(grading[1].key)",
                "a second job with grader steps (the first is `\(job.key)`); GitHub Classroom's workflow has one "
                    + "job, and Ladder reads one: move the steps into one job")
        }
        for other in jobs where other.key != job.key {
            warn(other.keyNode, "jobs.\(other.key)", "job without grader steps, skipped")
        }
        let jobLocation = jobs.count > 1 ? "jobs.\(job.key) " : ""
        for (key, keyNode, value) in pairs(job.value) ?? [] {
            switch key {
            case "container":
                let image = value.scalar?.string ?? self.value(value, "image")?.scalar?.string ?? "it names"
                warn(
                    keyNode, "jobs.\(job.key).container",
                    "the job runs in the container \(TextPreview.render(image, limit: 60)) on GitHub; Ladder runs the "
                        + "tests in its sandbox with the runtimes of this machine")
            case "services", "strategy":
                warn(keyNode, "jobs.\(job.key).\(key)", "ignored; Ladder runs the steps once, without services")
            default:
                continue
            }
        }
        guard case .sequence(let steps)? = value(job.value, "steps") else {
            throw error(job.value, "jobs.\(job.key)", "expected `steps`")
        }

        var graders: [GraderStep] = []
        var reporters: [Reporter] = []
        for (offset, step) in steps.enumerated() {
            let name = value(step, "name")?.scalar?.string
            var location = "\(jobLocation)step \(offset + 1)"
            if let name { location += " (\"\(TextPreview.render(name, limit: 60))\")" }
            guard pairs(step) != nil else {
                throw error(step, location, "expected a step: a mapping with `uses` or `run`")
            }
            guard let usesNode = value(step, "uses") else {
                if value(step, "run") != nil {
                    warn(
                        step, location,
                        "a `run` step, skipped: Ladder runs only the grader steps; if it prepares something the tests "
                            + "need (installing packages, building), move that into a test's setup-command")
                } else {
                    throw error(step, location, "a step needs `uses` or `run`")
                }
                continue
            }
            guard let uses = usesNode.scalar?.string else {
                throw error(usesNode, location + ".uses", "expected an action like owner/name@v1")
            }
            let (owner, repository, ref) = Self.split(uses)
            if let grader = GraderAction(rawValue: repository) {
                if !Self.classroomOwners.contains(owner) {
                    warn(
                        usesNode, location + ".uses",
                        "\(TextPreview.render(uses)) is read as GitHub Classroom's \(grader.rawValue), whose inputs it "
                            + "shares; a fork that grades differently will not be graded the same way")
                }
                warnAboutReference(ref, usesNode, location)
                let test = try graderTest(grader, step: step, location: location, stepName: name)
                graders.append(
                    GraderStep(
                        id: value(step, "id")?.scalar?.string, location: location, node: step, tests: [test],
                        reportsItself: false))
            } else if repository == "autograding-grading-reporter" {
                warnAboutReference(ref, usesNode, location)
                reporters.append(try reporter(step, location: location))
            } else if repository == "autograding" && Self.classroomOwners.contains(owner) {
                graders.append(
                    GraderStep(
                        id: value(step, "id")?.scalar?.string, location: location, node: step,
                        tests: try autogradingJSON(step, location: location), reportsItself: true))
            } else if owner == "actions" && repository == "checkout" {
                warn(step, location, "checkout, skipped: Ladder grades the files of the commit itself")
            } else if owner == "actions" && repository.hasPrefix("setup-") {
                warn(
                    step, location,
                    "\(TextPreview.render(uses)), skipped: the tests run with the runtimes installed on this machine "
                        + "(`ladder doctor` lists them), not the version this step would install")
            } else {
                warn(step, location, "\(TextPreview.render(uses)), skipped: not one of GitHub Classroom's graders")
            }
        }
        return AutogradingConfig(tests: try countedTests(graders, reporters), warnings: warnings)
    }

    /// `owner/name[/path]@ref` → (owner, name, ref).
    static func split(_ uses: String) -> (String, String, String?) {
        let parts = uses.split(separator: "@", maxSplits: 1).map(String.init)
        let path = parts.first?.split(separator: "/").map(String.init) ?? []
        return (path.first ?? "", path.count > 1 ? path[1] : "", parts.count > 1 ? parts[1] : nil)
    }

    static func isAutogradingAction(_ uses: String) -> Bool {
        let (owner, repository, _) = split(uses)
        return GraderAction(rawValue: repository) != nil || repository == "autograding-grading-reporter"
            || (repository == "autograding" && classroomOwners.contains(owner))
    }

    private mutating func warnAboutReference(_ ref: String?, _ node: Node, _ location: String) {
        if let ref, ref != "v1" {
            warn(node, location + ".uses", "@\(TextPreview.render(ref)) is graded with the semantics of @v1")
        }
    }

    /// The step's `with` inputs as GitHub passes them to the action (trimmed, as `core.getInput` trims).
    private mutating func inputs(_ step: Node, location: String, known: [String]) throws(WorkflowError) -> [String: (
        String, Node
    )] {
        var result: [String: (String, Node)] = [:]
        guard let with = value(step, "with") else { return result }
        guard let entries = pairs(with) else {
            throw error(with, location + ".with", "expected a mapping of inputs")
        }
        for (key, keyNode, valueNode) in entries {
            guard known.contains(key) else {
                warn(
                    keyNode, location + ".with.\(key)",
                    "not an input of this action, ignored (as GitHub ignores it)"
                        + Suggestions.didYouMean(Suggestions.closest(to: key, in: known, limit: 1)))
                continue
            }
            guard case .scalar(let scalar) = valueNode else {
                throw error(valueNode, location + ".with.\(key)", "expected a text or a number")
            }
            if scalar.string.contains("${{") {
                throw error(
                    valueNode, location + ".with.\(key)",
                    "a GitHub expression (${{ … }}), which only GitHub can evaluate; write the value itself")
            }
            result[key] = (JavaScriptText.trim(scalar.string), valueNode)
        }
        return result
    }

    /// Keys of a grader step that GitHub would act on but Ladder does not.
    private mutating func warnAboutStepKeys(_ step: Node, location: String) {
        for (key, keyNode, _) in pairs(step) ?? [] {
            switch key {
            case "name", "id", "uses", "with":
                continue
            case "env":
                warn(
                    keyNode, location + ".env", "ignored: the graders run the command with an environment of their own")
            case "if":
                warn(keyNode, location + ".if", "the condition is ignored; Ladder runs the step")
            case "timeout-minutes", "continue-on-error":
                warn(keyNode, location + ".\(key)", "ignored; the grader's own `timeout` input limits the test")
            default:
                warn(keyNode, location + ".\(key)", "not a key of a step that uses an action, ignored")
            }
        }
    }

    private mutating func graderTest(_ grader: GraderAction, step: Node, location: String, stepName: String?)
        throws(WorkflowError) -> AutogradingTest
    {
        warnAboutStepKeys(step, location: location)
        let inputs = try inputs(step, location: location, known: grader.inputs)
        func text(_ key: String) -> String? {
            guard let value = inputs[key]?.0, !value.isEmpty else { return nil }
            return value
        }
        func required(_ key: String) throws(WorkflowError) -> String {
            guard let value = text(key) else {
                throw error(
                    inputs[key]?.1 ?? step, location + ".with.\(key)",
                    "missing; the \(grader.rawValue) requires it and fails the test on every run without it")
            }
            return value
        }
        let points = try wholeNumber(inputs["max-score"], location: location + ".with.max-score") ?? 0
        let timeout = try minutes(inputs["timeout"], whole: grader == .python, location: location + ".with.timeout")
        switch grader {
        case .command:
            return AutogradingTest(
                name: try required("test-name"), setup: text("setup-command"), run: try required("command"),
                timeout: timeout, points: points, action: .commandGrader)
        case .io:
            let methodInput = location + ".with.comparison-method"
            let method = try required("comparison-method")
            let comparison: AutogradingComparison
            switch method {
            case "exact": comparison = .exact
            case "contains": comparison = .included
            case "regex": comparison = .regex
            default:
                throw error(
                    inputs["comparison-method"]?.1, methodInput,
                    "\"\(TextPreview.render(method))\" is not a comparison the io grader knows (it fails the test "
                        + "on every run); use exact, contains or regex"
                        + (method == "included" ? " (its README says `included`; its code accepts `contains`)" : ""))
            }
            let expected = try required("expected-output")
            if comparison == .regex {
                do {
                    _ = try JavaScriptRegex(expected)
                } catch .syntaxError(let message) {
                    warn(
                        inputs["expected-output"]?.1, location + ".with.expected-output",
                        "/\(TextPreview.render(expected))/ is not a valid JavaScript regular expression (\(message)); "
                            + "the io grader fails this test on every run, and so does Ladder")
                } catch let problem {
                    throw error(
                        inputs["expected-output"]?.1, location + ".with.expected-output",
                        "/\(TextPreview.render(expected))/: \(problem)")
                }
            }
            return AutogradingTest(
                name: try required("test-name"), setup: text("setup-command"), run: try required("command"),
                input: text("input"), output: expected, comparison: comparison, timeout: timeout, points: points,
                action: .ioGrader)
        case .python:
            warn(
                step, location,
                "the python grader runs pytest in its own image and splits max-score among the pytest tests; Ladder "
                    + "runs `python3 -m pytest` (pytest must be installed on this machine) over the same *_test.py "
                    + "files and gives max-score only when all of them pass")
            let setup = text("setup-command").map { $0 + "\n" } ?? ""
            return AutogradingTest(
                name: stepName ?? "Python tests", run: setup + Self.pytestCommand, timeout: timeout, points: points,
                action: .pythonGrader)
        }
    }

    /// `max-score` as the graders read it (`parseInt`), held to a whole number.
    private func wholeNumber(_ input: (String, Node)?, location: String) throws(WorkflowError) -> Int? {
        guard let (text, node) = input, !text.isEmpty else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw error(
                node, location, "expected a whole number of points, 0 or more, got \"\(TextPreview.render(text))\"")
        }
        return value
    }

    /// The longest a GitHub Actions job may run, which a timeout of 0 (no limit to the grader) comes down to.
    static let jobTimeLimit: Duration = .seconds(6 * 60 * 60)

    /// `timeout` in minutes (default 10); `whole` for the python grader, whose shell multiplies it as an integer.
    private func minutes(_ input: (String, Node)?, whole: Bool, location: String) throws(WorkflowError) -> Duration {
        guard let (text, node) = input, !text.isEmpty else { return .seconds(600) }
        guard let value = Double(text), value.isFinite, value >= 0, !whole || value == value.rounded() else {
            throw error(
                node, location,
                "expected \(whole ? "a whole number" : "a number") of minutes, got \"\(TextPreview.render(text))\"")
        }
        if value == 0 { return Self.jobTimeLimit }
        return .milliseconds(Int64((value * 60_000).rounded()))
    }

    private mutating func reporter(_ step: Node, location: String) throws(WorkflowError) -> Reporter {
        let inputs = try inputs(step, location: location, known: ["runners"])
        guard let (text, _) = inputs["runners"], !text.isEmpty else {
            throw error(
                step, location + ".with.runners",
                "missing; the reporter needs the ids of the grader steps whose points it adds up")
        }
        var environment: [String: String] = [:]
        for (key, _, value) in pairs(value(step, "env")) ?? [] {
            environment[key] = value.scalar?.string ?? ""
        }
        let runners = text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        return Reporter(runners: runners, environment: environment, location: location, node: step)
    }

    private mutating func autogradingJSON(_ step: Node, location: String) throws(WorkflowError) -> [AutogradingTest] {
        let path = AutogradingConfig.defaultPath
        guard let repository else {
            throw error(step, location, "education/autograding runs \(path), which Ladder cannot read here")
        }
        do {
            let config = try AutogradingConfig.load(contentsOf: repository + "/" + path)
            warnings += config.warnings.map {
                AutogradingWarning(file: path, location: $0.location, message: $0.message)
            }
            return config.tests
        } catch {
            throw self.error(
                step, location,
                "education/autograding runs \(path): "
                    + AutogradingError(
                        file: path, testIndex: error.testIndex, testName: error.testName, field: error.field,
                        reason: error.reason
                    ).description)
        }
    }

    /// The tests whose points GitHub Classroom adds up: the grader steps the reporter names (all of them when there
    /// is no reporter, with a warning), and the older action's tests.
    private mutating func countedTests(_ graders: [GraderStep], _ reporters: [Reporter]) throws(WorkflowError)
        -> [AutogradingTest]
    {
        guard !reporters.isEmpty else {
            if graders.contains(where: { !$0.reportsItself }) {
                warn(
                    nil, nil,
                    "no autograding-grading-reporter step, so GitHub Classroom records no points from these graders; "
                        + "Ladder grades every grader step")
            }
            return graders.flatMap(\.tests)
        }
        var named: [String: Int] = [:]
        for reporter in reporters {
            for runner in reporter.runners {
                guard graders.contains(where: { $0.id == runner && !$0.reportsItself }) else {
                    throw error(
                        reporter.node, reporter.location + ".with.runners",
                        "names \"\(TextPreview.render(runner))\", but no grader step has that id; GitHub's reporter "
                            + "fails on it: give the step `id: \(runner)` or remove it from runners")
                }
                let variable = runner.uppercased() + "_RESULTS"
                guard let source = reporter.environment[variable] else {
                    throw error(
                        reporter.node, reporter.location + ".env",
                        "no \(variable), which the reporter reads the results of \"\(runner)\" from (GitHub's "
                            + "reporter fails without it); add `\(variable): \"${{steps.\(runner).outputs.result}}\"`")
                }
                if !source.replacingOccurrences(of: " ", with: "").contains("steps.\(runner).outputs.result") {
                    warn(
                        reporter.node, reporter.location + ".env.\(variable)",
                        "does not take the results of step \"\(runner)\" (steps.\(runner).outputs.result); Ladder "
                            + "counts that step's test")
                }
                named[runner, default: 0] += 1
            }
        }
        var tests: [AutogradingTest] = []
        for grader in graders {
            if grader.reportsItself {
                tests += grader.tests
                continue
            }
            guard let id = grader.id, let count = named[id] else {
                warn(
                    grader.node, grader.location,
                    "not among the reporter's runners: GitHub runs it but does not count it, so Ladder skips it; add "
                        + (grader.id.map { "\"\($0)\" to runners" } ?? "an `id` and list it in runners")
                        + " if it should count")
                continue
            }
            if count > 1 {
                warn(
                    grader.node, grader.location,
                    "listed \(count) times in the reporter's runners: GitHub adds its points \(count) times, Ladder once"
                )
            }
            tests += grader.tests
        }
        return tests
    }
}
