import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process that owns a running attempt, recorded so that a later process can tell whether it is gone.
///
/// A pid alone is not enough: pids are reused, and a machine may have rebooted since. So the owner is
/// the host, the pid, the process start time (Linux: clock ticks since boot, from `/proc/PID/stat`) and
/// the boot id (`/proc/sys/kernel/random/boot_id`), plus a random token naming the grading session.
/// Where `/proc` is missing (macOS) the start time and boot id are nil and only the pid is checked.
public struct OwnerIdentity: Hashable, Sendable, Codable {
    public var host: String
    public var pid: Int32
    public var startTime: UInt64?
    public var bootID: String?
    public var token: String

    public init(host: String, pid: Int32, startTime: UInt64?, bootID: String?, token: String) {
        self.host = host
        self.pid = pid
        self.startTime = startTime
        self.bootID = bootID
        self.token = token
    }

    /// Whether an owner is still running, as far as this machine can tell.
    public enum Liveness: String, Sendable, Codable {
        case alive
        case dead
        /// The owner ran on another host: this process cannot see it, so its attempts are left alone.
        case unknown
    }

    /// The identity of this process; the token is the same for the life of the process.
    public static var current: OwnerIdentity {
        let pid = getpid()
        return OwnerIdentity(
            host: hostName(), pid: pid, startTime: processStartTime(pid: pid), bootID: bootID(), token: processToken)
    }

    /// The identity of another process on this host, or nil when there is no such process.
    public static func process(pid: Int32, token: String = UUID().uuidString) -> OwnerIdentity? {
        guard processExists(pid: pid) else { return nil }
        return OwnerIdentity(
            host: hostName(), pid: pid, startTime: processStartTime(pid: pid), bootID: bootID(), token: token)
    }

    /// Whether the owner still runs: same host, same boot, the pid exists, is no zombie and started when recorded.
    public func liveness() -> Liveness {
        liveness(leaseExpiresAt: nil, now: Date())
    }

    /// Whether the owner of a running attempt still holds it, the one rule every store applies.
    ///
    /// A store shared by many machines (PostgreSQL) gives each running attempt a lease that its grading process
    /// renews while it runs: once `now` reaches `leaseExpiresAt` the owner is taken for dead wherever it ran. Before
    /// that, this machine may still see its own grader gone (same host and boot, the process ended), and says so at
    /// once; an owner elsewhere is `unknown` until its lease lapses. A store on one machine (SQLite, memory) gives no
    /// expiry (nil): the process itself decides, and a different boot of this host means the owner is gone.
    ///
    /// `now` comes from the clock that set the lease (the database's), so the machines' clocks need not agree.
    public func liveness(leaseExpiresAt: Date?, now: Date) -> Liveness {
        if let leaseExpiresAt {
            if leaseExpiresAt <= now { return .dead }
            // Two machines can share a host name (cloned images); only the same boot is surely this machine.
            guard bootID == Self.bootID() else { return .unknown }
        }
        guard host == Self.hostName() else { return .unknown }
        if let bootID, let now = Self.bootID(), bootID != now { return .dead }
        guard Self.processExists(pid: pid) else { return .dead }
        if Self.isZombie(pid: pid) { return .dead }
        if let startTime, let now = Self.processStartTime(pid: pid), startTime != now { return .dead }
        return .alive
    }

    private static let processToken = UUID().uuidString

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func bootID() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else {
            return nil
        }
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? nil : id
    }

    static func processExists(pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        // EPERM means the process exists but belongs to another user.
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// The fields of `/proc/PID/stat` after the command name, which may itself hold spaces and parentheses.
    private static func statFields(pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
    }

    static func processStartTime(pid: Int32) -> UInt64? {
        // Field 22 of the stat line; the fields after the command name start at field 3.
        guard let fields = statFields(pid: pid), fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    static func isZombie(pid: Int32) -> Bool {
        guard let fields = statFields(pid: pid), let state = fields.first else { return false }
        return state == "Z" || state == "X"
    }
}
