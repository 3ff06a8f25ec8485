import Foundation
import Testing

@testable import LadderSandbox

/// An HTTP grader reaches the learner's service on the box's own loopback through a Unix socket on the host.
@Suite(.serialized, .requires(.sandbox))
struct ForwardTests {
    @Test func requestThroughTheUnixSocketReachesTheServiceInTheBox() async throws {
        let h = try Harness()
        let work = try TemporaryDirectory("www")
        try work.write("hello.txt", "hello from the box\n")
        let socketPath = h.scratch.file("service.sock")
        let policy = SandboxPolicy(
            profile: "python", limits: SandboxLimits(wallTime: .seconds(30)), workdir: work.path,
            forward: SandboxForward(socketPath: socketPath, port: 8000))
        let server = Task {
            try await h.sandbox.run(["python3", "-m", "http.server", "8000", "--bind", "127.0.0.1"], policy: policy)
        }
        var response: String?
        for _ in 0..<200 where response == nil {
            if let reply = unixRequest(socketPath, "GET /hello.txt HTTP/1.0\r\nHost: box\r\n\r\n"),
                reply.hasPrefix("HTTP/")
            {
                response = reply
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let second = unixRequest(socketPath, "GET /missing HTTP/1.0\r\n\r\n")
        server.cancel()
        let outcome = try await server.value
        let reply = try #require(response, "no HTTP reply through \(socketPath): \(text(outcome.stderr))")
        #expect(reply.hasPrefix("HTTP/1.0 200"))
        #expect(reply.hasSuffix("hello from the box\n"))
        #expect(second?.hasPrefix("HTTP/1.0 404") == true)
        #expect(outcome.interrupted)
        #expect(outcome.limitHit == nil)
        #expect(!FileManager.default.fileExists(atPath: socketPath))
    }

    @Test func nothingListeningClosesTheClientConnection() async throws {
        let h = try Harness()
        let socketPath = h.scratch.file("idle.sock")
        let policy = SandboxPolicy(
            limits: SandboxLimits(wallTime: .seconds(20)),
            forward: SandboxForward(socketPath: socketPath, port: 9))
        let idle = Task { try await h.sandbox.run(["/bin/sleep", "20"], policy: policy) }
        var connected = false
        // The socket file appears at bind, a moment before the forwarder listens: retry until a connection is taken.
        for _ in 0..<100 where !connected {
            if let answer = unixRequest(socketPath, "ping\n") {
                connected = true
                #expect(answer == "")
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        idle.cancel()
        _ = try await idle.value
        #expect(connected)
    }
}

/// Sends `request` on a Unix stream socket and reads until EOF; nil when it cannot connect.
func unixRequest(_ path: String, _ request: String) -> String? {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &addr.sun_path) { raw in
        for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
    }
    let connected = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    guard connected == 0 else { return nil }
    _ = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    var reply = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { break }
        reply.append(contentsOf: buffer[0..<n])
    }
    return String(decoding: reply, as: UTF8.self)
}
