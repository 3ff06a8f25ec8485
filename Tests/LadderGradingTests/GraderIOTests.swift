import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// The grading engine with the real sandbox on small `io` labs: comparisons, verdicts, scoring, events, isolation.
@Suite(.requires(.sandbox))
struct GraderIOTests {
    /// One program for many tests: what it does depends on its first argument.
    static let program = #"""
        import json, os, signal, sys, time
        mode = sys.argv[1] if len(sys.argv) > 1 else ""
        if mode == "lines":
            sys.stdout.write("a  \r\nb\n")
        elif mode == "report":
            print("noise 1\ntotal: 3\nnoise 2")
        elif mode == "exact":
            sys.stdout.write("x\n")
        elif mode == "regex":
            print("ok 42")
        elif mode == "numbers":
            print("pi 3.14159 e 2.71828")
        elif mode == "json":
            print(json.dumps({"a": 1, "b": [1, 2], "c": "x"}))
        elif mode == "stderr":
            print("out")
            print("warning: be careful", file=sys.stderr)
        elif mode == "exit3":
            print("bye")
            sys.exit(3)
        elif mode == "echo-stdin":
            sys.stdout.write(sys.stdin.read().upper())
        elif mode == "env":
            print(os.environ.get("GREETING", "unset"))
        elif mode == "cat":
            sys.stdout.write(open(sys.argv[2]).read())
        elif mode == "fresh":
            print("present" if os.path.exists("marker.txt") else "absent")
            open("marker.txt", "w").write("written by a test")
            os.makedirs("made-dir", exist_ok=True)
        elif mode == "spin":
            while True:
                pass
        elif mode == "sleep":
            time.sleep(30)
        elif mode == "memory":
            hog = "x" * (300 << 20)
            print(len(hog))
        elif mode == "flood":
            for _ in range(10000):
                sys.stdout.write("y" * 1000 + "\n")
        elif mode == "raise":
            print("partial")
            raise ValueError("boom in the parser")
        elif mode == "segv":
            sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGSEGV)
        elif mode == "abort":
            os.abort()
        """#

    func lab(_ tests: [String], fixtures: [String: String] = [:], solution: [String: String]? = nil) throws
        -> SyntheticLab
    {
        try SyntheticLab(
            grader: oneStageSpec(tests), fixtures: fixtures, solution: solution ?? ["main.py": Self.program])
    }

    @Test func comparisonsThroughTheEngine() async throws {
        let lab = try lab([
            "id = \"lines\"\npoints = 1\nargs = [\"lines\"]\nstdout = \"a\\nb\"",
            "id = \"select\"\npoints = 1\nargs = [\"report\"]\nstdout = \"header\\ntotal: 3\\n\"\nselect = \"^total\"",
            "id = \"select-wrong\"\npoints = 1\nargs = [\"report\"]\nstdout = \"total: 4\\n\"\nselect = \"^total\"",
            "id = \"exact\"\npoints = 1\nargs = [\"exact\"]\nstdout = \"x\\n\"\ncompare = \"exact\"",
            "id = \"exact-wrong\"\npoints = 1\nargs = [\"exact\"]\nstdout = \"x\"\ncompare = \"exact\"",
            "id = \"regex\"\npoints = 1\nargs = [\"regex\"]\ncompare = \"regex\"\npattern = \"ok [0-9]+\"",
            "id = \"regex-wrong\"\npoints = 1\nargs = [\"regex\"]\ncompare = \"regex\"\npattern = \"ok [a-z]+\"",
            "id = \"numbers\"\npoints = 1\nargs = [\"numbers\"]\nstdout = \"pi 3.1416 e 2.7183\"\ncompare = \"numbers\"\ntolerance = 0.001",
            "id = \"numbers-wrong\"\npoints = 1\nargs = [\"numbers\"]\nstdout = \"pi 3.1416 e 2.7183\"\ncompare = \"numbers\"",
            "id = \"subset\"\npoints = 1\nargs = [\"json\"]\nstdout = '{\"b\": [1, 2]}'\ncompare = \"json-subset\"",
            "id = \"subset-wrong\"\npoints = 1\nargs = [\"json\"]\nstdout = '{\"a\": 2}'\ncompare = \"json-subset\"",
            "id = \"stderr\"\npoints = 1\nargs = [\"stderr\"]\nstdout = \"out\"\nstderr = \"\"\nstderr-compare = \"contains\"\nstderr-pattern = \"careful\"",
            "id = \"stderr-wrong\"\npoints = 1\nargs = [\"stderr\"]\nstdout = \"out\"\nstderr = \"warning: be calm\"",
            "id = \"stderr-pattern-only\"\npoints = 1\nargs = [\"stderr\"]\nstdout = \"out\"\nstderr-compare = \"contains\"\nstderr-pattern = \"calm\"",
            "id = \"exit-code\"\npoints = 1\nargs = [\"exit3\"]\nstdout = \"bye\"\nexit-code = 3",
            "id = \"exit-code-wrong\"\npoints = 1\nargs = [\"exit3\"]\nstdout = \"bye\"",
        ])
        let (report, _) = try await lab.grade()
        let verdicts = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.verdict) })
        #expect(
            verdicts == [
                "lines": .passed, "select": .passed, "select-wrong": .wrongAnswer, "exact": .passed,
                "exact-wrong": .wrongAnswer,
                "regex": .passed, "regex-wrong": .wrongAnswer, "numbers": .passed, "numbers-wrong": .wrongAnswer,
                "subset": .passed, "subset-wrong": .wrongAnswer, "stderr": .passed, "stderr-wrong": .wrongAnswer,
                "stderr-pattern-only": .wrongAnswer,
                "exit-code": .passed, "exit-code-wrong": .runtimeError,
            ])
        #expect(report.score == 8)
        #expect(report.maxScore == 16)
        let selectWrong = try #require(report.test("select-wrong")?.detail)
        #expect(selectWrong.contains("standard output"))
        #expect(
            selectWrong.contains("total: 4") && selectWrong.contains("total: 3"), "the diff shows both: \(selectWrong)")
        #expect(!selectWrong.contains("noise"), "lines outside select are not shown: \(selectWrong)")
        #expect(try #require(report.test("stderr-wrong")?.detail).contains("standard error"))
        #expect(try #require(report.test("exit-code-wrong")?.detail).contains("exited with status 3 (expected 0)"))
        #expect(try #require(report.test("subset-wrong")?.detail).contains("/a"))
    }

    @Test func timeLimitByCPU() async throws {
        let lab = try lab([
            "id = \"spin\"\npoints = 1\nargs = [\"spin\"]\nstdout = \"\"\n[stages.tests.limits]\ncpu-time = \"300ms\"\nwall-time = \"20s\""
        ])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("spin"))
        #expect(test.verdict == .timeLimit)
        #expect(test.detail?.contains("CPU time limit") == true, "\(test.detail ?? "")")
        #expect(test.cpuMilliseconds >= 250)
        #expect(test.wallMilliseconds < 15000, "stopped by the CPU limit, not the 20 s wall limit")
    }

    @Test func timeLimitByWallClock() async throws {
        let lab = try lab([
            "id = \"sleep\"\npoints = 1\nargs = [\"sleep\"]\nstdout = \"\"\n[stages.tests.limits]\nwall-time = \"400ms\""
        ])
        let started = ContinuousClock.now
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("sleep"))
        #expect(test.verdict == .timeLimit)
        #expect(test.detail?.contains("wall-clock time limit") == true, "\(test.detail ?? "")")
        #expect(test.wallMilliseconds >= 400 && test.wallMilliseconds < 3000, "\(test.wallMilliseconds) ms")
        #expect(ContinuousClock.now - started < .seconds(25), "not the program's 30 s sleep")
    }

    @Test func memoryLimit() async throws {
        let lab = try lab([
            "id = \"memory\"\npoints = 1\nargs = [\"memory\"]\nstdout = \"\"\n[stages.tests.limits]\nmemory = \"64M\""
        ])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("memory"))
        #expect(test.verdict == .memoryLimit, "\(test.detail ?? "")")
        #expect(test.detail?.contains("ran out of memory") == true)
    }

    @Test func outputLimit() async throws {
        let lab = try lab([
            "id = \"flood\"\npoints = 1\nargs = [\"flood\"]\nstdout = \"\"\n[stages.tests.limits]\noutput = \"4K\""
        ])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("flood"))
        #expect(test.verdict == .outputLimit, "\(test.detail ?? "")")
        #expect(test.detail?.contains("printed more than allowed") == true)
    }

    @Test func runtimeErrorShowsTheTraceback() async throws {
        let lab = try lab(["id = \"raise\"\npoints = 1\nargs = [\"raise\"]\nstdout = \"partial\""])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("raise"))
        #expect(test.verdict == .runtimeError)
        let detail = try #require(test.detail)
        #expect(detail.contains("exited with status 1"))
        #expect(detail.contains("stderr (last lines)"))
        #expect(detail.contains("ValueError: boom in the parser"))
    }

    @Test func crashesNameTheSignal() async throws {
        let lab = try lab([
            "id = \"segv\"\npoints = 1\nargs = [\"segv\"]\nstdout = \"\"",
            "id = \"abort\"\npoints = 1\nargs = [\"abort\"]\nstdout = \"\"",
        ])
        let (report, _) = try await lab.grade()
        #expect(report.test("segv")?.verdict == .crashed)
        #expect(
            report.test("segv")?.detail?.contains("SIGSEGV (a segmentation fault)") == true,
            "\(report.test("segv")?.detail ?? "")")
        #expect(report.test("abort")?.verdict == .crashed)
        #expect(report.test("abort")?.detail?.contains("SIGABRT") == true)
        #expect(report.status == .failed)
    }

    @Test func aComparisonThatCannotWorkIsTheGradersFault() async throws {
        let lab = try lab([
            "id = \"fine\"\npoints = 1\nargs = [\"regex\"]\ncompare = \"regex\"\npattern = \"ok.*\"",
            "id = \"broken\"\npoints = 1\nargs = [\"regex\"]\ncompare = \"json\"\nstdout = \"{broken\"",
        ])
        let (report, _) = try await lab.grade()
        #expect(report.test("fine")?.verdict == .passed)
        let broken = try #require(report.test("broken"))
        #expect(broken.verdict == .graderError)
        #expect(broken.points == 0)
        #expect(report.status == .error)
        let message = try #require(report.errorMessage)
        #expect(message.contains("broken"))
        #expect(message.contains("not your code's fault"))
    }

    @Test func stdinInlineAndFromAFixtureEnvAndFiles() async throws {
        let lab = try lab(
            [
                "id = \"inline\"\npoints = 1\nargs = [\"echo-stdin\"]\nstdin = \"hello\\n\"\nstdout = \"HELLO\"",
                "id = \"file\"\npoints = 1\nargs = [\"echo-stdin\"]\nstdin-file = \"cases/in.txt\"\nstdout-file = \"cases/out.txt\"",
                "id = \"none\"\npoints = 1\nargs = [\"echo-stdin\"]\nstdout = \"\"",
                "id = \"env\"\npoints = 1\nargs = [\"env\"]\nenv = { GREETING = \"salut\" }\nstdout = \"salut\"",
                "id = \"fixture\"\npoints = 1\nargs = [\"cat\", \"data/in.csv\"]\nfiles = { \"data/in.csv\" = \"fixtures/data.csv\" }\nstdout = \"id,name\\n1,ada\"",
                "id = \"replaced\"\npoints = 1\nargs = [\"cat\", \"given.txt\"]\nfiles = { \"given.txt\" = \"fixtures/data.csv\" }\nstdout = \"id,name\\n1,ada\"",
            ],
            fixtures: [
                "cases/in.txt": "from a file\n", "cases/out.txt": "FROM A FILE\n",
                "fixtures/data.csv": "id,name\n1,ada\n",
            ],
            solution: ["main.py": Self.program, "given.txt": "the learner's own copy\n"])
        let (report, _) = try await lab.grade()
        for test in report.tests {
            #expect(test.verdict == .passed, "\(test.id): \(test.detail ?? "")")
        }
        #expect(report.score == 6)
        #expect(report.status == .passed)
    }

    @Test func everyTestRunsInAFreshCopyAndTheSubmissionIsUntouched() async throws {
        let lab = try lab([
            "id = \"first\"\npoints = 1\nargs = [\"fresh\"]\nstdout = \"absent\"",
            "id = \"second\"\npoints = 1\nargs = [\"fresh\"]\nstdout = \"absent\"",
        ])
        let before = try snapshot(lab.solutionDirectory)
        let (report, _) = try await lab.grade()
        #expect(report.test("first")?.verdict == .passed)
        #expect(
            report.test("second")?.verdict == .passed,
            "the second test saw the first one's file: \(report.test("second")?.detail ?? "")")
        #expect(try snapshot(lab.solutionDirectory) == before)
    }

    @Test func scratchIsRemovedAfterGrading() async throws {
        let scratch = try TemporaryDirectory("scratch")
        let lab = try lab(["id = \"fresh\"\npoints = 1\nargs = [\"fresh\"]\nstdout = \"absent\""])
        let (report, _) = try await lab.grade(scratch: scratch.path)
        #expect(report.status == .passed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }

    @Test func eventsComeInOrder() async throws {
        let lab = try SyntheticLab(
            grader: """
                format = 1
                [[stages]]
                id = "one"
                  [[stages.tests]]
                  id = "a"
                  points = 1
                  args = ["regex"]
                  stdout = "ok 42"
                  [[stages.tests]]
                  id = "b"
                  points = 1
                  args = ["regex"]
                  stdout = "wrong"
                [[stages]]
                id = "two"
                  [[stages.tests]]
                  id = "c"
                  points = 2
                  args = ["regex"]
                  stdout = "ok 42"
                """,
            solution: ["main.py": Self.program])
        let (report, events) = try await lab.grade()
        #expect(
            events.map(\.name) == [
                "stageStarted:one", "testFinished:one/a", "testFinished:one/b", "stageFinished:one",
                "stageStarted:two", "testFinished:two/c", "stageFinished:two",
            ])
        if case .stageStarted(_, let title, let count) = events.first {
            #expect(title == "Stage one")
            #expect(count == 2)
        }
        #expect(report.stages.map(\.title) == ["Stage one", "Stage two"])
        #expect(report.stages.map(\.score) == [1, 2])
        #expect(report.stages[0].verdict == .wrongAnswer)
        #expect(report.stages[1].passed)
    }

    @Test func feedbackOnlyOnFailure() async throws {
        let lab = try lab([
            "id = \"good\"\npoints = 1\nargs = [\"regex\"]\nstdout = \"ok 42\"\nfeedback = \"hint one\"",
            "id = \"bad\"\npoints = 1\nargs = [\"regex\"]\nstdout = \"ok 43\"\nfeedback = \"hint two\"",
        ])
        let (report, _) = try await lab.grade()
        #expect(report.test("good")?.feedback == nil)
        #expect(report.test("bad")?.feedback == "hint two")
        #expect(report.test("bad")?.detail?.contains("ok 43") == true)
    }

    @Test func reportCarriesTheRequest() async throws {
        let lab = try lab(["id = \"a\"\npoints = 1\nargs = [\"regex\"]\nstdout = \"ok 42\""])
        let (report, _) = try await lab.grade()
        #expect(report.labID == "synthetic")
        #expect(report.labVersion == "1.2.3")
        #expect(report.labTitle == "A synthetic lab")
        #expect(report.graderDigest == "sha256:test")
        #expect(report.language == "python")
        #expect(report.learner == "learner@example.com")
        #expect(report.commit == "c0ffee")
        #expect(report.tree == "7ree")
        #expect(report.toolVersion == "test")
        #expect(report.build == nil)
        #expect(report.finishedAt >= report.startedAt)
        #expect(report.test("a")?.wallMilliseconds ?? 0 > 0)
    }

    /// Every file under `directory` with its contents, mode and modification time.
    func snapshot(_ directory: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let path = enumerator?.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + path)
            let contents =
                FileManager.default.contents(atPath: directory + "/" + path).map { String(decoding: $0, as: UTF8.self) }
                ?? "<dir>"
            result[path] = "\(attributes[.posixPermissions] ?? "") \(attributes[.modificationDate] ?? "") \(contents)"
        }
        return result
    }
}

/// Points, pass marks and what an attempt's status is made of.
@Suite(.requires(.sandbox))
struct GraderScoringTests {
    static let spec = """
        format = 1
        [[stages]]
        id = "one"
          [[stages.tests]]
          id = "a"
          points = 3
          stdout = "yes"
          [[stages.tests]]
          id = "b"
          points = 4
          stdout = "yes"
        [[stages]]
        id = "two"
          [[stages.tests]]
          id = "c"
          points = 3
          stdout = "no"
          required = false
        """

    /// With every required test passed, the pass mark still asks for its score: 8 needs a stretch point.
    @Test(arguments: [(7, AttemptStatus.passed), (8, .failed)])
    func passMark(mark: Int, status: AttemptStatus) async throws {
        let lab = try SyntheticLab(passMark: mark, grader: Self.spec, solution: ["main.py": "print('yes')"])
        let (report, _) = try await lab.grade()
        #expect(report.score == 7)
        #expect(report.maxScore == 10)
        #expect(report.passMark == mark)
        #expect(report.status == status)
        #expect(report.passed == (status == .passed))
        #expect(report.errorMessage == nil)
        #expect(report.test("c")?.points == 0)
        #expect(report.test("c")?.maxPoints == 3)
        #expect(report.verdictCounts.map(\.0) == [.wrongAnswer, .passed])
    }

    @Test func zeroScoreIsAFailNotAnError() async throws {
        let lab = try SyntheticLab(passMark: 7, grader: Self.spec, solution: ["main.py": "print('maybe')"])
        let (report, _) = try await lab.grade()
        #expect(report.score == 0)
        #expect(report.status == .failed)
    }

    @Test func aMissingEntryPointIsTheLearnersRuntimeError() async throws {
        let lab = try SyntheticLab(passMark: 7, grader: Self.spec, solution: ["other.py": "print('yes')"])
        let (report, _) = try await lab.grade()
        #expect(report.status == .failed)
        #expect(
            report.tests.allSatisfy { $0.verdict == .runtimeError },
            "\(report.tests.map { "\($0.verdict) \($0.detail ?? "")" })")
        #expect(report.test("a")?.detail?.contains("main.py") == true)
    }
}
