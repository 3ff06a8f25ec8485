import Foundation
import LadderText
import LadderUnits

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 client that talks to a service through a Unix domain socket.
///
/// The sandbox forwards a Unix socket on the host to the learner's service inside its own network namespace, and
/// Foundation's `URLSession` cannot use Unix sockets on Linux. Each request opens a connection, sends
/// `Connection: close`, and reads one response. The socket work blocks, so it runs on a thread of its own and
/// never on Swift's cooperative pool; cancelling the calling task stops it within about 50 ms.
public struct UnixSocketHTTPClient: Sendable {
    /// The largest response (head and body) accepted before failing with ``HTTPClientError/Kind/responseTooLarge``.
    public var maximumResponseBytes: Int

    /// Creates a client that accepts responses up to `maximumResponseBytes` (8 MiB by default).
    public init(maximumResponseBytes: Int = 8 << 20) {
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// Sends `request` to the service listening on `unixSocketPath` and reads its response, all within `timeout`.
    ///
    /// The client adds `Host: localhost` (unless the request has a `Host`), `Content-Length` and `Connection: close`.
    public func send(_ request: HTTPRequest, unixSocketPath: String, timeout: Duration) async throws(HTTPClientError)
        -> HTTPResponse
    {
        let context = "\(request.summary) via \(unixSocketPath)"
        let head = try UnixSocketHTTPClient.serializeHead(request, context: context)
        let deadline = ContinuousClock.now + timeout
        let limit = maximumResponseBytes
        return try await UnixSocketHTTPClient.onOwnThread(context: context) { cancellation throws(HTTPClientError) in
            let connection = try UnixConnection(
                path: unixSocketPath, context: context, deadline: deadline, cancellation: cancellation)
            return try connection.exchange(
                head + Array(request.body), isHeadRequest: request.method.uppercased() == "HEAD",
                maximumBytes: limit, deadline: deadline
            )
        }
    }

    /// Waits until the service on `unixSocketPath` answers, retrying with short pauses until `deadline`.
    ///
    /// Without `probePath`, accepting a connection counts as ready; with it, any HTTP response to `GET probePath`
    /// does (whatever its status). Use a probe path when a forwarder sits in front of the service, since the
    /// forwarder accepts connections before the service is up. Returns how long the wait took.
    public func waitUntilReady(unixSocketPath: String, probePath: String?, deadline: ContinuousClock.Instant)
        async throws(HTTPClientError) -> Duration
    {
        let start = ContinuousClock.now
        let context =
            "waiting for the service on \(unixSocketPath)"
            + (probePath.map { " (probe GET \(TextPreview.render($0, limit: 120)))" } ?? "")
        var pause = Duration.milliseconds(2)
        var attempts = 0
        var lastFailure = "no attempt was made before the deadline"
        while true {
            let remaining = deadline - .now
            if remaining > .zero {
                attempts += 1
                do {
                    if let probePath {
                        _ = try await send(
                            HTTPRequest(path: probePath), unixSocketPath: unixSocketPath, timeout: remaining)
                    } else {
                        try await UnixSocketHTTPClient.onOwnThread(context: context) {
                            cancellation throws(HTTPClientError) in
                            _ = try UnixConnection(
                                path: unixSocketPath, context: context, deadline: deadline, cancellation: cancellation)
                        }
                    }
                    return .now - start
                } catch {
                    if error.kind == .invalidRequest || error.kind == .cancelled { throw error }
                    lastFailure = error.message
                }
            }
            let wait = min(pause, deadline - .now)
            guard wait > .zero else {
                throw HTTPClientError(
                    kind: .notReady, context: context,
                    message: "the service did not answer within \(Units.formatElapsed(.now - start)) "
                        + "(\(attempts) attempt\(attempts == 1 ? "" : "s")); last attempt: \(lastFailure)"
                )
            }
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw HTTPClientError(kind: .cancelled, context: context, message: "the wait was cancelled")
            }
            // Short pauses: a service is usually up within tens of milliseconds, and each pause past that moment is
            // added to every test that starts one. Behind the sandbox's forwarder they are rare: it holds a
            // connection until the service listens, so retries come only while its socket does not exist yet, or
            // from a service that closes a connection without answering.
            pause = min(pause * 2, .milliseconds(20))
        }
    }

