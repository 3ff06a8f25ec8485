import LadderUnits
import Testing

/// The one syntax of durations and sizes (`docs/lab-format.md`, "Durations and sizes"): every form it accepts, every
/// form it refuses with the message a person sees, and printing that reads back to the same value.
@Suite struct UnitsTests {
    @Test(
        "durations it reads",
        arguments: [
            ("250ms", Duration.milliseconds(250)), ("5s", .seconds(5)), ("1.5s", .milliseconds(1500)),
            ("0.25s", .milliseconds(250)),
            ("2m", .seconds(120)), ("1m", .seconds(60)), ("1h", .seconds(3600)), ("0s", .zero), ("007s", .seconds(7)),
            ("10m", .seconds(600)),
        ])
    func readsDuration(text: String, expected: Duration) throws {
        #expect(try Units.parseDuration(text) == expected)
    }

    @Test(
        "durations it refuses, and what it says",
        arguments: [
            ("5", #""5" has no unit: write "5s" or "5ms""#),
            ("1.5", #""1.5" has no unit: write "1.5s" or "1.5ms""#),
            ("5 s", #""5 s" has a space in it: write "5s""#),
            (" 5s", #"" 5s" has a space in it: write "5s""#),
            ("5S", #""5S": write "5s"; the units of a duration are ms, s, m and h"#),
            ("5sec", #""5sec": write "5s""#),
            ("2min", #""2min": write "2m""#),
            ("250MS", #""250MS": write "250ms""#),
            ("1hour", #""1hour": write "1h""#),
            ("3d", #""3d" has an unknown unit "d": the units are ms, s, m and h"#),
            ("1e3ms", #""1e3ms" has an unknown unit "e3ms""#),
            (
                "-5s",
                #""-5s" is not a duration: write a number and a unit (ms, s, m or h), like "250ms", "1.5s" or "2m""#
            ),
            (".5s", #"".5s" is not a duration"#),
            ("1.s", #""1.s" is not a duration"#),
            ("1.2.3s", #""1.2.3s" is not a duration"#),
            ("s", #""s" is not a duration"#),
            ("", "a duration cannot be empty: write a number and a unit"),
            ("99999999999999h", #""99999999999999h" is too long"#),
        ])
    func refusesDuration(text: String, message: String) {
        expectRefusal(of: text, saying: message, by: Units.parseDuration)
    }

    @Test(
        "sizes it reads",
        arguments: [
            ("64K", 64 << 10), ("256M", 256 << 20), ("1G", 1 << 30), ("1.5G", 3 << 29), ("0.5K", 512), ("1024", 1024),
            ("0", 0),
            ("4096G", 1 << 42),
        ])
    func readsSize(text: String, expected: Int) throws {
        #expect(try Units.parseByteSize(text) == expected)
    }

    @Test(
        "sizes it refuses, and what it says",
        arguments: [
            (
                "256MiB",
                #""256MiB": write "256M"; the units of a size are K, M and G (powers of 1024), in upper case and with no B or iB"#
            ),
            ("256MB", #""256MB": write "256M""#),
            ("256m", #""256m": write "256M""#),
            ("64k", #""64k": write "64K""#),
            ("1gb", #""1gb": write "1G""#),
            ("512B", #""512B": write "512"; a size without a unit is a number of bytes"#),
            ("1T", #""1T" has an unknown unit "T": the units are K, M and G"#),
            ("12Q", #""12Q" has an unknown unit "Q""#),
            ("1.5", #""1.5" is not a whole number of bytes: write a whole number, or a number and a unit (K, M or G)"#),
            (
                "-1M",
                #""-1M" is not a size: write a whole number of bytes, or a number and a unit (K, M or G, powers of 1024), like "64K", "256M" or "1.5G""#
            ),
            ("M", #""M" is not a size"#),
            ("256 M", #""256 M" has a space in it: write "256M""#),
            ("", "a size cannot be empty"),
            ("2000000G", #""2000000G" is too large: the largest size is 1048576G"#),
        ])
    func refusesSize(text: String, message: String) {
        expectRefusal(of: text, saying: message, by: Units.parseByteSize)
    }

    @Test(
        "durations print in the largest whole unit, seconds below two minutes, minutes below two hours",
        arguments: [
            (Duration.milliseconds(250), "250ms"), (.milliseconds(1500), "1500ms"), (.zero, "0s"), (.seconds(1), "1s"),
            (.seconds(60), "60s"), (.seconds(90), "90s"), (.seconds(120), "2m"), (.seconds(150), "150s"),
            (.seconds(3600), "60m"),
            (.seconds(5400), "90m"), (.seconds(7200), "2h"),
        ])
    func printsDuration(duration: Duration, text: String) throws {
        #expect(Units.format(duration) == text)
        #expect(try Units.parseDuration(text) == duration)
    }

    @Test(
        "measured times print as seconds with one decimal, rounded to the nearest tenth",
        arguments: [
            (Duration.zero, "0.0 s"), (.milliseconds(49), "0.0 s"), (.milliseconds(50), "0.1 s"),
            (.milliseconds(2500), "2.5 s"), (.milliseconds(9960), "10.0 s"), (.seconds(125), "125.0 s"),
        ])
    func printsElapsed(duration: Duration, text: String) {
        #expect(Units.formatElapsed(duration) == text)
    }

    @Test(
        "sizes print in the largest whole unit, else in bytes",
        arguments: [
            (64 << 10, "64K"), (256 << 20, "256M"), (4 << 30, "4G"), (1536, "1536"), (1000, "1000"), (0, "0"),
            (3 << 29, "1536M"),
        ])
    func printsSize(bytes: Int, text: String) throws {
        #expect(Units.formatBytes(bytes) == text)
        #expect(try Units.parseByteSize(text) == bytes)
    }

    @Test func millisecondsRoundDown() {
        #expect(Units.milliseconds(.microseconds(2999)) == 2)
        #expect(Units.milliseconds(.seconds(90)) == 90_000)
    }

    private func expectRefusal<Value>(
        of text: String, saying message: String, by parse: (String) throws(UnitError) -> Value,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let value = try parse(text)
            Issue.record("\"\(text)\" was read as \(value)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.text == text, sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error.message)", sourceLocation: sourceLocation)
        }
    }
}
