import Foundation
import LadderModel
import Testing

@testable import LadderGrading

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct FormatsJUnitTests {
    @Test func shapeCountsAndEscaping() throws {
        let xml = JUnitXMLFormat.render(FormatsFixtures.report())
        #expect(
            xml.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"log-stats\" tests=\"5\" failures=\"2\" errors=\"1\" skipped=\"0\" time=\"3.500\">"
            ))
        #expect(
            xml.contains(
                "<testsuite name=\"Parse lines\" id=\"0\" package=\"log-stats\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"1.246\" timestamp=\"2025-03-01T12:00:00Z\">"
            ))
        #expect(
            xml.contains(
                "<testsuite name=\"Big files\" id=\"1\" package=\"log-stats\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\" time=\"2.006\""
            ))
        #expect(xml.contains("<testcase classname=\"log-stats.parse\" name=\"Empty input\" time=\"0.012\"/>"))
        #expect(
            xml.contains(
                "<failure message=\"time limit exceeded: wall time limit of 2s exceeded\" type=\"time-limit\">"))
        #expect(
            xml.contains(
                "<error message=\"grader error (the lab's fault, not yours): fixture cases/big.log is missing\" type=\"grader-error\">"
            ))
        // Markup from the learner's output is escaped, forbidden characters replaced, line breaks in attributes kept.
        #expect(xml.contains("&lt;script&gt;&amp;amp;]]&gt;&lt;/script&gt;"))
        #expect(xml.contains("bell\\x07 escape\\x1B[31m nul\\x00 form\\x0C"))
        #expect(xml.contains("\u{FFFD}"))
        #expect(!xml.contains("\u{FFFF}"))
        #expect(!xml.contains("\u{07}"))
        #expect(xml.contains("message=\"wrong answer: line 1: expected &quot;42&quot;, got &quot;&lt;script&gt;"))
        #expect(xml.contains("Hint: Count the last line even without a newline.</failure>"))
    }

    @Test func parsesWithFoundationXMLParserAndLaddersOwnReader() throws {
        let xml = JUnitXMLFormat.render(FormatsFixtures.report())
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        #expect(parser.parse(), "XMLParser error: \(String(describing: parser.parserError))")
        #expect(collector.names.filter { $0 == "testcase" }.count == 5)
        #expect(collector.names.filter { $0 == "testsuite" }.count == 2)
        #expect(
            collector.failureMessages.contains(
                "wrong answer: line 1: expected \"42\", got \"<script>&amp;]]></script>\""))
        #expect(collector.failureText.contains("\nHint: Count the last line even without a newline."))

        let results = try JUnitReport.parse(Data(xml.utf8))
        #expect(
            results.map(\.name) == [
                "log-stats.parse.Empty input", "log-stats.parse.One line, no newline", "log-stats.limits.A 1 GB log",
                "log-stats.limits.Missing fixture", "log-stats.limits.Sums bytes",
            ])
        #expect(results.map(\.passed) == [true, false, false, false, true])
        #expect(results[1].duration == .milliseconds(1234))
        #expect(results[3].message?.hasPrefix("error: grader error") == true)
    }

    @Test func buildFailureWithoutTestsIsAnErroringCase() throws {
        let xml = JUnitXMLFormat.render(FormatsFixtures.buildFailure())
        #expect(xml.contains("tests=\"1\" failures=\"0\" errors=\"1\""))
        #expect(xml.contains("<error message=\"build error: the build failed: javac Main.java\" type=\"build-error\">"))
        #expect(xml.contains("<system-err>Main.java:3: error: ';' expected &lt;here&gt;\\x01</system-err>"))
        let results = try JUnitReport.parse(Data(xml.utf8))
        #expect(results.count == 1)
        #expect(results.first?.passed == false)
    }

    @Test func infrastructureErrorWithoutTests() throws {
        var report = FormatsFixtures.report(status: .error)
        report.stages = []
        report.errorMessage = "the sandbox could not start: cgroup not writable"
        let xml = JUnitXMLFormat.render(report)
        #expect(
            xml.contains(
                "<error message=\"grader error (the lab's fault, not yours): the sandbox could not start: cgroup not writable\" type=\"grader-error\">"
            ))
    }

    /// Needs python3 and PyPI (junitparser is installed into a cached venv on first use). The XML is checked with
    /// XMLParser above either way.
    @Test(.requires(JUnitParser.prerequisite), .timeLimit(.minutes(5)))
    func parsesWithPythonJunitparser() throws {
        let python = try JUnitParser.python.get()
        let directory = try TemporaryDirectory("junit")
        defer { withExtendedLifetime(directory) {} }
        let file = directory.url.appendingPathComponent("report.xml")
        try Data(JUnitXMLFormat.render(FormatsFixtures.report()).utf8).write(to: file)

        let result = try Subprocess.run([python, "-c", JUnitParserScript.dump, file.path])
        #expect(result.status == 0, "junitparser failed: \(result.stderr)")
        let summary = try JSONDecoder().decode(JunitparserSummary.self, from: Data(result.stdout.utf8))
        #expect(summary.tests == 5)
        #expect(summary.failures == 2)
        #expect(summary.errors == 1)
        #expect(summary.suites.map(\.name) == ["Parse lines", "Big files"])
        #expect(summary.suites.map(\.cases.count) == summary.suites.map(\.tests))
        let cases = summary.suites.flatMap(\.cases)
        #expect(
            cases.map(\.classname) == [
                "log-stats.parse", "log-stats.parse", "log-stats.limits", "log-stats.limits", "log-stats.limits",
            ])
        #expect(
            cases.map(\.name) == ["Empty input", "One line, no newline", "A 1 GB log", "Missing fixture", "Sums bytes"])
        #expect(cases[1].time == 1.234)
        #expect(cases.map { $0.results.map(\.kind) } == [[], ["Failure"], ["Failure"], ["Error"], []])
        #expect(cases[1].results.first?.type == "wrong-answer")
        #expect(cases[1].results.first?.text?.contains("<script>&amp;]]></script>") == true)
        #expect(cases[2].results.first?.message == "time limit exceeded: wall time limit of 2s exceeded")
    }
}

