import Foundation
import LadderGit
import LadderGrading
import LadderModel

/// A submission made for validation: plain files, or for a lab with git tests a repository started as `ladder start`
/// starts one, with the solution's history (or files) committed on top.
struct ComposedSubmission {
    /// The files to grade: the graded commit's tree.
    let path: String
    /// The graded commit and the repository it is in, for git tests.
    let commit: String?
    let repository: String?
    /// Everything made for it, removed by ``remove()``.
    let root: String

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

extension SubmissionComposer {
    static let validatorAuthor = Signature(name: "Ladder Validator", email: "validator@ladder.invalid")

    /// Composes plain files, or, when `history` is set or the solution is a history, a repository: the starter (and the lab's starter history)
    /// committed as `ladder start` does, then the solution's `history.toml` replayed on it, or its files committed as
    /// one commit when it has no history.
    func prepare(lab: Lab, language: LabLanguage, solution: String?, history: Bool) throws -> ComposedSubmission {
        guard history || solution.map(HistoryScript.exists) == true else {
            let path = try compose(lab: lab, language: language, solution: solution)
            return ComposedSubmission(path: path, commit: nil, repository: nil, root: path)
        }
        let root = try compose(lab: lab, language: language, solution: nil)
        do {
            let repository = try Repository.create(at: root + "/repo")
            for name in try FileManager.default.contentsOfDirectory(atPath: root) where name != "repo" {
                try FileManager.default.moveItem(atPath: root + "/" + name, toPath: root + "/repo/" + name)
            }
            try repository.commitAll(
                message: "Start \(lab.id) \(lab.version) (\(language.id))", author: Self.validatorAuthor)
            try LabStarter.addStarterHistory(of: lab, in: language, to: repository, author: Self.validatorAuthor)
            if let solution {
                if HistoryScript.exists(in: solution) {
                    try HistoryScript.load(directory: solution).apply(
                        to: repository, defaultAuthor: Self.validatorAuthor)
                } else {
                    let files = try compose(lab: lab, language: language, solution: solution)
                    defer { try? FileManager.default.removeItem(atPath: files) }
                    try HistoryScript.commit(
                        on: repository, branch: "main", parents: ["HEAD"], overlaying: files,
                        message: "Solve \(lab.id)",
                        author: Self.validatorAuthor)
                }
            }
            let head = try repository.resolve("refs/heads/main")
            let path = root + "/export"
            try repository.export(commit: head.id, to: path)
            return ComposedSubmission(path: path, commit: head.id, repository: repository.gitDirectory, root: root)
        } catch {
            try? FileManager.default.removeItem(atPath: root)
            throw error
        }
    }
}
