import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// Failures teach: a failed test shows its input unless it is secret, the same stderr is shown once, and scratch
/// paths never reach a report.
@Suite(.requires(.sandbox))
struct FailureInputTests {
    @Test func aFailedIOTestShowsItsCommandArgumentsFixturesAndStdin() async throws {
        let longInput = (1...30).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let spec = oneStageSpec([
            "id = \"shown\"\npoints = 1\nargs = [\"--mode\", \"two words\"]\nenv = { LEVEL = \"3\" }\nfiles = { \"data/in.csv\" = \"in.csv\" }\nstdin-file = \"long.in\"\nstdout = \"right\"",
            "id = \"hidden\"\npoints = 1\nargs = [\"--secret-flag\"]\nstdin = \"secret input\"\nstdout = \"right\"\nsecret = true\nfeedback = \"The rule: print right.\"",
            "id = \"fine\"\npoints = 1\nstdout = \"wrong\"",
        ])
        let lab = try SyntheticLab(
            grader: spec, fixtures: ["long.in": longInput, "in.csv": "a,b\n"], solution: ["main.py": "print('wrong')"])
        let (report, _) = try await lab.grade()
        let shown = try #require(report.test("shown"))
        let input = try #require(shown.input, "\(shown)")
        #expect(input.contains("command: python3 main.py --mode 'two words'"), "\(input)")
        #expect(input.contains("env: LEVEL=3"), "\(input)")
        #expect(input.contains("file: data/in.csv (the grader's in.csv)"), "\(input)")
        #expect(input.contains("stdin (the grader's long.in, 30 lines):\n  line 1\n"), "\(input)")
        #expect(input.contains("  line 20\n  … (10 more lines)"), "\(input)")
        #expect(!input.contains("line 21"), "\(input)")
        let hidden = try #require(report.test("hidden"))
        #expect(hidden.verdict == .wrongAnswer)
        #expect(hidden.input == nil, "a secret test's input was shown")
        #expect(hidden.detail == nil, "a secret test's expected output was shown: \(hidden.detail ?? "")")
        #expect(hidden.feedback == "The rule: print right.")
        #expect(report.test("fine")?.input == nil, "a passed test needs no input shown")
    }

    @Test func aFailedHTTPTestShowsTheExactRequestAndTheResponse() async throws {
        let service = """
            import os
            from http.server import BaseHTTPRequestHandler, HTTPServer
            class H(BaseHTTPRequestHandler):
                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    body = b'{"id": 7}'
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                do_GET = do_POST
                def log_message(self, *args): pass
            HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
            """
        let spec = oneStageSpec([
            """
            id = "create"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              path = "/health"
              status = 200
              [[stages.tests.steps]]
              method = "POST"
              path = "/notes"
              headers = { X-Request-Id = "abc" }
              body = '{"text": "hi"}'
              status = 201
            """
        ])
        let lab = try SyntheticLab(grader: spec, solution: ["main.py": service])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("create"))
        #expect(test.verdict == .wrongAnswer, "\(test.detail ?? "")")
        let input = try #require(test.input)
        #expect(input.contains("step 1: GET /health → 200"), "\(input)")
        #expect(input.contains("step 2 sent:\n  POST /notes HTTP/1.1\n"), "\(input)")
        #expect(input.contains("  X-Request-Id: abc"), "\(input)")
        #expect(input.contains("  Content-Length: 14"), "\(input)")
        #expect(input.contains("\n\n  {\"text\": \"hi\"}\nand received:\n  HTTP/1.1 200"), "\(input)")
        #expect(input.contains("  {\"id\": 7}"), "\(input)")
    }

    @Test func theSameStderrOfACrashIsShownOnceAndNoScratchPathAppears() async throws {
        let spec = oneStageSpec([
            "id = \"one\"\npoints = 1\nstdout = \"x\"",
            "id = \"two\"\npoints = 1\nstdout = \"x\"",
        ])
        let program =
            "import os, sys\nsys.stderr.write('boom from ' + os.environ.get('SCRATCH_HINT', 'nowhere') + '\\n')\nraise SystemExit(3)\n"
        let lab = try SyntheticLab(grader: spec, solution: ["main.py": program])
        let (report, _) = try await lab.grade()
        let one = try #require(report.test("one")?.detail)
        let two = try #require(report.test("two")?.detail)
        #expect(one.contains("stderr (last lines):\nboom from nowhere"), "\(one)")
        #expect(!two.contains("boom from"), "\(two)")
        #expect(two.hasSuffix("stderr: the same as in s/one above"), "\(two)")
    }
}

@Suite struct ReportScrubberTests {
    @Test func scratchPathsBecomeWhatTheyStandFor() {
        let scrubber = ReportScrubber(scratch: "/dev/shm/ladder-12-ab/ladder-grade.XyZ")
        #expect(
            scrubber.scrub("connect() to /dev/shm/ladder-12-ab/ladder-grade.XyZ/s7.sock failed")
                == "connect() to the service's socket failed")
        #expect(
            scrubber.scrub("File \"/dev/shm/ladder-12-ab/ladder-grade.XyZ/run3/pkg/main.py\", line 2")
                == "File \"pkg/main.py\", line 2")
        #expect(scrubber.scrub("in /tmp/ladder-99-zz/other: no space") == "in <scratch>: no space")
        #expect(scrubber.scrub("File \"/work/main.py\"") == "File \"/work/main.py\"")
    }

    @Test func aRepeatedStderrExcerptPointsBack() {
        var scrubber = ReportScrubber(scratch: "/tmp/ladder-grade.1")
        let detail = "the program exited with status 1 (expected 0)\nstderr (last lines):\nTraceback"
        #expect(scrubber.clean(detail, test: "s/a") == detail)
        #expect(
            scrubber.clean(detail, test: "s/b")
                == "the program exited with status 1 (expected 0)\nstderr: the same as in s/a above")
        #expect(scrubber.clean("other\nstderr (last lines):\nelse", test: "s/c") == "other\nstderr (last lines):\nelse")
    }
}

/// How a text is shown as a bounded block: lines counted from the newlines, the first ones shown.
@Suite struct TestInputBlockTests {
    @Test(
        "lines are counted with or without a last newline",
        arguments: [("", 0), ("a", 1), ("a\n", 1), ("a\nb", 2), ("a\nb\n", 2), ("\n", 1), ("\n\n", 2), ("é\r\nü", 2)])
    func countsLines(text: String, lines: Int) {
        #expect(TestInput.lineCount(text) == lines)
    }

    @Test func aLongTextShowsItsFirstLinesAndCountsTheRest() {
        let text = (1...25).map { "line \($0)\r" }.joined(separator: "\n") + "\n"
        let block = TestInput.block(text)
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 21)
        #expect(lines.first == "  line 1", "a carriage return before the newline is not shown")
        #expect(lines[19] == "  line 20")
        #expect(lines.last == "  … (5 more lines)")
    }

    @Test func blankLinesStayAndAShortTextIsWhole() {
        #expect(TestInput.block("a\n\nb\n") == "  a\n  \n  b")
        #expect(TestInput.block("") == "")
    }
}
