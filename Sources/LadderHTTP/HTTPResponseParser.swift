import Foundation
import LadderText

/// Incremental HTTP/1.x response parsing: feed bytes as they arrive, ask for the response after each read.
///
/// Handles interim `1xx` responses, bodies framed by `Content-Length`, `Transfer-Encoding: chunked` (extensions and
/// trailers ignored) or the end of the connection, and responses without a body (`HEAD`, 204, 304).
struct HTTPResponseParser {
    /// Longest accepted response head (status line and headers).
    static let maximumHeadBytes = 64 << 10

    enum Failure: Error, Equatable {
        case malformed(String)
        case tooLarge
        case closedEarly(String)
    }

    enum Framing {
        case none
        case length(Int)
        case chunked
        case untilClose
    }

    enum ChunkState {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
    }

    let isHeadRequest: Bool
    let maximumBytes: Int
    private(set) var buffer: [UInt8] = []
    private var received = 0
    private var headSearchFrom = 0
    private var head: (status: Int, reason: String, headers: HTTPHeaders)?
    private var framing = Framing.untilClose
    private var bodyStart = 0
    private var chunkCursor = 0
    private var chunkState = ChunkState.size
    private var chunkedBody: [UInt8] = []

    init(isHeadRequest: Bool, maximumBytes: Int) {
        self.isHeadRequest = isHeadRequest
        self.maximumBytes = maximumBytes
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) throws(Failure) {
        received += bytes.count
        guard received <= maximumBytes else { throw .tooLarge }
        buffer.append(contentsOf: bytes)
    }

    /// The complete response, or `nil` while more bytes are needed; `atEnd` says the connection has closed.
    mutating func response(atEnd: Bool) throws(Failure) -> HTTPResponse? {
        while head == nil {
            guard let end = findHeadEnd() else {
                if buffer.count > HTTPResponseParser.maximumHeadBytes {
                    throw .malformed(
                        "the response headers are longer than \(HTTPResponseParser.maximumHeadBytes / 1024) KiB")
                }
                if atEnd {
                    throw buffer.isEmpty
                        ? .closedEarly("the service closed the connection without sending a response")
                        : .closedEarly(
                            "the connection closed in the middle of the response headers (got \"\(TextPreview.render(buffer, limit: 80))\")"
                        )
                }
                return nil
            }
            let parsed = try parseHead(Array(buffer[..<end.headEnd]))
            if (100..<200).contains(parsed.status), parsed.status != 101 {
                buffer.removeFirst(end.bodyStart)
                headSearchFrom = 0
                continue
            }
            head = parsed
            bodyStart = end.bodyStart
            chunkCursor = end.bodyStart
            framing = try framingFor(parsed)
        }
        let head = head!
        switch framing {
        case .none:
            return HTTPResponse(status: head.status, reason: head.reason, headers: head.headers)
        case .length(let length):
            let available = buffer.count - bodyStart
            if available >= length {
                return HTTPResponse(
                    status: head.status, reason: head.reason, headers: head.headers,
                    body: Data(buffer[bodyStart..<(bodyStart + length)]))
            }
            if atEnd {
                throw .closedEarly("the connection closed after \(available) of \(length) body bytes (Content-Length)")
            }
            return nil
        case .untilClose:
            guard atEnd else { return nil }
            return HTTPResponse(
                status: head.status, reason: head.reason, headers: head.headers, body: Data(buffer[bodyStart...]))
        case .chunked:
            if try decodeChunks() {
                return HTTPResponse(
                    status: head.status, reason: head.reason, headers: head.headers, body: Data(chunkedBody))
            }
            if atEnd {
                throw .closedEarly(
                    "the connection closed in the middle of the chunked body (after \(chunkedBody.count) bytes)")
            }
            return nil
        }
    }

