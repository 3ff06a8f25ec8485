import Foundation
import LadderModel
import LadderSandbox
import Testing
@testable import LadderGrading

/// How a run that never started is judged: a command the box cannot start is the lab's, shown as a grader error.
@Suite struct OutcomeVerdictTests {
    @Test func aCommandTheBoxCannotStartIsAGraderErrorThatSaysWhatFailed() throws {
        let json = #"{"wall_ms":1,"error":"command not found inside the box: ./main","error_kind":"command"}"#
        let outcome = try JSONDecoder().decode(SandboxOutcome.self, from: Data(json.utf8))
        let (verdict, detail) = try #require(OutcomeVerdict.judge(outcome))
        #expect(verdict == .graderError)
        #expect(detail == "the sandbox could not start the program: command not found inside the box: ./main")
    }
}
