import Foundation
import LadderSandbox

/// The one temporary directory a Ladder process works in (`$TMPDIR/ladder-<pid>-<random>`): exports, grading
/// workspaces and the sandbox's scratch all live under it, so one removal cleans up after the process, even when
/// it is interrupted, and a later process can sweep what a killed one left.
public final class ScratchSpace: Sendable {
    private let directory: ScratchDirectory
    public var root: String { directory.root }
    private static let prefix = "ladder-"
    private static let registry = Registry()

    /// Where scratch spaces go: `$TMPDIR` when it is set, otherwise `/dev/shm` when it is a writable memory file
    /// system (grading copies the submission for every test; on a disk file system, creating and deleting those
    /// inodes costs more than running the test), otherwise the system's temporary directory.
    public static func defaultParent(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let tmp = environment["TMPDIR"], !tmp.isEmpty {
            return tmp
        }
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        let shmIsTmpfs = mounts.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 2 && fields[1] == "/dev/shm" && fields[2] == "tmpfs"
        }
        if shmIsTmpfs, access("/dev/shm", W_OK) == 0 {
            return "/dev/shm"
        }
        return NSTemporaryDirectory()
    }

    /// Makes a new scratch space (and `parent` when it is missing), first removing those of processes that no
    /// longer exist.
    public static func create(in parent: String = defaultParent()) throws -> ScratchSpace {
        sweepAbandoned(in: parent)
        let directory: ScratchDirectory
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            directory = try ScratchDirectory(in: parent, prefix: "\(prefix)\(getpid())-")
        } catch {
            let reason = (error as? ScratchError)?.reason ?? error.localizedDescription
            throw LadderError(
                .infrastructure,
                "cannot create a scratch directory in \(parent) (\(reason)); set TMPDIR to a writable directory")
        }
        let space = ScratchSpace(directory)
        registry.add(space)
        return space
    }

    private init(_ directory: ScratchDirectory) {
        self.directory = directory
    }

    /// A new unique path under the scratch space (not created).
    public func path(_ name: String) -> String {
        directory.uniquePath(name + "-")
    }

    public func remove() {
        directory.remove()
        Self.registry.remove(self)
    }

    /// Removes every scratch space this process made; for exit paths and signal handlers.
    public static func removeAll() {
        for space in registry.all() {
            space.remove()
        }
    }

    /// Removes scratch spaces whose process is gone (killed before it could clean up).
    static func sweepAbandoned(in parent: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: parent + "/" + entry)
            }
        }
    }

    private final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var spaces: [ObjectIdentifier: ScratchSpace] = [:]

        func add(_ space: ScratchSpace) { lock.withLock { spaces[ObjectIdentifier(space)] = space } }
        func remove(_ space: ScratchSpace) { lock.withLock { _ = spaces.removeValue(forKey: ObjectIdentifier(space)) } }
        func all() -> [ScratchSpace] { lock.withLock { Array(spaces.values) } }
    }
}
