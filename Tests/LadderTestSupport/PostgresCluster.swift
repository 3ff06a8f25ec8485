import Foundation

/// A throwaway PostgreSQL server of the test process's own, for the tests of the stores and the queue that many
/// machines share.
///
/// One cluster per test process, made at first use with `initdb` in a new directory under `$TMPDIR` and started with
/// `pg_ctl`: it listens on a Unix socket in that directory only (no TCP), lets the user `ladder` in without a password,
/// and keeps nothing safe on disk (`fsync=off`), since it lives only as long as the tests. PostgreSQL refuses to run as
/// root, so under root the server runs as `nobody`. A watchdog process waits for this process to end, however it
/// ends (a `kill -9` too): then it stops the server and removes the directory.
public final class PostgresCluster: Sendable {
    /// The root of the cluster's directory: `data/`, `socket/`, `server.log`.
    public let directory: String
    /// The directory holding the server's socket, which URLs name with `?host=`.
    public let socketDirectory: String
    /// The database user, a superuser.
    public static let user = "ladder"

    private let programs: String
    private let serverUser: ServerUser?
    /// The write end of the watchdog's pipe, open for the life of the process.
    private let watchdog: Int32

    /// The cluster of this test process, started the first time a test asks for it.
    public static func shared() throws -> PostgresCluster {
        try started.get()
    }

    private static let started = Result { try PostgresCluster() }

    /// The directory of PostgreSQL's server programs: the newest of Debian's `/usr/lib/postgresql/VERSION/bin`, else
    /// the directory on `PATH` that holds `initdb`; nil when PostgreSQL's server is not installed.
    public static let serverPrograms: String? = {
        let fileManager = FileManager.default
        let debian = "/usr/lib/postgresql"
        let versions = ((try? fileManager.contentsOfDirectory(atPath: debian)) ?? []).compactMap(Int.init).sorted()
        let candidates =
            versions.reversed().map { "\(debian)/\($0)/bin" }
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return candidates.first { directory in
            ["initdb", "pg_ctl", "postgres", "psql"].allSatisfy {
                fileManager.isExecutableFile(atPath: directory + "/" + $0)
            }
        }
    }()

    /// The URL of `database` in this cluster, as `--store` and `$LADDER_STORE` take it.
    public func url(database: String) -> String {
        "postgres://\(Self.user)@/\(database)?host=\(socketDirectory)"
    }

