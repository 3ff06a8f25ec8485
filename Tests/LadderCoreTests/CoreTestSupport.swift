import Foundation
import LadderGit
import LadderModel
import LadderSandbox
// Every file of this target uses the shared helpers: prerequisites, temporary directories, built products.
@_exported import LadderTestSupport
import Testing

@testable import LadderCore

/// The real launcher and profiles of this build; tests that grade say `.requires(.sandbox)`.
enum CoreBox {
    static let repositoryRoot = BuiltProducts.repositoryRoot
    static let launcher = BuiltProducts.launcher
    static let profiles = BuiltProducts.profiles

    static func sandbox() throws -> Sandbox {
        try Sandbox(launcher: launcher, profilesDirectory: profiles)
    }
}

/// A catalog on disk with two small python labs in different areas, each with a hidden grader.
///
/// `sum` adds the numbers on stdin; `upper` upper-cases stdin. Both are junior labs, so passing both reaches the
/// junior rung (two labs, two areas).
struct TestCatalog {
    let root: TemporaryDirectory
    let catalog: Catalog

    static let secret = "HIDDEN-GRADER-MARKER"

    static let sumReference = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"
    static let upperReference = "import sys\nsys.stdout.write(sys.stdin.read().upper())\n"

    init(extraLabs: Bool = true) throws {
        root = try TemporaryDirectory("catalog")
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: root.file("Labs"), withIntermediateDirectories: true)
        for name in ["competencies.toml", "ladder.toml"] {
            try fileManager.copyItem(
                atPath: CoreBox.repositoryRoot + "/Labs/" + name, toPath: root.file("Labs/" + name))
        }
        try Self.writeLab(
            in: root, id: "sum", title: "Add numbers", competency: "languages.python",
            stages: [("adds", 6), ("negatives", 4)],
            grader: """
                format = 1
                # \(Self.secret)
                [[stages]]
                id = "adds"
                  [[stages.tests]]
                  id = "small"
                  points = 3
                  stdin = "1 2 3"
                  stdout = "6"
                  feedback = "Add every number on standard input."
                  [[stages.tests]]
                  id = "many"
                  points = 3
                  stdin-file = "cases/many.in"
                  stdout-file = "cases/many.out"
                [[stages]]
                id = "negatives"
                  [[stages.tests]]
                  id = "negative"
                  points = 4
                  stdin = "-5 2"
                  stdout = "-3"
                """,
            fixtures: [
                "cases/many.in": (1...100).map(String.init).joined(separator: "\n") + "\n", "cases/many.out": "5050\n",
            ],
            starter: "# Read numbers from standard input and print their sum.\nprint(0)\n",
            visible: [
                "01-small.in": "1 2\n", "01-small.out": "3\n", "02-zero.in": "0\n", "02-zero.out": "0\n",
                "03-orphan.in": "7\n",
            ])
        if extraLabs {
            try Self.writeLab(
                in: root, id: "upper", title: "Shout", competency: "databases.relational",
                stages: [("shout", 2)],
                grader: """
                    format = 1
                    [[stages]]
                    id = "shout"
                      [[stages.tests]]
                      id = "hello"
                      points = 2
                      stdin = "hello"
                      stdout = "HELLO"
                    """,
                fixtures: [:], starter: "print('')\n", visible: [:])
        }
        catalog = try Catalog.load(root: root.path)
    }

    static func writeLab(
        in root: TemporaryDirectory, id: String, title: String, competency: String, stages: [(String, Int)],
        grader: String,
        fixtures: [String: String], starter: String, visible: [String: String]
    ) throws {
        let total = stages.reduce(0) { $0 + $1.1 }
        var lab = """
            id = "\(id)"
            title = "\(title)"
            version = "1.2.3"
            summary = "A test lab."
            rung = "junior"
            competencies = ["\(competency)"]
            pass-mark = \(total)

            [limits]
            wall-time = "5s"

            [[languages]]
            id = "python"
            run = ["python3", "main.py"]

            [[languages]]
            id = "node"
            run = ["node", "main.js"]

            """
        for (stage, points) in stages {
            lab += "\n[[stages]]\nid = \"\(stage)\"\ntitle = \"Stage \(stage)\"\npoints = \(points)\n"
        }
        try root.write("Labs/\(id)/lab.toml", lab)
        try root.write("Labs/\(id)/README.md", "# \(title)\n")
        try root.write("Labs/\(id)/starter/python/main.py", starter)
        try root.write("Labs/\(id)/starter/node/main.js", "console.log(0)\n")
        for (name, text) in visible {
            try root.write("Labs/\(id)/tests/\(name)", text)
        }
        try root.write("Graders/\(id)/grader.toml", grader)
        for (name, text) in fixtures {
            try root.write("Graders/\(id)/\(name)", text)
        }
        try root.write("Graders/\(id)/reference/python/main.py", id == "sum" ? sumReference : upperReference)
    }

    /// An environment like `LadderEnvironment.load` makes, with its scratch space under this catalog's directory.
    func environment() throws -> LadderEnvironment {
        try FileManager.default.createDirectory(atPath: root.file("scratch"), withIntermediateDirectories: true)
        let scratch = try ScratchSpace.create(in: root.file("scratch"))
        let sandbox = try Sandbox(
            launcher: CoreBox.launcher, profilesDirectory: CoreBox.profiles, temporaryDirectory: scratch.root)
        return LadderEnvironment(catalog: catalog, sandbox: sandbox, scratch: scratch)
    }

    func starter() -> LabStarter { LabStarter(catalog: catalog) }

    /// Starts `labID` in `directory` with the test learner as its local git identity; with a `solution`, commits it
    /// as `main.py`.
    @discardableResult
    func start(_ labID: String, in directory: String, solution: String? = nil) throws -> String {
        _ = try starter().start(labID: labID, directory: directory, fallbackAuthor: testLearner)
        try git(["config", "user.name", testLearner.name], in: directory)
        try git(["config", "user.email", testLearner.email], in: directory)
        if let solution {
            try Data(solution.utf8).write(to: URL(fileURLWithPath: directory + "/main.py"))
            try commitAll(directory, "solve \(labID)")
        }
        return directory
    }
}

/// Runs the git CLI to check what Ladder did, isolated from the machine's configuration.
@discardableResult
func git(_ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = ["-C", directory] + arguments
    process.environment = [
        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null", "HOME": directory, "PATH": "/usr/bin:/bin",
        "GIT_AUTHOR_NAME": "Test Learner", "GIT_AUTHOR_EMAIL": "learner@example.com",
        "GIT_COMMITTER_NAME": "Test Learner", "GIT_COMMITTER_EMAIL": "learner@example.com",
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw LadderError(.infrastructure, "git \(arguments.joined(separator: " ")) failed: \(text)")
    }
    return text
}

/// The learner every submit test signs as.
let testLearner = Signature(name: "Test Learner", email: "learner@example.com")

/// Commits every change in `directory` as the test learner.
func commitAll(_ directory: String, _ message: String = "work") throws {
    try Repository.open(at: directory).commitAll(message: message, author: testLearner)
}
