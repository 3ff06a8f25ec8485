import Foundation
import LadderGrading
import LadderText

/// One student of a classroom roster and the repository to grade for them.
public struct RosterEntry: Sendable, Equatable {
    /// The student's id as the roster gives it (a GitHub user name, a student number); unique in the roster.
    public var student: String
    /// Where the student's repository is.
    public var repository: RepositoryLocation
    /// The student's name, when the roster has a `name` column and gives one.
    public var name: String?
    /// The student's email, when the roster has an `email` column and gives one.
    public var email: String?
    /// The line of the roster the row starts on (1-based; the header is line 1), for messages about this student.
    public var line: Int

    public init(student: String, repository: RepositoryLocation, name: String? = nil, email: String? = nil, line: Int) {
        self.student = student
        self.repository = repository
        self.name = name
        self.email = email
        self.line = line
    }
}

/// Where a student's repository is: a local path, a `file://` URL or an `https://` URL.
public enum RepositoryLocation: Sendable, Equatable, CustomStringConvertible {
    /// An absolute path (a relative path in the roster is resolved against the roster's directory).
    case path(String)
    /// A `file://` URL; ``path`` is the directory it names.
    case fileURL(URL)
    /// An `https://` URL without credentials; a token for it comes from the environment, never the roster.
    case https(URL)

    /// The local directory, for `path` and `file://` locations.
    public var localPath: String? {
        switch self {
        case .path(let path): path
        case .fileURL(let url): url.path
        case .https: nil
        }
    }

    public var description: String {
        switch self {
        case .path(let path): path
        case .fileURL(let url), .https(let url): url.absoluteString
        }
    }

    /// What a roster may give as a repository, for messages.
    public static let accepted = "a path (absolute, or relative to the roster), a file:// URL or an https:// URL"
}

/// Reads a classroom roster: a CSV file (RFC 4180) with a header row.
///
/// Columns (matched ignoring case and surrounding spaces, in any order): `student` and `repository` are required,
/// `name` and `email` are optional, and any other column is ignored (so a GitHub Classroom export with an added
/// `repository` column works). Fields may be quoted (`"Lovelace, Ada"`, `""` for a quote, line breaks inside
/// quotes); records end with CRLF or LF; a UTF-8 byte-order mark is skipped; blank lines are ignored. Every error
/// names the line and the column.
public enum Roster {
    /// The columns a roster must have.
    public static let requiredColumns = ["student", "repository"]
    /// The columns a roster may have besides the required ones.
    public static let optionalColumns = ["name", "email"]

