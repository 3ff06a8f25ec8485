import Foundation
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

    func remove() {
        scratch.remove()
    }
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