    /// Finds the blank line ending the head; bare `\n` line ends are accepted as well as `\r\n`.
    private mutating func findHeadEnd() -> (headEnd: Int, bodyStart: Int)? {
        var index = max(0, headSearchFrom)
        while index < buffer.count {
            if buffer[index] == 0x0A {
                if index + 1 < buffer.count, buffer[index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < buffer.count, buffer[index + 1] == 0x0D, buffer[index + 2] == 0x0A {
                    return (index, index + 3)
                }
            }
            index += 1
        }
        headSearchFrom = max(0, buffer.count - 3)
        return nil
    }

    private func parseHead(_ bytes: [UInt8]) throws(Failure) -> (status: Int, reason: String, headers: HTTPHeaders) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let status = Int(parts[1]),
            status >= 100
        else {
            throw .malformed("the status line is not HTTP/1.x: \"\(TextPreview.render(statusLine, limit: 80))\"")
        }
        let reason = parts.count > 2 ? String(parts[2]) : ""
        var headers = HTTPHeaders()
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.fields.isEmpty {
                headers.continueLastValue(line.trimmingCharacters(in: .whitespaces))
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex, !line[..<colon].contains(" ") else {
                throw .malformed("a header line has no name: \"\(TextPreview.render(line, limit: 80))\"")
            }
            headers.add(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return (status, reason, headers)
    }

    private func framingFor(_ head: (status: Int, reason: String, headers: HTTPHeaders)) throws(Failure) -> Framing {
        if isHeadRequest || head.status == 204 || head.status == 304 || head.status < 200 { return .none }
        let codings = head.headers.values(for: "Transfer-Encoding")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let last = codings.last {
            guard last == "chunked" else { return .untilClose }
            return .chunked
        }
        let lengths = Set(
            head.headers.values(for: "Content-Length").flatMap { $0.split(separator: ",") }.map {
                $0.trimmingCharacters(in: .whitespaces)
            })
        guard let first = lengths.first else { return .untilClose }
        guard lengths.count == 1, first.allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(first) else {
            throw .malformed(
                "the Content-Length header is not one number: \(head.headers.values(for: "Content-Length").joined(separator: ", "))"
            )
        }
        guard length <= maximumBytes else { throw .tooLarge }
        return .length(length)
    }

    /// Decodes as many chunks as have arrived; `true` once the last chunk and trailers are complete.
    private mutating func decodeChunks() throws(Failure) -> Bool {
        while true {
            switch chunkState {
            case .size:
                guard let lineEnd = lineEnd(from: chunkCursor) else { return false }
                let line = String(decoding: buffer[chunkCursor..<lineEnd.contentEnd], as: UTF8.self)
                let sizeText = line.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
                guard !sizeText.isEmpty, sizeText.count <= 15, let size = Int(sizeText, radix: 16), size >= 0 else {
                    throw .malformed(
                        "a chunk size is not a hexadecimal number: \"\(TextPreview.render(line, limit: 40))\"")
                }
                guard chunkedBody.count + size <= maximumBytes else { throw .tooLarge }
                chunkCursor = lineEnd.next
                chunkState = size == 0 ? .trailers : .data(remaining: size)
            case .data(let remaining):
                let available = min(remaining, buffer.count - chunkCursor)
                chunkedBody.append(contentsOf: buffer[chunkCursor..<(chunkCursor + available)])
                chunkCursor += available
                if available < remaining {
                    chunkState = .data(remaining: remaining - available)
                    return false
                }
                chunkState = .dataEnd
            case .dataEnd:
                guard let lineEnd = lineEnd(from: chunkCursor) else { return false }
                guard lineEnd.contentEnd == chunkCursor else {
                    throw .malformed("a chunk is longer than its declared size")
                }
                chunkCursor = lineEnd.next
                chunkState = .size
            case .trailers:
                guard let lineEnd = lineEnd(from: chunkCursor) else { return false }
                let empty = lineEnd.contentEnd == chunkCursor
                chunkCursor = lineEnd.next
                if empty { return true }
            }
        }
    }

    private func lineEnd(from start: Int) -> (contentEnd: Int, next: Int)? {
        guard let newline = buffer[start...].firstIndex(of: 0x0A) else { return nil }
        let contentEnd = newline > start && buffer[newline - 1] == 0x0D ? newline - 1 : newline
        return (contentEnd, newline + 1)
    }
}
