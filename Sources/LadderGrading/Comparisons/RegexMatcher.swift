import Foundation
import LadderModel

#if canImport(Glibc)
import Glibc
#endif

/// A comparison could not run on this machine: the machine's fault, never the lab's or the learner's.
public struct ComparisonUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// Whole-text regex matches in the `ladder-regex` helper process, killed when they run past their time.
///
/// Swift's `Regex` cannot be stopped once a match starts, and a pattern with nested quantifiers can backtrack for
/// hours; a match on a thread of the grader would keep that thread (and a core) until it ended. A process can be
/// killed: after a time-out nothing of the match is left. The helper's protocol is in its `main.swift`.
enum RegexMatcher {
    /// The environment variable naming the helper, for installations that keep it elsewhere.
    static let environmentVariable = "LADDER_REGEX_MATCHER"

    /// The helper: `$LADDER_REGEX_MATCHER`, else `ladder-regex` beside the running executable.
    static let helper: Result<String, ComparisonUnavailable> = {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let explicit = environment[environmentVariable], !explicit.isEmpty {
            candidates.append(explicit)
        } else if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((executable as NSString).deletingLastPathComponent + "/ladder-regex")
        }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return .success(found)
        }
        return .failure(
            ComparisonUnavailable(
                "the regex matcher 'ladder-regex' was not found (looked at: \(candidates.joined(separator: ", "))); "
                    + "install it beside ladder (swift build builds it) or set \(environmentVariable) to its path"))
    }()

    /// How the helper matches.
    enum Mode {
        /// A grader spec's pattern: character by character, one final newline let off.
        case graderSpec
        /// A pattern translated from JavaScript (``JavaScriptRegex``): Unicode scalar by scalar, the whole text.
        case javaScript
    }

    /// Whether `pattern` matches all of `text` (see the helper); nil when the match took longer than `timeLimit`
    /// and was killed. `text` must be valid UTF-8 and `pattern` must compile.
    static func wholeMatch(
        _ pattern: String, _ text: UnsafeRawBufferPointer, timeLimit: Duration, mode: Mode = .graderSpec
    ) throws(ComparisonUnavailable) -> Bool? {
        let helper = try helper.get()
        let deadline = ContinuousClock.now + timeLimit
        var sockets: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &sockets) == 0 else {
            throw failure("cannot create a socket pair")
        }
        let channel = sockets[0]
        defer { close(channel) }
        let pid: pid_t
        do {
            defer { close(sockets[1]) }
            pid = try spawn(
                helper, seconds: Self.wholeSeconds(timeLimit) + 1, javaScript: mode == .javaScript, channel: sockets[1])
        }
        let outcome = exchange(pattern, text, over: channel, until: deadline)
        if case .timedOut = outcome { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        switch outcome {
        case .answered(UInt8(ascii: "Y")): return true
        case .answered(UInt8(ascii: "N")): return false
        case .timedOut: return nil
        case .answered(let byte):
            throw ComparisonUnavailable(
                "the regex matcher \(helper) answered '\(UnicodeScalar(byte))' to a pattern that compiles here")
        case .failed(let what):
            let ending =
                status & 0x7f == 0
                ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(status & 0x7f)"
            throw ComparisonUnavailable("the regex matcher \(helper) \(ending) without an answer (\(what))")
        }
    }

    private enum Exchange {
        case answered(UInt8)
        case timedOut
        case failed(String)
    }

    /// Sends the pattern and the text, then reads the one-byte answer, never waiting past `deadline`.
    private static func exchange(
        _ pattern: String, _ text: UnsafeRawBufferPointer, over channel: Int32, until deadline: ContinuousClock.Instant
    ) -> Exchange {
        let patternBytes = Array(pattern.utf8)
        let header = (0..<8).map { UInt8(truncatingIfNeeded: patternBytes.count >> (8 * $0)) } + patternBytes
        let sentHeader = header.withUnsafeBytes { send($0, over: channel, until: deadline) }
        if let problem = sentHeader { return problem }
        if let problem = send(text, over: channel, until: deadline) { return problem }
        shutdown(channel, Int32(SHUT_WR))
        guard wait(for: Int16(POLLIN), on: channel, until: deadline) else { return .timedOut }
        var byte: UInt8 = 0
        let count = recv(channel, &byte, 1, Int32(MSG_DONTWAIT))
        return count == 1
            ? .answered(byte) : .failed(count == 0 ? "it closed its end" : String(cString: strerror(errno)))
    }

    /// Sends all of `bytes`, or says why not.
    private static func send(
        _ bytes: UnsafeRawBufferPointer, over channel: Int32, until deadline: ContinuousClock.Instant
    ) -> Exchange? {
        var offset = 0
        while offset < bytes.count {
            guard wait(for: Int16(POLLOUT), on: channel, until: deadline) else { return .timedOut }
            let sent = Glibc.send(
                channel, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            if sent > 0 {
                offset += sent
            } else if errno != EAGAIN, errno != EINTR {
                return .failed("it stopped reading: \(String(cString: strerror(errno)))")
            }
        }
        return nil
    }

    /// Whether `events` (or the other end closing) came on `channel` before `deadline`.
    private static func wait(for events: Int16, on channel: Int32, until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            var entry = pollfd(fd: channel, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(clamping: max(Units.milliseconds(left), 1)))
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return true }
        }
    }

    /// Starts the helper with `channel` as its standard input and output and nothing else of this process; the
    /// helper sets up the one signal it relies on (SIGALRM) itself.
    private static func spawn(_ helper: String, seconds: Int, javaScript: Bool, channel: Int32)
        throws(ComparisonUnavailable) -> pid_t
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, channel, 0)
        posix_spawn_file_actions_adddup2(&actions, channel, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] =
            [strdup(helper), strdup(String(seconds))] + (javaScript ? [strdup("javascript")] : []) + [nil]
        defer { for argument in argv { free(argument) } }
        let envp: [UnsafeMutablePointer<CChar>?] = [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, helper, &actions, nil, argv, envp)
        guard rc == 0 else {
            throw ComparisonUnavailable("cannot start the regex matcher \(helper): \(String(cString: strerror(rc)))")
        }
        return pid
    }

    private static func wholeSeconds(_ duration: Duration) -> Int {
        max(1, Int((Units.milliseconds(duration) + 999) / 1000))
    }

    private static func failure(_ what: String) -> ComparisonUnavailable {
        ComparisonUnavailable("\(what) for the regex matcher: \(String(cString: strerror(errno)))")
    }
}