    /// Reads a roster file; relative repository paths are resolved against the file's directory.
    public static func load(contentsOf path: String) throws(RosterError) -> [RosterEntry] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw RosterError(
                file: path, reason: "no such file; expected a CSV roster with the columns student and repository")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RosterError(file: path, reason: "the file cannot be read (check its permissions)")
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        return try parse(data, file: path, baseDirectory: absolute.deletingLastPathComponent().path)
    }

    /// Parses a roster's bytes; `file` names it in errors and `baseDirectory` resolves relative paths.
    public static func parse(_ data: Data, file: String, baseDirectory: String) throws(RosterError) -> [RosterEntry] {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = TextPreview.firstInvalidUTF8Offset(bytes) ?? 0
            let line = bytes.prefix(offset).filter { $0 == 0x0A }.count + 1
            throw RosterError(
                file: file, line: line, reason: "the file is not UTF-8 text; save the roster as UTF-8 CSV")
        }
        let records = try CSVReader(text: text, file: file).records()
            .filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
        guard let header = records.first else {
            throw RosterError(
                file: file, reason: "the roster is empty; expected a header row such as `student,repository,name,email`"
            )
        }
        let columns = try columnIndexes(header, file: file)
        guard records.count > 1 else {
            throw RosterError(file: file, line: header.line, reason: "the roster has a header but no students")
        }

        var entries: [RosterEntry] = []
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                throw RosterError(
                    file: file, line: record.line,
                    reason:
                        "\(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), but the header has \(header.fields.count) columns; "
                        + "quote fields that contain commas")
            }
            func value(_ column: String) -> String? {
                guard let index = columns[column] else { return nil }
                let text = record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : text
            }
            guard let student = value("student") else {
                throw RosterError(
                    file: file, line: record.line, column: "student", reason: "empty; every row needs a student id")
            }
            let key = student.lowercased()
            if let earlier = firstLine[key] {
                throw RosterError(
                    file: file, line: record.line, column: "student",
                    reason:
                        "duplicate student \"\(student)\" (also on line \(earlier)); student ids are compared ignoring case"
                )
            }
            firstLine[key] = record.line
            guard let repository = value("repository") else {
                throw RosterError(
                    file: file, line: record.line, column: "repository",
                    reason: "empty repository for \"\(student)\"; give \(RepositoryLocation.accepted)")
            }
            let location: RepositoryLocation
            do {
                location = try repositoryLocation(repository, baseDirectory: baseDirectory)
            } catch {
                throw RosterError(file: file, line: record.line, column: "repository", reason: error.reason)
            }
            entries.append(
                RosterEntry(
                    student: student, repository: location, name: value("name"), email: value("email"),
                    line: record.line))
        }
        return entries
    }

    private static func columnIndexes(_ header: CSVReader.Record, file: String) throws(RosterError) -> [String: Int] {
        var columns: [String: Int] = [:]
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        for (index, name) in names.enumerated() where requiredColumns.contains(name) || optionalColumns.contains(name) {
            guard columns[name] == nil else {
                throw RosterError(
                    file: file, line: header.line, column: name, reason: "the column appears twice in the header")
            }
            columns[name] = index
        }
        let missing = requiredColumns.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            let found = names.filter { !$0.isEmpty }
            throw RosterError(
                file: file, line: header.line,
                reason:
                    "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: " and ")); the header must name "
                    + "the columns \(requiredColumns.joined(separator: " and ")) (optional: \(optionalColumns.joined(separator: ", "))); "
                    + (found.isEmpty ? "the header is empty" : "found: \(found.joined(separator: ", "))"))
        }
        return columns
    }

    /// A problem with one repository field, without its position (the caller adds that).
    struct LocationError: Error {
        let reason: String
    }

    static func repositoryLocation(_ text: String, baseDirectory: String) throws(LocationError) -> RepositoryLocation {
        if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            guard let url = URL(string: text), url.scheme?.lowercased() == scheme else {
                throw LocationError(reason: "\"\(text)\" is not a valid URL; give \(RepositoryLocation.accepted)")
            }
            switch scheme {
            case "https":
                guard let host = url.host, !host.isEmpty else {
                    throw LocationError(
                        reason: "\"\(text)\" has no host; expected a URL like https://github.com/org/repo.git")
                }
                guard url.user == nil, url.password == nil else {
                    throw LocationError(
                        reason:
                            "the URL contains credentials; remove them from the roster and give the token in the environment"
                    )
                }
                return .https(url)
            case "file":
                guard url.host == nil || url.host == "" || url.host == "localhost" else {
                    throw LocationError(
                        reason: "\"\(text)\" names a host; a file:// URL must be local, like file:///srv/repos/ada")
                }
                guard !url.path.isEmpty, url.path != "/" else {
                    throw LocationError(reason: "\"\(text)\" has no path; expected a URL like file:///srv/repos/ada")
                }
                return .fileURL(url)
            case "http":
                throw LocationError(reason: "\"\(text)\" uses http, which is not accepted; use https")
            default:
                throw LocationError(
                    reason: "\"\(text)\" uses \(scheme)://, which is not accepted; give \(RepositoryLocation.accepted)")
            }
        }
        if looksLikeSCPAddress(text) {
            throw LocationError(
                reason:
                    "\"\(text)\" is an SSH address, which is not accepted; give an https:// URL (a token comes from the environment) or a path"
            )
        }
        let url =
            text.hasPrefix("/")
            ? URL(fileURLWithPath: text)
            : URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: baseDirectory, isDirectory: true))
        let path = url.standardizedFileURL.path
        if !text.hasPrefix("/"), looksLikeHostName(text.prefix { $0 != "/" }),
            !FileManager.default.fileExists(atPath: path)
        {
            throw LocationError(reason: "\"\(text)\" looks like a URL without its scheme; write https://\(text)")
        }
        return .path(path)
    }

    /// `github.com`, `git.example.org`: dot-separated labels of letters, digits and hyphens, ending in letters.
    static func looksLikeHostName(_ text: Substring) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let last = labels.last, last.count >= 2, last.allSatisfy(\.isLetter) else {
            return false
        }
        return labels.allSatisfy {
            !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// `git@github.com:org/repo.git` and `host:path`: a colon before any slash, after something host-like.
    static func looksLikeSCPAddress(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let before = text[..<colon]
        guard !before.isEmpty, !before.contains("/") else { return false }
        return before.contains("@") || before.contains(".")
    }
}

