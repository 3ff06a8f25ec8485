import Foundation
import LadderModel
import LadderTOML

extension GitCheck {
    /// The keys a git test may hold besides the ones every test has.
    static let checkKeys = [
        "min-commits", "max-commits", "message-pattern", "max-files-per-commit", "must-touch", "must-not-touch",
        "groups",
        "authors-named", "merge", "keep-lines", "run", "run-at", "script",
    ]

    init(reading reader: inout TOMLReader) throws(ManifestError) {
        let minCommits = try reader.optional("min-commits") { field throws(ManifestError) in
            try field.integer(in: 0...10_000)
        }
        let maxCommits = try reader.optional("max-commits") { field throws(ManifestError) in
            try field.integer(in: 0...10_000)
        }
        if let minCommits, let maxCommits, minCommits > maxCommits {
            throw reader.error(
                "min-commits (\(minCommits)) is more than max-commits (\(maxCommits)); no history could pass",
                key: "max-commits")
        }
        let messagePattern = try reader.optional("message-pattern", as: String.self)
        if let messagePattern {
            try checkRegex(messagePattern, reader: reader, key: "message-pattern")
        }
        let maxFiles = try reader.optional("max-files-per-commit") { field throws(ManifestError) in
            try field.integer(in: 1...10_000)
        }
        let mustTouch = try reader.optional("must-touch", as: [String].self) ?? []
        let mustNotTouch = try reader.optional("must-not-touch", as: [String].self) ?? []
        let groups = try reader.optional("groups") { field throws(ManifestError) in try field.stringListTable() } ?? [:]
        let authorsNamed = try reader.optional("authors-named", as: Bool.self) ?? false
        let merge = try reader.optional("merge", as: Bool.self) ?? false
        let keepLines =
            try reader.optional("keep-lines") { field throws(ManifestError) in try field.stringListTable() } ?? [:]
        for path in keepLines.keys where path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw reader.error("keep-lines path '\(path)' must be relative to the repository's root", key: "keep-lines")
        }
        let run = try reader.optional("run") { field throws(ManifestError) in try field.command() }
        let runAt = try reader.optional("run-at") { field throws(ManifestError) in
            RunAt(rawValue: try field.oneOf(RunAt.allCases.map(\.rawValue)))!
        }
        if runAt == .merges, !merge {
            throw reader.error(
                "run-at = \"merges\" needs merge = true, so a history without a merge fails by name", key: "run-at")
        }
        var script: ScriptCheck?
        if reader.contains("script") {
            let command = try reader.require("script") { field throws(ManifestError) in try field.command() }
            let format = try reader.require("format", as: ScriptReportFormat.self)
            let profile = try reader.optional("profile", as: String.self) ?? "python"
            script = ScriptCheck(command: command, format: format, withService: false, profile: profile)
        } else if reader.contains("format") {
            throw reader.error(
                "'format' is the report format of a 'script', and this git test has no 'script'", key: "format")
        }
        guard Self.checkKeys.contains(where: reader.contains) else {
            // A misspelt key is the likelier mistake; name it rather than ask for a check that is "missing".
            try reader.finish()
            throw reader.error("a git test needs at least one check: \(Self.checkKeys.joined(separator: ", "))")
        }
        self.init(
            minCommits: minCommits, maxCommits: maxCommits, messagePattern: messagePattern, maxFilesPerCommit: maxFiles,
            mustTouch: mustTouch, mustNotTouch: mustNotTouch, groups: groups, authorsNamed: authorsNamed, merge: merge,
            keepLines: keepLines, run: run, runAt: runAt ?? (run == nil ? nil : .head), script: script)
    }
}

extension TOMLField {
    /// A table whose values are all arrays of strings, such as a git test's `groups` or `keep-lines`.
    func stringListTable() throws(ManifestError) -> [String: [String]] {
        let reader = try table()
        var result: [String: [String]] = [:]
        for key in reader.table.keys {
            let field = TOMLField(value: reader.table.value(key)!, file: file, path: reader.path(of: key))
            result[key] = try [String].decode(field)
        }
        return result
    }
}
