import Foundation
import Testing

@testable import LadderGrading

@Suite struct TAPReportTests {
    @Test func fullReport() throws {
        let report = """
            TAP version 13
            1..6
            ok 1 - adds two numbers
            not ok 2 - handles overflow
              ---
              message: 'sum overflowed'
              severity: fail
              expected: 4294967296
              got: 0
              at:
                file: test.py
                line: 12
              ...
            ok 3 # SKIP needs network
            not ok 4 - flaky thing # TODO fix later
            ok - unnumbered \\# not a directive
            # a comment
            ok 6
            """
        let results = try TAPReport.parse(report)
        #expect(
            results == [
                ScriptTestResult(name: "adds two numbers", passed: true),
                ScriptTestResult(
                    name: "handles overflow", passed: false, message: "sum overflowed\nexpected: 4294967296\ngot: 0"),
                ScriptTestResult(name: "test 3", passed: true, skipped: true, message: "skipped: needs network"),
                ScriptTestResult(name: "flaky thing", passed: false, skipped: true, message: "TODO: fix later"),
                ScriptTestResult(name: "unnumbered # not a directive", passed: true),
                ScriptTestResult(name: "test 6", passed: true),
            ])
    }

    @Test func planAtEndCRLFAndBlockScalars() throws {
        let report =
            "ok 1 first\r\nnot ok 2 second\r\n  ---\r\n  message: |\r\n    line one\r\n    line two\r\n  found: \"a\\tb\"\r\n  wanted: >\r\n    folded\r\n    text\r\n  ...\r\n1..2\r\n"
        let results = try TAPReport.parse(report)
        #expect(results.map(\.name) == ["first", "second"])
        #expect(results[1].message == "line one\nline two\nexpected: folded text\ngot: a\tb")
    }

    @Test func skipAll() throws {
        #expect(try TAPReport.parse("TAP version 13\n1..0 # SKIP no database\n") == [])
    }

    @Test func bailOut() throws {
        let results = try TAPReport.parse("1..4\nok 1 connects\nBail out! service crashed\nok 3\n")
        #expect(
            results == [
                ScriptTestResult(name: "connects", passed: true),
                ScriptTestResult(
                    name: "Bail out!", passed: false, message: "the grader script bailed out: service crashed"),
                ScriptTestResult(
                    name: "test 2", passed: false, message: "not run: the grader script bailed out: service crashed"),
                ScriptTestResult(
                    name: "test 3", passed: false, message: "not run: the grader script bailed out: service crashed"),
                ScriptTestResult(
                    name: "test 4", passed: false, message: "not run: the grader script bailed out: service crashed"),
            ])
    }

    @Test(arguments: [
        (
            "",
            "malformed TAP report from the grader script: the report is empty; expected TAP output such as `1..1` and `ok 1`"
        ),
        (
            "ok 1\nok 2\n",
            "malformed TAP report from the grader script: there is no plan; print `1..N` (N = number of tests) before the first or after the last test"
        ),
        (
            "1..3\nok 1\nok 2\n",
            "malformed TAP report from the grader script at line 1: the plan announces 3 tests but 2 were reported"
        ),
        (
            "1..2\nok 1\nok 3\n",
            "malformed TAP report from the grader script at line 3: test number 3 is out of sequence; expected 2"
        ),
        (
            "1..1\n1..1\nok 1\n",
            "malformed TAP report from the grader script at line 2: a second plan (the first is at line 1)"
        ),
        (
            "ok 1\n1..2\nok 2\n",
            "malformed TAP report from the grader script at line 3: a test after the plan at line 2; a plan at the end must come last"
        ),
        (
            "1..1\nnot ok 1\n  ---\n  message: x\n",
            "malformed TAP report from the grader script at line 3: the YAML block that starts here is never closed with `...`"
        ),
        (
            "1..1\nTAP version 13\nok 1\n",
            "malformed TAP report from the grader script at line 2: `TAP version` must be the first line"
        ),
        (
            "TAP version 99\n1..0\n",
            "malformed TAP report from the grader script at line 1: unsupported TAP version 99; write TAP version 13"
        ),
        // Found by the fuzzer: a bail-out after a plan this large made a failed result for each test not run.
        (
            "1..4111111111111111\nBail out! gone\n",
            "malformed TAP report from the grader script at line 1: the plan announces 4111111111111111 tests, more than the 100000 a report may hold"
        ),
        (
            "hello world\n",
            "malformed TAP report from the grader script: there is no plan; print `1..N` (N = number of tests) before the first or after the last test"
        ),
    ])
    func malformed(report: String, message: String) {
        #expect(throws: Error.self) { try TAPReport.parse(report) }
        do {
            _ = try TAPReport.parse(report)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func ignoresNonTAPLinesAndSubtests() throws {
        let results = try TAPReport.parse(
            "starting server...\n1..1\n    # Subtest: inner\n    ok 1 - inner\n    1..1\nokay this is noise\nok 1 - outer\n"
        )
        #expect(results == [ScriptTestResult(name: "outer", passed: true)])
    }
}

@Suite struct JUnitReportTests {
    @Test func fullReport() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="all" tests="4">
              <testsuite name="math" tests="3" time="0.5">
                <testcase classname="math.Add" name="small" time="0.125"/>
                <testcase classname="math.Add" name="overflow" time="0.25">
                  <failure message="expected 4294967296" type="AssertionError">got 0
            at test.py:12</failure>
                </testcase>
                <testcase name="network" time="abc"><skipped message="offline"/></testcase>
              </testsuite>
              <testsuite name="nested"><testsuite name="inner">
                <testcase classname="io" name="reads"><error message="crashed"><![CDATA[Traceback <here>]]></error></testcase>
              </testsuite></testsuite>
            </testsuites>
            """
        let results = try JUnitReport.parse(Data(xml.utf8))
        #expect(
            results == [
                ScriptTestResult(name: "math.Add.small", passed: true, duration: .milliseconds(125)),
                ScriptTestResult(
                    name: "math.Add.overflow", passed: false, message: "expected 4294967296\ngot 0\nat test.py:12",
                    duration: .milliseconds(250)),
                ScriptTestResult(name: "network", passed: true, skipped: true, message: "offline"),
                ScriptTestResult(name: "io.reads", passed: false, message: "error: crashed\nTraceback <here>"),
            ])
    }

    @Test func singleSuiteRoot() throws {
        let results = try JUnitReport.parse(
            Data(#"<testsuite><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>"#.utf8))
        #expect(results == [ScriptTestResult(name: "a", passed: true), ScriptTestResult(name: "b", passed: false)])
    }

    @Test(arguments: [
        ("  \n", "malformed JUnit XML report from the grader script: the report is empty"),
        (
            "<testsuite><testcase name='a'></testsuite>",
            "malformed JUnit XML report from the grader script at line 1: the XML is not well-formed"
        ),
        (
            "<testsuite>\n<testcase name='a'>",
            "malformed JUnit XML report from the grader script at line 2: the XML is not well-formed"
        ),
        (
            "<html><body/></html>",
            "malformed JUnit XML report from the grader script at line 1: the root element is <html>; expected <testsuites> or <testsuite>"
        ),
        (
            "<testsuite>\n<testcase classname='x'/></testsuite>",
            "malformed JUnit XML report from the grader script at line 2: a <testcase> has no name attribute"
        ),
        ("not xml at all", "malformed JUnit XML report from the grader script at line 1: the XML is not well-formed"),
    ])
    func malformed(xml: String, messagePrefix: String) {
        do {
            _ = try JUnitReport.parse(Data(xml.utf8))
            Issue.record("expected an error for \(xml)")
        } catch {
            #expect(error.description.hasPrefix(messagePrefix), "\(error.description)")
        }
    }

    /// Found by the fuzzer: Foundation's XMLParser crashed the process on an element name that is not UTF-8.
    @Test func invalidUTF8IsAnErrorNotACrash() {
        let report = Data("<testsuite>\n<t".utf8) + Data([0xFF, 0xFF]) + Data("estcase name=\"a\"/></testsuite>".utf8)
        #expect {
            _ = try JUnitReport.parse(report)
        } throws: { error in
            (error as? ScriptReportError)?.description
                == "malformed JUnit XML report from the grader script at line 2: byte 14 is not valid UTF-8; write the report as UTF-8"
        }
    }

    /// Found by the fuzzer: a processing instruction without data (`<?x?>`) made Foundation's XMLParser read a null
    /// pointer and kill the process. It is read as one with empty data; comments and CDATA keep their bytes.
    @Test func aProcessingInstructionWithoutDataIsReadNotACrash() throws {
        let report = """
            <?xml version="1.0"?><?x?>
            <testsuite><?y?><!-- <?z?> --><testcase name="a"><failure><![CDATA[got <?w?>]]></failure></testcase>
            <testcase name="b"/></testsuite>
            """
        #expect(
            try JUnitReport.parse(Data(report.utf8)) == [
                ScriptTestResult(name: "a", passed: false, message: "got <?w?>"),
                ScriptTestResult(name: "b", passed: true),
            ])
        #expect(
            String(
                decoding: JUnitReport.givingEveryInstructionData(Data("<?x?><!--<?c?>--><?y data?>".utf8)),
                as: UTF8.self)
                == "<?x ?><!--<?c?>--><?y data?>")
        // The fuzzer's input: not a report, and an error that says so, with the process alive.
        #expect(throws: ScriptReportError.self) {
            try JUnitReport.parse(Data("<?x?>\n<testsuites name=\"grader\">\n<testsuite><1/t/></testsuite>\n".utf8))
        }
    }
}

@Suite struct JSONTestReportTests {
    @Test func fullReport() throws {
        let json = """
            {"tests": [
              {"name": "adds", "passed": true, "score": 2, "max_score": 2},
              {"name": "overflow", "passed": false, "message": "expected an error, got 0", "max_score": 1, "extra": [1]},
              {"name": "stress", "passed": true, "skipped": true, "message": null, "duration": 0.25}
            ], "generator": "my-script"}
            """
        let results = try JSONTestReport.parse(Data(json.utf8))
        #expect(
            results == [
                ScriptTestResult(name: "adds", passed: true, score: 2, maxScore: 2),
                ScriptTestResult(name: "overflow", passed: false, message: "expected an error, got 0", maxScore: 1),
                ScriptTestResult(name: "stress", passed: true, skipped: true, duration: .milliseconds(250)),
            ])
        #expect(try ScriptReport.parse(Data(json.utf8), format: .json) == results)
    }

    @Test(arguments: [
        ("", "malformed JSON report from the grader script at line 1: invalid JSON at byte 0: the input is empty"),
        (
            "[]",
            "malformed JSON report from the grader script: the report must be an object with a `tests` array, got an array"
        ),
        ("{}", "malformed JSON report from the grader script: the report has no `tests` array"),
        (#"{"tests": {}}"#, "malformed JSON report from the grader script: `tests` must be an array, got an object"),
        (
            #"{"tests": [1]}"#,
            "malformed JSON report from the grader script: tests[0] must be an object, got an integer"
        ),
        (
            #"{"tests": [{"passed": true}]}"#,
            "malformed JSON report from the grader script: tests[0].name must be a non-empty string (it is missing)"
        ),
        (
            #"{"tests": [{"name": "a", "passed": "yes"}]}"#,
            #"malformed JSON report from the grader script: tests[0].passed must be true or false, got "yes""#
        ),
        (
            #"{"tests": [{"name": "a", "passed": true, "score": -1}]}"#,
            "malformed JSON report from the grader script: tests[0].score must be a number ≥ 0, got -1"
        ),
        (
            #"{"tests": [{"name": "a", "passed": true, "score": 3, "max_score": 2}]}"#,
            "malformed JSON report from the grader script: tests[0].score 3 is more than its max_score 2"
        ),
        (
            #"{"tests": [{"name": "a", "passed": true, "message": 5}]}"#,
            "malformed JSON report from the grader script: tests[0].message must be a string, got 5"
        ),
        (
            "{\n\"tests\": [,]}",
            "malformed JSON report from the grader script at line 2: invalid JSON at line 2, column 11 (byte 12): unexpected ',', expected a value"
        ),
    ])
    func malformed(json: String, message: String) {
        do {
            _ = try JSONTestReport.parse(Data(json.utf8))
            Issue.record("expected an error for \(json)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func longMessagesAreBounded() throws {
        let json =
            #"{"tests":[{"name":"a","passed":false,"message":""# + String(repeating: "x", count: 10_000) + #""}]}"#
        let message = try #require(try JSONTestReport.parse(Data(json.utf8)).first?.message)
        #expect(message.count == ScriptReport.maximumMessageLength + 1)
        #expect(message.hasSuffix("…"))
    }
}
