import Foundation
import LadderText

/// One header field as sent or received.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Header fields in order, repeated names kept, looked up without regard to case.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    /// The fields in the order they were given or received.
    public private(set) var fields: [HTTPHeader]

    /// Creates headers from name–value pairs, keeping order and repeats.
    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { HTTPHeader(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public init(arrayLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value of the field `name` (any case), or `nil`.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every value of the field `name` (any case), in order; `Set-Cookie` and friends repeat.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// Whether a field called `name` (any case) is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.caseInsensitiveEquals(name) }
    }

    /// Appends a field, keeping any earlier ones of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(HTTPHeader(name: name, value: value))
    }

    /// Removes every field called `name` (any case).
    public mutating func remove(name: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    /// Appends an obsolete folded continuation line to the last field's value.
    mutating func continueLastValue(_ text: String) {
        fields[fields.count - 1].value += " " + text
    }

    public func makeIterator() -> IndexingIterator<[HTTPHeader]> {
        fields.makeIterator()
    }
}

/// An HTTP/1.1 request to send to a learner's service.
public struct HTTPRequest: Sendable, Equatable {
    /// The method, such as `GET` or `POST`.
    public var method: String
    /// The request target: a path with an optional query, such as `/users?limit=2`.
    public var path: String
    /// Header fields; `Host`, `Content-Length` and `Connection` are added by the client.
    public var headers: HTTPHeaders
    /// The body, sent with a `Content-Length`.
    public var body: Data

    /// Creates a request.
    public init(method: String = "GET", path: String, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The request line without the version, for messages (`GET /users`), cut to a readable length.
    public var summary: String {
        "\(TextPreview.render(method, limit: 20)) \(TextPreview.render(path, limit: 120))"
    }
}

/// An HTTP response from a learner's service.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, such as 200.
    public var status: Int
    /// The reason phrase as sent, possibly empty.
    public var reason: String
    /// Header fields as received.
    public var headers: HTTPHeaders
    /// The body after removing any chunked transfer coding.
    public var body: Data

    /// Creates a response.
    public init(status: Int, reason: String = "", headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }
}

/// Why an HTTP exchange with a learner's service failed.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for deciding whose fault it is.
    public enum Kind: Sendable, Equatable {
        /// The request itself is unusable (bad method, path or header, socket path too long): the grader's fault.
        case invalidRequest
        /// Nothing accepted the connection.
        case connectFailed
        /// The deadline passed.
        case timedOut
        /// The service closed the connection before a complete response.
        case connectionClosed
        /// The service answered with something that is not HTTP/1.x.
        case malformedResponse
        /// The response is bigger than the client accepts.
        case responseTooLarge
        /// A system call failed unexpectedly.
        case systemError
        /// The surrounding task was cancelled.
        case cancelled
        /// The service did not become ready before the deadline.
        case notReady
    }

    /// The kind of failure.
    public let kind: Kind
    /// What was being done: the request line and the socket.
    public let context: String
    /// What went wrong.
    public let message: String

    public var description: String { "\(context): \(message)" }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
