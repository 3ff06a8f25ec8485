import Foundation
import LadderCore

extension Deadline {
    /// The value of a deadline option (`--before`, `--deadline`), or an error that names the option.
    static func parse(_ text: String, option: String) throws(LadderError) -> Date {
        do {
            return try parse(text)
        } catch {
            throw LadderError(error.kind, "\(option): \(error.message)")
        }
    }
}
