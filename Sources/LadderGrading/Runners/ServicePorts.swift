import Foundation

/// The TCP ports a learner's service listens on inside its own network namespace, found from the host through
/// `/proc`: the launcher holds the forward socket, its child (the box's init) lives in the box's namespace, and that
/// child's `/proc/PID/net/tcp` lists the namespace's sockets.
///
/// Only a diagnosis for a service that never answered on `$PORT` ("it listens on 3000 instead"); when any step cannot
/// be read, the answer is nil and the report just says nothing answered.
enum ServicePorts {
    /// The ports in state LISTEN in the namespace of the box behind `forwardSocket`, sorted; nil when unknown.
    static func listening(behind forwardSocket: String, proc: String = "/proc") -> [Int]? {
        guard let inode = socketInode(path: forwardSocket, unixTable: read(proc + "/net/unix")),
            let launcher = holder(of: inode, proc: proc)
        else { return nil }
        for child in children(of: launcher, proc: proc) {
            let tables = [read("\(proc)/\(child)/net/tcp"), read("\(proc)/\(child)/net/tcp6")].compactMap { $0 }
            if !tables.isEmpty {
                return Array(Set(tables.flatMap(listeningPorts(tcpTable:)))).sorted()
            }
        }
        return nil
    }

    /// The inode of the Unix socket bound at `path`, from `/proc/net/unix` (the path is its last column).
    static func socketInode(path: String, unixTable: String?) -> String? {
        guard let unixTable else { return nil }
        for line in unixTable.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 8, fields[7] == path { return String(fields[6]) }
        }
        return nil
    }

    /// Local ports in state `0A` (LISTEN) of a `/proc/net/tcp` or `tcp6` table.
    static func listeningPorts(tcpTable: String) -> [Int] {
        tcpTable.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 3, fields[3] == "0A", let colon = fields[1].lastIndex(of: ":") else { return nil }
            return Int(fields[1][fields[1].index(after: colon)...], radix: 16)
        }
    }

    /// The process holding an open file descriptor on socket `inode`.
    private static func holder(of inode: String, proc: String) -> Int32? {
        let target = "socket:[\(inode)]"
        for pid in processes(proc: proc) {
            let fdDirectory = "\(proc)/\(pid)/fd"
            for fd in (try? FileManager.default.contentsOfDirectory(atPath: fdDirectory)) ?? [] {
                if (try? FileManager.default.destinationOfSymbolicLink(atPath: fdDirectory + "/" + fd)) == target {
                    return pid
                }
            }
        }
        return nil
    }

    private static func children(of pid: Int32, proc: String) -> [Int32] {
        (read("\(proc)/\(pid)/task/\(pid)/children") ?? "").split(separator: " ").compactMap {
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private static func processes(proc: String) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: proc)) ?? []).compactMap { Int32($0) }
    }

    private static func read(_ path: String) -> String? {
        // /proc files report a size of 0, so they are read to the end rather than by their size.
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.readToEnd()).map { String(decoding: $0, as: UTF8.self) }
    }
}
