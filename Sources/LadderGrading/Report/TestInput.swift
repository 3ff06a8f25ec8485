import Foundation
import LadderHTTP
import LadderModel
import LadderText

/// What a test gave the learner's code, written so a learner can run the same case by hand: the command line, the
/// environment, the fixtures placed and standard input; for http tests the requests sent and the response received.
///
/// Everything is bounded (a long stdin shows its first lines and how many more there are) and printable.
enum TestInput {
    /// The most lines of one text (stdin, a body) shown.
    static let maxLines = 20
    /// The most characters of one line shown.
    static let lineLimit = 200

    /// An io test's input: the command, its environment and fixtures, and its standard input.
    static func describe(_ check: IOCheck, command: [String], stdin: String?) -> String {
        var lines = ["command: " + (command + check.arguments).map(quoted).joined(separator: " ")]
        for (name, value) in check.environment.sorted(by: { $0.key < $1.key }) {
            lines.append("env: \(name)=\(quoted(value))")
        }
        for (destination, source) in check.files.sorted(by: { $0.key < $1.key }) {
            lines.append("file: \(destination) (the grader's \(source))")
        }
        switch (check.stdin, stdin) {
        case (.file(let path)?, let text?):
            lines.append("stdin (the grader's \(path), \(describeSize(text))):\n" + block(text))
        case (_, let text?) where !text.isEmpty:
            lines.append("stdin (\(describeSize(text))):\n" + block(text))
        default:
            lines.append("stdin: empty")
        }
        return lines.joined(separator: "\n")
    }

    /// An sql test's input: the grader's seed and the learner's files, in the order they ran.
    static func describe(_ check: SQLCheck) -> String {
        var lines: [String] = []
        if let seed = check.seed { lines.append("database seeded with the grader's \(seed)") }
        lines.append("ran: " + (check.setup + [check.query]).joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// The exact bytes of a request as sent (head and body), bounded.
    static func request(_ request: HTTPRequest) -> String {
        let head =
            (try? UnixSocketHTTPClient.serializeHead(request, context: "report")).map {
                String(decoding: $0, as: UTF8.self)
            }
            ?? "\(request.method) \(request.path) HTTP/1.1\r\n\r\n"
        return block(head.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines))
            + (request.body.isEmpty ? "" : "\n\n" + block(String(decoding: request.body, as: UTF8.self)))
    }

    /// A response as received: status line, headers and body, bounded.
    static func response(_ response: HTTPResponse) -> String {
        var head = "HTTP/1.1 \(response.status)" + (response.reason.isEmpty ? "" : " \(response.reason)")
        for header in response.headers {
            head += "\n\(header.name): \(header.value)"
        }
        return block(head)
            + (response.body.isEmpty ? "" : "\n\n" + block(String(decoding: response.body, as: UTF8.self)))
    }

    /// `text` as an indented block of at most ``maxLines`` lines, each escaped and cut at ``lineLimit``.
    static func block(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        var shown = lines.prefix(maxLines).map {
            "  " + TextPreview.render($0.hasSuffix("\r") ? $0.dropLast() : $0, limit: lineLimit)
        }
        if lines.count > maxLines {
            shown.append("  … (\(lines.count - maxLines) more lines)")
        }
        return shown.joined(separator: "\n")
    }

    private static func describeSize(_ text: String) -> String {
        let count = text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
        return count == 1 ? "1 line" : "\(count) lines"
    }

    private static func quoted(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_./=:,@%+".unicodeScalars.contains($0)
            }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
