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

    /// An autograding test's input: its setup and run command lines, and the run's standard input.
    static func describe(_ test: AutogradingTest) -> String {
        var lines: [String] = []
        if let setup = test.setup { lines.append("setup: " + block(setup).dropFirst(2)) }
        lines.append("run: " + block(test.run).dropFirst(2))
        if let input = test.input {
            lines.append("stdin (\(describeSize(input))):\n" + block(input))
        } else {
            lines.append("stdin: none, and left open (a read waits until the timeout, as on GitHub)")
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

    /// `text` as an indented block of at most ``maxLines`` lines, each escaped and cut at ``lineLimit``. Only the
    /// lines shown are split off; the rest is counted, so a 40,000-line stdin costs a count of its newlines.
    static func block(_ text: String) -> String {
        let total = lineCount(text)
        let pieces = text.utf8.split(separator: newline, maxSplits: maxLines, omittingEmptySubsequences: false)
        var shown = pieces.prefix(min(total, maxLines)).map { piece in
            let line = Substring(piece)
            return "  " + TextPreview.render(line.hasSuffix("\r") ? line.dropLast() : line, limit: lineLimit)
        }
        if total > maxLines {
            shown.append("  … (\(total - maxLines) more lines)")
        }
        return shown.joined(separator: "\n")
    }

    private static let newline = UInt8(ascii: "\n")

    /// How many lines `text` holds: a last line without its newline counts, an empty text has none.
    static func lineCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
            var count = 0
            var at = base
            let end = base + bytes.count
            while at < end, let found = memchr(at, Int32(newline), end - at) {
                count += 1
                at = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return count + (bytes[bytes.count - 1] == newline ? 0 : 1)
        }
    }

    private static func describeSize(_ text: String) -> String {
        let count = lineCount(text)
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
