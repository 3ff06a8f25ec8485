import Foundation

/// A reader for TAP (Test Anything Protocol) version 13 reports.
///
/// Understood: the `TAP version 13` header, a `1..N` plan at the start or the end (`1..0 # SKIP why` for none),
/// `ok`/`not ok` lines with optional numbers, descriptions and `# SKIP`/`# TODO` directives (`\#` escapes a `#`),
/// indented YAML diagnostic blocks between `---` and `...` whose `message`, `expected`/`wanted` and
/// `got`/`found`/`actual` are shown, and `Bail out!`. Comments, pragmas, subtests (indented lines) and unknown lines
/// are ignored, as the protocol asks.
///
/// A missing plan, a plan that disagrees with the tests reported, tests out of sequence or an unclosed YAML block
/// make the report malformed. After `Bail out!` the report is not malformed: the tests so far are returned, then
/// a failed test named `Bail out!` carrying the reason, then a failed test for each planned test that never ran.
/// TODO tests are returned as skipped (they do not count) with their real `passed` state.
public enum TAPReport {
    /// The largest plan accepted.
    public static let maximumPlannedTests = 100_000

    /// Parses a TAP report.
    public static func parse(_ text: String) throws(ScriptReportError) -> [ScriptTestResult] {
        var parser = TAPParser()
        return try parser.parse(text)
    }
}

private struct TAPParser {
    var tests: [ScriptTestResult] = []
    var plan: (count: Int, line: Int)?
    var planAtEnd = false
    var sawContent = false
    var lastWasTest = false

    func error(_ line: Int?, _ reason: String) -> ScriptReportError {
        ScriptReportError(format: .tap, line: line, reason: reason)
    }

