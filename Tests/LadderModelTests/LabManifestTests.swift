import Foundation
import LadderTOML
import Testing

@testable import LadderModel

/// A valid manifest; the bad cases below change one line of it, so their line numbers are known.
let goodManifest = """
    id = "log-stats"
    title = "Access log statistics"
    version = "1.2.3"
    summary = "Count things in a log."
    rung = "junior"
    competencies = ["languages.python", "performance.system-performance"]
    pass-mark = 60

    [limits]
    wall-time = "10s"
    cpu-time = "1500ms"
    memory = "256M"
    processes = 16
    output = "64K"
    file-size = 1048576

    [[languages]]
    id = "python"
    run = ["python3", "main.py"]

    [[languages]]
    id = "java"
    name = "Java 21"
    profile = "jvm"
    build = ["javac", "Main.java"]
    run = ["java", "Main"]
    starter = "starter/java21"
    test = ["./run-tests.sh"]

    [[stages]]
    id = "counts"
    title = "Counts"
    points = 30

    [[stages]]
    id = "top"
    title = "Top paths"
    summary = "The busiest paths."
    points = 70
    """

func manifest(replacingLine line: Int, with text: String) -> String {
    var lines = goodManifest.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines[line - 1] = text
    return lines.joined(separator: "\n")
}

let testMap = CompetencyMap(areas: [
    .init(
        key: "languages", title: "Languages", group: .core, summary: "s",
        skills: [
            .init(key: "python", title: "Python", topics: "t"), .init(key: "java", title: "Java", topics: "t"),
        ]),
    .init(
        key: "performance", title: "Performance", group: .specialization, summary: "s",
        skills: [
            .init(key: "system-performance", title: "System Performance", topics: "t"),
            .init(key: "load-testing", title: "Load Testing", topics: "t"),
        ]),
    .init(
        key: "databases", title: "Databases", group: .core, summary: "s",
        skills: [
            .init(key: "relational", title: "Relational", topics: "t")
        ]),
])

struct BadManifest: CustomTestStringConvertible, Sendable {
    let name: String
    let line: Int
    let replacement: String
    let expectedLine: Int?
    let field: String?
    let message: String
    var testDescription: String { name }
}

