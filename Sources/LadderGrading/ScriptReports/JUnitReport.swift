import Foundation
import LadderText

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A reader for JUnit XML reports.
///
/// The root is `<testsuites>` or `<testsuite>`; suites may nest. Each `<testcase name=… classname=… time=…>`
/// becomes one result named `classname.name` (or `name` without a class). A `<failure>` or `<error>` child
/// fails it, with the `message` attribute and the element's text as its message; `<skipped>` skips it.
/// A `time` that is not a number is ignored rather than rejected, since some tools write locale-formatted times.
public enum JUnitReport {
    /// Parses a JUnit XML report.
    public static func parse(_ data: Data) throws(ScriptReportError) -> [ScriptTestResult] {
        guard data.contains(where: { !$0.isASCIIWhitespace }) else {
            throw ScriptReportError(format: .junit, line: nil, reason: "the report is empty")
        }
        // Foundation's XMLParser stops the process on a name that is not valid UTF-8, so such a report never reaches it.
        if let offset = TextPreview.firstInvalidUTF8Offset(data) {
            throw ScriptReportError(
                format: .junit, line: data.prefix(offset).filter { $0 == 0x0A }.count + 1,
                reason: "byte \(offset) is not valid UTF-8; write the report as UTF-8")
        }
        let reader = JUnitReader()
        let parser = XMLParser(data: givingEveryInstructionData(data))
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let problem = reader.problem {
            throw ScriptReportError(format: .junit, line: problem.line, reason: problem.reason)
        }
        guard ok, parser.parserError == nil else {
            let code = (parser.parserError as NSError?)?.code ?? 0
            throw ScriptReportError(
                format: .junit, line: parser.lineNumber,
                reason: data.isEmpty
                    ? "the report is empty"
                    : "the XML is not well-formed (XML parser error \(code) near column \(parser.columnNumber))"
            )
        }
        if let unclosed = reader.open.last {
            throw ScriptReportError(
                format: .junit, line: parser.lineNumber,
                reason: "the XML is not well-formed: <\(unclosed)> is never closed")
        }
        guard reader.sawRoot else {
            throw ScriptReportError(
                format: .junit, line: nil,
                reason: "the report has no root element; expected <testsuites> or <testsuite>")
        }
        return reader.results
    }
}

extension JUnitReport {
    /// The report with a space after the target of every processing instruction that has no data (`<?x?>` becomes
    /// `<?x ?>`), outside comments and CDATA sections.
    ///
    /// libxml2 hands such an instruction to Foundation's XMLParser with a null data pointer, which XMLParser reads as
    /// a C string: the whole process dies of a segmentation fault (found by `make fuzz`, kept in
    /// Tests/FuzzRegressions/junit). With the space the data is empty instead, which means the same thing, and JUnit
    /// reports have no use for processing instructions anyway.
    static func givingEveryInstructionData(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        guard bytes.firstRange(of: Array("?>".utf8)) != nil else { return data }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var index = 0
        /// Copies up to and including the first `end` at or after `from`, or to the end.
        func copy(through end: [UInt8], from start: Int) {
            let stop = bytes[start...].firstRange(of: end).map(\.upperBound) ?? bytes.count
            output.append(contentsOf: bytes[index..<stop])
            index = stop
        }
        while index < bytes.count {
            let rest = bytes[index...]
            if rest.starts(with: "<!--".utf8) {
                copy(through: Array("-->".utf8), from: index + 4)
            } else if rest.starts(with: "<![CDATA[".utf8) {
                copy(through: Array("]]>".utf8), from: index + 9)
            } else if rest.starts(with: "<?".utf8) {
                var end = index + 2
                while end < bytes.count, !bytes[end].isASCIIWhitespace, !bytes[end...].starts(with: "?>".utf8) {
                    end += 1
                }
                output.append(contentsOf: bytes[index..<end])
                if bytes[end...].starts(with: "?>".utf8) { output.append(0x20) }
                index = end
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return Data(output)
    }
}

/// Collects test cases while `XMLParser` walks the document; used only on the parsing thread.
private final class JUnitReader: NSObject, XMLParserDelegate {
    var results: [ScriptTestResult] = []
    var problem: (line: Int, reason: String)?
    var sawRoot = false
    /// Elements open at this point; checked by hand because the Linux parser lets some mismatched tags through.
    private(set) var open: [String] = []
    private var current: ScriptTestResult?
    private var outcome: (kind: String, message: String, text: String)?
    private var messages: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        open.append(elementName)
        if open.count == 1 {
            sawRoot = true
            guard elementName == "testsuites" || elementName == "testsuite" else {
                fail(parser, "the root element is <\(elementName)>; expected <testsuites> or <testsuite>")
                return
            }
        }
        switch elementName {
        case "testcase":
            guard current == nil else {
                fail(parser, "a <testcase> inside another <testcase>")
                return
            }
            guard let name = attributes["name"], !name.isEmpty else {
                fail(parser, "a <testcase> has no name attribute")
                return
            }
            let className = attributes["classname"] ?? ""
            current = ScriptTestResult(name: className.isEmpty ? name : "\(className).\(name)", passed: true)
            if let time = attributes["time"].flatMap(Double.init), time.isFinite, time >= 0 {
                current?.duration = .seconds(time)
            }
            messages = []
        case "failure", "error", "skipped":
            guard current != nil else { return }
            outcome = (elementName, attributes["message"] ?? "", "")
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        outcome?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        outcome?.text += String(decoding: block, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard open.last == elementName else {
            fail(parser, "the XML is not well-formed: </\(elementName)> closes <\(open.last ?? "nothing")>")
            return
        }
        open.removeLast()
        switch elementName {
        case "failure", "error", "skipped":
            guard let finished = outcome, current != nil else { return }
            outcome = nil
            if finished.kind == "skipped" {
                current?.skipped = true
            } else {
                current?.passed = false
            }
            let text = finished.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let message = finished.message.trimmingCharacters(in: .whitespacesAndNewlines)
            let label = finished.kind == "error" ? "error" : nil
            let body = [message, text == message ? "" : text].filter { !$0.isEmpty }.joined(separator: "\n")
            messages.append([label, body.isEmpty ? nil : body].compactMap { $0 }.joined(separator: ": "))
        case "testcase":
            guard var result = current else { return }
            result.message = ScriptReport.bounded(messages.filter { !$0.isEmpty }.joined(separator: "\n"))
            results.append(result)
            current = nil
        default:
            break
        }
    }

    private func fail(_ parser: XMLParser, _ reason: String) {
        if problem == nil { problem = (parser.lineNumber, reason) }
        parser.abortParsing()
    }
}

extension UInt8 {
    fileprivate var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
