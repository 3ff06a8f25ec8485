import Foundation
import LadderCore

/// A one-line progress bar on standard error, redrawn in place on a terminal and printed every tenth otherwise.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let lock = NSLock()
    private let interactive = isatty(STDERR_FILENO) == 1
    private var lastPrinted = 0

    init(total: Int) {
        self.total = total
    }

    func update(_ progress: ClassroomProgress, last row: GradebookRow) {
        lock.withLock {
            let width = 30
            let filled = total == 0 ? width : width * progress.done / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let left =
                progress.remaining.map {
                    " · ~\(Int(Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 + 0.5))s left"
                } ?? ""
            let line =
                "\(bar) \(progress.done)/\(total) graded · \(progress.errors) not graded\(left) · last: \(row.student) \(row.status.rawValue)"
            if interactive {
                FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
            } else if progress.done == total || progress.done - lastPrinted >= max(1, total / 10) {
                lastPrinted = progress.done
                Terminal.note(line)
            }
        }
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
