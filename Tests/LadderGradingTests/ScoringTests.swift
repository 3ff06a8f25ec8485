import LadderModel
import Testing

@testable import LadderGrading

@Suite struct ScoringTests {
    @Test func mostDecisiveFollowsPrecedence() {
        #expect(Verdict.mostDecisive([.passed, .wrongAnswer, .outputLimit]) == .outputLimit)
        #expect(Verdict.mostDecisive([.runtimeError, .timeLimit, .memoryLimit]) == .timeLimit)
        #expect(Verdict.mostDecisive([.crashed, .runtimeError]) == .crashed)
        #expect(Verdict.mostDecisive([.timeLimit, .graderError]) == .graderError)
        #expect(Verdict.mostDecisive([.passed, .passed]) == .passed)
        #expect(Verdict.mostDecisive([]) == nil)
    }

    @Test func testAndStageScores() {
        #expect(Scoring.score(for: .passed, worth: 2) == Score(earned: 2, possible: 2))
        #expect(Scoring.score(for: .timeLimit, worth: 2) == Score(earned: 0, possible: 2))
        let tally = StageTally([
            (.passed, Scoring.score(for: .passed, worth: 1)),
            (.wrongAnswer, Scoring.score(for: .wrongAnswer, worth: 2)),
            (.crashed, Scoring.score(for: .crashed, worth: 3)),
        ])
        #expect(tally.score == Score(earned: 1, possible: 6))
        #expect(tally.verdict == .crashed)
        #expect(tally.passedCount == 1)
        #expect(tally.testCount == 3)
        #expect(!tally.isPassed)
        #expect(StageTally([]).isPassed)
        #expect(
            Scoring.total([Score(earned: 1, possible: 6), Score(earned: 2.5, possible: 4)]).description == "3.5/10")
    }

    @Test(arguments: [
        (ScriptTestResult(name: "a", passed: true), Score(earned: 4, possible: 4)),
        (ScriptTestResult(name: "a", passed: false), Score(earned: 0, possible: 4)),
        (ScriptTestResult(name: "a", passed: false, score: 1, maxScore: 2), Score(earned: 2, possible: 4)),
        (ScriptTestResult(name: "a", passed: true, score: 3), Score(earned: 3, possible: 4)),
        (ScriptTestResult(name: "a", passed: true, score: 30), Score(earned: 4, possible: 4)),
        (ScriptTestResult(name: "a", passed: true, score: 5, maxScore: 2), Score(earned: 4, possible: 4)),
    ])
    func scriptScores(result: ScriptTestResult, score: Score) {
        #expect(Scoring.score(for: result, worth: 4) == score)
    }

    @Test func skippedScriptTestsDoNotCount() {
        #expect(Scoring.score(for: ScriptTestResult(name: "a", passed: true, skipped: true), worth: 4) == nil)
    }

    @Test func passMarks() {
        let score = Score(earned: 0.1 + 0.2, possible: 1)
        #expect(PassMark.points(0.3).isMet(by: score))
        #expect(PassMark.fraction(0.3).isMet(by: score))
        #expect(!PassMark.fraction(0.31).isMet(by: score))
        #expect(PassMark.fraction(1).isMet(by: .zero))
        #expect(PassMark.fraction(0.7).problem(forPossible: 10) == nil)
        #expect(
            PassMark.fraction(70).problem(forPossible: 10)
                == "the pass mark 70.0 must be a share from 0 to 1 (0.7 means 70%)")
        #expect(
            PassMark.points(12).problem(forPossible: 10)
                == "the pass mark of 12 points is more than the 10 points the lab is worth, so nobody can pass")
        #expect(Score(earned: 1, possible: 4).fraction == 0.25)
        #expect(Score.zero.fraction == nil)
    }

    @Test func attemptStatus() {
        let full = Score(earned: 10, possible: 10)
        #expect(Scoring.attemptStatus(verdicts: [.passed], score: full, passMark: .fraction(0.7)) == .passed)
        #expect(
            Scoring.attemptStatus(
                verdicts: [.wrongAnswer], score: Score(earned: 6, possible: 10), passMark: .fraction(0.7)) == .failed)
        #expect(
            Scoring.attemptStatus(verdicts: [.passed, .graderError], score: full, passMark: .fraction(0.7)) == .error)
    }
}
