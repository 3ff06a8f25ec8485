import Foundation
import LadderUnits
import Testing

@testable import LadderSandbox

/// Profiles and `ladder sandbox run` read durations and sizes in ``Units``' one syntax (its own tests cover every
/// form); these check that the sandbox uses it and names the field or option a bad value came from.
@Suite struct SandboxQuantityTests {
    @Test(arguments: [("5s", 5000), ("250ms", 250), ("1.5s", 1500), ("2m", 120_000), ("1h", 3_600_000)])
    func parsesDurations(text: String, milliseconds: Int64) throws {
        #expect(Units.milliseconds(try SandboxQuantity.parseDuration(text, field: "wall")) == milliseconds)
    }

    @Test(arguments: [("256M", 256 << 20), ("1G", 1 << 30), ("512K", 512 << 10), ("1024", 1024), ("1.5G", 3 << 29)])
    func parsesSizes(text: String, bytes: Int) throws {
        #expect(try SandboxQuantity.parseBytes(text, field: "memory") == bytes)
    }

    /// What `ladder sandbox run` accepted before lab manifests did: a bare number of seconds, MiB, lower-case units.
    @Test(arguments: [
        ("--wall", "3", #"--wall: "3" has no unit: write "3s" or "3ms""#),
        ("--memory", "64MiB", #"--memory: "64MiB": write "64M""#),
        ("--memory", "2MB", #"--memory: "2MB": write "2M""#),
        ("--memory", "256m", #"--memory: "256m": write "256M""#),
        ("--memory", "12Q", #"--memory: "12Q" has an unknown unit "Q""#),
        (
            "--memory", "-1M",
            #"--memory: "-1M" is not a size: write a whole number of bytes, or a number and a unit (K, M or G, powers of 1024), like "64K", "256M""#
        ),
        ("--wall", "5 parsecs", #"--wall: "5 parsecs" has a space in it"#),
    ])
    func refusesWhatManifestsRefuse(field: String, text: String, message: String) {
        #expect {
            if field == "--wall" {
                _ = try SandboxQuantity.parseDuration(text, field: field)
            } else {
                _ = try SandboxQuantity.parseBytes(text, field: field)
            }
        } throws: { error in
            let error = error as? SandboxError
            return error?.code == .invalidValue && error?.message.hasPrefix(message) == true
        }
        #expect(throws: SandboxError.self) { try SandboxQuantity.parseCount("many", field: "pids") }
    }

    @Test func profileJSONUsesTheSameSyntax() throws {
        let limits = SandboxLimits(
            wallTime: .seconds(60), cpuTime: .milliseconds(250), memoryBytes: 256 << 20, processes: 64, tmpBytes: 1536)
        let json = try JSONEncoder().encode(limits)
        let text = String(decoding: json, as: UTF8.self)
        #expect(
            text.contains(#""wall":"60s""#) && text.contains(#""cpu":"250ms""#) && text.contains(#""memory":"256M""#)
                && text.contains(#""tmp":"1536""#), "\(text)")
        #expect(try JSONDecoder().decode(SandboxLimits.self, from: json) == limits)
        #expect(
            try JSONDecoder().decode(SandboxLimits.self, from: Data(#"{"memory": 1048576}"#.utf8)).memoryBytes == 1
                << 20)
        #expect {
            try JSONDecoder().decode(SandboxLimits.self, from: Data(#"{"memory": "256MiB"}"#.utf8))
        } throws: { error in
            (error as? SandboxError)?.message.hasPrefix(#"memory: "256MiB": write "256M""#) == true
        }
        #expect {
            try JSONDecoder().decode(SandboxLimits.self, from: Data(#"{"fsize": -1}"#.utf8))
        } throws: { error in
            (error as? SandboxError)?.message.hasPrefix(#"fsize: "-1" is not a size"#) == true
        }
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
