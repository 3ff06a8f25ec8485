import Foundation
import Testing

@testable import LadderGrading

/// The TAP and JUnit XML fuzz harnesses' seeds and any failing inputs they found, replayed with their checks.
@Suite struct FuzzRegressionTests {
    @Test(arguments: [("tap", ScriptReportFormat.tap), ("junit", .junit)])
    func messagesStayBounded(harness: String, format: ScriptReportFormat) throws {
        let inputs = try FuzzInputs.load(harness: harness)
        #expect(inputs.count >= 4)
        var read = 0
        for (path, bytes) in inputs {
            guard let results = try? ScriptReport.parse(bytes, format: format) else { continue }
            read += 1
            #expect(results.allSatisfy { ($0.message?.count ?? 0) <= ScriptReport.maximumMessageLength + 1 }, "\(path)")
        }
        #expect(read >= 2, "the seeds hold well-formed reports")
    }
}
