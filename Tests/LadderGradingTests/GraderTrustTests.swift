import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// Hidden means hidden: the learner's code cannot see the grader, the expected outputs or the catalog, and
/// nothing it prints or writes can pass a test it did not earn.
@Suite(.requires(.sandbox))
struct GraderTrustTests {
    /// A marker only the hidden files hold; the learner's program builds it at run time so its own source does not.
    let secretHalves = ("HIDDEN-", UUID().uuidString)
    var secret: String { secretHalves.0 + secretHalves.1 }

    /// Python that looks everywhere it can for the grader, the expected output and the catalog, and prints
    /// `clean` or `found ...`.
    func snoop(graderDirectory: String) -> String {
        """
        import os
        secret = "\(secretHalves.0)" + "\(secretHalves.1)"
        targets = [
            \(pythonString(graderDirectory)), \(pythonString(graderDirectory + "/grader.toml")),
            \(pythonString(graderDirectory + "/cases/hidden.out")), \(pythonString(GradingBox.repositoryRoot + "/Graders")),
            \(pythonString(GradingBox.repositoryRoot + "/Graders/log-stats/grader.toml")), \(pythonString(GradingBox.repositoryRoot)),
            "/grader", "/Graders", "/catalog",
        ]
        found = [path for path in targets if os.path.exists(path)]
        skip = {"/proc", "/sys", "/dev", "/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin"}
        for root, dirs, files in os.walk("/"):
            dirs[:] = [d for d in dirs if os.path.join(root, d) not in skip]
            for name in files:
                path = os.path.join(root, name)
                if name == "grader.toml" or name == "hidden.out":
                    found.append(path)
                try:
                    with open(path, "rb") as f:
                        if secret.encode() in f.read(1 << 20):
                            found.append(path)
                except OSError:
                    pass
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    for name in ("cmdline", "environ"):
                        with open("/proc/%s/%s" % (pid, name), "rb") as f:
                            data = f.read()
                            if secret.encode() in data or b"Graders" in data:
                                found.append("/proc/%s/%s" % (pid, name))
                except OSError:
                    pass
        for key, value in os.environ.items():
            if secret in value or "Graders" in value or "grader" in value.lower():
                found.append("env " + key)
        print("clean" if not found else "found " + " ".join(found))
        """
    }

    func pythonString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    @Test func theLearnersProgramCannotSeeTheGraderOrTheCatalog() async throws {
        let hiddenOutput = "clean\n# \(secret)\n"
        // The spec is written before the solution, so the program can name the grader directory's real path.
        let lab = try SyntheticLab(
            grader: oneStageSpec([
                "id = \"snoop\"\npoints = 1\nstdin-file = \"cases/hidden.in\"\nstdout-file = \"cases/hidden.out\"\nselect = \"^(clean|found)\""
            ]),
            fixtures: [
                "cases/hidden.in": "input only\n", "cases/hidden.out": hiddenOutput, "cases/unused.txt": secret,
            ],
            solution: [:])
        try lab.root.write("solution/main.py", snoop(graderDirectory: lab.graderDirectory))
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("snoop"))
        #expect(test.verdict == .passed, "\(test.detail ?? "")")
    }

    @Test func theLearnersServiceCannotSeeTheGraderEither() async throws {
        let lab = try SyntheticLab(
            grader: oneStageSpec([
                "id = \"snoop\"\npoints = 1\nkind = \"http\"\n[[stages.tests.steps]]\npath = \"/\"\nbody-pattern = \"^clean$\""
            ]),
            fixtures: ["cases/hidden.out": secret],
            solution: [:])
        let service = snoop(graderDirectory: lab.graderDirectory).replacingOccurrences(
            of: "print(\"clean\" if not found else \"found \" + \" \".join(found))",
            with: """
                result = ("clean" if not found else "found " + " ".join(found)).encode()
                from http.server import BaseHTTPRequestHandler, HTTPServer
                class H(BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(result)))
                        self.end_headers()
                        self.wfile.write(result)
                    def log_message(self, *a):
                        pass
                HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
                """)
        try lab.root.write("solution/main.py", service)
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("snoop"))
        #expect(test.verdict == .passed, "\(test.detail ?? "")")
    }

    @Test func theStdinFixtureDoesNotNameTheHiddenCase() async throws {
        let lab = try SyntheticLab(
            grader: oneStageSpec(["id = \"fd\"\npoints = 1\nstdin-file = \"cases/07-secret-case.in\"\nstdout = \"x\""]),
            fixtures: ["cases/07-secret-case.in": "data\n"],
            solution: ["main.py": "import os, sys\nprint(os.readlink('/proc/self/fd/0'))\nprint(sys.stdin.read())\n"])
        let (report, _) = try await lab.grade()
        let detail = try #require(report.test("fd")?.detail)
        #expect(detail.contains("data"), "the program read its input: \(detail)")
        #expect(!detail.contains("secret-case"), "\(detail)")
        #expect(!detail.contains(lab.graderDirectory), "\(detail)")
    }

    @Test func forgedOutputDoesNotPass() async throws {
        // Whatever a grader elsewhere might take for success; the expected answer is 42.
        let forgeries = [
            "print('ok')",
            "print('passed')",
            "print('TAP version 13\\n1..1\\nok 1 - answer')",
            "print('{\"tests\": [{\"name\": \"answer\", \"passed\": true}]}')",
            "print('{\"verdict\": \"passed\", \"score\": 100, \"maxScore\": 100}')",
            "print('<testsuite tests=\"1\"><testcase name=\"answer\"/></testsuite>')",
            "open('results.json', 'w').write('{\"passed\": true}'); open('expected.out', 'w').write('')",
            "import sys; sys.stderr.write('42\\n')",
            "import sys; print('4'); sys.exit(0)",
        ]
        let tests = forgeries.indices.map { "id = \"forgery-\($0)\"\npoints = 1\nargs = [\"\($0)\"]\nstdout = \"42\"" }
        let program =
            "import sys\nforgeries = [\n"
            + forgeries.map { "    " + pythonString($0) + ",\n" }.joined()
            + "]\nexec(forgeries[int(sys.argv[1])])\n"
        let lab = try SyntheticLab(grader: oneStageSpec(tests), solution: ["main.py": program])
        let (report, _) = try await lab.grade()
        #expect(report.tests.count == forgeries.count)
        for test in report.tests {
            #expect(test.verdict == .wrongAnswer, "\(test.id): \(test.verdict) \(test.detail ?? "")")
            #expect(test.points == 0)
        }
        #expect(report.score == 0)
        #expect(report.status == .failed)
    }

    @Test func aLearnerFileNamedLikeAFixtureIsReplacedByTheGradersCopy() async throws {
        // `files` fixtures win over a same-named file the learner committed (say, a doctored input).
        let lab = try SyntheticLab(
            grader: oneStageSpec([
                "id = \"input\"\npoints = 1\nfiles = { \"input.txt\" = \"fixtures/input.txt\" }\nstdout = \"3\""
            ]),
            fixtures: ["fixtures/input.txt": "1\n1\n1\n"],
            solution: ["main.py": "print(len(open('input.txt').read().split()))\n", "input.txt": "1\n1\n"])
        let (report, _) = try await lab.grade()
        #expect(report.test("input")?.verdict == .passed, "\(report.test("input")?.detail ?? "")")
    }
}
