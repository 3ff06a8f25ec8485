import Foundation
import LadderGit
import LadderGrading
import LadderModel

/// A learner's committed work, exported and matched with its lab, ready to grade.
public struct Submission: Sendable {
    public let repositoryPath: String
    public let commit: CommitInfo
    public let lab: Lab
    public let language: LabLanguage
    /// Uncommitted or untracked changes, which the grade does not see.
    public let uncommitted: [StatusEntry]
    /// The learner as their git configuration names them.
    public let author: Signature
    /// A temporary directory holding the commit's tree exactly as committed.
    public let exported: String

    /// Removes the exported copy.
    public func discard() {
        try? FileManager.default.removeItem(atPath: exported)
    }
}

extension LadderEnvironment {
    /// Finds the lab repository around `path`, checks its HEAD, and exports the commit to grade.
    ///
    /// Grades are of commits, never of the working tree: what is not committed is listed in ``Submission/uncommitted``.
    public func prepareSubmission(at path: String, revision: String = "HEAD") throws -> Submission {
        let repository: Repository
        do {
            repository = try Repository.discover(from: path)
        } catch let error as GitError {
            if case .notARepository = error.kind {
                throw LadderError(.notALabRepository, "\(URL(fileURLWithPath: path).standardizedFileURL.path) is not inside a lab repository; run this in a directory made by `ladder start`")
            }
            throw error
        }
        guard let workdir = repository.workdir else {
            throw LadderError(.notALabRepository, "\(repository.gitDirectory) is a bare repository; run this in a lab's working directory")
        }
        let commit: CommitInfo
        do {
            if revision == "HEAD", try repository.isHeadDetached {
                let head = try repository.head()
                throw LadderError(
                    .detachedHead,
                    "HEAD is detached at \(head.id.prefix(10)) (\"\(head.summary)\"); switch back to your branch (`git switch main`) and commit there")
            }
            commit = try repository.resolve(revision)
        } catch let error as GitError {
            if case .unbornHead = error.kind {
                throw LadderError(.noCommits, "\(workdir) has no commits yet; commit your work (`git add -A && git commit`) and submit again")
            }
            throw error
        }
        let exported = scratch.path("export")
        try repository.export(commit: commit.id, to: exported)
        do {
            let pin: LabPin
            do {
                pin = try LabPin.load(repository: exported, catalog: catalog)
            } catch {
                // The pin was read from the temporary export; name the learner's own file instead.
                let message = "\(error)".replacingOccurrences(of: exported + "/", with: workdir.hasSuffix("/") ? workdir : workdir + "/")
                throw LadderError(.notALabRepository, "\(message) (as committed in \(commit.id.prefix(10)))")
            }
            guard let lab = catalog.lab(id: pin.lab), let language = lab.language(pin.language) else {
                throw LadderError(.notALabRepository, "\(LabPin.relativePath) names lab `\(pin.lab)` in `\(pin.language)`, which this catalog does not offer")
            }
            let uncommitted = try repository.status()
            let author = repository.defaultSignature(fallback: commit.author)
            return Submission(
                repositoryPath: workdir, commit: commit, lab: lab, language: language, uncommitted: uncommitted,
                author: author, exported: exported)
        } catch {
            try? FileManager.default.removeItem(atPath: exported)
            throw error
        }
    }

    /// The hidden grader of `lab`, with its digest. A broken spec is the lab's fault and says so.
    public func graderSpec(for lab: Lab) throws -> (GraderSpec, String) {
        let directory = graderDirectory(for: lab)
        guard FileManager.default.fileExists(atPath: directory + "/grader.toml") else {
            throw LadderError(.infrastructure, "lab `\(lab.id)` has no hidden grader at \(directory)/grader.toml; the catalog is incomplete (not your code's fault)")
        }
        let spec: GraderSpec
        do {
            spec = try GraderSpec.load(directory: directory, lab: lab)
        } catch {
            throw LadderError(.infrastructure, "the grader of `\(lab.id)` is broken (grader-error, not your code's fault): \(error)")
        }
        return (spec, try GraderDigest.compute(directory: directory))
    }
}
