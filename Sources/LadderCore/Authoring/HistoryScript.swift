import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderSandbox
import LadderTOML

/// A git history written down as files: `history.toml` lists commits, each the files of a directory written over its
/// parent's tree. Labs graded on history use it for the branches `ladder start` adds to a starter repository
/// (`Labs/<id>/history/<language>/history.toml`) and for reference and known-wrong solutions
/// (`Graders/<id>/reference/<language>/history.toml`), which `lab validate` replays on a freshly started repository.
///
/// ```toml
/// [[commits]]
/// branch = "feature"        # default "main"; a new branch starts at `from` (default "main")
/// message = "feat: retry"
/// files = "01-retry"        # a directory next to history.toml, written over the parent's tree
/// delete = ["old.py"]       # paths removed
/// merge = "feature"         # a merge: that branch's tip is the second parent
/// author = "Ana Ruiz <ana@example.com>"
/// ```
struct HistoryScript: Sendable, Equatable {
    static let fileName = "history.toml"

    struct Step: Sendable, Equatable {
        var branch: String
        var from: String
        var message: String
        var files: String?
        var delete: [String]
        var merge: String?
        var author: Signature?
    }

    /// The directory `history.toml` is in; `files` are relative to it.
    var directory: String
    var steps: [Step]

    /// Loads `<directory>/history.toml`; errors name the file, line and field.
    static func load(directory: String) throws(ManifestError) -> HistoryScript {
        let file = directory + "/" + fileName
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ManifestError(file: file, message: "cannot read the history (\(error.localizedDescription))")
        }
        var reader = TOMLReader(try TOMLDocument.parse(text, file: file))
        let steps = try reader.tables("commits", required: true) { step, _ throws(ManifestError) in
            try Step(reading: &step, directory: directory)
        }
        try reader.finish()
        return HistoryScript(directory: directory, steps: steps)
    }

    /// Whether `directory` holds a history rather than plain files.
    static func exists(in directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + fileName)
    }

    /// Makes the commits on `repository` (branches are created from `from` when missing); `trailer`, when given, is
    /// appended to every message (`ladder start` marks the lab's own commits so).
    func apply(to repository: Repository, defaultAuthor: Signature, trailer: String? = nil) throws {
        for step in steps {
            var parents = [
                try Self.tip(step.branch, in: repository) ?? Self.tip(step.from, in: repository) ?? step.from
            ]
            if let merge = step.merge {
                guard let other = try Self.tip(merge, in: repository) else {
                    throw LadderError(
                        .invalidInput,
                        "\(directory)/\(Self.fileName): commit \"\(step.message)\" merges branch `\(merge)`, which no earlier commit made"
                    )
                }
                parents.append(other)
            }
            let message = trailer.map { step.message + "\n\n" + $0 } ?? step.message
            try Self.commit(
                on: repository, branch: step.branch, parents: parents,
                overlaying: step.files.map { directory + "/" + $0 },
                deleting: step.delete, message: message, author: step.author ?? defaultAuthor)
        }
    }

    /// Commits on `branch` the tree of the first of `parents` with the files of `overlay` written over it and the
    /// paths in `deleting` removed.
    static func commit(
        on repository: Repository, branch: String, parents: [String], overlaying overlay: String?,
        deleting: [String] = [],
        message: String, author: Signature
    ) throws {
        let scratch = try ScratchDirectory(in: NSTemporaryDirectory(), prefix: "ladder-history-")
        defer { scratch.remove() }
        let tree = scratch.path("tree")
        try repository.export(commit: parents[0], to: tree)
        if let overlay {
            try SubmissionComposer.overlay(overlay, onto: tree)
        }
        for path in deleting {
            if FileManager.default.fileExists(atPath: tree + "/" + path) {
                try FileManager.default.removeItem(atPath: tree + "/" + path)
            }
        }
        try repository.commit(
            directory: tree, onto: branch, parents: parents, message: message, author: author,
            allowEmpty: parents.count > 1)
    }

    private static func tip(_ branch: String, in repository: Repository) throws -> String? {
        try? repository.resolve("refs/heads/\(branch)").id
    }
}

extension HistoryScript.Step {
    init(reading reader: inout TOMLReader, directory: String) throws(ManifestError) {
        branch = try reader.optional("branch") { field throws(ManifestError) in try field.nonEmptyString() } ?? "main"
        from = try reader.optional("from") { field throws(ManifestError) in try field.nonEmptyString() } ?? "main"
        message = try reader.require("message") { field throws(ManifestError) in try field.nonEmptyString() }
        files = try reader.optional("files", as: String.self)
        if let files {
            var isDirectory: ObjCBool = false
            guard !files.hasPrefix("/"), !files.split(separator: "/").contains(".."),
                FileManager.default.fileExists(atPath: directory + "/" + files, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                throw reader.error(
                    "'\(files)' must be a directory next to history.toml holding the commit's files", key: "files")
            }
        }
        delete = try reader.optional("delete", as: [String].self) ?? []
        for path in delete where path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw reader.error(
                "cannot delete '\(path)': a path must be relative to the repository and stay inside it", key: "delete")
        }
        merge = try reader.optional("merge", as: String.self)
        if let text = try reader.optional("author", as: String.self) {
            let parts = text.split(separator: "<", maxSplits: 1)
            guard parts.count == 2, text.hasSuffix(">") else {
                throw reader.error("author '\(text)' must read 'Name <email>'", key: "author")
            }
            author = Signature(
                name: parts[0].trimmingCharacters(in: .whitespaces), email: String(parts[1].dropLast()))
        } else {
            author = nil
        }
        if files == nil, delete.isEmpty, merge == nil {
            throw reader.error("a commit needs 'files', 'delete' or 'merge'; an empty commit shows nothing")
        }
    }
}
