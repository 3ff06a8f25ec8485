import Foundation
import LadderUnits

/// Limits as profiles and the command line write them: durations and sizes in ``Units``' one syntax (the one lab
/// manifests use), counts as whole numbers; an error names the field or option the value came from.
public enum SandboxQuantity {
    /// Reads a duration (`5s`, `250ms`, `1.5s`, `2m`).
    public static func parseDuration(_ text: String, field: String) throws(SandboxError) -> Duration {
        do {
            return try Units.parseDuration(text)
        } catch {
            throw SandboxError(.invalidValue, "\(field): \(error.message)")
        }
    }

    /// Reads a size in bytes (`256M`, `1G`, `512K`, `1024`).
    public static func parseBytes(_ text: String, field: String) throws(SandboxError) -> Int {
        do {
            return try Units.parseByteSize(text)
        } catch {
            throw SandboxError(.invalidValue, "\(field): \(error.message)")
        }
    }

    /// Reads a count such as a number of processes or open files.
    public static func parseCount(_ text: String, field: String) throws(SandboxError) -> Int {
        guard let value = Int(text), value >= 0 else {
            throw SandboxError(.invalidValue, "\(field): \"\(text)\" is not a whole number")
        }
        return value
    }
}