    /// Runs blocking socket work on a dedicated thread and resumes the caller when it is done.
    private static func onOwnThread<T: Sendable>(
        context: String,
        _ work: @escaping @Sendable (CancellationFlag) throws(HTTPClientError) -> T
    ) async throws(HTTPClientError) -> T {
        let cancellation = CancellationFlag()
        let result: Result<T, HTTPClientError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: Result { () throws(HTTPClientError) -> T in try work(cancellation) })
                }
                thread.name = "ladder-http"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// The request line and headers, after checking that nothing in them can break the message framing.
    public static func serializeHead(_ request: HTTPRequest, context: String) throws(HTTPClientError) -> [UInt8] {
        func invalid(_ message: String) -> HTTPClientError {
            HTTPClientError(kind: .invalidRequest, context: context, message: message)
        }
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(isTokenByte) else {
            throw invalid("the method \"\(TextPreview.render(request.method, limit: 40))\" is not an HTTP token")
        }
        guard request.path.hasPrefix("/") || request.path == "*",
            request.path.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F })
        else {
            throw invalid(
                "the path \"\(TextPreview.render(request.path, limit: 120))\" must start with '/' and contain no spaces or control characters (percent-encode them)"
            )
        }
        var head = "\(request.method) \(request.path) HTTP/1.1\r\n"
        if !request.headers.contains("Host") { head += "Host: localhost\r\n" }
        for header in request.headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(isTokenByte) else {
                throw invalid("the header name \"\(TextPreview.render(header.name, limit: 60))\" is not an HTTP token")
            }
            guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw invalid(
                    "the value of header \(header.name) contains a line break or NUL: \"\(TextPreview.render(header.value, limit: 60))\""
                )
            }
            let lowered = header.name.lowercased()
            if lowered == "transfer-encoding" {
                throw invalid("Transfer-Encoding cannot be set; the body is always sent with Content-Length")
            }
            if lowered == "content-length" || lowered == "connection" { continue }
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(request.body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

/// Set from a task's cancellation handler, read by the thread doing the socket work.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    func cancel() {
        lock.withLock { cancelled = true }
    }

    var isCancelled: Bool {
        lock.withLock { cancelled }
    }
}

/// One non-blocking connected Unix stream socket; the descriptor is closed when the connection is released.
final class UnixConnection {
    private let descriptor: Int32
    private let context: String
    private let cancellation: CancellationFlag

    /// How often a blocked wait wakes to look for cancellation.
    private static let pollSlice = Duration.milliseconds(50)

