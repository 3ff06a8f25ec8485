import Foundation
import LadderGit
import LadderModel
import LadderSandbox
import Testing

@testable import LadderGrading

/// GitHub Classroom autograding files run as GitHub's runner runs them (docs/autograding.md): each case is a small
/// repository made here, graded with the real sandbox, and what is expected is what GitHub's runner does with it.
@Suite(.requires(.sandbox))
struct RunnerAutogradingTests {
    /// A repository holding `files` in one commit, graded with the autograding file `json` as
    /// `ladder grade --autograding` does: the commit's export, its repository and commit.
    static func grade(_ json: String, files: [String: String], networkSetup: Bool = false) async throws -> (
        GradeReport, TestHistory
    ) {
        let history = try TestHistory(start: files)
        let exported = history.directory.file("export")
        try history.repository.export(commit: history.head, to: exported)
        let config = try AutogradingConfig.parse(Data(json.utf8))
        let lab = config.lab(file: "autograding.json", directory: exported)
        let request = GradingRequest(
            lab: lab, language: lab.languages[0],
            spec: config.graderSpec(directory: exported, networkSetup: networkSetup),
            graderDigest: "sha256:test", submission: exported, commit: history.head,
            repository: history.repository.gitDirectory, toolVersion: "test")
        let report = await Grader(sandbox: try GradingBox.sandbox()).grade(request)
        return (report, history)
    }

    static func verdicts(_ report: GradeReport) -> [Verdict] { report.tests.map(\.verdict) }

    // MARK: 1. One checkout for the whole run

