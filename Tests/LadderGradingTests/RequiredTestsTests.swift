import Foundation
import LadderModel
import LadderTOML
import Testing

@testable import LadderGrading

/// `required`, `secret` and `covers` in grader.toml, and what a stretch goal does to the pass mark.
@Suite struct RequiredTestSpecTests {
    let directory: TemporaryDirectory
    let file: String

    init() throws {
        directory = try TemporaryDirectory("required-spec")
        file = directory.file("grader.toml")
    }

    func lab(passMark: Int) throws -> Lab {
        let text = SyntheticLab.labTOML(stages: [("s", 10)], passMark: passMark)
        return try Lab.decode(TOMLDocument.parse(text, file: "lab.toml"), directory: directory.path)
    }

    /// The error parsing `text` against a lab with `passMark` gives, or nil when the spec is accepted.
    func refusal(_ text: String, passMark: Int) throws -> ManifestError? {
        let lab = try lab(passMark: passMark)
        do {
            _ = try GraderSpec.parse(text, file: file, directory: directory.path, lab: lab)
            return nil
        } catch {
            return error
        }
    }

    static let stretch = oneStageSpec([
        "id = \"core\"\npoints = 7\nstdout = \"a\"",
        "id = \"extra\"\npoints = 3\nstdout = \"b\"\nrequired = false\nsecret = true\nfeedback = \"Rule: ids are never reused.\"\ncovers = [\"ids are never reused\"]",
    ])

    @Test func testsAreRequiredByDefaultAndMayBeStretchGoals() throws {
        let spec = try GraderSpec.parse(Self.stretch, file: file, directory: directory.path, lab: lab(passMark: 7))
        let tests = spec.stages[0].tests
        #expect(tests.map(\.required) == [true, false])
        #expect(tests.map(\.secret) == [false, true])
        #expect(tests.map(\.covers) == [[], ["ids are never reused"]])
        #expect(spec.requiredPoints == 7)
        #expect(spec.totalPoints == 10)
    }

    @Test func aPassMarkOfEveryPointWithAStretchGoalIsRefused() throws {
        let error = try #require(
            try refusal(Self.stretch, passMark: 10), "a pass mark of every point with a stretch goal was accepted")
        #expect(error.field == "pass-mark")
        #expect(error.file == directory.path + "/lab.toml")
        #expect(error.message.contains("s/extra"), "\(error)")
        #expect(error.message.contains("lower pass-mark to 7"), "\(error)")
    }

    @Test func aSecretTestNeedsFeedback() throws {
        let text = oneStageSpec(["id = \"hidden\"\npoints = 10\nstdout = \"a\"\nsecret = true"])
        let error = try #require(try refusal(text, passMark: 10), "a secret test without feedback was accepted")
        #expect(error.field == "stages[0].tests[0].secret", "\(error)")
        #expect(error.line == 10, "\(error)")
        #expect(error.message.contains("no feedback"), "\(error)")
    }

    @Test func anEmptyCoversEntryIsRefused() throws {
        let text = oneStageSpec(["id = \"a\"\npoints = 10\nstdout = \"a\"\ncovers = [\"ok\", \" \"]"])
        let error = try #require(try refusal(text, passMark: 10), "an empty covers entry was accepted")
        #expect(error.field == "stages[0].tests[0].covers", "\(error)")
        #expect(error.message.contains("covers[1] is empty"), "\(error)")
    }

    @Test func aReportWithoutRequiredReadsAsRequired() throws {
        let json =
            #"{"id":"a","title":"A","verdict":"wrong-answer","points":0,"maxPoints":3,"wallMilliseconds":1,"cpuMilliseconds":1,"peakMemoryBytes":0}"#
        let test = try JSONDecoder().decode(TestReport.self, from: Data(json.utf8))
        #expect(test.required)
        #expect(test.input == nil)
        let stretch = TestReport(
            id: "b", title: "B", verdict: .wrongAnswer, points: 0, maxPoints: 1, required: false, input: "args: x")
        let again = try JSONDecoder().decode(TestReport.self, from: JSONEncoder().encode(stretch))
        #expect(again == stretch)
    }

    @Test func theScoreLineNamesFailedRequiredTestsWhenThePointsDoNotExplainAFail() {
        let stage = StageReport(
            id: "s", title: "S",
            tests: [
                TestReport(id: "a", title: "A", verdict: .passed, points: 9, maxPoints: 9),
                TestReport(id: "b", title: "B", verdict: .wrongAnswer, points: 0, maxPoints: 1),
            ])
        #expect(!GradeReport.passes(stages: [stage], score: 9, passMark: 5))
        var report = FormatsFixtures.report()
        report.stages = [stage]
        report.score = 9
        report.maxScore = 10
        report.passMark = 5
        report.status = .failed
        #expect(report.failedRequired == ["s/b"])
        #expect(FormatSupport.scoreLine(report) == "failed: 9/10 points (pass mark 5); required tests failing: s/b")
    }
}

/// A pass is mastery: a required test that fails fails the lab, whatever the points; a stretch goal does not.
@Suite(.requires(.sandbox))
struct RequiredTestGradingTests {
    static func spec(stretch: Bool) -> String {
        oneStageSpec([
            "id = \"a\"\npoints = 9\nstdout = \"yes\"",
            "id = \"b\"\npoints = 1\nstdout = \"no\"" + (stretch ? "\nrequired = false" : ""),
        ])
    }

    @Test func aFailedRequiredTestFailsTheLabAboveThePassMark() async throws {
        let lab = try SyntheticLab(
            passMark: 5, grader: Self.spec(stretch: false), solution: ["main.py": "print('yes')"])
        let (report, _) = try await lab.grade()
        #expect(report.score == 9)
        #expect(report.status == .failed)
        #expect(report.failedRequired == ["s/b"])
    }

    @Test func aFailedStretchGoalStillPasses() async throws {
        let lab = try SyntheticLab(passMark: 9, grader: Self.spec(stretch: true), solution: ["main.py": "print('yes')"])
        let (report, _) = try await lab.grade()
        #expect(report.score == 9)
        #expect(report.maxScore == 10)
        #expect(report.status == .passed)
        #expect(report.test("b")?.required == false)
        #expect(report.failedRequired.isEmpty)
    }
}
