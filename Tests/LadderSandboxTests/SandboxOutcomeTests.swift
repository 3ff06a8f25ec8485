import Foundation
import Testing

@testable import LadderSandbox

/// The launcher's status JSON, decoded: whose failure a setup error is survives the trip.
@Suite struct SandboxOutcomeTests {
    func decode(_ json: String) throws -> SandboxOutcome {
        try JSONDecoder().decode(SandboxOutcome.self, from: Data(json.utf8))
    }

    @Test func theKindOfASetupFailureIsTyped() throws {
        let command = try decode(#"{"wall_ms":1,"error":"command not found inside the box: x","error_kind":"command"}"#)
        #expect(command.setupFailure == SandboxSetupFailure(.command, "command not found inside the box: x"))
        let machine = try decode(#"{"wall_ms":1,"error":"cannot create cgroup","error_kind":"machine"}"#)
        #expect(machine.setupFailure == SandboxSetupFailure(.machine, "cannot create cgroup"))
        #expect(machine.setupError == "cannot create cgroup")
        let clean = try decode(#"{"wall_ms":1,"exit_code":0,"error":null,"error_kind":null}"#)
        #expect(clean.setupFailure == nil && clean.succeeded)
    }

    @Test func anErrorWithoutAKindIsNeverTakenForTheCommands() throws {
        let outcome = try decode(#"{"wall_ms":1,"error":"something failed"}"#)
        #expect(outcome.setupFailure?.kind == .machine)
    }

    @Test func encodingKeepsTheKind() throws {
        let outcome = try decode(#"{"wall_ms":1,"error":"not executable","error_kind":"command"}"#)
        let again = try JSONDecoder().decode(SandboxOutcome.self, from: try JSONEncoder().encode(outcome))
        #expect(again.setupFailure == outcome.setupFailure)
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(outcome)) as? [String: Any]
        #expect(object?["error_kind"] as? String == "command")
    }
}
