import Foundation
import LadderGit
import LadderSandbox

/// The scratch directory of one grading run: the built submission and a fresh copy of it per test.
///
/// It lives outside the submission and outside `Graders/`; only the per-test copies are mounted into a sandbox.
final class Workspace: Sendable {
    private let scratch: ScratchDirectory

    var root: String { scratch.root }

    init(parent: String = NSTemporaryDirectory()) throws {
        do {
            scratch = try ScratchDirectory(in: parent, prefix: "ladder-grade.")
        } catch {
            throw GradingFailure.infrastructure(error.description)
        }
    }

    /// A new, unique path inside the workspace (not created).
    func path(_ prefix: String) -> String {
        scratch.uniquePath(prefix)
    }

    /// A fresh copy of `directory` for one run, so no test sees what another wrote.
    func copy(of directory: String, as prefix: String = "run") throws -> String {
        let destination = path(prefix)
        try FileManager.default.copyItem(atPath: directory, toPath: destination)
        return destination
    }

    /// An empty directory for a run.
    func emptyDirectory(_ prefix: String) throws -> String {
        let destination = path(prefix)
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
        return destination
    }

    /// The checkout the tests of a ``TestWorkspace/sharedCheckout`` spec share: a copy of `build` with the `.git` of
    /// `repository` at `commit` (when both are known) on the branch the repository is on, an empty home and `/tmp`.
    func sharedCheckout(of build: String, repository: String?, commit: String?) throws -> SharedCheckout {
        let directory = try copy(of: build, as: "checkout")
        if let repository, let commit {
            do {
                let source = try Repository.open(at: repository)
                let branch = (try? source.currentBranch) ?? "main"
                try source.attachHistory(of: commit, toExport: directory, branch: branch)
            } catch {
                throw GradingFailure.infrastructure(
                    "cannot give the checkout the history of \(repository) at \(commit.prefix(10)): \(error)")
            }
        }
        // As root the box runs as another user, who must be able to write there (the workspace itself is 0700).
        let home = try emptyDirectory("home")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: home)
        let tmp = try emptyDirectory("tmp")
        try FileManager.default.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: tmp)
        return SharedCheckout(directory: directory, home: home, tmp: tmp)
    }

    func remove() {
        scratch.remove()
    }
}

/// What the tests of a ``TestWorkspace/sharedCheckout`` spec share, as on one CI machine: the checkout they run in, a
/// home directory and a `/tmp`. Runners bind the home at ``homeMount`` and the other at `/tmp` when their tests need
/// them.
struct SharedCheckout: Sendable {
    /// The built submission, with the repository's `.git` when it is known.
    let directory: String
    /// A home directory that also carries over from test to test.
    let home: String
    /// A `/tmp` that carries over too, on the disk (as a CI machine's is) rather than the box's own small tmpfs.
    let tmp: String

    /// Where the home is inside a box: the path GitHub's runners give `HOME`.
    static let homeMount = "/home/runner"
}

/// Why a grading run could not judge the learner's code.
enum GradingFailure: Error, CustomStringConvertible {
    /// The machine failed us (no scratch space, the sandbox could not start).
    case infrastructure(String)
    /// The lab is at fault (a fixture missing, a pattern that does not compile).
    case grader(String)

    var description: String {
        switch self {
        case .infrastructure(let message), .grader(let message): message
        }
    }
}
