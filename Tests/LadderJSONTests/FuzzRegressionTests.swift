import Foundation
import LadderTestSupport
import Testing

@testable import LadderJSON

/// The JSON fuzz harness's seeds and any failing inputs it found, replayed with the harness's checks.
@Suite struct FuzzRegressionTests {
    @Test func parsedValuesSerializeToTheSameValue() throws {
        let inputs = try FuzzInputs.load(harness: "json")
        #expect(inputs.count >= 5)
        for (path, bytes) in inputs {
            guard let value = try? JSONValue.parse(bytes) else { continue }
            let again = try JSONValue.parse(value.serialized())
            #expect(again == value, "\(path)")
        }
    }
}