    /// GitHub runs every test in the same checkout, in file order: the second test runs what the first built, and
    /// the checkout is a git repository at the graded commit.
    @Test(.requires(.gcc, .gitCLI))
    func testsShareTheCheckoutInFileOrder() async throws {
        let json = #"""
            {"tests": [
              {"name": "build", "run": "gcc -o hello hello.c", "points": 1},
              {"name": "run", "run": "./hello", "output": "hello", "comparison": "exact", "points": 2},
              {"name": "left by the first", "run": "ls", "output": "hello\nhello.c", "comparison": "exact", "points": 1},
              {"name": "head", "run": "git rev-parse HEAD", "output": "HEAD_ID", "comparison": "exact", "points": 1},
              {"name": "clean", "run": "git status --porcelain --untracked-files=no; git log --format=%s", "output": "Start the lab", "comparison": "exact", "points": 1}
            ]}
            """#
        let files = ["hello.c": "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n"]
        let history = try TestHistory(start: files)
        let (report, graded) = try await Self.grade(
            json.replacingOccurrences(of: "HEAD_ID", with: history.head), files: files)
        #expect(graded.head == history.head, "the same content makes the same commit")
        #expect(Self.verdicts(report) == Array(repeating: .passed, count: 5), "\(report.tests)")
        #expect(report.status == .passed && report.score == 6)
        #expect(!FileManager.default.fileExists(atPath: graded.directory.file("export/hello")), "the export is copied")
    }

    // MARK: 2. Limits from the timeout, generous otherwise

    /// A test that burns more CPU than the default profile allows, and a C++ compile bigger than its memory and file
    /// size: both pass on GitHub, where only the timeout counts.
    @Test(.requires(.python3, .gpp))
    func aTimeoutOfAMinuteAllowsAMinuteOfCPUAndACompilerItsMemory() async throws {
        let json = #"""
            {"tests": [
              {"name": "burns 6 s of CPU", "run": "python3 burn.py", "output": "burnt", "timeout": 1, "points": 1},
              {"name": "compiles", "run": "g++ -g -O0 -c big.cpp -o big.o", "timeout": 3, "points": 1}
            ]}
            """#
        let burn = "import time\nend = time.process_time() + 6\nwhile time.process_time() < end: pass\nprint('burnt')\n"
        let (report, _) = try await Self.grade(json, files: ["burn.py": burn, "big.cpp": Self.bigCPlusPlus])
        #expect(Self.verdicts(report) == [.passed, .passed], "\(report.tests.map { $0.detail ?? "" })")
        #expect(report.tests[0].cpuMilliseconds >= 6000)
        #expect(report.tests[1].peakMemoryBytes > 256 << 20, "more than the default profile's memory limit")
    }

    /// A C++ file whose compile with debug information needs several hundred megabytes: many instantiations of the
    /// standard library's containers and streams, as a unit-test framework's single header brings in.
    static let bigCPlusPlus: String = {
        var source = "#include <map>\n#include <string>\n#include <vector>\n#include <sstream>\n#include <functional>\n"
        for index in 0..<60 {
            source += """
                struct Value\(index) { std::string name; std::vector<int> items; double weight = \(index); };
                std::string describe\(index)(const std::map<std::string, std::vector<Value\(index)>>& table) {
                    std::ostringstream out;
                    for (const auto& [key, values] : table)
                        for (const auto& value : values) out << key << value.name << value.weight << value.items.size();
                    std::function<int(int)> twice = [](int x) { return 2 * x; };
                    return out.str() + std::to_string(twice(\(index)));
                }

                """
        }
        return source
    }()

    /// Which limit a run hit, that it is the sandbox's, and where it is changed.
    @Test(.requires(.python3))
    func aLimitHitSaysWhichItIsAndHowToChangeIt() async throws {
        let json = #"""
            {"tests": [
              {"name": "floods", "run": "python3 -c \"print('x' * (20 << 20))\"", "output": "x", "points": 1},
              {"name": "sleeps", "run": "sleep 30", "timeout": 0.02, "points": 1}
            ]}
            """#
        let (report, _) = try await Self.grade(json, files: ["README.md": "limits\n"])
        #expect(Self.verdicts(report) == [.outputLimit, .timeLimit])
        let flood = report.tests[0].detail ?? ""
        #expect(flood.contains("limit of Ladder's sandbox, not GitHub's"), "\(flood)")
        #expect(
            flood.contains("may use at most 16M of output per stream") && flood.contains("`defaults.output`"),
            "\(flood)")
        #expect(flood.contains(GradingBox.profiles + "/autograding.json"), "\(flood)")
        let sleep = report.tests[1].detail ?? ""
        #expect(sleep.contains("wall-clock time limit"), "\(sleep)")
        #expect(sleep.contains("`timeout` in the autograding file (0.02 minutes)"), "\(sleep)")
        #expect(sleep.contains("at most 10 minutes"), "\(sleep)")
    }

    // MARK: 3. Every runtime Ladder knows

    @Test(.requires(.javac))
    func javaCompilesAndRuns() async throws {
        let json = #"""
            {"tests": [{"name": "java", "setup": "javac Hello.java", "run": "java Hello", "input": "Jeff",
                        "output": "Hello Jeff", "comparison": "exact", "timeout": 2, "points": 3}]}
            """#
        let hello = """
            public class Hello {
                public static void main(String[] args) {
                    System.out.println("Hello " + new java.util.Scanner(System.in).nextLine());
                }
            }
            """
        let (report, _) = try await Self.grade(json, files: ["Hello.java": hello])
        #expect(Self.verdicts(report) == [.passed], "\(report.tests.map { $0.detail ?? "" })")
    }

    // MARK: 4. A failing test fails the run

    /// GitHub fails the run when any test fails, whatever its points; the points add up as GitHub's do.
    @Test func aFailingTestWithoutPointsFailsTheRun() async throws {
        let json = #"""
            {"tests": [
              {"name": "scored", "run": "true", "points": 5},
              {"name": "zero points", "run": "exit 1", "points": 0},
              {"name": "null points", "run": "echo no", "output": "yes", "points": null}
            ]}
            """#
        let (report, _) = try await Self.grade(json, files: ["README.md": "points\n"])
        #expect(Self.verdicts(report) == [.passed, .runtimeError, .wrongAnswer])
        #expect(report.score == 5 && report.maxScore == 5)
        #expect(report.status == .failed)
        #expect(report.failedRequired == ["autograding/zero-points", "autograding/null-points"])
    }

    // MARK: 8. Environment and standard input

    /// GitHub's environment: FORCE_COLOR, a HOME that lasts the whole run, no LANG, LC_ALL or TMPDIR; and a stdin
    /// left open when the test gives no input, so a program that reads it waits until the timeout.
    @Test func theEnvironmentAndStdinAreGitHubs() async throws {
        let json = #"""
            {"tests": [
              {"name": "env", "run": "env | grep -E '^(FORCE_COLOR|HOME|LANG|LC_ALL|TMPDIR|DOTNET_NOLOGO)=' | sort",
               "output": "DOTNET_NOLOGO=true\nFORCE_COLOR=true\nHOME=/home/runner", "comparison": "exact", "points": 1},
              {"name": "home is written", "setup": "echo kept > ~/marker", "run": "true", "points": 1},
              {"name": "home lasts", "run": "cat $HOME/marker", "output": "kept", "comparison": "exact", "points": 1},
              {"name": "stdin is a pipe", "run": "test -p /dev/stdin && echo pipe", "output": "pipe", "points": 1},
              {"name": "reading waits", "run": "read line; echo read", "timeout": 0.02, "points": 1},
              {"name": "input ends", "run": "cat; echo end", "input": "in\n", "output": "in\nend", "comparison": "exact", "points": 1}
            ]}
            """#
        let (report, _) = try await Self.grade(json, files: ["README.md": "env\n"])
        #expect(
            Self.verdicts(report) == [.passed, .passed, .passed, .passed, .timeLimit, .passed],
            "\(report.tests.map { $0.detail ?? "" })")
        #expect(report.tests[4].input?.contains("stdin: none, and left open") == true, "\(report.tests[4])")
    }

    /// Setup and run are separate commands: a failing setup fails the test without running it, and the run gets what
    /// is left of the timeout.
    @Test func setupFailsTheTestAndSharesTheTimeout() async throws {
        let json = #"""
            {"tests": [
              {"name": "setup fails", "setup": "echo building; exit 3", "run": "echo ran > ran.txt", "points": 1},
              {"name": "not run", "run": "test ! -e ran.txt", "points": 1},
              {"name": "setup takes the time", "setup": "sleep 2", "run": "sleep 2", "timeout": 0.05, "points": 1}
            ]}
            """#
        let (report, _) = try await Self.grade(json, files: ["README.md": "setup\n"])
        #expect(Self.verdicts(report) == [.runtimeError, .passed, .timeLimit], "\(report.tests)")
        #expect(report.tests[0].detail?.hasPrefix("setup exited with status 3") == true, "\(report.tests[0])")
        // Each sleep fits the 3 s timeout; both together do not. (Under load setup may leave the run no time at all.)
        let shared = report.tests[2].detail ?? ""
        #expect(
            shared.hasPrefix("the run command hit the wall-clock time limit")
                || shared.hasPrefix("setup used the whole timeout (3s)"), "\(shared)")
    }

    /// Without --allow-network-setup, a setup that installs packages fails with a message that says why and what to
    /// do.
    @Test func setupThatNeedsTheNetworkSaysWhatIsOffAndWhatToDo() async throws {
        let json = #"""
            {"tests": [{"name": "installs", "setup": "sudo -H pip3 install pytest", "run": "pytest", "points": 1}]}
            """#
        let (report, _) = try await Self.grade(json, files: ["README.md": "install\n"])
        let detail = report.tests[0].detail ?? ""
        #expect(report.tests[0].verdict == .runtimeError)
        #expect(detail.contains("sudo: not found"), "\(detail)")
        #expect(detail.contains("uses `sudo`, but network and `sudo` are off in Ladder's sandbox"), "\(detail)")
        #expect(detail.contains("--allow-network-setup"), "\(detail)")
    }

    @Test func needingTheNetworkIsReadFromWholeWords() {
        #expect(AutogradingRunner.needsNetworkOrRoot("sudo -H pip3 install pytest") == "sudo")
        #expect(AutogradingRunner.needsNetworkOrRoot("cd app && npm install") == "npm install")
        #expect(AutogradingRunner.needsNetworkOrRoot("python3 -m pip install -r requirements.txt") == "pip install")
        #expect(AutogradingRunner.needsNetworkOrRoot("python3 -m pip download x") == "-m pip")
        #expect(AutogradingRunner.needsNetworkOrRoot("make aptly && gcc -o apt.out apt.c") == nil)
        #expect(AutogradingRunner.needsNetworkOrRoot("make pseudo") == nil)
        #expect(AutogradingRunner.needsNetworkOrRoot("javac *.java") == nil)
    }
}

extension Prerequisite {
    static let gpp = executable("/usr/bin/g++", for: "a test compiles C++ with it", package: "g++")
    static let javac = executable(
        "/usr/bin/javac", for: "a test compiles Java with it", package: "default-jdk-headless")
}