    /// Makes a new, empty database and returns its name.
    public func createDatabase() throws -> String {
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// Drops `database`, closing the connections still open to it.
    public func dropDatabase(_ database: String) throws {
        try psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
    }

    /// Runs `sql` through `psql` in `database` and returns what it printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        try run(
            programs + "/psql",
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory, "-U", Self.user, "-d", database,
                "-c", sql,
            ],
            asServer: false)
    }

    private init() throws {
        guard let programs = Self.serverPrograms else {
            throw TestSetupError(
                "PostgreSQL's server programs (initdb, pg_ctl, postgres, psql) are not installed; install them with "
                    + "`apt-get install postgresql` (scripts/bootstrap.sh does)")
        }
        self.programs = programs
        serverUser = geteuid() == 0 ? try ServerUser.nobody() : nil
        var template = Array((NSTemporaryDirectory() + "/ladder-postgres-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestSetupError("cannot make a directory for PostgreSQL: \(String(cString: strerror(errno)))")
        }
        let root = URL(fileURLWithPath: String(cString: made)).resolvingSymlinksInPath().path
        directory = root
        socketDirectory = root + "/socket"
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: false)
        if let serverUser {
            for path in [root, socketDirectory] where chown(path, serverUser.uid, serverUser.gid) != 0 {
                throw TestSetupError("cannot give \(path) to nobody: \(String(cString: strerror(errno)))")
            }
        }
        watchdog = try Self.watchUntilExit(directory: root, programs: programs, serverUser: serverUser)
        try run(
            programs + "/initdb",
            [
                "-D", root + "/data", "-U", Self.user, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync",
                "--no-instructions",
            ])
        let settings = """

            # The tests' throwaway cluster: a private socket, no TCP, nothing kept safe on disk.
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 200
            """
        let configuration = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/data/postgresql.conf"))
        try configuration.seekToEnd()
        try configuration.write(contentsOf: Data(settings.utf8))
        try configuration.close()
        try start()
    }

    /// Stops the server (fast: connections are cut, as when a database host restarts), waits `down`, and starts it
    /// again, for the tests of what reconnects. Tests run one at a time, so no other test sees it down.
    public func restart(down: Duration = .seconds(2)) throws {
        try run(programs + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "-s", "stop"])
        Thread.sleep(forTimeInterval: Double(down.components.seconds))
        try start()
    }

    private func start() throws {
        try run(
            programs + "/pg_ctl",
            ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "120", "-s", "start"])
    }

    /// Starts a process, as `serverUser` when given, that waits for the write end of a pipe only this process holds
    /// to close, which happens when this process ends however it ends; then it stops the server and removes
    /// `directory`. Returns the write end, which is never written nor closed.
    private static func watchUntilExit(directory: String, programs: String, serverUser: ServerUser?) throws -> Int32 {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw TestSetupError("cannot make a pipe for the cluster's watchdog: \(String(cString: strerror(errno)))")
        }
        // Only this process may hold the write end: a child that inherited it would keep the watchdog waiting.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let script = #"cat >/dev/null; "$1" -D "$2" -m immediate -s stop >/dev/null 2>&1; rm -rf "$3""#
        let command = ["/bin/sh", "-c", script, "watchdog", programs + "/pg_ctl", directory + "/data", directory]
        defer { close(ends[0]) }
        do {
            _ = try spawn(asUser(serverUser, command), input: ends[0], output: "/dev/null")
        } catch {
            close(ends[1])
            throw error
        }
        return ends[1]
    }

    /// The command line that runs `command` as `serverUser` (nil: as this process's user).
    private static func asUser(_ serverUser: ServerUser?, _ command: [String]) -> [String] {
        guard let serverUser else { return command }
        return ["/usr/bin/setpriv", "--reuid=\(serverUser.uid)", "--regid=\(serverUser.gid)", "--clear-groups", "--"]
            + command
    }

    /// Runs a program to its end; throws with what it printed when it fails.
    @discardableResult
    private func run(_ program: String, _ arguments: [String], asServer: Bool = true) throws -> String {
        let command = asServer ? Self.asUser(serverUser, [program] + arguments) : [program] + arguments
        let output = directory + "/run-\(UUID().uuidString).out"
        defer { unlink(output) }
        let pid = try Self.spawn(command, input: nil, output: output)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        // Exited with 0: the low 7 bits (the signal) and the exit code are all zero.
        guard status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)).map {
                "\nserver.log:\n" + $0.split(separator: "\n").suffix(20).joined(separator: "\n")
            }
            throw TestSetupError(
                "\((program as NSString).lastPathComponent) \(arguments.joined(separator: " ")) failed (wait status "
                    + "\(status)): \(text)\(log ?? "")")
        }
        return text
    }

    /// Starts `command` (its first element the executable's path) with standard input from `input` (else /dev/null)
    /// and both output streams into the file `output`, and returns its pid for `waitpid`.
    ///
    /// posix_spawn rather than Foundation's Process: Process reaps its children through a SIGCHLD handler of its own,
    /// which was seen missing the exit of `pg_ctl start` (whose server lives on) and waiting forever.
    private static func spawn(_ command: [String], input: Int32?, output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard result == 0 else {
            throw TestSetupError("cannot start \(command[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// The account the server runs as when the tests run as root.
    private struct ServerUser: Sendable {
        var uid: uid_t
        var gid: gid_t

        static func nobody() throws -> ServerUser {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                throw TestSetupError(
                    "the tests run as root, and PostgreSQL refuses root: /usr/bin/setpriv (util-linux) is needed to "
                        + "run it as nobody; install it with `apt-get install util-linux`")
            }
            guard let entry = getpwnam("nobody") else {
                throw TestSetupError(
                    "the tests run as root, and PostgreSQL refuses root: the user nobody, which would run it, is missing"
                )
            }
            return ServerUser(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
        }
    }
}

extension Prerequisite {
    /// PostgreSQL's server programs, which ``PostgresCluster`` starts a throwaway cluster with.
    public static let postgres = Prerequisite(
        "PostgreSQL's server programs (initdb, pg_ctl, postgres, psql), for a throwaway cluster of the tests' own",
        remedy: "install them with `apt-get install postgresql` (scripts/bootstrap.sh does)",
        check: { PostgresCluster.serverPrograms != nil })
}
