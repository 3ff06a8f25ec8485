import Foundation
import Testing

/// `ladder history` and `ladder progress` only read the results store, so they work for a user who cannot write it
/// (a store shared read-only, a read-only home) and on a full disk; they used to fail with "cannot write the results
/// store".
@Suite(.requires(.sandbox + [.ladderBuilt, .anotherUser]))
struct ReadOnlyStoreTests {
    let machine: LearnerMachine
    let catalog: TestCatalog

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
    }

    /// A passed attempt at hello, recorded by the learner.
    func recordAPass() async throws {
        let hello = try await machine.startLab("hello", from: catalog, files: ["main.py": TestLab.helloSolution])
        let submitted = try await machine.ladder(["submit", "--catalog", catalog.root], in: hello)
        #expect(submitted.exitCode == 0, "\(submitted)")
        #expect(
            !FileManager.default.fileExists(atPath: machine.store + "-wal"), "the store is closed, its -wal folded in")
    }

    /// The reading commands, run as `user`; each must succeed and show the recorded pass.
    func expectTheReadingCommandsWork(as user: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws
    {
        let reading: [[String]] = [
            ["history", "--json"], ["history"], ["history", "hello"], ["progress"], ["progress", "--json"],
        ]
        for arguments in reading {
            let result = try await machine.run(
                user + [Products.ladder] + arguments + ["--learner", machine.learnerEmail, "--catalog", catalog.root],
                environment: ["TMPDIR": "/tmp"])
            #expect(result.exitCode == 0, "\(arguments): \(result)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("cannot write"), "\(arguments): \(result)", sourceLocation: sourceLocation)
            #expect(
                result.stdout.contains("hello"), "\(arguments) shows the pass: \(result)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func historyAndProgressReadAStoreTheUserCannotWrite() async throws {
        try await recordAPass()
        let storeDirectory = (machine.store as NSString).deletingLastPathComponent
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: machine.root.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: machine.store)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: storeDirectory)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: storeDirectory) }
        let user = Prerequisite.asAnotherUser
        // The condition the test needs: that user can read but not write the store.
        let canWrite = try await machine.run(user + ["/usr/bin/test", "-w", storeDirectory])
        #expect(canWrite.exitCode == 1, "the store's directory must not be writable for the test's user: \(canWrite)")
        let canRead = try await machine.run(user + ["/usr/bin/test", "-r", machine.store])
        #expect(canRead.exitCode == 0, "the store must be readable for the test's user: \(canRead)")

        try await expectTheReadingCommandsWork(as: user)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: storeDirectory) == ["ladder.sqlite"],
            "nothing written beside it")
    }

    /// A full disk: SQLite cannot create the store's index file beside it, and reading does not need it.
    @Test func historyAndProgressReadAStoreOnAFullDisk() async throws {
        try await recordAPass()
        let full = machine.path("full")
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        let reading = [
            ["history", "--json"], ["progress"],
        ].map {
            ([Products.ladder] + $0 + [
                "--store", full + "/ladder.sqlite", "--learner", machine.learnerEmail, "--catalog", catalog.root,
            ])
        }
        // A 512 KiB tmpfs of its own, in a mount namespace of its own, filled to the last byte after the store is on it.
        let script = """
            set -e
            mount -t tmpfs -o size=512k ladder-full "$1"
            cp "$2" "$1/ladder.sqlite"
            dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null || true
            if dd if=/dev/zero of="$1/more" bs=1 count=1 2>/dev/null; then echo "the disk is not full"; exit 3; fi
            shift 2
            status=0
            for command in "$@"; do
                eval "$command" || status=$?
                echo "--- exit $status"
            done
            exit $status
            """
        let commands = reading.map { $0.map { "'\($0)'" }.joined(separator: " ") }
        let namespace =
            geteuid() == 0 ? ["/usr/bin/unshare", "--mount"] : ["/usr/bin/unshare", "--map-root-user", "--mount"]
        let result = try await machine.run(
            namespace + ["/bin/sh", "-c", script, "sh", full, machine.store] + commands, environment: ["TMPDIR": "/tmp"]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.output.contains("cannot write") && !result.output.contains("the disk is not full"), "\(result)")
        #expect(result.stdout.components(separatedBy: "\"hello\"").count >= 2, "history shows the pass: \(result)")
        #expect(result.stdout.contains("Passed labs by area"), "progress printed: \(result)")
    }
}

extension Prerequisite {
    /// Runs a command as an ordinary user (uid 65534) when the tests run as root, who ignores permission bits.
    static let asAnotherUser: [String] =
        geteuid() == 0
        ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : []

    /// Another user to run commands as: setpriv, when the tests run as root.
    static let anotherUser = Prerequisite(
        "setpriv at /usr/bin/setpriv, to run commands as uid 65534 since root ignores permission bits",
        remedy: "install it (on Debian or Ubuntu: `apt-get install util-linux`), or run the tests as an ordinary user",
        check: { geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") })
}
