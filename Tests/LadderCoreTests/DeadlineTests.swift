import Foundation
import Testing

@testable import LadderCore

/// `Deadline.parse`: exactly the RFC 3339 date-times with an offset, and bare dates as the end of the day in UTC.
struct DeadlineTests {
    /// The instant of a UTC date-time, read by Foundation's own parser (an independent reference).
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        return ISO8601DateFormatter().date(from: text)!
    }

    @Test(arguments: [
        ("2026-12-01T23:59:00Z", "2026-12-01T23:59:00Z"),
        ("2026-12-01t23:59:00z", "2026-12-01T23:59:00Z"),
        ("2026-12-01T23:59:00+02:00", "2026-12-01T21:59:00Z"),
        ("2026-12-01T23:59:00-05:30", "2026-12-02T05:29:00Z"),
        ("2026-12-31T23:59:59-00:00", "2026-12-31T23:59:59Z"),
        ("2026-12-01T23:59:00.5Z", "2026-12-01T23:59:00.500Z"),
        ("2026-12-01T23:59:00.125+01:00", "2026-12-01T22:59:00.125Z"),
        ("2026-12-01", "2026-12-01T23:59:59Z"),
        ("2024-02-29", "2024-02-29T23:59:59Z"),
        ("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:00:00-01:00", "1970-01-01T00:00:00Z"),
        ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"),
    ])
    func accepted(text: String, instant: String) throws {
        #expect(try Deadline.parse(text) == Self.utc(instant))
    }

    @Test func nineDigitsOfASecondAreKept() throws {
        let date = try Deadline.parse("2026-12-01T23:59:00.123456789Z")
        #expect(abs(date.timeIntervalSince(Self.utc("2026-12-01T23:59:00Z")) - 0.123456789) < 1e-6)
    }

    @Test(arguments: [
        ("2026-12-01T12:00", "no seconds and no offset"),
        ("2026-12-01T12:00Z", "the seconds are missing"),
        ("2026-12-01T12:00:00", "it has no offset"),
        ("2026-02-30T00:00:00Z", "February 2026 has 28 days"),
        ("2026-02-29", "February 2026 has 28 days"),
        ("1900-02-29", "February 1900 has 28 days"),
        ("2026-04-31", "April 2026 has 30 days"),
        ("2026-12-01T25:00:00Z", "the hour 25 is out of range"),
        ("2026-12-01T24:00:00Z", "the hour 24 is out of range"),
        ("2026-12-01T23:60:00Z", "the minute 60 is out of range"),
        ("2026-12-01T23:59:60Z", "the second 60 is out of range"),
        ("2026-12-01T23:59:00Zjunk", "unexpected \"junk\" after the offset"),
        ("2026-12-01T23:59:00+02:00 ", "unexpected \" \" after the offset"),
        ("2026-12-01junk", "after the date comes T"),
        ("2026-12-01 23:59:00Z", "after the date comes T"),
        ("2026-13-01", "the month 13 is out of range"),
        ("2026-00-10", "the month 00 is out of range"),
        ("2026-12-00", "the day 00 is out of range"),
        ("2026-12-32", "the day 32 is out of range"),
        ("2026-1-1", "the month must be 2 digits"),
        ("0000-01-01", "the year 0000 is out of range"),
        ("next tuesday", "the year must be 4 digits"),
        ("", "the year must be 4 digits"),
        (" 2026-12-01", "the year must be 4 digits"),
        ("2026-12-01T23:59:00+2:00", "the offset's hours must be 2 digits"),
        ("2026-12-01T23:59:00+24:00", "the offset's hours 24 is out of range"),
        ("2026-12-01T23:59:00+0200", "a colon in the offset"),
        ("2026-12-01T23:59:00+02:60", "the offset's minutes 60 is out of range"),
        ("2026-12-01T23:59:00.Z", "a decimal point must be followed by digits"),
        ("2026-12-01T23:59:00.1234567890Z", "at most 9 digits"),
        ("2026-12-01T23:59:00EST", "unexpected \"EST\" where the offset"),
    ])
    func refused(text: String, reason: String) {
        do {
            let date = try Deadline.parse(text)
            Issue.record("accepted '\(text)' as \(date)")
        } catch {
            #expect(error.kind == .invalidInput)
            #expect(error.message.hasPrefix("'\(text)' is not a date and time Ladder accepts: "), "\(error.message)")
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(
                error.message.hasSuffix("; write " + Deadline.acceptedForms),
                "shows the accepted forms: \(error.message)")
        }
    }
}
