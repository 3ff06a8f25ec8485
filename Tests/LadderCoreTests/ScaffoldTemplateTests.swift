import Foundation
import LadderTOML
import Testing

@testable import LadderCore

/// The templates of `ladder lab new` as the resource bundle holds them: each placeholder has a value, and each
/// program and TOML file of a kind is whole as it is, so it runs and reads without the scaffold.
struct ScaffoldTemplateTests {
    static let kinds = LabScaffold.kinds.map(\.rawValue)

    /// Every file under the bundle's templates, relative to them.
    static func templateFiles() throws -> [String] {
        try ScaffoldTemplates.regularFiles(under: ScaffoldTemplates.bundledDirectory())
    }

    @Test(arguments: kinds)
    func everyPlaceholderHasAValue(kind: String) throws {
        let catalog = try AuthoringCatalog("templates-\(kind)")
        let request = try LabScaffold.Request(
            id: "demo-\(kind)", area: "databases", level: "senior", kind: kind, language: nil,
            competencies: catalog.competencies)
        let templates = try ScaffoldTemplates(request: request)
        let files = try templates.files()
        let ownFiles = try Self.templateFiles().filter { $0.hasPrefix(kind + "/") }
        #expect(
            files.count == ownFiles.count,
            "every file of the kind's templates is written, its three parts inside the shared files")
        for (path, text) in files {
            #expect(text.firstMatch(of: ScaffoldTemplates.placeholder) == nil, "\(path) keeps a placeholder")
        }
        let manifest = try #require(files.first { $0.0 == "Labs/demo-\(kind)/lab.toml" }?.1)
        #expect(manifest.contains("id = \"demo-\(kind)\"") && manifest.contains("rung = \"senior\""))
        #expect(manifest.contains("competencies = [\"databases."))
        let readme = try #require(files.first { $0.0 == "Labs/demo-\(kind)/README.md" }?.1)
        #expect(readme.hasPrefix("# Demo \(kind)\n\n*Rung: Senior Backend Developer · Area: "))
        #expect(readme.contains("1. **"), "the stages of the kind's lab.toml are listed")
    }

    @Test func aPlaceholderWithoutAValueIsAnError() throws {
        #expect {
            try ScaffoldTemplates.render("id = \"@id@\" and @nope@", ["id": "x"], file: "t.toml")
        } throws: { error in
            (error as? AuthoringError)?.message.contains("t.toml: the placeholder @nope@ has no value") == true
        }
        #expect(try ScaffoldTemplates.render("a@b.c @id@@id@", ["id": "x"], file: "t") == "a@b.c xx")
    }

    /// The TOML of each kind (its lab.toml and grader.toml parts, visible tests, histories) reads as TOML as it is:
    /// placeholders stand only inside strings and comments. The shared files are templates around them.
    @Test func kindTOMLReadsAsItIs() throws {
        let directory = try ScaffoldTemplates.bundledDirectory()
        let files = try Self.templateFiles().filter { $0.hasSuffix(".toml") && $0.contains("/") }
        #expect(files.count >= 12)
        for file in files {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            #expect(throws: Never.self, "\(file)") { try TOMLDocument.parse(text, file: file) }
        }
    }

    @Test(.requires(.python3))
    func pythonParsesAsItIs() throws {
        let directory = try ScaffoldTemplates.bundledDirectory()
        let files = try Self.templateFiles().filter { $0.hasSuffix(".py") }
        #expect(files.count >= 10)
        for file in files {
            let result = try Subprocess.run([
                "/usr/bin/python3", "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])",
                directory + "/" + file,
            ])
            #expect(result.status == 0, "\(file): \(result.output)")
        }
    }

    /// The io example's reference, run as the bundle holds it, prints what each hidden case expects; the known-wrong
    /// solution does not.
    @Test(.requires(.python3))
    func theIOReferenceRunsAsItIs() throws {
        let io = try ScaffoldTemplates.bundledDirectory() + "/io/Graders"
        let cases = try FileManager.default.contentsOfDirectory(atPath: io + "/cases").filter { $0.hasSuffix(".in") }
            .sorted()
        #expect(cases.count == 4)
        func output(of program: String, on input: String) throws -> String {
            try Subprocess.run(["/bin/sh", "-c", "/usr/bin/python3 \"$0\" < \"$1\"", program, input]).stdout
        }
        var wrongAnswers = 0
        for name in cases {
            let input = io + "/cases/" + name
            let expected = try String(contentsOfFile: String(input.dropLast(".in".count)) + ".out", encoding: .utf8)
            #expect(try output(of: io + "/reference/python/main.py", on: input) == expected, "\(name)")
            if try output(of: io + "/wrong/no-default-name/python/main.py", on: input) != expected { wrongAnswers += 1 }
        }
        #expect(wrongAnswers > 0, "the known-wrong solution passes every case")
    }
}