/// A roster that cannot be used: which file, line and column, what is wrong and how to fix it.
public struct RosterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The roster's path as given.
    public let file: String
    /// The 1-based line, when the problem is on one.
    public let line: Int?
    /// The column's name, when the problem is in one field.
    public let column: String?
    /// What is wrong and how to fix it.
    public let reason: String

    public init(file: String, line: Int? = nil, column: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `roster.csv:7: column student: duplicate student "ada" (also on line 3)`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let column { text += "column \(column): " }
        return text + reason
    }
}

/// An RFC 4180 reader that remembers the line each record starts on.
struct CSVReader {
    struct Record {
        var line: Int
        var fields: [String]
    }

    let scalars: [Unicode.Scalar]
    let file: String

    init(text: String, file: String) {
        scalars = Array(text.unicodeScalars)
        self.file = file
    }

    func records() throws(RosterError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var index = 0
        var atFieldStart = true

        func endRecord() {
            records.append(Record(line: recordLine, fields: fields))
            fields = []
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if atFieldStart, scalar == "\"" {
                let quoteLine = line
                index += 1
                var closed = false
                while index < scalars.count {
                    let inner = scalars[index]
                    if inner == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                            field.append("\"")
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if inner == "\n" { line += 1 }
                    field.append(inner)
                    index += 1
                }
                guard closed else {
                    throw RosterError(
                        file: file, line: quoteLine, reason: "a quoted field is never closed; end it with \"")
                }
                // Only spaces may follow the closing quote before the separator.
                while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
                if index < scalars.count, !(scalars[index] == "," || scalars[index] == "\n" || scalars[index] == "\r") {
                    throw RosterError(
                        file: file, line: line,
                        reason:
                            "text after a closing quote; a quoted field ends at its closing quote (write \"\" for a quote inside it)"
                    )
                }
                atFieldStart = false
                continue
            }
            switch scalar {
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                atFieldStart = true
            case "\r", "\n":
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                fields.append(String(field))
                field = String.UnicodeScalarView()
                endRecord()
                line += 1
                recordLine = line
                atFieldStart = true
            case "\"":
                throw RosterError(
                    file: file, line: line,
                    reason:
                        "a quote inside an unquoted field; quote the whole field and write \"\" for each quote in it")
            default:
                if atFieldStart, scalar == " " || scalar == "\t" {
                    // Leading spaces before an opening quote are allowed; keep them only if no quote follows.
                    var lookahead = index
                    while lookahead < scalars.count, scalars[lookahead] == " " || scalars[lookahead] == "\t" {
                        lookahead += 1
                    }
                    if lookahead < scalars.count, scalars[lookahead] == "\"" {
                        index = lookahead
                        continue
                    }
                }
                field.append(scalar)
                atFieldStart = false
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty || !atFieldStart {
            fields.append(String(field))
            endRecord()
        }
        return records
    }
}
