import Foundation
import Testing

/// Runs `program < input` and returns its standard output, or nil when the interpreter is missing.
func run(_ interpreter: String, _ script: String, input: Data) throws -> Data? {
    let path = "/usr/bin/\(interpreter)"
    guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = [script]
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = FileHandle.nullDevice
    try process.run()
    let writer = Thread {
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return output
}

/// The `.in`/`.out` pairs of a directory, by name.
func cases(in directory: String) throws -> [(name: String, input: Data, output: Data)] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".in") }.sorted()
    return try names.map { name in
        let base = directory + "/" + String(name.dropLast(3))
        return (
            name, try Data(contentsOf: URL(fileURLWithPath: base + ".in")),
            try Data(contentsOf: URL(fileURLWithPath: base + ".out"))
        )
    }
}

/// Keeps the lab's files consistent with each other: the references produce every expected output, the starters
/// and the known-wrong solutions do not. (The grader's own validation does this properly, in the sandbox.)
@Suite("log-stats lab files", .requires(Fixtures.repository, .python3))
struct LogStatsLabTests {
    let root = Fixtures.repositoryRoot() ?? ""
    var visible: String { root + "/Labs/log-stats/tests" }
    var hidden: String { root + "/Graders/log-stats/cases" }

    @Test("there are visible and hidden cases")
    func counts() throws {
        #expect(try cases(in: visible).count >= 3)
        #expect(try cases(in: hidden).count >= 6)
    }

    @Test("the Python reference produces every expected output")
    func pythonReference() throws {
        try checkReference("python3", "python/main.py")
    }

    @Test(
        "the Node reference produces every expected output",
        .requires(.node))
    func nodeReference() throws {
        try checkReference("node", "node/main.js")
    }

    private func checkReference(_ interpreter: String, _ script: String) throws {
        for directory in [visible, hidden] {
            for testCase in try cases(in: directory) {
                let output = try run(
                    interpreter, root + "/Graders/log-stats/reference/" + script, input: testCase.input)
                #expect(output == testCase.output, "\(interpreter) on \(testCase.name)")
            }
        }
    }

    @Test("the starter fails every visible test")
    func starterFails() throws {
        for testCase in try cases(in: visible) {
            let output = try run("python3", root + "/Labs/log-stats/starter/python/main.py", input: testCase.input)
            #expect(output != testCase.output, "starter passes \(testCase.name)")
        }
    }

    @Test("every known-wrong solution fails at least one hidden case")
    func wrongSolutionsCaught() throws {
        let wrong = root + "/Graders/log-stats/wrong"
        let names = try FileManager.default.contentsOfDirectory(atPath: wrong).sorted()
        #expect(names.count >= 2)
        let hiddenCases = try cases(in: hidden)
        // Caught by the long log's CPU limit, not by its output: `ladder lab validate` proves that one in the sandbox.
        let caughtByLimits: Set<String> = ["quadratic-p95"]
        for name in names where !caughtByLimits.contains(name) {
            let script = "\(wrong)/\(name)/python/main.py"
            let caught = try hiddenCases.contains { try run("python3", script, input: $0.input) != $0.output }
            #expect(caught, "\(name) passes every hidden case")
        }
    }
}
