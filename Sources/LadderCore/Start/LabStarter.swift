import Foundation
import LadderGit
import LadderGrading
import LadderModel

/// What `ladder start` made.
public struct StartedLab: Sendable {
    public let lab: Lab
    public let language: LabLanguage
    public let directory: String
    public let commit: CommitInfo
    /// Paths of the committed files, relative to the repository, sorted.
    public let files: [String]
}

/// Creates a learner's repository for a lab: starter code, README, visible tests, pin file, one commit.
///
/// Only the lab's public directory (`Labs/<id>/`) is read; nothing under `Graders/` can reach the repository.
public struct LabStarter: Sendable {
    public let catalog: Catalog
    /// Where the catalog came from, which the new repository remembers (see ``CatalogOrigin``).
    public let origin: CatalogOrigin

    public init(catalog: Catalog, origin: CatalogOrigin = .builtIn) {
        self.catalog = catalog
        self.origin = origin
    }

    /// Resolves a lab id, or an error that suggests the closest ids.
    public func lab(_ id: String) throws(LadderError) -> Lab {
        try catalog.requireLab(id)
    }

    /// Resolves the language to start in: the one asked for, or the lab's first.
    public func language(_ requested: String?, for lab: Lab) throws(LadderError) -> LabLanguage {
        try catalog.requireLanguage(requested, for: lab)
    }

    /// Starts `labID` in `directory` (default `./<lab-id>`). Leaves nothing behind when it fails.
    public func start(
        labID: String,
        language requestedLanguage: String? = nil,
        directory requestedDirectory: String? = nil,
        fallbackAuthor: Signature = Signature(name: "Ladder Learner", email: "learner@ladder.invalid")
    ) throws -> StartedLab {
        let lab = try lab(labID)
        let language = try language(requestedLanguage, for: lab)
        let directory = URL(fileURLWithPath: requestedDirectory ?? lab.id).standardizedFileURL.path
        let target = try TargetDirectory.claim(directory)
        do {
            let files = try writeFiles(of: lab, in: language, to: directory)
            let repository = try Repository.create(at: directory)
            let author = repository.defaultSignature(fallback: fallbackAuthor)
            let commit = try repository.commitAll(
                message: "Start \(lab.id) \(lab.version) (\(language.id))\n\n\(lab.title)\n",
                author: author
            )
            try Self.addStarterHistory(of: lab, in: language, to: repository, author: author)
            try origin.remember(in: repository)
            return StartedLab(lab: lab, language: language, directory: directory, commit: commit, files: files)
        } catch {
            target.rollBack()
            throw error
        }
    }

    /// The lab's starter branches and commits (`history/<language>/history.toml`), made after the first commit and
    /// marked as the lab's with ``GitCheck/startTrailer``; the working tree is then HEAD's.
    static func addStarterHistory(of lab: Lab, in language: LabLanguage, to repository: Repository, author: Signature)
        throws
    {
        let directory = starterHistory(of: lab, in: language)
        guard HistoryScript.exists(in: directory) else { return }
        let script: HistoryScript
        do {
            script = try HistoryScript.load(directory: directory)
        } catch {
            throw LadderError(
                .infrastructure, "lab `\(lab.id)` has a broken starter history (the lab's fault): \(error)")
        }
        try script.apply(to: repository, defaultAuthor: author, trailer: "\(GitCheck.startTrailer): \(lab.id)")
        try repository.resetHard(to: "HEAD")
    }

    /// Where a lab keeps the history `ladder start` adds for a language.
    static func starterHistory(of lab: Lab, in language: LabLanguage) -> String {
        lab.directory + "/history/" + language.id
    }

    /// Copies the starter, the README and the visible tests, then writes `.gitignore` and the pin file.
    ///
    /// The copies belong to the learner whoever owns the catalog (see ``FileTree``); a file that cannot be read or
    /// written is an error that names it and says what to do.
    private func writeFiles(of lab: Lab, in language: LabLanguage, to directory: String) throws -> [String] {
        let fileManager = FileManager.default
        let starter = lab.directory + "/" + language.starter
        guard fileManager.fileExists(atPath: starter) else {
            throw LadderError(
                .infrastructure,
                "lab `\(lab.id)` has no starter for \(language.id) at \(starter); the lab is incomplete")
        }
        do {
            try FileTree.copyContents(of: starter, into: directory)
            for shared in ["README.md", "tests"] {
                let source = lab.directory + "/" + shared
                let destination = directory + "/" + shared
                if fileManager.fileExists(atPath: source), !fileManager.fileExists(atPath: destination) {
                    try FileTree.copy(source, to: destination)
                    if shared == "tests" { Self.keepOnlyLanguage(language.id, inVisibleTests: destination) }
                }
            }
            let gitignore = directory + "/.gitignore"
            if !fileManager.fileExists(atPath: gitignore) {
                try FileTree.write(
                    Data(Self.gitignore(for: language.id, build: language.build ?? []).utf8), to: gitignore)
            }
            let pin = LabPin(lab: lab.id, version: lab.version, language: language.id, catalog: origin.subscriptionName)
            let pinPath = directory + "/" + LabPin.relativePath
            let pinDirectory = (pinPath as NSString).deletingLastPathComponent
            if !fileManager.fileExists(atPath: pinDirectory), mkdir(pinDirectory, 0o755) != 0 {
                throw FileTree.Failure(side: .writing, path: pinDirectory, code: errno)
            }
            try FileTree.write(Data(pin.encoded().utf8), to: pinPath)
        } catch let failure as FileTree.Failure {
            throw explain(failure, directory: directory)
        }
        return try Self.listFiles(in: directory)
    }

