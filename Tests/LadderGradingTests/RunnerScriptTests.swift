import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// The `script` runner: a lab's own grader program in its own box, reading `/submission`, reporting TAP, JUnit or JSON.
@Suite(.requires(.sandbox))
struct RunnerScriptTests {
    /// Checks the learner's `answer.txt` three ways and reports in the format given as its first argument.
    static let checker = #"""
        import json, os, sys
        fmt = sys.argv[1]
        try:
            answer = open("/submission/answer.txt").read().split()
        except OSError:
            answer = []
        checks = [
            ("has three words", len(answer) == 3, "expected 3 words, got %d" % len(answer)),
            ("starts with alpha", answer[:1] == ["alpha"], "the first word is wrong"),
            ("ends with gamma", answer[-1:] == ["gamma"], "the last word is wrong"),
        ]
        if fmt == "tap":
            print("TAP version 13")
            print("1..%d" % len(checks))
            for i, (name, ok, why) in enumerate(checks, 1):
                print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
                if not ok:
                    print("  ---\n  message: '%s'\n  ..." % why)
        elif fmt == "junit":
            print('<?xml version="1.0"?><testsuite name="answer" tests="%d">' % len(checks))
            for name, ok, why in checks:
                print('<testcase name="%s">%s</testcase>' % (name, "" if ok else '<failure message="%s"/>' % why))
            print("</testsuite>")
        elif fmt == "json":
            print(json.dumps({"tests": [{"name": n, "passed": ok, "message": None if ok else w} for n, ok, w in checks]}))
        elif fmt == "garbage":
            print("this is not a report")
        elif fmt == "empty-tap":
            print("TAP version 13\n1..0")
        """#

    func lab(_ formats: [String], answer: String, extra: [String: String] = [:], points: Int = 3) throws -> SyntheticLab
    {
        let tests = formats.map { format in
            let reported = format.hasPrefix("empty") ? "tap" : (format == "garbage" ? "json" : format)
            return
                "id = \"\(format)\"\npoints = \(points)\nkind = \"script\"\ncommand = [\"python3\", \"/grader/check.py\", \"\(format)\"]\nformat = \"\(reported)\""
        }
        var solution = extra
        solution["answer.txt"] = answer
        return try SyntheticLab(grader: oneStageSpec(tests), fixtures: ["check.py": Self.checker], solution: solution)
    }

    @Test(arguments: ["tap", "junit", "json"])
    func everyFormatPassesAndFails(format: String) async throws {
        let passing = try lab([format], answer: "alpha beta gamma\n")
        let (good, _) = try await passing.grade()
        let passed = try #require(good.test(format))
        #expect(passed.verdict == .passed, "\(passed.detail ?? "")")
        #expect(passed.points == 3)

        let failing = try lab([format], answer: "alpha beta delta\n")
        let (bad, _) = try await failing.grade()
        let failed = try #require(bad.test(format))
        #expect(failed.verdict == .wrongAnswer)
        #expect(failed.points == 2)
        let detail = try #require(failed.detail)
        #expect(detail.contains("2 of 3 checks passed"), "\(detail)")
        #expect(detail.contains("✗ ends with gamma"), "\(detail)")
        #expect(detail.contains("the last word is wrong"), "\(detail)")
    }

    @Test(
        .requires(
            .executable(
                "/usr/bin/javac", for: "a Java solution is built and started by the script",
                package: "default-jdk-headless")))
    func aScriptStartsTheLearnersProgramInItsLanguageFromLADDER_RUN() async throws {
        // The script runs under the python profile, the learner's program is Java: it is told the command, and its
        // box binds what the JVM needs (/etc/java-*), which the python profile alone lacks.
        let starter = #"""
            import json, os, subprocess
            run = json.loads(os.environ["LADDER_RUN"])
            done = subprocess.run(run, cwd="/submission", capture_output=True, text=True, input="ada\n")
            ok = done.stdout.strip() == "hello ada"
            print("TAP version 13\n1..2")
            print(("ok" if os.environ.get("LADDER_LANGUAGE") == "java" else "not ok") + " 1 - the language is named")
            print(("ok" if ok else "not ok") + " 2 - the program answers")
            if not ok:
                print("  ---\n  message: %s\n  ..." % json.dumps(run + [done.stdout, done.stderr[-300:]]))
            """#
        let java = """
            [[languages]]
            id = "java"
            build = ["javac", "Main.java"]
            run = ["java", "-Xmx128m", "Main"]
            """
        let program = """
            public class Main {
                public static void main(String[] args) {
                    String name = new java.util.Scanner(System.in).nextLine();
                    System.out.println("hello " + name);
                }
            }
            """
        let lab = try SyntheticLab(
            language: java, limits: "memory = \"1G\"\nwall-time = \"60s\"\ncpu-time = \"30s\"\nprocesses = 128",
            grader: oneStageSpec([
                "id = \"starts\"\npoints = 2\nkind = \"script\"\ncommand = [\"python3\", \"/grader/check.py\"]\nformat = \"tap\""
            ]),
            fixtures: ["check.py": starter], solution: ["Main.java": program])
        #expect(lab.lab.defaultLanguage.profile == "jvm")
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("starts"))
        #expect(test.verdict == .passed, "\(test.detail ?? "")")
        #expect(test.points == 2)
    }

    @Test func aLanguageWithoutAProfileOfItsOwnBringsNoRuntimeToTheScript() async throws {
        // SQL labs name a language `sql` whose programs the grader's database runs: there is no `sql` profile, and the
        // script must run as before rather than fail looking for one.
        let sql = """
            [[languages]]
            id = "sql"
            run = ["python3", "/grader/check.py", "json"]
            """
        let lab = try SyntheticLab(
            language: sql,
            grader: oneStageSpec([
                "id = \"json\"\npoints = 3\nkind = \"script\"\ncommand = [\"python3\", \"/grader/check.py\", \"json\"]\nformat = \"json\""
            ]),
            fixtures: ["check.py": Self.checker], solution: ["answer.txt": "alpha beta gamma\n"])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("json"))
        #expect(test.verdict == .passed, "\(test.detail ?? "")")
    }

    @Test func fractionalScoresRoundDown() async throws {
        // One check of three passes: 10 × 1/3 = 3.33 points; two of three: 6.67; both round down.
        let one = try lab(["json"], answer: "alpha\n", points: 10)
        let (first, _) = try await one.grade()
        #expect(first.test("json")?.points == 3)
        #expect(first.score == 3)
        let two = try lab(["json"], answer: "alpha b c\n", points: 10)
        let (second, _) = try await two.grade()
        #expect(second.test("json")?.points == 6)
        #expect(second.test("json")?.verdict == .wrongAnswer)
        #expect(second.score == 6)
    }

    @Test func aMalformedOrEmptyReportIsTheGradersFault() async throws {
        let lab = try lab(["garbage", "empty-tap"], answer: "alpha beta gamma\n")
        let (report, _) = try await lab.grade()
        let garbage = try #require(report.test("garbage"))
        #expect(garbage.verdict == .graderError)
        #expect(garbage.detail?.contains("report is not valid json") == true, "\(garbage.detail ?? "")")
        let empty = try #require(report.test("empty-tap"))
        #expect(empty.verdict == .graderError)
        #expect(empty.detail?.contains("reported no tests") == true, "\(empty.detail ?? "")")
        #expect(report.status == .error)
    }

    @Test func aScriptThatCannotStartIsTheGradersFault() async throws {
        let lab = try SyntheticLab(
            grader: oneStageSpec([
                "id = \"missing\"\npoints = 1\nkind = \"script\"\ncommand = [\"/grader/no-such-checker\"]\nformat = \"tap\""
            ]),
            solution: ["answer.txt": "x"])
        let (report, _) = try await lab.grade()
        #expect(report.test("missing")?.verdict == .graderError, "\(report.test("missing")?.detail ?? "")")
    }

    @Test func theLearnersFilesCannotChangeTheScriptsReport() async throws {
        // The learner ships files named like reports and a fake checker; the script's own stdout is all that counts.
        let forged = [
            "report.json": #"{"tests": [{"name": "has three words", "passed": true}]}"#,
            "results.tap": "TAP version 13\n1..1\nok 1 - everything\n",
            "check.py": "print('{\"tests\": [{\"name\": \"x\", \"passed\": true}]}')\n",
            "main.py": "print('ok 1 - all good')\n",
        ]
        let lab = try lab(["json"], answer: "wrong\n", extra: forged)
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("json"))
        #expect(test.verdict == .wrongAnswer)
        #expect(test.points == 0)
    }

    @Test func theScriptSeesTheSubmissionReadOnly() async throws {
        let writer = #"""
            import json
            try:
                open("/submission/answer.txt", "w").write("changed")
                result = {"name": "read-only", "passed": False, "message": "could write"}
            except OSError as e:
                result = {"name": "read-only", "passed": True}
            try:
                open("/grader/new-file", "w").write("x")
                grader = {"name": "grader read-only", "passed": False, "message": "could write"}
            except OSError:
                grader = {"name": "grader read-only", "passed": True}
            print(json.dumps({"tests": [result, grader]}))
            """#
        let lab = try SyntheticLab(
            grader: oneStageSpec([
                "id = \"ro\"\npoints = 1\nkind = \"script\"\ncommand = [\"python3\", \"/grader/w.py\"]\nformat = \"json\""
            ]),
            fixtures: ["w.py": writer], solution: ["answer.txt": "x"])
        let (report, _) = try await lab.grade()
        #expect(report.test("ro")?.verdict == .passed, "\(report.test("ro")?.detail ?? "")")
        #expect(lab.root.read("solution/answer.txt") == "x")
    }

    @Test func withAServiceTheScriptTalksToItThroughTheSocket() async throws {
        let service = #"""
            import os
            from http.server import BaseHTTPRequestHandler, HTTPServer
            class H(BaseHTTPRequestHandler):
                def do_GET(self):
                    body = ("pong " + self.path).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *a):
                    pass
            HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
            """#
        let client = #"""
            import json, os, socket
            path = os.environ.get("LADDER_SERVICE_SOCKET", "")
            tests = [{"name": "socket given", "passed": path == "/run/ladder/service.sock", "message": path}]
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(5)
                s.connect(path)
                s.sendall(b"GET /ping HTTP/1.0\r\nHost: x\r\n\r\n")
                data = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                tests.append({"name": "pong", "passed": data.endswith(b"pong /ping"), "message": data.decode(errors="replace")[-80:]})
            except OSError as e:
                tests.append({"name": "pong", "passed": False, "message": str(e)})
            print(json.dumps({"tests": tests}))
            """#
        let lab = try SyntheticLab(
            grader: oneStageSpec([
                "id = \"svc\"\npoints = 2\nkind = \"script\"\nservice = true\ncommand = [\"python3\", \"/grader/client.py\"]\nformat = \"json\""
            ]),
            fixtures: ["client.py": client], solution: ["main.py": service])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("svc"))
        #expect(test.verdict == .passed, "\(test.detail ?? "")")
        #expect(test.points == 2)
    }

    @Test func withAServiceThatNeverStartsTheTestFailsInTime() async throws {
        let lab = try SyntheticLab(
            grader: oneStageSpec([
                "id = \"svc\"\npoints = 1\nkind = \"script\"\nservice = true\ncommand = [\"python3\", \"/grader/check.py\", \"json\"]\nformat = \"json\""
            ]),
            fixtures: ["check.py": Self.checker], solution: ["main.py": "raise SystemExit(2)\n"])
        let (report, _) = try await lab.grade()
        #expect(report.test("svc")?.verdict == .runtimeError, "\(report.test("svc")?.detail ?? "")")
    }
}
