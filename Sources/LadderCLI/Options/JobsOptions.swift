import ArgumentParser
import Foundation
import LadderGrading

/// `--jobs`, shared by every command that grades: how many sandboxed runs go at once, across the tests of a grade
/// (and the repositories, labs or runs the command grades), never more.
struct JobsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How many sandboxed runs go at once, tests of one grade side by side (default: the machine's cores).",
            valueName: "n"))
    var jobs = JobsOptions.defaultJobs

    /// The machine's cores.
    static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
    /// The values `--jobs` takes.
    static let allowed = 1...64

    func validate() throws {
        if !Self.allowed.contains(jobs) {
            throw ValidationError("--jobs must be between \(Self.allowed.lowerBound) and \(Self.allowed.upperBound)")
        }
    }

    /// A budget of `jobs` boxes, to share among everything the command grades.
    var boxes: GradingBudget { Self.boxes(jobs) }

    /// A budget of `jobs` boxes, for a command line read without ArgumentParser (``QuickCommandLine``).
    static func boxes(_ jobs: Int) -> GradingBudget { GradingBudget(slots: jobs) }
}