    mutating func parse(_ text: String) throws(ScriptReportError) -> [ScriptTestResult] {
        // Splitting on Characters that are newlines also splits "\r\n", which is a single Character.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last == "" { lines.removeLast() }
        var index = 0
        while index < lines.count {
            let number = index + 1
            let line = lines[index]
            index += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }

            if lastWasTest, line.first == " " || line.first == "\t", trimmed == "---" {
                let indent = line.prefix { $0 == " " || $0 == "\t" }.count
                var block: [Substring] = []
                var closed = false
                while index < lines.count {
                    let yamlLine = lines[index]
                    index += 1
                    if yamlLine.trimmingCharacters(in: .whitespaces) == "...",
                        yamlLine.prefix(while: { $0 == " " || $0 == "\t" }).count == indent
                    {
                        closed = true
                        break
                    }
                    block.append(yamlLine)
                }
                guard closed else { throw error(number, "the YAML block that starts here is never closed with `...`") }
                tests[tests.count - 1].message = combine(
                    tests[tests.count - 1].message, diagnostics(MiniYAML.parse(block)))
                lastWasTest = false
                continue
            }
            lastWasTest = false
            if line.first == " " || line.first == "\t" || trimmed.hasPrefix("#") { continue }

            if line.hasPrefix("TAP version ") {
                guard !sawContent else { throw error(number, "`TAP version` must be the first line") }
                let version = line.dropFirst("TAP version ".count).trimmingCharacters(in: .whitespaces)
                guard ["12", "13", "14"].contains(version) else {
                    throw error(number, "unsupported TAP version \(version); write TAP version 13")
                }
                sawContent = true
                continue
            }
            sawContent = true

            if line.hasPrefix("Bail out!") {
                let reason = line.dropFirst("Bail out!".count).trimmingCharacters(in: .whitespaces)
                return bailOut(reason: reason)
            }
            if let count = planCount(line) {
                if let plan { throw error(number, "a second plan (the first is at line \(plan.line))") }
                // A bail-out reports every planned test that never ran, so the plan bounds the work and memory.
                guard count <= TAPReport.maximumPlannedTests else {
                    throw error(
                        number,
                        "the plan announces \(count) tests, more than the \(TAPReport.maximumPlannedTests) a report may hold"
                    )
                }
                plan = (count, number)
                planAtEnd = !tests.isEmpty
                continue
            }
            if line.hasPrefix("ok") || line.hasPrefix("not ok") {
                if planAtEnd {
                    throw error(number, "a test after the plan at line \(plan!.line); a plan at the end must come last")
                }
                if let test = try testLine(line, number: number) {
                    tests.append(test)
                    lastWasTest = true
                    continue
                }
            }
        }
        guard sawContent else { throw error(nil, "the report is empty; expected TAP output such as `1..1` and `ok 1`") }
        guard let plan else {
            throw error(
                nil, "there is no plan; print `1..N` (N = number of tests) before the first or after the last test")
        }
        guard plan.count == tests.count else {
            throw error(
                plan.line,
                "the plan announces \(plan.count) test\(plan.count == 1 ? "" : "s") but \(tests.count) \(tests.count == 1 ? "was" : "were") reported"
            )
        }
        return tests
    }

    /// `1..N` with an optional `# comment`; `nil` for anything else.
    func planCount(_ line: Substring) -> Int? {
        guard line.hasPrefix("1..") else { return nil }
        let rest = line.dropFirst(3)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let count = Int(digits) else { return nil }
        let tail = rest.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard tail.isEmpty || tail.hasPrefix("#") else { return nil }
        return count
    }

    func testLine(_ line: Substring, number: Int) throws(ScriptReportError) -> ScriptTestResult? {
        let ok = line.hasPrefix("ok")
        var rest = line.dropFirst(ok ? 2 : 6)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        let expectedNumber = tests.count + 1
        if !digits.isEmpty {
            guard let testNumber = Int(digits), testNumber == expectedNumber else {
                throw error(number, "test number \(digits) is out of sequence; expected \(expectedNumber)")
            }
            rest = rest.dropFirst(digits.count)
        }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("- ") || rest == "-" { rest = rest.dropFirst() }

        var description = ""
        var directive: String?
        var cursor = rest.startIndex
        while cursor < rest.endIndex {
            let character = rest[cursor]
            if character == "\\", rest.index(after: cursor) < rest.endIndex, rest[rest.index(after: cursor)] == "#" {
                description.append("#")
                cursor = rest.index(cursor, offsetBy: 2)
                continue
            }
            if character == "#" {
                directive = rest[rest.index(after: cursor)...].trimmingCharacters(in: .whitespaces)
                break
            }
            description.append(character)
            cursor = rest.index(after: cursor)
        }
        description = description.trimmingCharacters(in: .whitespaces)
        var result = ScriptTestResult(name: description.isEmpty ? "test \(expectedNumber)" : description, passed: ok)
        if let directive {
            let word = directive.prefix { $0.isLetter }.lowercased()
            let reason = directive.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
            if word.hasPrefix("skip") {
                result.skipped = true
                result.message = reason.isEmpty ? "skipped" : "skipped: \(reason)"
            } else if word == "todo" {
                result.skipped = true
                result.message = reason.isEmpty ? "TODO" : "TODO: \(reason)"
            }
        }
        return result
    }

    func diagnostics(_ fields: [String: String]) -> String? {
        var parts: [String] = []
        if let message = fields["message"] { parts.append(message) }
        if let expected = fields["expected"] ?? fields["wanted"] { parts.append("expected: \(expected)") }
        if let got = fields["got"] ?? fields["found"] ?? fields["actual"] { parts.append("got: \(got)") }
        return parts.isEmpty ? nil : parts.joined(separator: "\n")
    }

    func combine(_ first: String?, _ second: String?) -> String? {
        ScriptReport.bounded([first, second].compactMap { $0 }.joined(separator: "\n"))
    }

    func bailOut(reason: String) -> [ScriptTestResult] {
        var results = tests
        let why = reason.isEmpty ? "the grader script bailed out" : "the grader script bailed out: \(reason)"
        results.append(ScriptTestResult(name: "Bail out!", passed: false, message: ScriptReport.bounded(why)))
        if let plan, plan.count > tests.count {
            for missing in (tests.count + 1)...plan.count {
                results.append(ScriptTestResult(name: "test \(missing)", passed: false, message: "not run: \(why)"))
            }
        }
        return results
    }
}

/// Just enough YAML for TAP diagnostics: top-level `key: value` pairs with plain, quoted, block (`|`, `>`) or
/// nested values; nested values are kept as their indented source text.
enum MiniYAML {
    static func parse(_ lines: [Substring]) -> [String: String] {
        func indent(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
        let meaningful = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let base = meaningful.map(indent).min() else { return [:] }
        var fields: [String: String] = [:]
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty, indent(line) == base,
                let colon = line.firstIndex(of: ":")
            else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            var nested: [Substring] = []
            while index < lines.count,
                lines[index].trimmingCharacters(in: .whitespaces).isEmpty || indent(lines[index]) > base
            {
                nested.append(lines[index])
                index += 1
            }
            while nested.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { nested.removeLast() }
            let nestedIndent = nested.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(indent).min() ?? 0
            let dedented = nested.map { String($0.dropFirst(min(nestedIndent, indent($0)))) }
            switch value {
            case "|", "|-", "|+", "": fields[key] = dedented.joined(separator: "\n")
            case ">", ">-", ">+": fields[key] = dedented.joined(separator: " ")
            default: fields[key] = unquote(value)
            }
        }
        return fields
    }

    static func unquote(_ value: String) -> String {
        if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
            return String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            var out = ""
            var escaping = false
            for character in value.dropFirst().dropLast() {
                if escaping {
                    switch character {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: out.append(character)
                    }
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    out.append(character)
                }
            }
            return out
        }
        return value
    }
}
