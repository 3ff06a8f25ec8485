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

    /// A client that sends its request and hangs up, to a service that holds the connection open without answering:
    /// the forwarder must sleep until the service does something, not wake again and again on the hung-up side.
    @Test func aHungUpClientDoesNotKeepTheForwarderBusy() async throws {
        let service = try ForwardedService(
            Harness(), name: "hold",
            script: """
                import socket, time
                s = socket.socket()
                s.bind(("127.0.0.1", 8000))
                s.listen()
                held = s.accept()
                time.sleep(60)
                """)
        defer { service.task.cancel() }
        #expect(try await service.holdsAConnection(), "the service never took a connection")
        let ticks = try await service.launcherTicks(over: .seconds(2))
        // Busy, the launcher would use most of a core for the two seconds: about 100 ticks at least, even sharing it.
        #expect(ticks < 30, "the launcher used \(ticks) ticks of CPU in 2 s with one idle connection")
        _ = try await service.stop()
    }

    /// Clients that hang up while the forwarder is still connecting to the service, which listens but never accepts
    /// (its backlog full, as a service stuck in a long request is): the forwarder must sleep until the connection is
    /// made or refused, not wake again and again on the hung-up clients.
    @Test func clientsThatHungUpWhileTheServiceIsBusyDoNotKeepTheForwarderBusy() async throws {
        let service = try ForwardedService(
            Harness(), name: "stuck",
            script: """
                import socket, time
                s = socket.socket()
                s.bind(("127.0.0.1", 8000))
                s.listen(0)
                time.sleep(60)
                """)
        defer { service.task.cancel() }
        // The first connection fills the backlog of one.
        #expect(try await service.holdsAConnection(), "the service never listened")
        // These find the backlog full: their connections in the box stay in progress while each client hangs up.
        for _ in 0..<4 { #expect(holdsConnection(service.socketPath, for: 50)) }
        let ticks = try await service.launcherTicks(over: .seconds(2))
        // Busy, the launcher would use most of a core for the two seconds: about 100 ticks at least, even sharing it.
        #expect(ticks < 30, "the launcher used \(ticks) ticks of CPU in 2 s with clients gone")
        _ = try await service.stop()
    }

    /// A client that sends its request and hangs up while the service's backlog is full still reaches the service
    /// once it accepts; a client that hangs up having sent nothing gives its place back at once, not after the
    /// connect's two minutes of retries.
    @Test func whatAHungUpClientSentReachesAServiceThatAcceptsLate() async throws {
        let service = try ForwardedService(
            Harness(), name: "late", wallTime: .seconds(30),
            script: """
                import socket, time
                s = socket.socket()
                s.bind(("127.0.0.1", 8000))
                s.listen(0)
                time.sleep(2)
                # The plug and the late client, in whatever order the backlog lets them in.
                while True:
                    connection, _ = s.accept()
                    connection.settimeout(10)
                    received = b""
                    while chunk := connection.recv(100):
                        received += chunk
                    connection.close()
                    if received.startswith(b"late"):
                        print("received:", received.decode(), flush=True)
                        break
                """)
        defer { service.task.cancel() }
        #expect(try await service.holdsAConnection(for: 100), "the service never listened")
        let late = try #require(connectedUnixSocket(service.socketPath))
        _ = "late request".withCString { send(late, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        close(late)
        let launcher = try service.launcher()
        try await Task.sleep(for: .milliseconds(200))
        let before = try socketCount(of: launcher)
        let empty = try #require(connectedUnixSocket(service.socketPath))
        close(empty)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try socketCount(of: launcher) == before, "the connection of a client gone empty-handed was kept")
        let outcome = try await service.task.value
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "received: late request\n")
    }

    /// Clients that send a request and hang up, more than 32 in a row, to a service that never answers: each connection is
    /// ended when its client is gone, so the forwarder's 32 connections are never used up and the next client is
    /// still let through to the service.
    @Test func connectionsWhoseClientsHungUpAreEndedAndTheirPlacesFreed() async throws {
        let service = try ForwardedService(
            Harness(), name: "many",
            script: """
                import socket, time
                s = socket.socket()
                s.bind(("127.0.0.1", 8000))
                s.listen(128)
                held = []
                while True:
                    held.append(s.accept())
                """)
        defer { service.task.cancel() }
        try await service.waitUntilListening()
        var held = 0
        for _ in 0..<400 where held < 36 {
            if holdsConnection(service.socketPath, for: 100) {
                held += 1
            } else if held == 0 {
                try await Task.sleep(for: .milliseconds(50))
            } else {
                break
            }
        }
        #expect(held == 36, "only \(held) of 36 clients in a row reached the service")
        _ = try await service.stop()
    }

    /// A client that connects before the service listens is held, not turned away, and its request reaches the
    /// service once it listens: a grader needs no polling to learn when a service is up.
    @Test func aConnectionMadeBeforeTheServiceListensIsAnsweredOnceItDoes() async throws {
        let service = try ForwardedService(
            Harness(), name: "slow", wallTime: .seconds(30),
            script: """
                import socket, time
                time.sleep(0.8)
                s = socket.socket()
                s.bind(("127.0.0.1", 8000))
                s.listen()
                connection, _ = s.accept()
                request = connection.recv(100)
                connection.sendall(b"answer to " + request)
                connection.close()
                time.sleep(60)
                """)
        defer { service.task.cancel() }
        let started = ContinuousClock.now
        var reply: String?
        // The socket file appears a moment after the box is asked for, long before the service listens.
        for _ in 0..<100 where reply == nil {
            reply = unixRequest(service.socketPath, "early")
            if reply == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(reply == "answer to early")
        #expect(ContinuousClock.now - started >= .milliseconds(700), "answered before the service could listen")
        _ = try await service.stop()
    }

    /// Once the service has listened, a connection it refuses (it closed its socket, so it is not starting) is closed
    /// at once, so a grader learns that the service went away instead of waiting for its deadline.
    @Test func aServiceThatStoppedListeningHasItsConnectionsClosedAtOnce() async throws {
        let service = try ForwardedService(
            Harness(), name: "gone", wallTime: .seconds(30),
            script: """
                import socket, time
                s = socket.socket()
                s.bind(("127.0.0.1", 8000))
                s.listen()
                connection, _ = s.accept()
                connection.sendall(b"only answer")
                connection.close()
                s.close()
                time.sleep(60)
                """)
        defer { service.task.cancel() }
        try await service.waitUntilListening()
        #expect(unixRequest(service.socketPath, "first") == "only answer")
        let asked = ContinuousClock.now
        #expect(unixRequest(service.socketPath, "second") == "", "a refused connection must end with EOF")
        #expect(ContinuousClock.now - asked < .seconds(2), "the refused connection was held")
        _ = try await service.stop()
    }

    /// Clients that hang up while waiting for a service that has not listened yet, more than the forwarder's 32
    /// places: each gives its place back, so a client that comes once the service listens is still answered.
    @Test func clientsThatHungUpBeforeTheServiceListenedGiveTheirPlacesBack() async throws {
        let service = try ForwardedService(
            Harness(), name: "waits", wallTime: .seconds(60),
            script: """
                import os, socket, time
                while not os.path.exists("/work/go"):
                    time.sleep(0.02)
                s = socket.socket()
                s.bind(("127.0.0.1", 8000))
                s.listen()
                while True:
                    connection, _ = s.accept()
                    request = connection.recv(100)
                    connection.sendall(b"answer to " + request)
                    connection.close()
                """)
        defer { service.task.cancel() }
        var waited = 0
        for _ in 0..<400 where waited < 36 {
            if holdsConnection(service.socketPath, for: 20) {
                waited += 1
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(waited == 36, "only \(waited) of 36 clients were held while nothing listened")
        let launcher = try service.launcher()
        #expect(try launcherTicksStayLow(launcher), "the launcher kept busy with clients that were gone")
        try service.work.write("go", "")
        #expect(unixRequest(service.socketPath, "late") == "answer to late")
        _ = try await service.stop()
    }

    /// Whether `launcher` uses little CPU over half a second: with nobody waiting, it has nothing to retry.
    private func launcherTicksStayLow(_ launcher: Int32) throws -> Bool {
        let before = try cpuTicks(of: launcher)
        usleep(500_000)
        return try cpuTicks(of: launcher) - before < 10
    }
}

/// A Python service in a box whose port 8000 is forwarded to a Unix socket on the host.
struct ForwardedService {
    let socketPath: String
    let task: Task<SandboxOutcome, any Error>
    /// The harness (whose scratch directory holds the socket) and the service's working directory, kept for as
    /// long as the service runs.
    private let harness: Harness
    /// The service's working directory, `/work` in the box.
    let work: TemporaryDirectory

    /// Put before each script: after any `listen`, the service leaves `/work/listening`, which tells the test that
    /// connections now reach the service itself (before it, the forwarder holds them; see ``waitUntilListening()``).
    static let listeningMarker = """
        import socket as _socket
        _listen = _socket.socket.listen
        def _listen_and_mark(self, *args):
            _listen(self, *args)
            open("/work/listening", "w").close()
        _socket.socket.listen = _listen_and_mark

        """

    init(_ h: Harness, name: String, wallTime: Duration = .seconds(60), script: String) throws {
        harness = h
        work = try TemporaryDirectory(name)
        try work.write("\(name).py", Self.listeningMarker + script)
        socketPath = h.scratch.file("\(name).sock")
        let policy = SandboxPolicy(
            profile: "python", limits: SandboxLimits(wallTime: wallTime), workdir: work.path,
            forward: SandboxForward(socketPath: socketPath, port: 8000))
        task = Task { try await h.sandbox.run(["python3", "\(name).py"], policy: policy) }
    }

    /// Waits until the service has listened (it left `/work/listening`), for up to 20 seconds.
    func waitUntilListening() async throws {
        for _ in 0..<1000 where !work.exists("listening") {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(work.exists("listening"), "the service never listened")
    }

    /// Whether a connection was held open for `milliseconds` (see ``holdsConnection(_:for:)``) once the service
    /// listens, retried while the forwarder closes it (no room for another connection).
    func holdsAConnection(for milliseconds: Int32 = 300) async throws -> Bool {
        try await waitUntilListening()
        for _ in 0..<200 {
            if holdsConnection(socketPath, for: milliseconds) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The launcher forwarding the socket.
    func launcher() throws -> Int32 {
        try #require(processes(matching: socketPath).first, "no launcher process forwards \(socketPath)")
    }

    /// The CPU time, in clock ticks, the launcher uses over `duration`.
    func launcherTicks(over duration: Duration) async throws -> Int {
        let launcher = try launcher()
        let before = try cpuTicks(of: launcher)
        try await Task.sleep(for: duration)
        return try cpuTicks(of: launcher) - before
    }

    /// Stops the service and gives its outcome.
    func stop() async throws -> SandboxOutcome {
        task.cancel()
        return try await task.value
    }
}

/// A Unix stream socket connected to `path`; nil when it cannot connect.
func connectedUnixSocket(_ path: String) -> Int32? {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
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
    guard connected == 0 else {
        close(fd)
        return nil
    }
    return fd
}

/// Sends `request` on a Unix stream socket and reads until EOF; nil when it cannot connect.
func unixRequest(_ path: String, _ request: String) -> String? {
    guard let fd = connectedUnixSocket(path) else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
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

/// Connects, sends a request and hangs up, unless the connection is closed first; true when it was still open after
/// `milliseconds` (a service took it), false when the forwarder closed it (nothing listened, or no room for another
/// connection) or no connection was made.
func holdsConnection(_ path: String, for milliseconds: Int32 = 300) -> Bool {
    guard let fd = connectedUnixSocket(path) else { return false }
    defer { close(fd) }
    _ = "GET / HTTP/1.0\r\n\r\n".withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, milliseconds) == 0
}

/// How many sockets a process holds open (`/proc/PID/fd`).
func socketCount(of pid: Int32) throws -> Int {
    let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
    return descriptors.filter { descriptor in
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(descriptor)"))?
            .hasPrefix("socket:") == true
    }.count
}

/// User and system CPU time a process has used, in clock ticks (`/proc/PID/stat`, fields 14 and 15).
func cpuTicks(of pid: Int32) throws -> Int {
    guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else {
        throw SandboxError(.launchFailed, "cannot read /proc/\(pid)/stat")
    }
    // The command name in parentheses may hold spaces: the fields are counted after its closing parenthesis.
    let stat = String(decoding: data, as: UTF8.self)
    guard let close = stat.lastIndex(of: ")") else { throw SandboxError(.launchFailed, "unreadable /proc/\(pid)/stat") }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else {
        throw SandboxError(.launchFailed, "unreadable /proc/\(pid)/stat")
    }
    return user + system
}
