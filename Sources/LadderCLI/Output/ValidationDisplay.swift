import Foundation
import LadderCore

/// Prints validation as it happens: a header per lab, one line per check, a summary line per lab.
final class ValidationDisplay: Sendable {
    let live: Bool

    init(live: Bool) {
        self.live = live
    }

    /// A transient "grading ..." line on standard error, only when it is a terminal.
    static let showsProgress = isatty(STDERR_FILENO) == 1

    func show(_ event: ValidationEvent) {
        guard live else { return }
        if Self.showsProgress {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
        switch event {
        case .labStarted(let location):
            print(Terminal.bold(location.id) + Terminal.dim("  \(location.labDirectory)"))
        case .grading(let subject, let run, let runs):
            if Self.showsProgress {
                fflush(nil)
                let counter = runs > 1 ? ", run \(run) of \(runs)" : ""
                FileHandle.standardError.write(Data(Terminal.dim("  grading \(subject)\(counter)...").utf8))
            }
        case .checked(let check):
            print("  " + Self.line(check))
        case .labFinished(let result):
            if let mutation = result.mutationStrength {
                for line in Self.mutants(mutation) { print(line) }
            }
            print(Self.summary(result))
            if let cost = result.cost, cost.gradings > 0 {
                print(Terminal.dim("  " + Self.costLine(cost)))
            }
            print("")
        }
        fflush(nil)
    }

    static func line(_ check: ValidationCheck) -> String {
        switch check.status {
        case .passed: return Terminal.green("✓") + " \(check.subject): \(check.detail)"
        case .failed: return Terminal.red("✗") + " \(check.subject): \(check.detail)"
        case .warning: return Terminal.yellow("!") + " \(check.subject): \(check.detail)"
        }
    }

    /// The mutants an author has to look at: survivors, declared equivalents and those that could not be graded.
    static func mutants(_ strength: MutationStrength) -> [String] {
        var lines: [String] = []
        for (status, title) in [
            (MutantResult.Status.survived, "survived"), (.equivalent, "declared equivalent"), (.unjudged, "not graded"),
        ] {
            let mutants = strength.mutants.filter { $0.status == status }
            guard !mutants.isEmpty else { continue }
            lines.append("    \(title) (\(mutants.count)):")
            for mutant in mutants {
                let note = mutant.note.map { " — \($0)" } ?? ""
                lines.append("      \(mutant.listing)" + Terminal.dim("  [\(mutant.id)]\(note)"))
            }
        }
        lines += strength.notes.map { "    " + Terminal.dim("note: " + $0) }
        return lines
    }

    /// Where the boxes' time went: the three tests that took the most, so an author sees what slows validation.
    static func costLine(_ cost: ValidationCost) -> String {
        let most = cost.items.prefix(3).map { item in
            String(
                format: "%@ %.0fs (%.0fs CPU; longest %.1fs, %@)", item.name, item.wallSeconds, item.cpuSeconds,
                item.slowestWallSeconds, item.slowestSubject)
        }
        return String(
            format: "time in boxes: %.0fs over %d gradings, %.0fs CPU in tests; most: %@", cost.wallSeconds,
            cost.gradings, cost.cpuSeconds, most.joined(separator: ", "))
    }

    static func summary(_ result: LabValidation) -> String {
        let name = result.labID + (result.version.map { " " + $0 } ?? "")
        let mutants =
            result.mutationStrength.map {
                "; \($0.killed) of \($0.nonEquivalent) mutants killed (\(MutationStrength.format(percent: $0.percent)))"
            } ?? ""
        let strength =
            (result.strength.map { "; \($0.caught) of \($0.total) known-wrong solutions caught" } ?? "") + mutants
        let warnings =
            result.warnings.isEmpty ? "" : ", \(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s")"
        let timing = String(format: " (%d run%@, %.1fs)", result.runs, result.runs == 1 ? "" : "s", result.seconds)
        if result.passed {
            let passed = result.checks.count - result.warnings.count
            return Terminal.green("VALID") + "  \(name): \(passed) checks passed\(warnings)\(strength)"
                + Terminal.dim(timing)
        }
        let failed = result.failures.map(\.subject)
        let shown = failed.prefix(4).joined(separator: ", ") + (failed.count > 4 ? ", ..." : "")
        return Terminal.red("INVALID")
            + "  \(name): \(failed.count) of \(result.checks.count) checks failed (\(shown))\(warnings)\(strength)"
            + Terminal.dim(timing)
    }
}
