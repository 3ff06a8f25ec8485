import Foundation
import LadderGrading
import LadderModel
import LadderTOML
import Testing

@testable import LadderCore

/// README rules marked `<!-- rule: ID -->`, and the hidden tests' `covers` lists that must name each of them.
@Suite struct ReadmeRulesTests {
    func spec(_ covers: [[String]]) -> GraderSpec {
        GraderSpec(
            directory: "/g",
            stages: [
                GraderStage(
                    id: "s",
                    tests: covers.enumerated().map { index, rules in
                        GraderTest(
                            id: "t\(index)", title: "t", points: 1, feedback: nil, limits: nil,
                            kind: .io(IOCheck(stdout: .inline("x"))),
                            covers: rules)
                    })
            ])
    }

    @Test func markedRulesAreReadWithTheirLines() throws {
        let text =
            "# Notes\n\nIds are never reused. <!-- rule: ids-never-reused -->\nA missing note is 404.<!--rule:missing-is-404-->\n"
        let rules = try ReadmeRules(text, file: "README.md")
        #expect(rules.rules == [.init(id: "ids-never-reused", line: 3), .init(id: "missing-is-404", line: 4)])
    }

    @Test func aRepeatedOrMalformedIDNamesItsLine() {
        #expect(throws: ManifestError.self) {
            try ReadmeRules("<!-- rule: a -->\n\n<!-- rule: a -->", file: "README.md")
        }
        do {
            _ = try ReadmeRules("ok\n<!-- rule: Not Kebab -->", file: "R.md")
            Issue.record("a malformed id was accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("'Not Kebab' must be kebab case"), "\(error)")
        }
    }

    @Test func coverageListsUncoveredRulesUnknownCoversAndBareTests() throws {
        let rules = try ReadmeRules("<!-- rule: a -->\n<!-- rule: b -->\n<!-- rule: c -->", file: "README.md")
        let coverage = rules.coverage(of: spec([["a"], ["a", "typo"], []]))
        #expect(coverage.uncovered.map(\.id) == ["b", "c"])
        #expect(coverage.unknownCovers == ["s/t1: 'typo'"])
        #expect(coverage.testsWithoutCovers == ["s/t2"])
    }
}

/// `lab validate` fails a lab whose README marks a rule no hidden test covers.
@Suite(.requires(.sandbox))
struct ReadmeRulesValidationTests {
    @Test func anUncoveredRuleFailsValidationAndCoveredOnesPass() async throws {
        let catalog = try AuthoringCatalog("readme-rules")
        try catalog.scaffold("greeting", kind: "io")
        // The scaffold marks each stage's rule and covers it; a rule added to the README without a test is a gap.
        let readme = catalog.directory.file("Labs/greeting/README.md")
        let text = try String(contentsOfFile: readme, encoding: .utf8)
        #expect(text.contains("<!-- rule: greet -->") && text.contains("<!-- rule: default-name -->"), "\(text)")
        try (text + "\nNever shout. <!-- rule: never-shouts -->\n").write(
            toFile: readme, atomically: true, encoding: .utf8)

        let result = try await catalog.validate("greeting", runs: 1)
        let check = try #require(result.check("readme-rules", "README rules"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(check.detail.contains("no hidden test covers 'never-shouts' (README.md:"), "\(check.detail)")
        #expect(!check.detail.contains("'greet'") && !check.detail.contains("'default-name'"), "\(check.detail)")
        #expect(!result.passed)
    }
}
