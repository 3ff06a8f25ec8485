import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A course whose graders never reach a learner's disk: an instructor publishes a lab in two halves (a public
/// catalog naming the course's server, a private graders repository), `ladder serve` and a `ladder worker` grade
/// from the private one over the tests' PostgreSQL, and a learner in a home of their own subscribes to the public
/// catalog only, starts the lab, tests it locally and submits a wrong then a right solution to the server.
@Suite(.requires(.postgres))
struct CourseModeTests {
    let instructor: LearnerMachine
    let learner: LearnerMachine
    let cluster: PostgresCluster

    init() throws {
        instructor = try LearnerMachine()
        learner = try LearnerMachine()
        cluster = try PostgresCluster.shared()
    }

    /// A loopback port nothing listens on now, for a server whose URL must be known before it starts.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw TestSetupError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Every regular file under `directory`, relative to it.
    static func files(under directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
    }

    @Test func aLearnerWithoutTheGradersSubmitsToTheCourseAndSeesTheVerdicts() async throws {
        // The instructor: the lab in two halves, each a git repository.
        let source = try TestCatalog.write(in: instructor)
        // Greeting Grace is a secret test: nothing of what it expects may reach the learner.
        let graderFile = source.root + "/Graders/hello/grader.toml"
        let grader = try String(contentsOfFile: graderFile, encoding: .utf8)
        try grader.replacingOccurrences(of: "stdin = \"Grace\\n\"", with: "stdin = \"Grace\\n\"\n  secret = true")
            .write(toFile: graderFile, atomically: true, encoding: .utf8)
        #expect(try String(contentsOfFile: graderFile, encoding: .utf8).contains("secret = true"))
        let publicCatalog = instructor.path("course-public")
        let graders = instructor.path("course-graders")
        let port = try Self.freePort()
        let server = "http://127.0.0.1:\(port)"
        let published = try await instructor.ladder([
            "lab", "publish", source.root + "/Labs/hello", "--catalog", publicCatalog, "--graders", graders,
            "--course-server", server, "--runs", "1",
        ])
        #expect(published.exitCode == 0, "\(published)")
        #expect(!FileManager.default.fileExists(atPath: publicCatalog + "/Graders"))

        // The course's server and one worker, both reading the private catalog.
        let database = try cluster.createDatabase()
        defer { try? cluster.dropDatabase(database) }
        let url = cluster.url(database: database)
        func token(_ arguments: [String]) async throws -> String {
            let made = try await instructor.ladder(["serve", "tokens", "create"] + arguments + ["--queue", url])
            #expect(made.exitCode == 0, "\(made)")
            return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let learnerToken = try await token(["ada", "--learner", "ada@example.org"])
        let otherToken = try await token(["grace", "--learner", "grace@example.org"])
        let serve = try instructor.launch([
            Products.ladder, "serve", "--listen", "127.0.0.1:\(port)", "--queue", url, "--catalog", graders,
            "--max-upload", "64K", "--uploads-per-minute", "4",
        ])
        let worker = try instructor.launch([
            Products.ladder, "worker", "--queue", url, "--concurrency", "1", "--name", "w", "--catalog", graders,
        ])
        defer {
            worker.signal(SIGTERM)
            serve.signal(SIGTERM)
        }
        for _ in 0..<300 where !serve.stdoutSoFar.contains("Serving http://") {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(serve.stdoutSoFar.contains("Serving http://127.0.0.1:\(port)"), "\(serve.stdoutSoFar)")

        // The learner: the public catalog only, in a home of their own.
        let added = try await learner.ladder("catalog", "add", "course", publicCatalog)
        #expect(added.exitCode == 0 && !added.stderr.contains("Graders"), "\(added)")
        let directory = learner.path("hello")
        #expect(try await learner.ladder("start", "hello", "--dir", directory).exitCode == 0)
        let tested = try await learner.ladder(["test"], in: directory)
        #expect(tested.exitCode == 1 && tested.stdout.contains("01-world"), "the visible tests run here: \(tested)")

        let withToken = ["LADDER_TOKEN": learnerToken]
        try learner.commit(["main.py": "print('Hello, Ada!')\n"], in: directory, message: "Hard-coded")
        let wrong = try await learner.ladder(["submit"], in: directory, environment: withToken, timeout: .seconds(120))
        #expect(wrong.exitCode == 1, "\(wrong)")
        #expect(wrong.stdout.contains("to \(server): grading"), "\(wrong)")
        #expect(wrong.stdout.contains("FAILED") && wrong.stdout.contains("10/20"), "\(wrong)")
        #expect(!wrong.output.contains("Hello, Grace!"), "a secret test's expected output was shown: \(wrong)")
        // Test by test as the worker grades (it wrote what it told as it went), then the titles and hints from the
        // server's graders, as a local submit shows them.
        let told = try cluster.psql("SELECT count(*) FROM ladder.job_event", database: database)
        #expect(Int(told.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 1, "the worker told nothing live")
        #expect(wrong.stdout.contains("✗ Greets Grace  0/10") && wrong.stdout.contains("✓ Greets Ada"), "\(wrong)")
        #expect(
            wrong.stdout.contains("Greets Grace") && wrong.stdout.contains("Print a greeting with the name"), "\(wrong)"
        )

        try learner.commit(["main.py": TestLab.helloSolution], in: directory, message: "Solve it")
        let right = try await learner.ladder(["submit"], in: directory, environment: withToken, timeout: .seconds(120))
        #expect(right.exitCode == 0 && right.stdout.contains("PASSED"), "\(right)")
        // Recorded here as well as on the server, and noted on the commit, as a local submit is.
        let history = try await learner.ladder(["history", "--json"])
        let attempts = try #require(try history.json() as? [[String: Any]], "\(history)")
        #expect(attempts.compactMap { $0["status"] as? String }.sorted() == ["failed", "passed"], "\(history)")
        #expect(try await learner.git("notes", "--ref", "ladder", "show", "HEAD", in: directory).contains("passed"))
        // In the lab's repository, progress reads the course's catalog, where the lab passed counts.
        let progress = try await learner.ladder(["progress", "--json"], in: directory)
        let passed = try #require(try progress.json() as? [String: Any], "\(progress)")["passed"] as? [[String: Any]]
        #expect(passed?.map { $0["labID"] as? String } == ["hello"], "\(progress)")

        // On another machine of the learner's (a store of its own), progress brings what the server graded.
        let elsewhere = learner.path("laptop/ladder.sqlite")
        let laptop = try await learner.ladder(
            ["progress", "--json"], in: directory, environment: withToken.merging(["LADDER_STORE": elsewhere]) { $1 })
        #expect(laptop.stderr.contains("brought 2 attempt(s) from \(server)"), "\(laptop)")
        let counted = try #require(try laptop.json() as? [String: Any], "\(laptop)")["passed"] as? [[String: Any]]
        #expect(counted?.map { $0["labID"] as? String } == ["hello"], "\(laptop)")
        let again = try await learner.ladder(
            ["progress"], in: directory, environment: withToken.merging(["LADDER_STORE": elsewhere]) { $1 })
        #expect(!again.stderr.contains("brought"), "nothing is brought twice: \(again)")

        // Nothing of the graders ever reached the learner: no grader file, no reference, and nothing a secret test
        // expects, in any file of the learner's home, repository (its notes included) or store.
        let everything =
            Self.files(under: learner.home).map { learner.home + "/" + $0 }
            + Self.files(under: directory).map { directory + "/" + $0 }
            + Self.files(under: (learner.store as NSString).deletingLastPathComponent).map {
                (learner.store as NSString).deletingLastPathComponent + "/" + $0
            }
        #expect(
            !everything.contains {
                $0.contains("/Graders/") || $0.hasSuffix("grader.toml") || $0.contains("/reference/")
            })
        for path in everything {
            let data = FileManager.default.contents(atPath: path) ?? Data()
            #expect(data.range(of: Data("Hello, Grace!".utf8)) == nil, "a secret test's expected output is in \(path)")
        }
        // The notes on both commits (git keeps them compressed, so they are read through git).
        for commit in ["HEAD", "HEAD~1"] {
            let note = try await learner.git("notes", "--ref", "ladder", "show", commit, in: directory)
            #expect(note.contains(" grace ") && !note.contains("Hello, Grace!"), "\(note)")
        }

        // Another learner's token cannot read this learner's grading; a revoked token and an oversize upload are
        // refused with what to do.
        let base = URL(string: server)!
        var peek = URLRequest(url: base.appendingPathComponent("api/gradings/1"))
        peek.setValue("Bearer \(otherToken)", forHTTPHeaderField: "Authorization")
        let (_, peeked) = try await URLSession.shared.data(for: peek)
        #expect((peeked as? HTTPURLResponse)?.statusCode == 404)
        try learner.commit(
            ["noise.bin": String((0..<200_000).map { _ in Character(UnicodeScalar(UInt8.random(in: 97...122))) })],
            in: directory, message: "A large file")
        let oversize = try await learner.ladder(["submit"], in: directory, environment: withToken)
        #expect(oversize.exitCode == 2, "\(oversize)")
        #expect(
            oversize.stderr.contains("would not take the submission") && oversize.stderr.contains("65536"),
            "\(oversize)")
        // At most four uploads a minute from one learner (--uploads-per-minute 4): two went up, two more may.
        try await learner.git("reset", "-q", "--hard", "HEAD~1", in: directory)
        for _ in 0..<2 {
            let more = try await learner.ladder(["submit"], in: directory, environment: withToken)
            #expect(more.exitCode == 0, "\(more)")
        }
        let limited = try await learner.ladder(["submit"], in: directory, environment: withToken)
        #expect(limited.exitCode == 2 && limited.stderr.contains("at most 4 a minute"), "\(limited)")
        #expect(try await instructor.ladder(["serve", "tokens", "revoke", "ada", "--queue", url]).exitCode == 0)
        let revoked = try await learner.ladder(["submit"], in: directory, environment: withToken)
        #expect(revoked.exitCode == 2 && revoked.stderr.contains("refused the token"), "\(revoked)")
    }
}
