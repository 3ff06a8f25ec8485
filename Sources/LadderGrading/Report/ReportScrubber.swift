import Foundation

/// Keeps the grading machine's insides out of what a learner reads, and says a crashed service's last words once.
///
/// Scratch paths (`/dev/shm/ladder-…/ladder-grade.…/s7.sock`, the per-test copies) mean nothing to a learner and
/// differ on every run, so a report would never read the same twice; a file inside a per-test copy is named as the
/// learner knows it (`main.py`). A service that crashes the same way in every test prints the same stderr each
/// time; after the first test it is a pointer back, not a copy.
struct ReportScrubber {
    /// The grading run's scratch directory.
    let scratch: String
    /// Each stderr excerpt already shown, and the test it was shown with.
    private var shownStderr: [String: String] = [:]

    init(scratch: String) {
        self.scratch = scratch
    }

    /// The marker ``SandboxOutcome/stderrTail(lines:)`` puts before the stderr excerpt it appends to a detail.
    static let stderrMarker = "\nstderr (last lines):\n"

    /// A scratch path anywhere in a text: any path with a `ladder-…` component, to its end.
    nonisolated(unsafe) static let scratchPath = #/(?:/[^\s/'"():,]+)*/ladder-[^\s/'"():,]+(?:/[^\s'"():,]*)?/#

    /// `text` with every scratch path replaced by what it stands for.
    func scrub(_ text: String) -> String {
        guard text.contains("ladder-") else { return text }
        return text.replacing(Self.scratchPath) { match in
            let path = String(match.output)
            if path.hasSuffix(".sock") { return "the service's socket" }
            if path.hasPrefix(scratch + "/") {
                // <scratch>/<copy>/<file>: the file as the learner names it in their repository.
                let inside = path.dropFirst(scratch.count + 1).split(separator: "/", maxSplits: 1)
                if inside.count == 2 { return String(inside[1]) }
            }
            return "<scratch>"
        }
    }

    /// `detail` scrubbed, with a stderr excerpt already shown for an earlier test replaced by a pointer to it.
    mutating func clean(_ detail: String?, test: String) -> String? {
        guard let detail else { return nil }
        let scrubbed = scrub(detail)
        guard let marker = scrubbed.range(of: Self.stderrMarker) else { return scrubbed }
        let excerpt = String(scrubbed[marker.upperBound...])
        if let first = shownStderr[excerpt] {
            return String(scrubbed[..<marker.lowerBound]) + "\nstderr: the same as in \(first) above"
        }
        shownStderr[excerpt] = test
        return scrubbed
    }
}