let badManifests: [BadManifest] = [
    .init(
        name: "points not a number", line: 33, replacement: "points = \"ten\"", expectedLine: 33,
        field: "stages[0].points",
        message: "expected a positive integer, got \"ten\""),
    .init(
        name: "zero points", line: 33, replacement: "points = 0", expectedLine: 33, field: "stages[0].points",
        message: "expected a positive integer, got 0"),
    .init(
        name: "id not kebab", line: 1, replacement: "id = \"Log_Stats\"", expectedLine: 1, field: "id",
        message: "lowercase kebab case"),
    .init(
        name: "missing title", line: 2, replacement: "", expectedLine: nil, field: "title",
        message: "missing required key 'title'"),
    .init(
        name: "bad version", line: 3, replacement: "version = \"1.2\"", expectedLine: 3, field: "version",
        message: "expected a version MAJOR.MINOR.PATCH"),
    .init(
        name: "unknown rung", line: 5, replacement: "rung = \"juniour\"", expectedLine: 5, field: "rung",
        message: "did you mean 'junior'?"),
    .init(
        name: "competency not area.skill", line: 6, replacement: "competencies = [\"python\"]", expectedLine: 6,
        field: "competencies[0]", message: "expected a competency key \"area.skill\""),
    .init(
        name: "unknown competency", line: 6,
        replacement: "competencies = [\"languages.python\", \"databases.relationl\"]",
        expectedLine: 6, field: "competencies[1]",
        message: "unknown competency 'databases.relationl' (did you mean 'databases.relational'?)"),
    .init(
        name: "no competencies", line: 6, replacement: "competencies = []", expectedLine: 6, field: "competencies",
        message: "at least one competency"),
    .init(
        name: "pass mark above total", line: 7, replacement: "pass-mark = 120", expectedLine: 7, field: "pass-mark",
        message: "pass-mark 120 is more than the 100 points"),
    .init(
        name: "unknown top-level key with suggestion", line: 7, replacement: "passmark = 60", expectedLine: 7,
        field: "passmark",
        message: "unknown key 'passmark' (did you mean 'pass-mark'?)"),
    .init(
        name: "wall time above maximum", line: 10, replacement: "wall-time = \"90s\"", expectedLine: 10,
        field: "limits.wall-time",
        message: "90s is above the maximum of 60s"),
    .init(
        name: "duration without unit", line: 10, replacement: "wall-time = 5", expectedLine: 10,
        field: "limits.wall-time",
        message: "\"5\" has no unit: write \"5s\" or \"5ms\""),
    .init(
        name: "bad duration", line: 11, replacement: "cpu-time = \"fast\"", expectedLine: 11, field: "limits.cpu-time",
        message: "\"fast\" is not a duration: write a number and a unit (ms, s, m or h)"),
    .init(
        name: "duration not a string", line: 11, replacement: "cpu-time = true", expectedLine: 11,
        field: "limits.cpu-time",
        message: "expected a duration like \"250ms\", \"5s\" or \"2m\", got true"),
    .init(
        name: "memory above maximum", line: 12, replacement: "memory = \"8G\"", expectedLine: 12,
        field: "limits.memory",
        message: "8G is above the maximum of 4G"),
    .init(
        name: "memory below minimum", line: 12, replacement: "memory = \"64K\"", expectedLine: 12,
        field: "limits.memory",
        message: "64K is below the minimum of 1M"),
    .init(
        name: "size in MB", line: 12, replacement: "memory = \"256MB\"", expectedLine: 12, field: "limits.memory",
        message: "\"256MB\": write \"256M\""),
    .init(
        name: "size in MiB", line: 12, replacement: "memory = \"256MiB\"", expectedLine: 12, field: "limits.memory",
        message:
            "\"256MiB\": write \"256M\"; the units of a size are K, M and G (powers of 1024), in upper case and with no B or iB"
    ),
    .init(
        name: "size with a lower-case unit", line: 12, replacement: "memory = \"256m\"", expectedLine: 12,
        field: "limits.memory",
        message: "\"256m\": write \"256M\""),
    .init(
        name: "negative size", line: 14, replacement: "output = -1", expectedLine: 14, field: "limits.output",
        message: "\"-1\" is not a size"),
    .init(
        name: "too many processes", line: 13, replacement: "processes = 5000", expectedLine: 13,
        field: "limits.processes",
        message: "5000 is above the maximum of 1024"),
    .init(
        name: "unknown limit", line: 14, replacement: "outptu = \"64K\"", expectedLine: 14, field: "limits.outptu",
        message: "unknown key 'outptu' (did you mean 'output'?)"),
    .init(
        name: "run not an array", line: 19, replacement: "run = \"python3 main.py\"", expectedLine: 19,
        field: "languages[0].run",
        message: "expected a command as an array of strings"),
    .init(
        name: "run empty", line: 19, replacement: "run = []", expectedLine: 19, field: "languages[0].run",
        message: "the command must not be empty"),
    .init(
        name: "run with a number", line: 19, replacement: "run = [\"python3\", 3]", expectedLine: 19,
        field: "languages[0].run[1]",
        message: "expected a non-empty string"),
    .init(
        name: "duplicate language", line: 22, replacement: "id = \"python\"", expectedLine: 22,
        field: "languages[1].id",
        message: "language 'python' is listed twice (first at line 18)"),
    .init(
        name: "starter escapes the lab", line: 27, replacement: "starter = \"../other\"", expectedLine: 27,
        field: "languages[1].starter", message: "a path inside the lab directory"),
    .init(
        name: "unknown language key", line: 28, replacement: "tests = [\"x\"]", expectedLine: 28,
        field: "languages[1].tests",
        message: "unknown key 'tests' (did you mean 'test'?)"),
    .init(
        name: "duplicate stage", line: 36, replacement: "id = \"counts\"", expectedLine: 36, field: "stages[1].id",
        message: "stage 'counts' is listed twice (first at line 31)"),
    .init(
        name: "stage missing points", line: 33, replacement: "", expectedLine: 30, field: "stages[0].points",
        message: "missing required key 'points' in stages[0]"),
    .init(
        name: "syntax error", line: 4, replacement: "summary = \"unterminated", expectedLine: 4, field: nil,
        message: "unterminated string"),
    .init(
        name: "limits not a table", line: 9, replacement: "limits = 3", expectedLine: 9, field: "limits",
        message: "expected a table, got 3"),
]

