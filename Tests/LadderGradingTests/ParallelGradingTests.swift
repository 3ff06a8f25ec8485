import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// The tests of one grade run side by side within the grader's budget of boxes, and the report and its events are
/// the same as one after another: the spec's order, a stage's fail-fast, the stderr shown once.
@Suite(.requires(.sandbox))
struct ParallelGradingTests {
    /// A program that sleeps as long as its first argument says, then prints what it was asked.
    static let sleeper = "import sys, time\ntime.sleep(float(sys.argv[1]))\nprint(sys.argv[2])\n"

    static func sleepTest(_ id: String, seconds: String, prints: String, expects: String) -> String {
        "id = \"\(id)\"\npoints = 1\nargs = [\"\(seconds)\", \"\(prints)\"]\nstdout = \"\(expects)\""
    }

    /// Two stages whose first tests finish last.
    static let twoStages = """
        format = 1
        [[stages]]
        id = "first"
          [[stages.tests]]
          \(sleepTest("slow", seconds: "1.0", prints: "a", expects: "a").replacingOccurrences(of: "\n", with: "\n  "))
          [[stages.tests]]
          \(sleepTest("quick", seconds: "0", prints: "b", expects: "wrong").replacingOccurrences(of: "\n", with: "\n  "))
        [[stages]]
        id = "second"
          [[stages.tests]]
          \(sleepTest("later", seconds: "0.5", prints: "c", expects: "c").replacingOccurrences(of: "\n", with: "\n  "))
          [[stages.tests]]
          \(sleepTest("last", seconds: "0", prints: "d", expects: "d").replacingOccurrences(of: "\n", with: "\n  "))
        """

    @Test func testsFinishingOutOfOrderAreReportedAndAnnouncedInTheSpecsOrder() async throws {
        let lab = try SyntheticLab(grader: Self.twoStages, solution: ["main.py": Self.sleeper])
        let boxes = GradingBudget(slots: 4)
        let (report, events) = try await lab.grade(boxes: boxes)
        #expect(
            events.map(\.name) == [
                "stageStarted:first", "testFinished:first/slow", "testFinished:first/quick", "stageFinished:first",
                "stageStarted:second", "testFinished:second/later", "testFinished:second/last", "stageFinished:second",
            ])
        #expect(report.stages.map(\.id) == ["first", "second"])
        #expect(report.tests.map(\.id) == ["slow", "quick", "later", "last"])
        #expect(report.tests.map(\.verdict) == [.passed, .wrongAnswer, .passed, .passed])
        #expect(report.score == 3)
        // Four tests of which two sleep: they ran side by side, never more than the budget allows.
        let most = await boxes.mostInUse
        #expect(most > 1, "the tests ran one after another")
        #expect(most <= 4)
    }

    @Test func oneBoxAndManyGiveTheSameReport() async throws {
        let lab = try SyntheticLab(grader: Self.twoStages, solution: ["main.py": Self.sleeper])
        let (serial, serialEvents) = try await lab.grade(boxes: GradingBudget(slots: 1))
        let (parallel, parallelEvents) = try await lab.grade(boxes: GradingBudget(slots: 4))
        #expect(serialEvents.map(\.name) == parallelEvents.map(\.name))
        #expect(serial.tests.map(\.verdict) == parallel.tests.map(\.verdict))
        #expect(serial.tests.map(\.detail) == parallel.tests.map(\.detail))
        #expect(serial.score == parallel.score)
        #expect(serial.status == parallel.status)
    }

    @Test func aStagesFailFastDoesNotDependOnWhichTestFinishedFirst() async throws {
        let service = """
            from http.server import BaseHTTPRequestHandler, HTTPServer
            HTTPServer(("127.0.0.1", 9999), BaseHTTPRequestHandler).serve_forever()
            """
        let tests = ["one", "two", "three", "four"].map { ServiceFailFastTests.httpTest($0, timeout: "1s") }
        let lab = try SyntheticLab(grader: oneStageSpec(tests), solution: ["main.py": service])
        // All four start at once, and all four time out; the report still names the first as the one that failed.
        let (report, _) = try await lab.grade(boxes: GradingBudget(slots: 4))
        let first = try #require(report.test("one"))
        #expect(first.verdict == .timeLimit)
        #expect(first.detail?.contains("it listens on port 9999 instead") == true, "\(first.detail ?? "")")
        for id in ["two", "three", "four"] {
            let later = try #require(report.test(id))
            #expect(later.verdict == .timeLimit)
            #expect(later.detail == "not run: the service did not start in test one of this stage; fix that first")
        }
    }
}
