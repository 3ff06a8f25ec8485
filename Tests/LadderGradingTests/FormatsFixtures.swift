import Foundation
import LadderModel

@testable import LadderGrading

/// Reports for the format tests, with the kind of text learner programs really print.
enum FormatsFixtures {
    /// Output no format may let through raw: markup, control bytes, workflow commands, TAP directives,
    /// characters XML forbids and Unicode line separators.
    static let hostileDetail =
        "line 1: expected \"42\", got \"<script>&amp;]]></script>\"\n"
        + "bell\u{07} escape\u{1B}[31m nul\u{00} form\u{0C} 100% done\r\n"
        + "::error::forged # not a directive\u{2028}separated\u{FFFF} \u{1F600}"

    static let started = Date(timeIntervalSince1970: 1_740_830_400)  // 2025-03-01T12:00:00Z

    static func report(status: AttemptStatus = .failed) -> GradeReport {
        GradeReport(
            labID: "log-stats",
            labVersion: "1.2.0",
            labTitle: "Log statistics",
            graderDigest: "sha256:" + String(repeating: "ab", count: 32),
            language: "python",
            learner: "ada@example.com",
            toolVersion: "0.3.0",
            commit: "0123456789abcdef0123456789abcdef01234567",
            tree: "89abcdef0123456789abcdef0123456789abcdef",
            build: nil,
            stages: [
                StageReport(
                    id: "parse", title: "Parse lines",
                    tests: [
                        TestReport(
                            id: "empty", title: "Empty input", verdict: .passed, points: 2, maxPoints: 2,
                            wallMilliseconds: 12, cpuMilliseconds: 8, peakMemoryBytes: 1 << 20),
                        TestReport(
                            id: "one-line", title: "One line, no newline", verdict: .wrongAnswer, points: 0,
                            maxPoints: 3, feedback: "Count the last line even without a newline.",
                            detail: hostileDetail, wallMilliseconds: 1234),
                    ]),
                StageReport(
                    id: "limits", title: "Big files",
                    tests: [
                        TestReport(
                            id: "huge", title: "A 1 GB log", verdict: .timeLimit, points: 0, maxPoints: 4,
                            detail: "wall time limit of 2s exceeded", wallMilliseconds: 2001),
                        TestReport(
                            id: "fixture", title: "Missing fixture", verdict: .graderError, points: 0, maxPoints: 1,
                            detail: "fixture cases/big.log is missing"),
                        TestReport(
                            id: "sum", title: "Sums bytes", verdict: .passed, points: 5, maxPoints: 5,
                            wallMilliseconds: 5),
                    ]),
            ],
            score: 7,
            maxScore: 15,
            passMark: 10,
            status: status,
            errorMessage: nil,
            startedAt: started,
            finishedAt: started.addingTimeInterval(3.5)
        )
    }

    /// A report whose build failed before any test ran.
    static func buildFailure() -> GradeReport {
        var report = report()
        report.build = BuildReport(
            command: ["javac", "Main.java"], succeeded: false, verdict: .buildError,
            output: "Main.java:3: error: ';' expected <here>\u{01}", wallMilliseconds: 900)
        report.stages = []
        report.score = 0
        return report
    }
}
