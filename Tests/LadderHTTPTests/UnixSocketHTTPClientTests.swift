import Foundation
import LadderJSON
import LadderTestSupport
import Testing

@testable import LadderHTTP

/// A Python `http.server` on a Unix socket in a temporary directory, stopped and removed by `stop()`.
final class PythonHTTPServer {
    static let python = "/usr/bin/python3"

    static let script = #"""
        import http.server, json, socketserver, sys, time
        path, delay = sys.argv[1], float(sys.argv[2])
        time.sleep(delay)
        RAW = {
            "/raw/chunk-ext": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=val\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n",
            "/raw/continue": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
            "/raw/bare-lf": b"HTTP/1.0 200 OK\nX-A: 1\n\nbody until close",
            "/raw/garbage": b"SSH-2.0-OpenSSH_9.6\r\n\r\n",
            "/raw/short": b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
            "/raw/nothing": b"",
            "/raw/bad-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        }

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def address_string(self): return "unix"

            def send_body(self, status, body, extra=()):
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                for name, value in extra:
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def do_HEAD(self):
                self.do_GET()

            def do_GET(self):
                if self.path in RAW:
                    self.wfile.write(RAW[self.path])
                    self.close_connection = True
                elif self.path == "/hello":
                    self.send_body(200, b"hello", [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
                elif self.path == "/chunked":
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for part in [b"first,", b"second,", b"third"]:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                        self.wfile.flush()
                        time.sleep(0.05)
                    self.wfile.write(b"0\r\n\r\n")
                elif self.path == "/close":
                    self.protocol_version = "HTTP/1.0"
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b"read until close")
                    self.close_connection = True
                elif self.path.startswith("/sleep/"):
                    time.sleep(float(self.path[len("/sleep/"):]))
                    self.send_body(200, b"slept")
                elif self.path == "/big":
                    size = 9 << 20
                    self.send_response(200)
                    self.send_header("Content-Length", str(size))
                    self.end_headers()
                    try:
                        for _ in range(size >> 16):
                            self.wfile.write(b"x" * 65536)
                    except OSError:
                        pass
                elif self.path == "/big-chunked":
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    try:
                        for _ in range(200):
                            self.wfile.write(b"10000\r\n" + b"y" * 65536 + b"\r\n")
                        self.wfile.write(b"0\r\n\r\n")
                    except OSError:
                        pass
                else:
                    self.send_body(404, b"nope")

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                headers = {}
                for name, value in self.headers.items():
                    headers.setdefault(name.lower(), []).append(value)
                reply = json.dumps({"method": self.command, "path": self.path, "headers": headers, "body": body}).encode()
                self.send_body(200, reply)

        class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
            daemon_threads = True

        Server(path, Handler).serve_forever()
        """#

    let directory: URL
    let socketPath: String
    private let process: Process

    init(startDelay: Double = 0) throws {
        directory = URL(fileURLWithPath: "/tmp/ladder-http-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socketPath = directory.appendingPathComponent("s.sock").path
        let scriptPath = directory.appendingPathComponent("server.py")
        try Data(PythonHTTPServer.script.utf8).write(to: scriptPath)
        process = Process()
        process.executableURL = URL(fileURLWithPath: PythonHTTPServer.python)
        process.arguments = [scriptPath.path, socketPath, String(startDelay)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Starts a server and waits until it accepts connections.
    static func started() async throws -> PythonHTTPServer {
        let server = try PythonHTTPServer()
        do {
            _ = try await UnixSocketHTTPClient().waitUntilReady(
                unixSocketPath: server.socketPath, probePath: nil, deadline: .now + .seconds(10))
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    /// SIGKILL, because the child inherits the test thread's signal mask, in which SIGTERM is blocked.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

private func expectFailure(
    _ kind: HTTPClientError.Kind, messageContains fragment: String,
    _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) async {
    do {
        try await body()
        Issue.record("expected a \(kind) failure", sourceLocation: sourceLocation)
    } catch let error as HTTPClientError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected an HTTPClientError, got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite(.requires(.python3))
struct UnixSocketHTTPClientTests {
    let client = UnixSocketHTTPClient()

    @Test func getWithContentLengthAndRepeatedHeaders() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let response = try await client.send(
            HTTPRequest(path: "/hello"), unixSocketPath: server.socketPath, timeout: .seconds(5))
        #expect(response.status == 200)
        #expect(response.reason == "OK")
        #expect(response.body == Data("hello".utf8))
        #expect(response.headers["content-type"] == "text/plain")
        #expect(response.headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
    }

    @Test func chunkedBody() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let response = try await client.send(
            HTTPRequest(path: "/chunked"), unixSocketPath: server.socketPath, timeout: .seconds(5))
        #expect(response.headers["Transfer-Encoding"] == "chunked")
        #expect(String(decoding: response.body, as: UTF8.self) == "first,second,third")
    }

    @Test func bodyUntilClose() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let response = try await client.send(
            HTTPRequest(path: "/close"), unixSocketPath: server.socketPath, timeout: .seconds(5))
        #expect(response.headers["Content-Length"] == nil)
        #expect(String(decoding: response.body, as: UTF8.self) == "read until close")
    }

    @Test func postSendsHostLengthAndClose() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let request = HTTPRequest(
            method: "POST", path: "/items?x=1",
            headers: ["X-Test": "yes", "Content-Type": "application/json", "Connection": "keep-alive"],
            body: Data(#"{"name":"é"}"#.utf8)
        )
        let response = try await client.send(request, unixSocketPath: server.socketPath, timeout: .seconds(5))
        let echo = try JSONValue.parse(response.body)
        #expect(try echo.value(at: "/path") == "/items?x=1")
        #expect(try echo.value(at: "/body") == #"{"name":"é"}"#)
        #expect(try echo.value(at: "/headers/host") == ["localhost"])
        #expect(try echo.value(at: "/headers/content-length") == ["13"])
        #expect(try echo.value(at: "/headers/connection") == ["close"])
        #expect(try echo.value(at: "/headers/x-test") == ["yes"])
    }

    @Test func headAndErrorStatus() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let head = try await client.send(
            HTTPRequest(method: "HEAD", path: "/hello"), unixSocketPath: server.socketPath, timeout: .seconds(5))
        #expect(head.status == 200)
        #expect(head.headers["Content-Length"] == "5")
        #expect(head.body.isEmpty)
        let missing = try await client.send(
            HTTPRequest(path: "/nowhere"), unixSocketPath: server.socketPath, timeout: .seconds(5))
        #expect(missing.status == 404)
        #expect(missing.reason == "Not Found")
        #expect(missing.body == Data("nope".utf8))
    }

    @Test func rawResponses() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let extensions = try await client.send(
            HTTPRequest(path: "/raw/chunk-ext"), unixSocketPath: server.socketPath, timeout: .seconds(5))
        #expect(extensions.body == Data("hello".utf8))
        let interim = try await client.send(
            HTTPRequest(path: "/raw/continue"), unixSocketPath: server.socketPath, timeout: .seconds(5))
        #expect(interim.status == 201)
        #expect(interim.body == Data("ok".utf8))
        let bareLF = try await client.send(
            HTTPRequest(path: "/raw/bare-lf"), unixSocketPath: server.socketPath, timeout: .seconds(5))
        #expect(bareLF.headers["x-a"] == "1")
        #expect(bareLF.body == Data("body until close".utf8))
        let path = server.socketPath
        await expectFailure(
            .malformedResponse, messageContains: "the status line is not HTTP/1.x: \"SSH-2.0-OpenSSH_9.6\""
        ) {
            _ = try await client.send(HTTPRequest(path: "/raw/garbage"), unixSocketPath: path, timeout: .seconds(5))
        }
        await expectFailure(.connectionClosed, messageContains: "the connection closed after 3 of 10 body bytes") {
            _ = try await client.send(HTTPRequest(path: "/raw/short"), unixSocketPath: path, timeout: .seconds(5))
        }
        await expectFailure(.connectionClosed, messageContains: "without sending a response") {
            _ = try await client.send(HTTPRequest(path: "/raw/nothing"), unixSocketPath: path, timeout: .seconds(5))
        }
        await expectFailure(.malformedResponse, messageContains: "a chunk size is not a hexadecimal number: \"zz\"") {
            _ = try await client.send(HTTPRequest(path: "/raw/bad-chunk"), unixSocketPath: path, timeout: .seconds(5))
        }
    }

    @Test func timeout() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let start = ContinuousClock.now
        let path = server.socketPath
        await expectFailure(.timedOut, messageContains: "timed out while waiting for the response") {
            _ = try await client.send(HTTPRequest(path: "/sleep/20"), unixSocketPath: path, timeout: .milliseconds(300))
        }
        #expect(ContinuousClock.now - start < .seconds(10), "far less than the 20 s the server would take")
    }

    @Test func responseSizeIsBounded() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let path = server.socketPath
        await expectFailure(.responseTooLarge, messageContains: "larger than 8 MiB") {
            _ = try await client.send(HTTPRequest(path: "/big"), unixSocketPath: path, timeout: .seconds(10))
        }
        await expectFailure(.responseTooLarge, messageContains: "larger than 8 MiB") {
            _ = try await client.send(HTTPRequest(path: "/big-chunked"), unixSocketPath: path, timeout: .seconds(10))
        }
        let small = UnixSocketHTTPClient(maximumResponseBytes: 1 << 20)
        await expectFailure(.responseTooLarge, messageContains: "larger than 1 MiB") {
            _ = try await small.send(HTTPRequest(path: "/big"), unixSocketPath: path, timeout: .seconds(10))
        }
    }

    @Test func cancellationStopsTheRequest() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let path = server.socketPath
        let start = ContinuousClock.now
        let task = Task { [client] in
            try await client.send(HTTPRequest(path: "/sleep/20"), unixSocketPath: path, timeout: .seconds(30))
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let result = await task.result
        guard case .failure(let error as HTTPClientError) = result else {
            Issue.record("expected cancellation, got \(result)")
            return
        }
        #expect(error.kind == .cancelled)
        #expect(ContinuousClock.now - start < .seconds(10), "far less than the 20 s the server would take")
    }

    @Test func blockingWorkStaysOffTheCooperativePool() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        let path = server.socketPath
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask { [client] in
                    try await client.send(HTTPRequest(path: "/sleep/2"), unixSocketPath: path, timeout: .seconds(30))
                        .status
                }
            }
            for try await status in group { #expect(status == 200) }
        }
        // Sixteen half-second requests would take at least 4 s if they blocked the pool's threads (2 on this machine).
        #expect(
            ContinuousClock.now - start < .seconds(16),
            "16 requests of 2 s each, run one after another, would take 32 s")
    }

    @Test func closesEveryDescriptor() async throws {
        let server = try await PythonHTTPServer.started()
        defer { server.stop() }
        func openDescriptors() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        }
        let before = try openDescriptors()
        for _ in 0..<50 {
            _ = try await client.send(
                HTTPRequest(path: "/hello"), unixSocketPath: server.socketPath, timeout: .seconds(5))
            _ = try? await client.send(
                HTTPRequest(path: "/raw/garbage"), unixSocketPath: server.socketPath, timeout: .seconds(5))
            _ = try? await client.send(
                HTTPRequest(path: "/"), unixSocketPath: server.socketPath + ".missing", timeout: .seconds(5))
        }
        // Other tests run in parallel and open files too, so allow a little slack rather than demand equality.
        #expect(try openDescriptors() - before < 20)
    }

    @Test func waitsForASlowStartingService() async throws {
        let server = try PythonHTTPServer(startDelay: 0.8)
        defer { server.stop() }
        let waited = try await client.waitUntilReady(
            unixSocketPath: server.socketPath, probePath: "/hello", deadline: .now + .seconds(10))
        #expect(waited >= .milliseconds(500))
        #expect(waited < .seconds(9))
    }

    @Test func neverReadyTimesOut() async throws {
        let path = "/tmp/ladder-http-none-\(UUID().uuidString.prefix(8)).sock"
        let start = ContinuousClock.now
        await expectFailure(.notReady, messageContains: "last attempt: there is no socket at \(path)") {
            _ = try await client.waitUntilReady(
                unixSocketPath: path, probePath: "/health", deadline: .now + .milliseconds(500))
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(450))
        // Generous: on a loaded machine the pool may resume the wait late, but never by the probe's own timeouts.
        #expect(elapsed < .seconds(5))
    }

    @Test func listenerThatNeverAnswersIsNotReady() async throws {
        let server = try PythonHTTPServer(startDelay: 0)
        defer { server.stop() }
        _ = try await client.waitUntilReady(
            unixSocketPath: server.socketPath, probePath: nil, deadline: .now + .seconds(10))
        let path = server.socketPath
        await expectFailure(.notReady, messageContains: "the service did not answer within") {
            _ = try await client.waitUntilReady(
                unixSocketPath: path, probePath: "/sleep/3", deadline: .now + .milliseconds(400))
        }
    }
}

@Suite struct HTTPRequestValidationTests {
    let client = UnixSocketHTTPClient()

    @Test func connectingToNothing() async {
        await expectFailure(.connectFailed, messageContains: "there is no socket at /tmp/ladder-no-such.sock") {
            _ = try await client.send(
                HTTPRequest(path: "/"), unixSocketPath: "/tmp/ladder-no-such.sock", timeout: .seconds(1))
        }
    }

    @Test(arguments: [
        (HTTPRequest(path: "/a b"), "the path \"/a b\" must start with '/'"),
        (HTTPRequest(path: "users"), "the path \"users\" must start with '/'"),
        (HTTPRequest(method: "GE T", path: "/"), "the method \"GE T\" is not an HTTP token"),
        (
            HTTPRequest(path: "/", headers: ["X-Id": "1\r\nEvil: yes"]),
            "the value of header X-Id contains a line break or NUL: \"1\\r\\nEvil: yes\""
        ),
        (HTTPRequest(path: "/", headers: ["Bad Name": "x"]), "the header name \"Bad Name\" is not an HTTP token"),
        (HTTPRequest(path: "/", headers: ["Transfer-Encoding": "chunked"]), "Transfer-Encoding cannot be set"),
    ])
    func invalidRequests(request: HTTPRequest, fragment: String) async {
        await expectFailure(.invalidRequest, messageContains: fragment) {
            _ = try await client.send(request, unixSocketPath: "/tmp/ladder-no-such.sock", timeout: .seconds(1))
        }
    }

    @Test func socketPathTooLong() async {
        let path = "/tmp/" + String(repeating: "d", count: 120)
        await expectFailure(
            .invalidRequest,
            messageContains: "the socket path is 125 bytes long; Unix socket paths must be 1 to 107 bytes"
        ) {
            _ = try await client.send(HTTPRequest(path: "/"), unixSocketPath: path, timeout: .seconds(1))
        }
    }

    @Test func requestHead() throws {
        let head = try UnixSocketHTTPClient.serializeHead(
            HTTPRequest(
                method: "PUT", path: "/x", headers: ["Content-Length": "99", "Accept": "*/*", "accept": "text/plain"],
                body: Data("abc".utf8)),
            context: "test"
        )
        #expect(
            String(decoding: head, as: UTF8.self)
                == "PUT /x HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\naccept: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\n"
        )
    }

    @Test func headersLookUpWithoutCase() {
        var headers: HTTPHeaders = [("Set-Cookie", "a"), ("content-type", "json"), ("SET-COOKIE", "b")]
        #expect(headers["Content-Type"] == "json")
        #expect(headers.values(for: "set-cookie") == ["a", "b"])
        headers.remove(name: "Set-cookie")
        #expect(headers.fields == [HTTPHeader(name: "content-type", value: "json")])
    }
}

@Suite struct HTTPResponseParserTests {
    /// Feeds `raw` one byte at a time, as the slowest possible network would.
    func parseBytewise(_ raw: String, head: Bool = false, limit: Int = 1 << 20) throws(HTTPResponseParser.Failure)
        -> HTTPResponse
    {
        var parser = HTTPResponseParser(isHeadRequest: head, maximumBytes: limit)
        for byte in Array(raw.utf8) {
            try parser.append([byte][...])
            if let response = try parser.response(atEnd: false) { return response }
        }
        guard let response = try parser.response(atEnd: true) else { throw .closedEarly("no response") }
        return response
    }

    @Test func chunkedBytewiseWithTrailers() throws {
        let response = try parseBytewise(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n"
        )
        #expect(response.body == Data("abc0123456789".utf8))
    }

    @Test func contentLengthStopsAtTheLength() throws {
        let response = try parseBytewise("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA")
        #expect(response.body == Data("abc".utf8))
    }

    @Test func foldedHeaderAndNoReason() throws {
        let response = try parseBytewise("HTTP/1.1 204\r\nX-Long: one\r\n  two\r\nX-Long: three\r\n\r\n")
        #expect(response.status == 204)
        #expect(response.reason == "")
        #expect(response.headers.values(for: "x-long") == ["one two", "three"])
    }

    @Test(arguments: [
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nab",
            HTTPResponseParser.Failure.malformed("the Content-Length header is not one number: 1, 2")
        ),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n", .tooLarge),
        ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", .malformed("a header line has no name: \"no colon here\"")),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n",
            .malformed("a chunk is longer than its declared size")
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab",
            .closedEarly("the connection closed in the middle of the chunked body (after 2 bytes)")
        ),
        (
            "HTTP/1.1 200 O",
            .closedEarly("the connection closed in the middle of the response headers (got \"HTTP/1.1 200 O\")")
        ),
    ])
    func failures(raw: String, failure: HTTPResponseParser.Failure) {
        #expect(throws: failure) { try parseBytewise(raw, limit: 1 << 20) }
    }
}
