import Foundation
import Testing
@testable import LadderSandbox

@Suite struct SandboxQuantityTests {
    @Test(arguments: [("5s", 5000), ("250ms", 250), ("1.5s", 1500), ("2m", 120_000), ("3", 3000), ("1h", 3_600_000)])
    func parsesDurations(text: String, milliseconds: Int64) throws {
        #expect(try SandboxQuantity.parseDuration(text, field: "wall").milliseconds == milliseconds)
    }

    @Test(arguments: [("256M", 256 << 20), ("1G", 1 << 30), ("512K", 512 << 10), ("1024", 1024), ("64MiB", 64 << 20),
                      ("2MB", 2 << 20), ("1.5G", 3 << 29)])
    func parsesSizes(text: String, bytes: Int) throws {
        #expect(try SandboxQuantity.parseBytes(text, field: "memory") == bytes)
    }

    @Test func malformedValuesNameTheFieldAndValue() {
        for bad in ["12Q", "", "-1M", "M", "1e9"] {
            #expect {
                try SandboxQuantity.parseBytes(bad, field: "memory")
            } throws: { error in
                let message = (error as? SandboxError)?.message ?? ""
                return message.contains("memory") && message.contains("'\(bad)'") && message.contains("256M")
            }
        }
        #expect(throws: SandboxError.self) { try SandboxQuantity.parseDuration("5 parsecs", field: "wall") }
        #expect(throws: SandboxError.self) { try SandboxQuantity.parseCount("many", field: "pids") }
    }

    @Test func formatsRoundTrip() throws {
        #expect(SandboxQuantity.formatBytes(256 << 20) == "256M")
        #expect(SandboxQuantity.formatBytes(1000) == "1000")
        #expect(SandboxQuantity.format(.milliseconds(1500)) == "1500ms")
        #expect(SandboxQuantity.format(.seconds(120)) == "2m")
        let limits = SandboxLimits(wallTime: .seconds(5), cpuTime: .milliseconds(250), memoryBytes: 256 << 20, processes: 64)
        let decoded = try JSONDecoder().decode(SandboxLimits.self, from: JSONEncoder().encode(limits))
        #expect(decoded == limits)
    }

    @Test func limitsAboveTheMaximumAreRefusedWithTheProfileNamed() {
        let maxima = SandboxLimits(wallTime: .seconds(30), memoryBytes: 1 << 30)
        #expect {
            try SandboxLimits(memoryBytes: 2 << 30).validate(maxima: maxima, profile: "python")
        } throws: { error in
            let e = error as? SandboxError
            return e?.code == .limitAboveMaximum && e!.message.contains("memory 2G") && e!.message.contains("'python'")
                && e!.message.contains("1G")
        }
        #expect(throws: SandboxError.self) { try SandboxLimits(processes: 0).validate(maxima: maxima, profile: "p") }
        #expect(throws: Never.self) { try SandboxLimits(wallTime: .seconds(30)).validate(maxima: maxima, profile: "p") }
    }
}