    init(path: String, context: String, deadline: ContinuousClock.Instant, cancellation: CancellationFlag)
        throws(HTTPClientError)
    {
        self.context = context
        self.cancellation = cancellation
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let pathBytes = Array(path.utf8)
        guard !pathBytes.isEmpty, pathBytes.count < capacity else {
            throw HTTPClientError(
                kind: .invalidRequest, context: context,
                message:
                    "the socket path is \(pathBytes.count) bytes long; Unix socket paths must be 1 to \(capacity - 1) bytes (use a shorter directory)"
            )
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        descriptor = socket(
            AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else {
            throw HTTPClientError(
                kind: .systemError, context: context, message: "socket() failed: \(UnixConnection.describe(errno))")
        }
        while true {
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if result == 0 { return }
            let code = errno
            switch code {
            case EINTR:
                continue
            case EAGAIN:
                // The listener's backlog is full; it is alive but busy, so try again shortly.
                try checkTime(deadline, "connecting")
                usleep(5_000)
            case EINPROGRESS:
                try wait(for: Int16(POLLOUT), deadline: deadline, doing: "connecting")
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { return }
                throw connectFailure(error, path: path)
            default:
                throw connectFailure(code, path: path)
            }
        }
    }

    deinit {
        close(descriptor)
    }

    private func connectFailure(_ code: Int32, path: String) -> HTTPClientError {
        let message =
            switch code {
            case ENOENT: "there is no socket at \(path) (the service or its forwarder is not listening yet)"
            case ECONNREFUSED: "connection refused: nothing is accepting connections on \(path)"
            case EACCES: "permission denied for \(path)"
            case ENOTSOCK: "\(path) is not a socket"
            default: "connect() failed: \(UnixConnection.describe(code))"
            }
        return HTTPClientError(kind: .connectFailed, context: context, message: message)
    }

    /// Sends the whole request, then reads until the response is complete.
    func exchange(_ request: [UInt8], isHeadRequest: Bool, maximumBytes: Int, deadline: ContinuousClock.Instant)
        throws(HTTPClientError) -> HTTPResponse
    {
        var sendFailure: HTTPClientError?
        do {
            try sendAll(request, deadline: deadline)
        } catch  where error.kind == .connectionClosed {
            // A service may answer early (413, 400) and close; its response is still worth reading.
            sendFailure = error
        }
        var parser = HTTPResponseParser(isHeadRequest: isHeadRequest, maximumBytes: maximumBytes)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = try receive(
                into: &chunk, deadline: deadline,
                waitingFor: parser.buffer.isEmpty ? "the response" : "the rest of the response")
            do throws(HTTPResponseParser.Failure) {
                if count > 0 { try parser.append(chunk[..<count]) }
                if let response = try parser.response(atEnd: count == 0) { return response }
            } catch {
                if let sendFailure, count == 0, parser.buffer.isEmpty { throw sendFailure }
                switch error {
                case .tooLarge:
                    throw HTTPClientError(
                        kind: .responseTooLarge, context: context,
                        message: "the response is larger than \(maximumBytes >> 20) MiB, the most a grader accepts")
                case .malformed(let why):
                    throw HTTPClientError(
                        kind: .malformedResponse, context: context,
                        message: "the service did not answer with valid HTTP/1.1: \(why)")
                case .closedEarly(let why):
                    throw HTTPClientError(kind: .connectionClosed, context: context, message: why)
                }
            }
        }
    }

    private func sendAll(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent >= 0 {
                offset += sent
                continue
            }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN: try wait(for: Int16(POLLOUT), deadline: deadline, doing: "sending the request")
            case EPIPE, ECONNRESET:
                throw HTTPClientError(
                    kind: .connectionClosed, context: context,
                    message:
                        "the service closed the connection while the request was being sent (\(offset) of \(bytes.count) bytes sent)"
                )
            default:
                throw HTTPClientError(
                    kind: .systemError, context: context, message: "send() failed: \(UnixConnection.describe(code))")
            }
        }
    }

    /// Reads what has arrived, waiting for it until the deadline; 0 means the service closed the connection.
    private func receive(into chunk: inout [UInt8], deadline: ContinuousClock.Instant, waitingFor what: String)
        throws(HTTPClientError) -> Int
    {
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, $0.count, 0) }
            if count >= 0 { return count }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN: try wait(for: Int16(POLLIN), deadline: deadline, doing: "waiting for \(what)")
            case ECONNRESET: return 0
            default:
                throw HTTPClientError(
                    kind: .systemError, context: context, message: "recv() failed: \(UnixConnection.describe(code))")
            }
        }
    }

    private func wait(for events: Int16, deadline: ContinuousClock.Instant, doing what: String) throws(HTTPClientError)
    {
        while true {
            try checkTime(deadline, what)
            let slice = min(deadline - .now, UnixConnection.pollSlice)
            let (seconds, attoseconds) = slice.components
            let milliseconds = Int32(max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0, errno != EINTR {
                throw HTTPClientError(
                    kind: .systemError, context: context, message: "poll() failed: \(UnixConnection.describe(errno))")
            }
        }
    }

    private func checkTime(_ deadline: ContinuousClock.Instant, _ what: String) throws(HTTPClientError) {
        if cancellation.isCancelled {
            throw HTTPClientError(kind: .cancelled, context: context, message: "cancelled while \(what)")
        }
        if ContinuousClock.now >= deadline {
            throw HTTPClientError(kind: .timedOut, context: context, message: "timed out while \(what)")
        }
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)) + " (errno \(code))"
    }
}