    /// Removes from the learner's copy of the visible tests the other languages' folders of `per-language` mutation
    /// tests: the learner reads their own language's public mutants, and `ladder test` reads the catalog's copy.
    /// A copy whose grader.toml does not load is left whole.
    static func keepOnlyLanguage(_ language: String, inVisibleTests directory: String) {
        guard FileManager.default.fileExists(atPath: directory + "/grader.toml"),
            let spec = try? GraderSpec.load(directory: directory, lab: nil)
        else { return }
        for stage in spec.stages {
            for test in stage.tests {
                guard case .tests(let check) = test.kind else { continue }
                for overlay in check.overlays {
                    guard let languages = overlay.languages else { continue }
                    // A mutant that does not exist in the learner's language goes whole, its about.txt with it.
                    let removed =
                        languages.contains(language)
                        ? languages.filter { $0 != language }.map { overlay.path + "/" + $0 }
                        : [overlay.path]
                    for path in removed {
                        try? FileManager.default.removeItem(atPath: directory + "/" + path)
                    }
                }
            }
        }
    }

    /// What the learner can do about a file that could not be copied: the catalog must be readable by them, and
    /// the new repository's directory writable.
    private func explain(_ failure: FileTree.Failure, directory: String) -> LadderError {
        switch failure.side {
        case .reading:
            return LadderError(
                .infrastructure,
                "\(failure); every user of the catalog at \(catalog.root) must be able to read it: ask whoever installed "
                    + "Ladder to run `chmod -R a+rX \(catalog.root)`, or use another catalog with --catalog")
        case .writing:
            return LadderError(
                .directoryNotWritable,
                "\(failure); choose a directory you can write to, with free space, with --dir (tried \(directory))")
        }
    }

    /// The repository's `.gitignore` when the starter brings none: the language's usual build output and editor
    /// files, and what the lab's own build command writes (`go build -o server` → `/server`, `javac -d out` → `/out/`).
    static func gitignore(for language: String, build: [String] = []) -> String {
        var lines = [
            "# Build output and editor files; keep them out of your commits.", ".DS_Store", "*.swp", ".idea/",
            ".vscode/",
        ]
        switch language {
        case "python": lines += ["__pycache__/", "*.pyc", ".venv/", ".pytest_cache/"]
        case "node": lines += ["node_modules/"]
        case "java": lines += ["*.class", "target/", "build/"]
        case "swift": lines += [".build/", "Package.resolved"]
        case "go": lines += ["/bin/"]
        case "rust": lines += ["target/"]
        case "c": lines += ["*.o", "a.out"]
        default: break
        }
        for (flag, value) in zip(build, build.dropFirst()) where !value.contains("/") && !value.hasPrefix(".") {
            if flag == "-o" { lines.append("/" + value) }
            if flag == "-d" { lines.append("/" + value + "/") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func listFiles(in directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path == ".git" || path.hasPrefix(".git/") {
                enumerator.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                continue
            }
            files.append(path)
        }
        return files.sorted()
    }
}

/// The directory a lab is started in: created when missing, refused when it already holds anything.
struct TargetDirectory {
    let path: String
    let created: Bool

    static func claim(_ path: String) throws(LadderError) -> TargetDirectory {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw LadderError(
                    .directoryNotEmpty, "\(path) exists and is not a directory; choose another with --dir")
            }
            let entries = (try? fileManager.contentsOfDirectory(atPath: path)) ?? []
            guard entries.isEmpty else {
                throw LadderError(
                    .directoryNotEmpty,
                    "\(path) is not empty (\(entries.count) entries); choose an empty or new directory with --dir")
            }
            guard fileManager.isWritableFile(atPath: path) else {
                throw LadderError(
                    .directoryNotWritable, "\(path) is not writable; choose a directory you can write to with --dir")
            }
            return TargetDirectory(path: path, created: false)
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LadderError(
                .directoryNotWritable,
                "cannot create \(path) (is \(parent) writable?); choose another directory with --dir")
        }
        return TargetDirectory(path: path, created: true)
    }

    /// Removes what a failed start left: the whole directory when it made it, otherwise its contents.
    func rollBack() {
        let fileManager = FileManager.default
        if created {
            try? fileManager.removeItem(atPath: path)
            return
        }
        for entry in (try? fileManager.contentsOfDirectory(atPath: path)) ?? [] {
            try? fileManager.removeItem(atPath: path + "/" + entry)
        }
    }
}
