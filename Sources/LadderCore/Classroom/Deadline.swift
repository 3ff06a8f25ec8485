import Foundation

/// A deadline as typed on the command line (`ladder grade --before`, `ladder classroom grade --deadline`).
///
/// Exactly two forms, so that a deadline means what was typed: an RFC 3339 date-time with an explicit offset
/// (`2026-12-01T23:59:00Z`, `2026-12-01T23:59:00.5+02:00`), or a bare date (`2026-12-01`), which is the end of that
/// day in UTC (23:59:59Z). Anything else is refused, impossible dates and times included: guessing a time zone or
/// rolling February 30 over into March would grade the wrong commit.
public enum Deadline {
    /// The accepted forms, as `--help` and every refusal say them.
    public static let acceptedForms =
        "a date and time with its offset, like 2026-12-01T23:59:00Z or 2026-12-01T23:59:00+02:00 (RFC 3339), "
        + "or a date, like 2026-12-01, meaning the end of that day in UTC (23:59:59Z)"

    /// The instant `text` names, or an error that says what is wrong with it and shows the accepted forms.
    public static func parse(_ text: String) throws(LadderError) -> Date {
        var scanner = FieldScanner(Array(text.utf8))
        do throws(DeadlineProblem) {
            let date = try scanner.date()
            if scanner.atEnd {
                return Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86_400 + 86_399))
            }
            guard scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")) else {
                throw DeadlineProblem("after the date comes T and a time, or nothing")
            }
            let hour = try scanner.number(digits: 2, "the hour", in: 0...23)
            try scanner.expect(UInt8(ascii: ":"), "a colon after the hour")
            let minute = try scanner.number(digits: 2, "the minute", in: 0...59)
            guard scanner.take(UInt8(ascii: ":")) else {
                let written = String(format: "%02d:%02d", hour, minute)
                throw DeadlineProblem(
                    scanner.atEnd
                        ? "it has no seconds and no offset (write \(written):00Z for UTC)"
                        : "the seconds are missing (write \(written):00)")
            }
            let second = try scanner.number(digits: 2, "the second", in: 0...59)
            var fraction = 0.0
            if scanner.take(UInt8(ascii: ".")) {
                fraction = try scanner.fraction()
            }
            let offset = try scanner.offset()
            guard scanner.atEnd else {
                throw DeadlineProblem("unexpected \"\(scanner.rest)\" after the offset")
            }
            let seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: Double(seconds) + fraction)
        } catch {
            throw LadderError(
                .invalidInput,
                "'\(text)' is not a date and time Ladder accepts: \(error.reason); write \(acceptedForms)")
        }
    }
}

/// What is wrong with a deadline, in a few words.
private struct DeadlineProblem: Error {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}

/// A calendar date checked field by field.
private struct CivilDate {
    let year: Int
    let month: Int
    let day: Int

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 (proleptic Gregorian calendar), after Howard Hinnant's `days_from_civil`.
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Reads the fixed-width fields of a deadline from left to right.
private struct FieldScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { index == bytes.count }
    var rest: String { String(decoding: bytes[index...], as: UTF8.self) }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(DeadlineProblem) {
        guard take(byte) else { throw DeadlineProblem("expected \(what)") }
    }

    mutating func number(digits: Int, _ what: String, in range: ClosedRange<Int>) throws(DeadlineProblem) -> Int {
        var value = 0
        for _ in 0..<digits {
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
                throw DeadlineProblem("\(what) must be \(digits) digits")
            }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard range.contains(value) else {
            throw DeadlineProblem(
                "\(what) \(String(format: "%0\(digits)d", value)) is out of range (\(range.lowerBound)-\(range.upperBound))"
            )
        }
        return value
    }

    mutating func date() throws(DeadlineProblem) -> CivilDate {
        let year = try number(digits: 4, "the year", in: 1...9999)
        try expect(UInt8(ascii: "-"), "a dash after the year")
        let month = try number(digits: 2, "the month", in: 1...12)
        try expect(UInt8(ascii: "-"), "a dash after the month")
        let length = CivilDate.days(inMonth: month, of: year)
        let day = try number(digits: 2, "the day", in: 1...31)
        guard day <= length else {
            throw DeadlineProblem("\(CivilDate.monthNames[month - 1]) \(year) has \(length) days")
        }
        return CivilDate(year: year, month: month, day: day)
    }

    /// The digits after a decimal point, as a fraction of a second.
    mutating func fraction() throws(DeadlineProblem) -> Double {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            index += 1
        }
        guard index > start else { throw DeadlineProblem("a decimal point must be followed by digits") }
        guard index - start <= 9 else { throw DeadlineProblem("at most 9 digits of a second are accepted") }
        return Double("0." + String(decoding: bytes[start..<index], as: UTF8.self)) ?? 0
    }

    /// The offset from UTC in seconds: `Z`, or `+hh:mm` / `-hh:mm`.
    mutating func offset() throws(DeadlineProblem) -> Int {
        if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) { return 0 }
        let sign: Int
        if take(UInt8(ascii: "+")) {
            sign = 1
        } else if take(UInt8(ascii: "-")) {
            sign = -1
        } else if atEnd {
            throw DeadlineProblem(
                "it has no offset, so the time zone is a guess; add Z for UTC or an offset like +02:00")
        } else {
            throw DeadlineProblem("unexpected \"\(rest)\" where the offset (Z or ±hh:mm) belongs")
        }
        let hours = try number(digits: 2, "the offset's hours", in: 0...23)
        try expect(UInt8(ascii: ":"), "a colon in the offset (±hh:mm)")
        let minutes = try number(digits: 2, "the offset's minutes", in: 0...59)
        return sign * (hours * 3600 + minutes * 60)
    }
}
