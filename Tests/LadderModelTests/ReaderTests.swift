import Foundation
import LadderTOML
import Testing

@testable import LadderModel

@Suite("Field reader, units and suggestions")
struct ReaderTests {
    /// Every form of `Units` has its own tests (LadderUnitsTests); these check that a manifest reads integers and
    /// strings through it, and that the value's text and the rule reach the error with the field.
    @Test(
        "durations in TOML", arguments: [("v = \"1.5s\"", Duration.milliseconds(1500)), ("v = \"2m\"", .seconds(120))])
    func durations(text: String, expected: Duration) throws {
        var reader = TOMLReader(try TOMLDocument.parse(text, file: "f.toml"))
        #expect(try reader.require("v") { field throws(ManifestError) in try field.duration() } == expected)
    }

    @Test("sizes in TOML", arguments: [("v = 1048576", 1 << 20), ("v = \"1024\"", 1024), ("v = \"64K\"", 64 << 10)])
    func sizes(text: String, expected: Int) throws {
        var reader = TOMLReader(try TOMLDocument.parse(text, file: "f.toml"))
        #expect(try reader.require("v") { field throws(ManifestError) in try field.byteSize() } == expected)
    }

    @Test("a malformed quantity in TOML names the file, line and field, and says what to write")
    func malformedQuantity() throws {
        var reader = TOMLReader(try TOMLDocument.parse("a = 1\nwall = 5\nmemory = \"64k\"", file: "f.toml"))
        do {
            _ = try reader.require("wall") { field throws(ManifestError) in try field.duration() }
            Issue.record("expected an error")
        } catch {
            #expect(error.description == #"f.toml:2: wall: "5" has no unit: write "5s" or "5ms""#)
        }
        do {
            _ = try reader.require("memory") { field throws(ManifestError) in try field.byteSize(in: 0...(1 << 30)) }
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(#"f.toml:3: memory: "64k": write "64K"; "#))
        }
    }

    @Test("a reader reports nested fields with their paths, and unknown keys with suggestions")
    func reader() throws {
        let document = try TOMLDocument.parse(
            """
            name = "x"
            [server]
            port = 8080
            timeout = "2s"
            hosts = ["a", "b"]
            [[steps]]
            method = "GET"
            [[steps]]
            methd = "POST"
            """, file: "grader.toml")
        var reader = TOMLReader(document)
        #expect(try reader.require("name", as: String.self) == "x")
        let server = try reader.nested("server") { (server: inout TOMLReader) throws(ManifestError) in
            (
                try server.require("port", as: Int.self),
                try server.require("timeout") { field throws(ManifestError) in try field.duration() },
                try server.optional("hosts", as: [String].self), try server.optional("missing", as: Bool.self)
            )
        }
        #expect(server.0 == 8080)
        #expect(server.1 == .seconds(2))
        #expect(server.2 == ["a", "b"])
        #expect(server.3 == nil)
        do {
            _ = try reader.tables("steps") { (step: inout TOMLReader, _: Int) throws(ManifestError) in
                try step.optional("method", as: String.self)
            }
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "grader.toml:9: steps[1].methd: unknown key 'methd' (did you mean 'method'?)")
        }
    }

    @Test("finish lists the known keys when nothing is close")
    func finishListsKeys() throws {
        var reader = TOMLReader(try TOMLDocument.parse("alpha = 1\nzzz = 2", file: "f.toml"))
        _ = try reader.optional("alpha", as: Int.self)
        _ = try reader.optional("beta", as: Int.self)
        do {
            try reader.finish()
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "f.toml:2: zzz: unknown key 'zzz'; known keys here: alpha, beta")
        }
    }

    @Test(
        "type mismatches say what was expected and what was there",
        arguments: [
            ("v = 1", "expected a string, got 1"),
            ("v = [1, 2, 3, 4]", "expected a string, got [1, 2, 3, ...]"),
            ("v = { a = 1 }", "expected a string, got a table"),
            ("v = 1979-05-27", "expected a string, got 1979-05-27"),
        ])
    func mismatches(text: String, message: String) throws {
        var reader = TOMLReader(try TOMLDocument.parse(text, file: "f.toml"))
        do {
            _ = try reader.require("v", as: String.self)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == message)
            #expect(error.line == 1)
            #expect(error.field == "v")
        }
    }

    @Test("edit distance and suggestions")
    func suggestions() {
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("", "abc") == 3)
        #expect(Suggestions.closest(to: "junoir", in: ["junior", "senior", "backend"]) == ["junior"])
        #expect(Suggestions.closest(to: "a", in: ["b", "c", "d", "e"]).count == 3)
        #expect(Suggestions.closest(to: "xyz", in: ["junior"]).isEmpty)
        #expect(Suggestions.didYouMean([]) == "")
        #expect(Suggestions.didYouMean(["a", "b", "c"]) == " (did you mean 'a', 'b' or 'c'?)")
    }

    @Test("semantic versions")
    func versions() {
        #expect(SemanticVersion("1.2.3") == SemanticVersion(1, 2, 3))
        #expect(SemanticVersion("1.2") == nil)
        #expect(SemanticVersion("1.02.3") == nil)
        #expect(SemanticVersion("1.2.3-beta") == nil)
        #expect(SemanticVersion(1, 2, 3) < SemanticVersion(1, 10, 0))
    }

    @Test("kebab-case identifiers")
    func identifiers() {
        for good in ["log-stats", "a", "p95", "rate-limiter-2"] { #expect(Identifier.isKebabCase(good)) }
        for bad in ["", "-a", "a-", "a--b", "Log", "a_b", "a b", "ä"] { #expect(!Identifier.isKebabCase(bad)) }
    }

    @Test("limits override field by field")
    func limitsOverride() {
        let lab = Limits(wallTime: .seconds(10), memoryBytes: 256 << 20)
        let test = Limits(wallTime: .seconds(2), processes: 4)
        #expect(lab.overridden(by: test) == Limits(wallTime: .seconds(2), memoryBytes: 256 << 20, processes: 4))
        #expect(
            Limits(wallTime: .seconds(5), memoryBytes: 1 << 30).tomlLines == ["wall-time = \"5s\"", "memory = \"1G\""])
    }
}

/// Foundation's UTF-8 decoding drops a leading byte-order mark; the TOML parser must be the only thing that does.
@Suite("TOML files with byte-order marks")
struct ByteOrderMarkTests {
    @Test func oneMarkIsSkipped() throws {
        let directory = try TemporaryDirectory("bom")
        let path = try directory.writeData("one.toml", Data([0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8)))
        #expect(try TOMLDocument.load(path: path).root.value("a")?.integerValue == 1)
    }

    @Test func twoMarksAreAnError() throws {
        let directory = try TemporaryDirectory("bom")
        let path = try directory.writeData(
            "two.toml", Data([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8)))
        let error = #expect(throws: ManifestError.self) { try TOMLDocument.load(path: path) }
        #expect(error?.file == path)
        #expect(error?.line == 1)
        #expect(error?.message.contains("two byte-order marks") == true)
    }

    @Test func aPinFileWithTwoMarksIsAnError() throws {
        let directory = try TemporaryDirectory("bom")
        try directory.writeData(
            LabPin.relativePath, Data([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("lab = \"x\"\n".utf8)))
        let error = #expect(throws: ManifestError.self) { try LabPin.load(repository: directory.path) }
        #expect(error?.message.contains("two byte-order marks") == true)
    }
}
