import Foundation
import Testing

@testable import LadderModel

@Suite("Lab pin")
struct LabPinTests {
    let pin = LabPin(lab: "log-stats", version: SemanticVersion(1, 0, 0), language: "python")

    @Test("round-trips through its TOML text")
    func roundTrip() throws {
        let text = pin.encoded()
        #expect(text.contains("lab = \"log-stats\""))
        #expect(try LabPin.decode(text, file: LabPin.relativePath) == pin)
    }

    @Test(
        "a pin edited to nonsense gives a clear error",
        arguments: [
            (
                "lab = 3\nversion = \"1.0.0\"\nlanguage = \"python\"", 1, "lab",
                "expected a lab id in lowercase kebab case"
            ),
            (
                "lab = \"log-stats\"\nversion = \"one\"\nlanguage = \"python\"", 2, "version",
                "expected a version MAJOR.MINOR.PATCH"
            ),
            ("lab = \"log-stats\"\nversion = \"1.0.0\"", nil, "language", "missing required key 'language'"),
            (
                "lab = \"log-stats\"\nversion = \"1.0.0\"\nlanguage = \"python\"\nlangauge = \"node\"", 4, "langauge",
                "unknown key 'langauge'"
            ),
            ("lab = \"log-stats\"\nversion = \"1.0.0\nlanguage = \"python\"", 2, nil, "unterminated string"),
        ] as [(String, Int?, String?, String)])
    func nonsense(text: String, line: Int?, field: String?, message: String) {
        do {
            _ = try LabPin.decode(text, file: ".ladder/lab.toml")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == ".ladder/lab.toml")
            #expect(error.line == line, "\(error)")
            #expect(error.field == field, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test("checked against a catalog: unknown lab, language or incompatible version")
    func againstCatalog() throws {
        let directory = try TemporaryDirectory()
        try writeCatalog(in: directory, labs: ["log-stats": labText(id: "log-stats")])
        let catalog = try Catalog.load(root: directory.path)
        #expect(try LabPin.decode(pin.encoded(), file: "p", catalog: catalog) == pin)
        let cases: [(LabPin, String, String)] = [
            (
                LabPin(lab: "log-stat", version: pin.version, language: "python"), "lab",
                "pinned to lab 'log-stat', which is not in the catalog (did you mean 'log-stats'?)"
            ),
            (
                LabPin(lab: "log-stats", version: pin.version, language: "cobol"), "language",
                "has no language 'cobol'; it offers python"
            ),
            (
                LabPin(lab: "log-stats", version: SemanticVersion(2, 0, 0), language: "python"), "version",
                "started from log-stats 2.0.0, but the catalog has 1.0.0"
            ),
        ]
        for (bad, field, message) in cases {
            do {
                _ = try LabPin.decode(bad.encoded(), file: "p", catalog: catalog)
                Issue.record("expected an error for \(bad)")
            } catch {
                #expect(error.field == field)
                #expect(error.line != nil)
                #expect(error.message.contains(message), "\(error)")
            }
        }
    }

    @Test("loads from a repository, and says so when there is no pin")
    func load() throws {
        let directory = try TemporaryDirectory()
        do {
            _ = try LabPin.load(repository: directory.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == directory.path + "/.ladder/lab.toml")
            #expect(error.message.contains("ladder start"))
        }
        try directory.write(LabPin.relativePath, pin.encoded())
        #expect(try LabPin.load(repository: directory.path) == pin)
    }
}
