import Foundation
import LadderModel

/// Ladder's own JSON: the ``GradeReport`` value as it is, versioned by its `formatVersion` field.
///
/// Keys are sorted and dates are ISO 8601 in UTC with whole seconds, so the same report always gives the same
/// bytes; optional fields that have no value are left out. Every field is documented in `docs/report-format.md`.
/// Readers should check `formatVersion` first (see ``decode(_:)``): it changes when a field changes meaning or
/// goes away, not when one is added.
public enum LadderJSONFormat {
    /// The report as pretty-printed JSON (UTF-8, ends with a newline).
    public static func render(_ report: GradeReport) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Cannot fail: a report holds only strings, integers, booleans, dates and enums with string raw values.
        var data = try! encoder.encode(report)
        data.append(0x0A)
        return data
    }

    /// Reads a report written by ``render(_:)``, checking its format version first.
    public static func decode(_ data: Data) throws(ReportDecodingError) -> GradeReport {
        let version: Int
        do {
            version = try JSONDecoder().decode(VersionProbe.self, from: data).formatVersion
        } catch {
            throw ReportDecodingError(reason: "not a Ladder grade report: \(describe(error))")
        }
        guard version == GradeReport.formatVersion else {
            throw ReportDecodingError(
                reason:
                    "the report has format version \(version), but this Ladder reads version \(GradeReport.formatVersion); "
                    + "use the Ladder version that wrote it")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(GradeReport.self, from: data)
        } catch {
            throw ReportDecodingError(reason: describe(error))
        }
    }

    private struct VersionProbe: Decodable {
        var formatVersion: Int
    }

    /// A decoding error as a sentence naming the field, instead of Foundation's type dump.
    private static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "the document" : text)
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "\(path(context.codingPath + [key])): missing"
        case .typeMismatch(let type, let context)?:
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context)?:
            return "\(path(context.codingPath)): expected \(type), got null"
        case .dataCorrupted(let context)?:
            let underlying = (context.underlyingError as NSError?)?.localizedDescription
            return "\(path(context.codingPath)): \(underlying ?? context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// A Ladder JSON report that cannot be read.
public struct ReportDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public let reason: String

    public var description: String { "cannot read the grade report: \(reason)" }
}
