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
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 || jobs > 64 { throw ValidationError("--jobs must be between 1 and 64") }
    }

    /// A budget of `jobs` boxes, to share among everything the command grades.
    var boxes: GradingBudget { GradingBudget(slots: jobs) }
}