private final class ElementCollector: NSObject, XMLParserDelegate {
    var names: [String] = []
    var failureMessages: [String] = []
    var failureText = ""
    private var inFailure = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        names.append(elementName)
        if elementName == "failure", let message = attributes["message"] { failureMessages.append(message) }
        inFailure = elementName == "failure"
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inFailure { failureText += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        inFailure = false
    }
}

private struct JunitparserSummary: Decodable {
    struct Suite: Decodable {
        var name: String
        var tests: Int
        var failures: Int
        var errors: Int
        var cases: [Case]
    }

    struct Case: Decodable {
        var classname: String
        var name: String
        var time: Double
        var results: [Result]
    }

    struct Result: Decodable {
        var kind: String
        var type: String?
        var message: String?
        var text: String?
    }

    var tests: Int
    var failures: Int
    var errors: Int
    var suites: [Suite]
}

/// What the test asks junitparser: the counts and every case, as JSON.
enum JUnitParserScript {
    static let dump = """
        import json, sys
        from junitparser import JUnitXml
        xml = JUnitXml.fromfile(sys.argv[1])
        out = {"tests": xml.tests, "failures": xml.failures, "errors": xml.errors, "suites": []}
        for suite in xml:
            cases = []
            for case in suite:
                results = [{"kind": type(r).__name__, "type": r.type, "message": r.message, "text": r.text} for r in case.result]
                cases.append({"classname": case.classname, "name": case.name, "time": case.time, "results": results})
            out["suites"].append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                                  "errors": suite.errors, "cases": cases})
        print(json.dumps(out))
        """
}
