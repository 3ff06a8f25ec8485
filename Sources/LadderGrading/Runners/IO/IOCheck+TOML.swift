import Foundation
import LadderModel
import LadderTOML

extension OutputComparison {
    /// The names `compare = "..."` accepts.
    static let names = ["exact", "trimmed", "lines", "regex", "contains", "numbers", "json", "json-subset"]

    /// Reads `compare` and its companions (`pattern`, `tolerance`, `relative`) from a test table.
    static func read(_ reader: inout TOMLReader, prefix: String = "") throws(ManifestError) -> OutputComparison {
        let name =
            try reader.optional("\(prefix)compare") { field throws(ManifestError) in try field.oneOf(names) } ?? "lines"
        switch name {
        case "exact": return .exact
        case "trimmed": return .trimmed
        case "regex":
            let pattern = try reader.require("\(prefix)pattern", as: String.self)
            try checkRegex(pattern, reader: reader, key: "\(prefix)pattern")
            return .regex(pattern)
        case "contains":
            return .contains(try reader.require("\(prefix)pattern", as: String.self))
        case "numbers":
            let tolerance =
                try reader.optional("\(prefix)tolerance") { field throws(ManifestError) in try field.double() } ?? 1e-6
            let relative = try reader.optional("\(prefix)relative", as: Bool.self) ?? false
            return .numbers(tolerance: tolerance, relative: relative)
        case "json": return .jsonEqual
        case "json-subset": return .jsonSubset
        default: return .lines
        }
    }
}

extension IOCheck {
    init(reading reader: inout TOMLReader, fixtures: FixtureResolver) throws(ManifestError) {
        let arguments = try reader.optional("args", as: [String].self) ?? []
        let stdin = try fixtures.text(&reader, "stdin")
        let environment = try reader.optional("env") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        var files: [String: String] = [:]
        let fileMap = try reader.optional("files") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        for (destination, source) in fileMap {
            guard !destination.hasPrefix("/"), !destination.split(separator: "/").contains("..") else {
                throw reader.error(
                    "file destination '\(destination)' must be relative to the work directory", key: "files")
            }
            files[destination] = try fixtures.check(source, key: "files")
        }
        let comparison = try OutputComparison.read(&reader)
        let stdout = try fixtures.text(&reader, "stdout")
        let select = try reader.optional("select", as: String.self)
        if let select {
            try checkRegex(select, reader: reader, key: "select")
        }
        let needsExpected: Bool
        switch comparison {
        case .regex, .contains: needsExpected = false
        default: needsExpected = true
        }
        let exitCode =
            try reader.optional("exit-code") { field throws(ManifestError) in Int32(try field.integer(in: 0...255)) }
            ?? 0
        let stderr = try fixtures.text(&reader, "stderr")
        let stderrComparison = try OutputComparison.read(&reader, prefix: "stderr-")
        if needsExpected, stdout == nil, !reader.contains("exit-code") {
            // A misspelt 'stdout-file' is the likelier mistake; name it rather than ask for a key that is "missing".
            try reader.finish()
            throw reader.error("an io test needs 'stdout' or 'stdout-file' (or at least 'exit-code') to check anything")
        }
        self.init(
            arguments: arguments, stdin: stdin, environment: environment, files: files, stdout: stdout,
            comparison: comparison, select: select, exitCode: exitCode, stderr: stderr,
            stderrComparison: stderrComparison)
    }
}