@Suite("Lab manifests")
struct LabManifestTests {
    @Test("decodes every field of a good manifest, with defaults")
    func good() throws {
        let document = try TOMLDocument.parse(goodManifest, file: "Labs/log-stats/lab.toml")
        let lab = try Lab.decode(
            document, directory: "Labs/log-stats", checks: LabChecks(competencies: testMap, expectedID: "log-stats"))
        #expect(lab.id == "log-stats")
        #expect(lab.title == "Access log statistics")
        #expect(lab.version == SemanticVersion(1, 2, 3))
        #expect(lab.rung == .junior)
        #expect(lab.competencies.map(\.description) == ["languages.python", "performance.system-performance"])
        #expect(lab.areas == ["languages", "performance"])
        #expect(lab.passMark == 60)
        #expect(lab.totalPoints == 100)
        #expect(lab.stages.map(\.id) == ["counts", "top"])
        #expect(lab.stages[0].summary == nil)
        #expect(lab.stages[1].summary == "The busiest paths.")
        #expect(lab.limits.wallTime == .seconds(10))
        #expect(lab.limits.cpuTime == .milliseconds(1500))
        #expect(lab.limits.memoryBytes == 256 << 20)
        #expect(lab.limits.processes == 16)
        #expect(lab.limits.outputBytes == 64 << 10)
        #expect(lab.limits.fileSizeBytes == 1 << 20)
        let python = try #require(lab.language("python"))
        #expect(lab.defaultLanguage == python)
        #expect(python.name == "Python")
        #expect(python.profile == "python")
        #expect(python.starter == "starter/python")
        #expect(python.build == nil)
        #expect(python.test == nil)
        #expect(python.run == ["python3", "main.py"])
        let java = try #require(lab.language("java"))
        #expect(java.name == "Java 21")
        #expect(java.profile == "jvm")
        #expect(java.build == ["javac", "Main.java"])
        #expect(java.starter == "starter/java21")
        #expect(java.test == ["./run-tests.sh"])
        #expect(lab.manifestPath == "Labs/log-stats/lab.toml")
    }

    @Test("an empty [limits] or none at all means profile defaults")
    func noLimits() throws {
        let text = goodManifest.replacingOccurrences(
            of:
                "wall-time = \"10s\"\ncpu-time = \"1500ms\"\nmemory = \"256M\"\nprocesses = 16\noutput = \"64K\"\nfile-size = 1048576\n",
            with: "")
        let lab = try Lab.decode(TOMLDocument.parse(text, file: "lab.toml"), directory: ".")
        #expect(lab.limits.isEmpty)
    }

    @Test("bad manifests name the file, line, field and what was expected", arguments: badManifests)
    func bad(_ testCase: BadManifest) throws {
        let text = manifest(replacingLine: testCase.line, with: testCase.replacement)
        let file = "Labs/log-stats/lab.toml"
        #expect {
            _ = try Lab.decode(
                TOMLDocument.parse(text, file: file), directory: "Labs/log-stats",
                checks: LabChecks(competencies: testMap))
        } throws: { error in
            guard let error = error as? ManifestError else { return false }
            let ok =
                error.file == file && error.line == testCase.expectedLine && error.field == testCase.field
                && error.message.contains(testCase.message)
            if !ok { Issue.record("got: \(error)") }
            return ok
        }
    }

    @Test("the error text reads like a compiler's")
    func errorText() throws {
        let text = manifest(replacingLine: 33, with: "points = \"ten\"")
        do {
            _ = try Lab.decode(TOMLDocument.parse(text, file: "Labs/log-stats/lab.toml"), directory: "Labs/log-stats")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "Labs/log-stats/lab.toml:33: stages[0].points: expected a positive integer, got \"ten\"")
        }
    }

    @Test("the id must equal the directory name when asked")
    func idMatchesDirectory() throws {
        let document = try TOMLDocument.parse(goodManifest, file: "Labs/logstats/lab.toml")
        #expect(throws: ManifestError.self) {
            try Lab.decode(document, directory: "Labs/logstats", checks: LabChecks(expectedID: "logstats"))
        }
        do {
            _ = try Lab.decode(document, directory: "Labs/logstats", checks: LabChecks(expectedID: "logstats"))
        } catch {
            #expect(error.line == 1)
            #expect(error.field == "id")
            #expect(error.message.contains("does not match the lab's directory name 'logstats'"))
        }
    }

    @Test("a missing starter directory is reported at the language")
    func missingStarter() throws {
        let document = try TOMLDocument.parse(goodManifest, file: "lab.toml")
        do {
            _ = try Lab.decode(
                document, directory: "/lab", checks: LabChecks(directoryExists: { $0 == "/lab/starter/python" }))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 27)
            #expect(error.field == "languages[1].starter")
            #expect(error.message.contains("'starter/java21' does not exist"))
        }
    }

    @Test("a lab encodes to JSON with limits in milliseconds and bytes")
    func json() throws {
        let lab = try Lab.decode(TOMLDocument.parse(goodManifest, file: "lab.toml"), directory: "Labs/log-stats")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(lab)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"wallTimeMilliseconds\":10000"))
        #expect(text.contains("\"cpuTimeMilliseconds\":1500"))
        #expect(text.contains("\"version\":\"1.2.3\""))
        #expect(text.contains("\"competencies\":[\"languages.python\",\"performance.system-performance\"]"))
        #expect(try JSONDecoder().decode(Lab.self, from: data) == lab)
    }
}
