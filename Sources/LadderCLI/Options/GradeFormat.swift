import ArgumentParser
import LadderGrading

/// What `ladder grade --format` accepts: the terminal's text, or one of the report formats of ``ReportFormat``.
///
/// The report formats are listed once, in the library; a case added there is a value of `--format`, in its help and
/// its completions, with nothing to change here. Only `text` is the CLI's own: it is the live display of a terminal.
enum GradeFormat: RawRepresentable, CaseIterable, Equatable, ExpressibleByArgument {
    /// The live lines and the summary, as `ladder submit` prints them.
    case text
    /// A machine-readable report, rendered by the library.
    case report(ReportFormat)

    static var allCases: [GradeFormat] { [.text] + ReportFormat.allCases.map { .report($0) } }

    init?(rawValue: String) {
        if rawValue == "text" {
            self = .text
        } else if let format = ReportFormat(rawValue: rawValue) {
            self = .report(format)
        } else {
            return nil
        }
    }

    var rawValue: String {
        switch self {
        case .text: "text"
        case .report(let format): format.rawValue
        }
    }
}
