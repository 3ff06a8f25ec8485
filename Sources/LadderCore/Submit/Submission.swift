import Foundation
import LadderGit
import LadderGrading
import LadderModel

/// One commit of a repository, exported and matched with its lab and hidden grader: ready to grade.
///
/// Made by ``LadderEnvironment/prepareSubmission(_:selection:)`` for every command that grades, so that the same
/// repository gets the same checks and the same errors from `ladder submit`, `ladder grade` and `ladder classroom grade`.
public struct Submission: Sendable {
    /// The repository as recorded with the attempt: the working directory for `ladder submit`, the path or URL as
    /// given to `ladder grade` or in a roster.
    public let location: String
    public let commit: CommitInfo
    /// Commits exist after the deadline; the graded commit is the last one at or before it.
    public let late: Bool
    public let lab: Lab
    public let language: LabLanguage
    /// The hidden grader, or why it cannot be used: the lab's fault, recorded as an `error` attempt.
    public let grader: Result<HiddenGrader, LadderError>
    /// Uncommitted or untracked changes, which the grade does not see (`ladder submit` only).
    public internal(set) var uncommitted: [StatusEntry] = []
    /// Who is graded: the commit's author, or for `ladder submit` the learner as their git configuration names them.
    public internal(set) var author: Signature
    /// A temporary directory holding the commit's tree exactly as committed.
    public let exported: String
    /// The repository's git directory, which git tests read the history from (through a copy); it lives as long as
    /// the ``GradingSource`` the submission was prepared from.
    public let repository: String

    /// Removes the exported copy.
    public func discard() {
        try? FileManager.default.removeItem(atPath: exported)
    }
}

/// A lab's hidden grader as loaded for one grading: its spec, the digest of its files, and what reading them warned
/// about (a GitHub Classroom file's ignored fields and skipped steps).
public struct HiddenGrader: Sendable {
    public let spec: GraderSpec
    public let digest: String
    public var warnings: [AutogradingWarning] = []
}

extension LadderEnvironment {
    /// `ladder submit`'s submission: HEAD of the lab repository around `path`, on a branch, graded as the learner
    /// their git configuration names.
    ///
    /// Grades are of commits, never of the working tree: what is not committed is listed in ``Submission/uncommitted``.
    public func prepareSubmission(at path: String) throws -> Submission {
        let repository: Repository
        do {
            repository = try Repository.discover(from: path)
        } catch let error as GitError {
            if case .notARepository = error.kind {
                throw LadderError(
                    .notALabRepository,
                    "\(URL(fileURLWithPath: path).standardizedFileURL.path) is not inside a lab repository; run this in a directory made by `ladder start`"
                )
            }
            throw error
        }
        guard let workdir = repository.workdir else {
            throw LadderError(
                .notALabRepository,
                "\(repository.gitDirectory) is a bare repository; run this in a lab's working directory")
        }
        // A learner submits their branch; CI (`ladder grade`) grades whatever is checked out.
        if (try? repository.isHeadDetached) == true, let head = try? repository.head() {
            throw LadderError(
                .detachedHead,
                "HEAD is detached at \(head.id.prefix(10)) (\"\(head.summary)\"); switch back to your branch (`git switch main`) and commit there"
            )
        }
        var submission = try prepareSubmission(
            GradingSource(repository: repository, location: workdir), selection: GradeSelection())
        do {
            submission.uncommitted = try repository.status()
        } catch {
            submission.discard()
            throw error
        }
        submission.author = repository.defaultSignature(fallback: submission.commit.author)
        return submission
    }

    /// The hidden grader of `lab`, with its digest. A broken spec is the lab's fault and says so.
    public func graderSpec(for lab: Lab) throws -> (GraderSpec, String) {
        let directory = graderDirectory(for: lab)
        guard FileManager.default.fileExists(atPath: directory + "/grader.toml") else {
            throw LadderError(
                .infrastructure,
                "lab `\(lab.id)` has no hidden grader at \(directory)/grader.toml; the catalog is incomplete (not your code's fault)"
            )
        }
        let spec: GraderSpec
        do {
            spec = try GraderSpec.load(directory: directory, lab: lab)
        } catch {
            throw LadderError(
                .infrastructure, "the grader of `\(lab.id)` is broken (grader-error, not your code's fault): \(error)")
        }
        return (spec, try GraderDigest.compute(directory: directory))
    }
}
