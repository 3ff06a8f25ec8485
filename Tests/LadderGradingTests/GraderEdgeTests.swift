import Foundation
import LadderModel
import LadderSandbox
import Testing

@testable import LadderGrading

/// Bad input from the issue: binary output, a missing runtime, cancellation, a missing submission.
@Suite(.requires(.sandbox))
struct GraderEdgeTests {
    @Test func binaryOutputIsAWrongAnswerWithAReadableDetail() async throws {
        let lab = try SyntheticLab(
            grader: oneStageSpec(["id = \"bytes\"\npoints = 1\nstdout = \"text\""]),
            solution: ["main.py": "import sys\nsys.stdout.buffer.write(b'\\xff\\xfe\\x00binary\\x1b[31m\\n')\n"])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("bytes"))
        #expect(test.verdict == .wrongAnswer)
        let detail = try #require(test.detail)
        #expect(!detail.contains("\u{1B}"), "control characters are escaped: \(detail)")
        #expect(!detail.contains("\0"))
    }

    @Test func aMissingRuntimeIsNamedAndIsNotTheLearnersFault() async throws {
        let language = """
            [[languages]]
            id = "cobol"
            profile = "default"
            run = ["no-such-runtime", "main.cob"]
            """
        let lab = try SyntheticLab(
            language: language, grader: oneStageSpec(["id = \"run\"\npoints = 1\nstdout = \"x\""]),
            solution: ["main.cob": "DISPLAY 'x'."])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("run"))
        #expect(test.verdict == .graderError, "\(test.detail ?? "")")
        #expect(test.detail?.contains("no-such-runtime") == true, "\(test.detail ?? "")")
        #expect(report.status == .error)
    }

    @Test func aSandboxTheMachineCannotRunIsTheMachinesFailureNotTheLabs() async throws {
        // A launcher that dies without reporting: what a machine without working namespaces or cgroups looks like.
        let broken = try Sandbox(launcher: "/bin/false", profilesDirectory: GradingBox.profiles)
        let lab = try SyntheticLab(
            grader: oneStageSpec(["id = \"a\"\npoints = 1\nstdout = \"x\"", "id = \"b\"\npoints = 1\nstdout = \"x\""]),
            solution: ["main.py": "print('x')\n"])
        let (report, _) = try await lab.grade(sandbox: broken)
        #expect(report.status == .error)
        #expect(report.tests.allSatisfy { $0.verdict != .graderError }, "never blamed on the lab: \(report.tests)")
        let message = try #require(report.errorMessage)
        #expect(message.hasPrefix("this machine could not run test a:"), "\(message)")
        #expect(message.contains("not your code's fault nor the lab's"), "\(message)")
    }

    @Test func aMissingSubmissionDirectoryIsAnErrorReport() async throws {
        let lab = try SyntheticLab(grader: oneStageSpec(["id = \"a\"\npoints = 1\nstdout = \"x\""]), solution: [:])
        try FileManager.default.removeItem(atPath: lab.solutionDirectory)
        let (report, events) = try await lab.grade()
        #expect(report.status == .error)
        #expect(report.errorMessage != nil)
        #expect(report.stages.isEmpty)
        #expect(events.isEmpty)
    }

    @Test(arguments: [1, 2])
    func cancellingStopsTheRunAndSaysSo(tests: Int) async throws {
        // With one test the cancellation lands in the last test, after which no test is left to notice it.
        let sleepers = (1...tests).map {
            "id = \"sleep\($0)\"\npoints = 1\nstdout = \"\"\n[stages.tests.limits]\nwall-time = \"20s\""
        }
        let lab = try SyntheticLab(
            grader: oneStageSpec(sleepers), solution: ["main.py": "import time\ntime.sleep(30)\n"])
        let started = ContinuousClock.now
        let grading = Task { try await lab.grade() }
        try await Task.sleep(for: .milliseconds(500))
        grading.cancel()
        let (report, _) = try await grading.value
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(
            report.status == .interrupted,
            "stopped, not failed: \(report.tests.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
        #expect(report.errorMessage == "grading was stopped before it finished")
    }

    @Test func theShippedLogStatsReferencePassesAndEveryWrongSolutionFails() async throws {
        let root = GradingBox.repositoryRoot
        let lab = try Lab.load(directory: root + "/Labs/log-stats")
        let spec = try GraderSpec.load(directory: root + "/Graders/log-stats", lab: lab)
        let digest = try GraderDigest.compute(directory: root + "/Graders/log-stats")
        let grader = Grader(sandbox: try GradingBox.sandbox())
        func grade(_ solution: String, language: String = "python") async throws -> GradeReport {
            let request = GradingRequest(
                lab: lab, language: try #require(lab.language(language)), spec: spec, graderDigest: digest,
                submission: root + "/Graders/log-stats/" + solution, toolVersion: "test")
            return await grader.grade(request)
        }
        let reference = try await grade("reference/python")
        #expect(
            reference.score == reference.maxScore,
            "\(reference.tests.filter { $0.verdict != .passed }.map { "\($0.id): \($0.detail ?? "")" })")
        let wrongs = try FileManager.default.contentsOfDirectory(atPath: root + "/Graders/log-stats/wrong")
        #expect(!wrongs.isEmpty)
        for wrong in wrongs.sorted() {
            let report = try await grade("wrong/\(wrong)/python")
            #expect(report.score < report.maxScore, "\(wrong) got full marks")
            #expect(report.status != .error, "\(wrong): \(report.errorMessage ?? "")")
        }
    }
}
