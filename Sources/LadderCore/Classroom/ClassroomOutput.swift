import Foundation
import LadderGrading

/// Where a classroom run writes: `gradebook.csv` and `reports/NAME.json` (with `NAME.signed.json` when grades are
/// signed), one report per graded student under a file name of their own.
public struct ClassroomOutput: Sendable {
    public let directory: String

    public var reportsDirectory: String { directory + "/reports" }
    public var gradebook: String { directory + "/gradebook.csv" }

    /// Makes the directory and its `reports/` (or takes them as they are); errors say what is wrong with the path.
    public init(directory: String) throws(LadderError) {
        self.directory = directory
        try OutputFiles.createDirectory(directory, what: "the output directory")
        try OutputFiles.createDirectory(reportsDirectory, what: "the reports directory")
    }

    /// The longest readable part of a report's name; longer ids are cut and told apart by their hash.
    static let readableLength = 64

    /// A distinct, stable file name (without `.json`) for a student id.
    ///
    /// The id as it is when it is a plain name (letters, digits, `-`, `_`, `.`, not starting with a dot) of at most
    /// ``readableLength`` characters. Otherwise its plain characters (others become `_`), cut to that length, then `+`
    /// and a 64-bit FNV-1a hash of the exact id's UTF-8 in hex: `+` never appears in a plain name, so a changed name
    /// cannot take an unchanged one's, and two ids that read alike (`a/b`, `a b`, `a_b`) differ by their hash. The
    /// hash is fixed (unlike Swift's seeded `Hasher`), so a student's file keeps its name from run to run.
    /// An id ending in `.signed` is changed too, so that no report is named like another's signed report.
    public static func reportName(for student: String) -> String {
        let plain = student.unicodeScalars.map { scalar -> Character in
            let character = Character(scalar)
            let allowed = scalar.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
            return allowed ? character : "_"
        }
        var readable = String(plain.prefix(readableLength))
        if readable.hasPrefix(".") { readable = "_" + readable.dropFirst() }
        if readable == student, !readable.isEmpty, !readable.hasSuffix(".signed") {
            return readable
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in student.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return readable + "+" + String(format: "%016llx", hash)
    }

    /// Where a student's report goes.
    public func reportPath(for student: String) -> String {
        reportsDirectory + "/" + Self.reportName(for: student) + ".json"
    }

    /// Where a student's signed grade goes.
    public func signedPath(for student: String) -> String {
        reportsDirectory + "/" + Self.reportName(for: student) + ".signed.json"
    }

    /// Writes a graded row's report (and signed grade), each whole or not at all.
    func writeReports(of row: GradebookRow) throws(LadderError) {
        if let report = row.report {
            try OutputFiles.write(
                ReportFormat.json.render(report), to: reportPath(for: row.student), what: "the report of \(row.student)"
            )
        }
        if let signed = row.signed {
            try OutputFiles.write(
                signed.jsonData(), to: signedPath(for: row.student), what: "the signed grade of \(row.student)")
        }
    }

    /// Writes the gradebook, whole or not at all.
    func writeGradebook(_ rows: [GradebookRow]) throws(LadderError) {
        try OutputFiles.write(Data(Gradebook.csv(rows).utf8), to: gradebook, what: "the gradebook")
    }
}
