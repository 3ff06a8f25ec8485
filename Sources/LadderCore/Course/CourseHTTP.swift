import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 exchange with a course's server (`ladder serve`), over TLS for `https://` (the system's trusted
/// certificates, the host name verified) or plain for `http://` (a server on loopback, or behind a proxy on the
/// same host). One connection per request: `ladder submit` makes a handful. Prints nothing.
struct CourseHTTP: Sendable {
    struct Response: Sendable {
        let status: Int
        let headers: [(String, String)]
        let body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// The largest response read; a grading's report is a few kilobytes.
    static let maximumResponseBytes = 4 << 20

    let timeout: TimeAmount

    init(timeout: TimeAmount = .seconds(60)) {
        self.timeout = timeout
    }

    func send(
        _ method: HTTPMethod, _ url: URL, headers: [(String, String)] = [], body: Data = Data()
    ) async throws -> Response {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", let host = url.host,
            !host.isEmpty
        else {
            throw LadderError(.invalidInput, "\(url) is not an http:// or https:// URL of a course's server")
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        let tls: NIOSSLContext? =
            scheme == "https" ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let path = (url.path.isEmpty ? "/" : url.path) + (url.query.map { "?" + $0 } ?? "")
        let collector = ResponseCollector(limit: Self.maximumResponseBytes)
        let group = MultiThreadedEventLoopGroup.singleton
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(15))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: host))
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(collector)
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            throw LadderError(.infrastructure, "cannot reach the course's server at \(host):\(port): \(error)")
        }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: url.port.map { "\(host):\($0)" } ?? host)
        head.headers.add(name: "Content-Length", value: String(body.count))
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "User-Agent", value: "ladder/\(ladderVersion)")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !body.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let deadline = channel.eventLoop.scheduleTask(in: timeout) {
            collector.fail(LadderError(.infrastructure, "the course's server at \(host) did not answer in time"))
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        do {
            return try await collector.response.futureResult.get()
        } catch let error as LadderError {
            throw error
        } catch {
            throw LadderError(.infrastructure, "the exchange with the course's server at \(host) failed: \(error)")
        }
    }
}

/// Gathers one response and closes the connection.
private final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    let limit: Int
    var response: EventLoopPromise<CourseHTTP.Response>! = nil
    private var head: HTTPResponseHead?
    private var body = Data()
    private var done = false

    init(limit: Int) { self.limit = limit }

    func handlerAdded(context: ChannelHandlerContext) {
        response = context.eventLoop.makePromise()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
            if body.count > limit {
                fail(LadderError(.infrastructure, "the course's server answered more than \(limit) bytes"))
                context.close(promise: nil)
            }
        case .end:
            if let head, !done {
                done = true
                response.succeed(
                    CourseHTTP.Response(
                        status: Int(head.status.code), headers: head.headers.map { ($0.name, $0.value) }, body: body))
            }
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(LadderError(.infrastructure, "the course's server closed the connection before answering"))
    }

    func fail(_ error: Error) {
        guard !done else { return }
        done = true
        response?.fail(error)
    }
}
