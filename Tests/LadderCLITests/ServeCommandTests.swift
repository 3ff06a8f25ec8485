import Foundation
import LadderPostgres
import LadderServer
import LadderStore
import Testing
import Yams

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `ladder serve` with `ladder worker`s against the tests' own PostgreSQL: a classroom enqueued through the API and
/// through signed GitHub webhooks is graded by two workers, one of them killed with -9 mid-grade, with nothing lost
/// and nothing graded twice; the OpenAPI document is what the server serves; tokens are created, used and revoked.
@Suite(.requires(.postgres))
struct ServeCommandTests {
    let machine: LearnerMachine
    let catalog: TestCatalog
    let cluster: PostgresCluster
    static let secret = "It's a Secret to Everybody"

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
        cluster = try PostgresCluster.shared()
    }

    // MARK: Harness

    struct Server {
        let process: RunningCommand
        let base: String
        let token: String
    }

    /// A database with the schema and an API token; returns its URL and the token.
    func database() async throws -> (database: String, url: String, token: String) {
        let database = try cluster.createDatabase()
        let url = cluster.url(database: database)
        let created = try await machine.ladder(["serve", "tokens", "create", "ci", "--queue", url])
        #expect(created.exitCode == 0, "\(created)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("ladder_") && token.count == 50, "\(created)")
        return (database, url, token)
    }

    /// Starts `ladder serve` on a free loopback port and waits until it listens.
    func serve(_ url: String, token: String, webhooks: Bool = true) async throws -> Server {
        let secretFile = machine.path("webhook-secret")
        try Self.secret.write(toFile: secretFile, atomically: true, encoding: .utf8)
        let process = try machine.launch(
            [
                Products.ladder, "serve", "--listen", "127.0.0.1:0", "--queue", url, "--catalog", catalog.root,
                "--max-body", "64K", "--allow-repositories", machine.path(""), "--allow-repositories",
                "https://git.example.org/class/",
            ]
                + (webhooks ? ["--webhook-secret-file", secretFile] : []))
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let output = process.stdoutSoFar
            if let range = output.range(of: "Serving http://127.0.0.1:") {
                let port = output[range.upperBound...].prefix { $0.isNumber }
                return Server(process: process, base: "http://127.0.0.1:\(port)", token: token)
            }
            if !process.process.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.signal(SIGKILL)
        let result = try await process.wait()
        throw TestSetupError("ladder serve did not start listening: \(result)")
    }

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    func request(
        _ server: Server, _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:],
        authorized: Bool = true
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: server.base + path)!)
        request.httpMethod = method
        request.httpBody = body
        if authorized { request.setValue("Bearer \(server.token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    func enqueue(_ server: Server, _ grading: [String: Any]) async throws -> Reply {
        try await request(
            server, "POST", "/api/gradings", body: try JSONSerialization.data(withJSONObject: grading),
            headers: ["Content-Type": "application/json"])
    }

    /// A push event as GitHub sends it, for the repository at `path` (its clone URL) and `commit`.
    func push(_ path: String, commit: String, login: String, ref: String = "refs/heads/main") -> Data {
        let payload: [String: Any] = [
            "ref": ref, "before": String(repeating: "0", count: 40), "after": commit, "created": false,
            "deleted": false,
            "repository": [
                "full_name": "classroom/\(login)", "clone_url": path, "default_branch": "main", "private": true,
            ],
            "pusher": ["name": login, "email": "\(login)@example.org"], "sender": ["login": login],
        ]
        return try! JSONSerialization.data(withJSONObject: payload)
    }

    func deliver(
        _ server: Server, _ body: Data, delivery: String, event: String = "push", signature: String? = nil,
        form: Bool = false
    ) async throws -> Reply {
        var body = body
        if form {
            let encoded = String(decoding: body, as: UTF8.self)
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            body = Data(("payload=" + encoded).utf8)
        }
        return try await request(
            server, "POST", "/api/webhooks/github", body: body,
            headers: [
                "Content-Type": form ? "application/x-www-form-urlencoded" : "application/json",
                "X-GitHub-Event": event, "X-GitHub-Delivery": delivery,
                "X-Hub-Signature-256": signature ?? GitHubWebhook.signature(body: Array(body), secret: Self.secret),
            ], authorized: false)
    }

    func query(_ sql: String, in database: String) throws -> String {
        try cluster.psql(sql, database: database).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func waitUntil(
        _ what: String, timeout: Duration = .seconds(180), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
        throw TestSetupError("timed out waiting until \(what)")
    }

    func head(_ repository: String) async throws -> String {
        try await machine.git("rev-parse", "HEAD", in: repository).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Tests

    @Test func twoWorkersGradeAClassroomEnqueuedThroughTheAPIAndWebhooksAndAKilledWorkerLosesNothing() async throws {
        let (database, url, token) = try await database()
        defer { try? cluster.dropDatabase(database) }
        let server = try await serve(url, token: token)

        // Eight through the API (half solved), four pushes through the webhook, one slow job to kill a worker in.
        var expected: [String: String] = [:]
        var jobs: [String] = []
        for index in 0..<8 {
            let solved = index % 2 == 0
            let repository = try await machine.startLab(
                "hello", from: catalog, named: "api-\(index)",
                files: solved ? ["main.py": TestLab.helloSolution] : [:])
            let reply = try await enqueue(
                server,
                [
                    "repository": repository, "commit": try await head(repository), "lab": "hello",
                    "student": ["email": "api\(index)@example.org", "name": "Student \(index)"],
                ])
            #expect(reply.status == 202, "\(reply.text)")
            let id = "\(reply.json["id"] as? Int ?? -1)"
            #expect(reply.headers["location"] == "/api/gradings/\(id)")
            jobs.append(id)
            expected[id] = solved ? "passed" : "failed"
        }
        var firstDelivery = ""
        for index in 0..<4 {
            let solved = index % 2 == 0
            let repository = try await machine.startLab(
                "hello", from: catalog, named: "push-\(index)",
                files: solved ? ["main.py": TestLab.helloSolution] : [:])
            let delivery = UUID().uuidString
            let body = push(repository, commit: try await head(repository), login: "pusher\(index)")
            // GitHub's settings offer the form encoding first; both are read.
            let reply = try await deliver(server, body, delivery: delivery, form: index == 1)
            #expect(reply.status == 202, "\(reply.text)")
            #expect(reply.json["duplicate"] as? Bool == false)
            let id = "\(reply.json["id"] as? Int ?? -1)"
            jobs.append(id)
            expected[id] = solved ? "passed" : "failed"
            if index == 0 {
                firstDelivery = delivery
                // The same delivery again (GitHub redelivers after a timeout): the first job, nothing enqueued.
                let again = try await deliver(server, body, delivery: delivery)
                #expect(again.status == 202 && again.json["duplicate"] as? Bool == true, "\(again.text)")
                #expect("\(again.json["id"] as? Int ?? -2)" == id)
                // A bad signature: 401 and nothing enqueued.
                let forged = try await deliver(
                    server, body, delivery: UUID().uuidString,
                    signature: GitHubWebhook.signature(body: Array(body), secret: "a guess"))
                #expect(forged.status == 401, "\(forged.text)")
                // A push to another branch: nothing to grade.
                let branch = try await deliver(
                    server, push(repository, commit: try await head(repository), login: "x", ref: "refs/heads/wip"),
                    delivery: UUID().uuidString)
                #expect(branch.status == 200 && (branch.json["ignored"] as? String)?.contains("default branch") == true)
            }
        }
        #expect(try query("SELECT count(*) FROM ladder.job", in: database) == "12")
        #expect(try query("SELECT count(*) FROM ladder.webhook_delivery", in: database) == "4", "\(firstDelivery)")

        let slow = try await machine.startLab("slow", from: catalog, named: "slow")
        let slowReply = try await enqueue(
            server, ["repository": slow, "lab": "slow", "student": ["email": "slow@example.org"]])
        let slowJob = "\(slowReply.json["id"] as? Int ?? -1)"

        let worker = { (name: String) in
            try machine.launch([
                Products.ladder, "worker", "--queue", url, "--concurrency", "1", "--name", name, "--lease", "2s",
                "--catalog", catalog.root,
            ])
        }
        let doomed = try worker("doomed")
        let survivor = try worker("survivor")
        // Kill whichever worker grades the slow job, mid-grade.
        try await waitUntil("a worker grades the slow job") {
            try query(
                "SELECT count(*) FROM ladder.attempt WHERE job_id = \(slowJob) AND status = 'running'", in: database)
                == "1"
        }
        let holder = try query("SELECT lease_owner FROM ladder.job WHERE id = \(slowJob)", in: database)
        let (killed, other) = holder == "doomed" ? (doomed, survivor) : (survivor, doomed)
        killed.signal(SIGKILL)
        _ = try await killed.wait(timeout: .seconds(30))
        try await waitUntil("every job is graded") {
            try query("SELECT count(*) FROM ladder.job WHERE state <> 'done'", in: database) == "0"
        }
        other.signal(SIGTERM)
        let stopped = try await other.wait(timeout: .seconds(60))
        #expect(stopped.exitCode == 0, "\(stopped)")

        // Exactly one graded attempt per job, the verdict each solution deserves, nothing left running.
        for id in jobs {
            #expect(
                try query(
                    """
                    SELECT string_agg(status, ',') FROM ladder.attempt
                    WHERE job_id = \(id) AND status IN ('passed', 'failed', 'error')
                    """, in: database) == expected[id], "job \(id)")
        }
        #expect(
            try query(
                "SELECT string_agg(status, ',' ORDER BY id) FROM ladder.attempt WHERE job_id = \(slowJob)",
                in: database) == "interrupted,passed")
        #expect(try query("SELECT count(*) FROM ladder.attempt WHERE status = 'running'", in: database) == "0")
        // A pushed commit is graded for the lab its repository pins, as the pusher.
        #expect(
            try query(
                "SELECT a.lab_id || ' ' || l.email FROM ladder.job j JOIN ladder.attempt a ON a.id = j.attempt_id "
                    + "JOIN ladder.learner l ON l.id = a.learner_id WHERE j.id = \(jobs[8])", in: database)
                == "hello pusher0@example.org")

        // The API reads what the workers recorded.
        let graded = try await request(server, "GET", "/api/gradings/\(jobs[0])")
        #expect(graded.status == 200, "\(graded.text)")
        let attempt = graded.json["attempt"] as? [String: Any]
        #expect(graded.json["state"] as? String == "done")
        #expect(attempt?["status"] as? String == "passed")
        #expect((attempt?["tests"] as? [Any])?.isEmpty == false, "\(graded.text)")
        let grades = try await request(server, "GET", "/api/labs/hello/grades")
        #expect((grades.json["grades"] as? [Any])?.count == 12, "\(grades.text)")

        let metrics = try await request(server, "GET", "/metrics", authorized: false)
        #expect(metrics.status == 200)
        for line in [
            "ladder_jobs{state=\"done\"} 13", "ladder_jobs{state=\"queued\"} 0",
            "ladder_job_failures_total{cause=\"lease_lapsed\"} 1",
            "ladder_webhook_deliveries_total{outcome=\"enqueued\"} 4",
            "ladder_webhook_deliveries_total{outcome=\"duplicate\"} 1",
            "ladder_webhook_deliveries_total{outcome=\"rejected\"} 1", "ladder_job_duration_seconds_count 13",
        ] {
            #expect(metrics.text.contains(line + "\n"), "\(line) in\n\(metrics.text)")
        }

        server.process.signal(SIGTERM)
        let served = try await server.process.wait(timeout: .seconds(30))
        #expect(served.exitCode == 0, "\(served)")
        #expect(served.stdout.contains("webhook delivery \(firstDelivery) seen before"), "\(served)")
    }

    @Test func theOpenAPIDocumentIsWhatTheServerServes() async throws {
        let (database, url, token) = try await database()
        defer { try? cluster.dropDatabase(database) }
        let text = try String(
            contentsOf: Products.packageRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let contract = OpenAPIContract(document)
        let documented = Set(contract.operations.map { "\($0.method) \($0.path)" })
        let served = Set(GradingServer.routes.map { "\($0.method) \($0.path)" })
        #expect(
            documented == served,
            "documented but not served: \(documented.subtracting(served)); served but not documented: \(served.subtracting(documented))"
        )

        let server = try await serve(url, token: token)
        let repository = try await machine.startLab("hello", from: catalog, named: "contract")
        let commit = try await head(repository)
        let json = ["Content-Type": "application/json"]
        let pack = ["Content-Type": "application/x-git-packed-objects"]
        let grading = try JSONSerialization.data(withJSONObject: [
            "repository": repository, "lab": "hello", "student": ["email": "ada@example.org"],
        ])
        // Each call and the status it must get; every answer is then checked against the document.
        let calls: [(String, String, Data?, [String: String], Bool, Int)] = [
            ("GET", "/healthz", nil, [:], false, 200),
            ("GET", "/metrics", nil, [:], false, 200),
            ("POST", "/api/gradings", grading, json, true, 202),
            ("POST", "/api/gradings", grading, json, false, 401),
            ("POST", "/api/gradings", Data("{\"repository\": 3}".utf8), json, true, 400),
            ("POST", "/api/gradings", Data(String(repeating: " ", count: 70_000).utf8), json, true, 413),
            (
                "POST", "/api/gradings",
                try JSONSerialization.data(withJSONObject: [
                    "repository": repository, "lab": "no-such-lab", "student": ["email": "ada@example.org"],
                ]), json, true, 422
            ),
            (
                "POST", "/api/gradings",
                try JSONSerialization.data(withJSONObject: [
                    "repository": repository, "commit": "not-a-commit", "student": ["email": "ada@example.org"],
                ]), json, true, 422
            ),
            (
                "POST", "/api/gradings",
                try JSONSerialization.data(withJSONObject: [
                    "repository": "https://elsewhere.example/x.git", "student": ["email": "ada@example.org"],
                ]), json, true, 422
            ),
            ("GET", "/api/gradings/1", nil, [:], true, 200),
            ("GET", "/api/gradings/1", nil, [:], false, 401),
            ("GET", "/api/gradings/999999", nil, [:], true, 404),
            ("GET", "/api/labs/hello/grades", nil, [:], true, 200),
            ("GET", "/api/labs/hello/grades", nil, [:], false, 401),
            // A submission comes from a learner's token (CourseModeTests sends real ones): an instructor's is 403.
            ("POST", "/api/submissions?lab=hello&commit=\(commit)", Data("PACK".utf8), pack, true, 403),
            ("POST", "/api/submissions?lab=hello&commit=\(commit)", Data("PACK".utf8), pack, false, 401),
            ("GET", "/api/learner/attempts", nil, [:], true, 403),
            ("GET", "/api/learner/attempts", nil, [:], false, 401),
        ]
        var checked: Set<String> = []
        for (method, path, body, headers, authorized, status) in calls {
            let reply = try await request(
                server, method, path, body: body, headers: headers, authorized: authorized)
            #expect(reply.status == status, "\(method) \(path): \(reply.status) \(reply.text)")
            for problem in contract.check(method: method, path: path, status: reply.status, reply: reply) {
                Issue.record("\(method) \(path) \(reply.status): \(problem)")
            }
            checked.insert("\(method) \(contract.template(for: path) ?? path)")
        }
        let push = self.push(repository, commit: commit, login: "ada")
        let deliveries: [(Data, String, String?, Int)] = [
            (push, "push", nil, 202),
            (Data("{}".utf8), "ping", nil, 200),
            (push, "push", "sha256=" + String(repeating: "0", count: 64), 401),
            (Data("{\"ref\": 1}".utf8), "push", nil, 400),
        ]
        for (body, event, signature, status) in deliveries {
            let reply = try await deliver(server, body, delivery: UUID().uuidString, event: event, signature: signature)
            #expect(reply.status == status, "\(event): \(reply.status) \(reply.text)")
            for problem in contract.check(
                method: "POST", path: "/api/webhooks/github", status: reply.status, reply: reply)
            {
                Issue.record("webhook \(event) \(reply.status): \(problem)")
            }
        }
        checked.insert("POST /api/webhooks/github")
        #expect(checked == served)
        server.process.signal(SIGTERM)
        _ = try await server.process.wait(timeout: .seconds(30))

        // Without a webhook secret the route is off.
        let closed = try await serve(url, token: token, webhooks: false)
        let off = try await deliver(closed, push, delivery: UUID().uuidString)
        #expect(off.status == 404 && (off.json["error"] as? String)?.contains("webhook") == true, "\(off.text)")
        closed.process.signal(SIGTERM)
        _ = try await closed.process.wait(timeout: .seconds(30))
    }

    @Test func aDatabaseRestartMidRunLosesNothing() async throws {
        let (database, url, token) = try await database()
        defer { try? cluster.dropDatabase(database) }
        let server = try await serve(url, token: token)
        let worker = try machine.launch([
            Products.ladder, "worker", "--queue", url, "--concurrency", "1", "--name", "w", "--catalog", catalog.root,
        ])
        var jobs: [String] = []
        func enqueueSolved(_ name: String) async throws {
            let repository = try await machine.startLab(
                "hello", from: catalog, named: name, files: ["main.py": TestLab.helloSolution])
            let body: [String: Any] = [
                "repository": repository, "lab": "hello", "student": ["email": "\(name)@example.org"],
            ]
            // While the database restarts the server answers an error; the client tries again, as CI would.
            for _ in 0..<60 {
                let reply = try await enqueue(server, body)
                if reply.status == 202 {
                    jobs.append("\(reply.json["id"] as? Int ?? -1)")
                    return
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            Issue.record("the server never took \(name) after the restart")
        }
        for index in 0..<4 { try await enqueueSolved("before-\(index)") }
        try await waitUntil("a job is graded") {
            try query("SELECT count(*) FROM ladder.job WHERE state = 'done'", in: database) != "0"
        }
        try cluster.restart()
        for index in 0..<4 { try await enqueueSolved("after-\(index)") }
        do {
            try await waitUntil("every job is graded after the restart") {
                try query("SELECT count(*) FROM ladder.job WHERE state = 'done'", in: database) == "8"
            }
        } catch {
            let jobs = try? query(
                "SELECT id, state, failures, lease_owner, last_error FROM ladder.job ORDER BY id", in: database)
            Issue.record("the jobs: \(jobs ?? "unreadable")\nthe worker said: \(worker.stdoutSoFar)")
            throw error
        }
        #expect(jobs.count == 8)
        #expect(
            try query(
                "SELECT count(*) FROM ladder.attempt WHERE status = 'passed' AND job_id IS NOT NULL", in: database)
                == "8")
        #expect(try await request(server, "GET", "/healthz", authorized: false).status == 200)
        worker.signal(SIGTERM)
        let stopped = try await worker.wait(timeout: .seconds(60))
        #expect(stopped.exitCode == 0, "\(stopped)")
        server.process.signal(SIGTERM)
        _ = try await server.process.wait(timeout: .seconds(30))
    }

    @Test func aThousandGradingsEnqueuedAtOnceAreAThousandJobs() async throws {
        let (database, url, token) = try await database()
        defer { try? cluster.dropDatabase(database) }
        let server = try await serve(url, token: token)
        // A thousand requests, sixteen in flight at a time, for a lab no worker of this test has.
        let ids = try await withThrowingTaskGroup(of: [Int].self) { group in
            for lane in 0..<16 {
                group.addTask {
                    var ids: [Int] = []
                    for index in stride(from: lane, to: 1000, by: 16) {
                        let reply = try await enqueue(
                            server,
                            [
                                "repository": "https://git.example.org/class/s\(index).git", "lab": "hello",
                                "student": ["email": "s\(index)@example.org"],
                            ])
                        if reply.status == 202 { ids.append(reply.json["id"] as? Int ?? -1) }
                    }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(ids.count == 1000 && Set(ids).count == 1000)
        #expect(try query("SELECT count(*) FROM ladder.job WHERE state = 'queued'", in: database) == "1000")
        let metrics = try await request(server, "GET", "/metrics", authorized: false)
        #expect(metrics.text.contains("ladder_jobs{state=\"queued\"} 1000\n"), "\(metrics.text)")
        server.process.signal(SIGTERM)
        _ = try await server.process.wait(timeout: .seconds(30))
    }

    @Test func classroomGradeThroughTheQueueThenRegradeExactlyWhatAGraderChangeAffects() async throws {
        let database = try cluster.createDatabase()
        defer { try? cluster.dropDatabase(database) }
        let url = cluster.url(database: database)
        var lines = ["student,repository,email"]
        for index in 0..<4 {
            let repository = try await machine.startLab(
                "hello", from: catalog, named: "s\(index)",
                files: index % 2 == 0 ? ["main.py": TestLab.helloSolution] : [:])
            lines.append("s\(index),\(repository),s\(index)@example.org")
        }
        let roster = machine.path("roster.csv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: roster, atomically: true, encoding: .utf8)
        let worker = try machine.launch([
            Products.ladder, "worker", "--queue", url, "--concurrency", "2", "--name", "w", "--catalog", catalog.root,
        ])
        let graded = try await machine.ladder(
            [
                "classroom", "grade", "--roster", roster, "--lab", "hello", "--out", machine.path("out"), "--queue",
                url,
                "--catalog", catalog.root,
            ], timeout: .seconds(240))
        #expect(graded.exitCode == 0, "\(graded)")
        #expect(graded.stdout.hasPrefix("2 passed, 2 failed, 0 not graded"), "\(graded)")
        let gradebook = try String(contentsOfFile: machine.path("out/gradebook.csv"), encoding: .utf8)
        #expect(gradebook.contains("s0,") && gradebook.contains(",20,20,passed,"), "\(gradebook)")
        #expect(FileManager.default.fileExists(atPath: machine.path("out/reports/s1.json")))

        let nothing = try await machine.ladder([
            "classroom", "regrade", "--lab", "hello", "--queue", url, "--catalog", catalog.root,
        ])
        #expect(nothing.exitCode == 0 && nothing.stdout.contains("nothing to regrade"), "\(nothing)")

        // The grader changes: Ada is now greeted with a full stop, which no solution prints.
        try "Hello, Ada.\n".write(
            toFile: catalog.root + "/Graders/hello/cases/ada.out", atomically: true, encoding: .utf8)
        // One more learner, graded after the change: already current, so not regraded.
        let late = try await machine.startLab(
            "hello", from: catalog, named: "late", files: ["main.py": TestLab.helloSolution])
        try "student,repository\nlate,\(late)\n".write(
            toFile: machine.path("late.csv"), atomically: true, encoding: .utf8)
        let lateRun = try await machine.ladder(
            [
                "classroom", "grade", "--roster", machine.path("late.csv"), "--lab", "hello", "--out",
                machine.path("out-late"), "--queue", url, "--catalog", catalog.root,
            ], timeout: .seconds(120))
        #expect(lateRun.stdout.hasPrefix("0 passed, 1 failed"), "\(lateRun)")

        let dry = try await machine.ladder([
            "classroom", "regrade", "--lab", "hello", "--queue", url, "--dry-run", "--catalog", catalog.root,
        ])
        #expect(dry.stdout.contains("4 grades would be regraded"), "\(dry)")
        let jobsBefore = try query("SELECT count(*) FROM ladder.job", in: database)
        let regraded = try await machine.ladder(
            ["classroom", "regrade", "--lab", "hello", "--queue", url, "--catalog", catalog.root],
            timeout: .seconds(240))
        #expect(regraded.exitCode == 0, "\(regraded)")
        #expect(try query("SELECT count(*) FROM ladder.job", in: database) == "\((Int(jobsBefore) ?? 0) + 4)")
        // The two solutions that passed now fail; the two starters failed before and after.
        #expect(regraded.stdout.contains("s0@example.org: passed 20/20"), "\(regraded)")
        #expect(regraded.stdout.contains("-> failed 10/20"), "\(regraded)")
        #expect(!regraded.stdout.contains("s1@example.org"), "\(regraded)")
        #expect(regraded.stdout.contains("Regraded 4 of hello: 2 verdicts changed, 2 unchanged"), "\(regraded)")
        // The earlier attempts are kept: two per classroom learner now.
        #expect(
            try query(
                "SELECT count(*) FROM ladder.attempt a JOIN ladder.learner l ON l.id = a.learner_id "
                    + "WHERE l.email LIKE 's_@example.org'", in: database) == "8")
        let again = try await machine.ladder([
            "classroom", "regrade", "--lab", "hello", "--queue", url, "--catalog", catalog.root,
        ])
        #expect(again.stdout.contains("nothing to regrade"), "\(again)")
        worker.signal(SIGTERM)
        _ = try await worker.wait(timeout: .seconds(60))
    }

    @Test func aLearnersTokenOpensTheirOwnPagesAndNothingElse() async throws {
        let (database, url, token) = try await database()
        defer { try? cluster.dropDatabase(database) }
        // Two learners' graded attempts in the shared store.
        let store = try await PostgresResultStore.open(url: url)
        var attempts: [String: (LearnerID, AttemptID)] = [:]
        for name in ["ada", "grace"] {
            let learner = try await store.upsertLearner(name: name.capitalized, email: "\(name)@example.org")
            let attempt = try await store.beginAttempt(
                NewAttempt(
                    learner: learner.id,
                    lab: LabRecord(
                        labID: "hello", version: "1.0.0", graderDigest: "sha256:test", title: "Hello", rung: .junior,
                        areas: []),
                    language: "python", commit: nil, tree: nil, repository: "/class/\(name)", source: .classroom,
                    toolVersion: "test"))
            _ = try await store.finishAttempt(
                attempt, with: AttemptOutcome(status: .failed, score: 1, maxScore: 2, results: []))
            attempts[name] = (learner.id, attempt)
        }
        await store.close()
        let created = try await machine.ladder([
            "serve", "tokens", "create", "ada-link", "--learner", "Ada@Example.org", "--queue", url,
        ])
        #expect(created.exitCode == 0 && created.stderr.contains("login?token="), "\(created)")
        let server = try await serve(url, token: token)
        let ada = Server(
            process: server.process, base: server.base,
            token: created.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let (adaID, adaAttempt) = attempts["ada"]!
        let (graceID, graceAttempt) = attempts["grace"]!
        // Their own ladder (where / leads them), their own attempt and the catalog.
        let home = try await request(ada, "GET", "/")
        #expect(home.status == 200 && home.text.contains("<h1>Ada</h1>"), "\(home.text)")
        #expect(try await request(ada, "GET", "/learners/\(adaID)").status == 200)
        #expect(try await request(ada, "GET", "/attempts/\(adaAttempt)").status == 200)
        #expect(try await request(ada, "GET", "/labs").status == 200)
        // Not another learner's, not the gradebook, not the API.
        #expect(try await request(ada, "GET", "/learners/\(graceID)").status == 403)
        #expect(try await request(ada, "GET", "/attempts/\(graceAttempt)").status == 403)
        #expect(try await request(ada, "GET", "/gradebook").status == 403)
        #expect(try await request(ada, "GET", "/gradebook.canvas.csv").status == 403)
        #expect(try await request(ada, "GET", "/api/labs/hello/grades").status == 403)
        // The instructor's token opens both learners' pages.
        #expect(try await request(server, "GET", "/learners/\(graceID)").status == 200)
        #expect(try await request(server, "GET", "/attempts/\(adaAttempt)").status == 200)
        server.process.signal(SIGTERM)
        _ = try await server.process.wait(timeout: .seconds(30))
    }

    @Test func tokensAreShownOnceListedByNameAndRevokedAtOnce() async throws {
        let (database, url, token) = try await database()
        defer { try? cluster.dropDatabase(database) }
        let server = try await serve(url, token: token)
        #expect(try await request(server, "GET", "/api/labs/hello/grades").status == 200)
        // Over PostgreSQL the pages need a token too; a page refused is a page, not JSON.
        let page = try await request(server, "GET", "/gradebook")
        #expect(page.status == 200 && page.text.contains("<h1>Gradebook</h1>"), "\(page.text)")
        #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        let anonymous = try await request(server, "GET", "/gradebook", authorized: false)
        #expect(anonymous.status == 401 && anonymous.text.contains("needs a token"), "\(anonymous.text)")
        let mistyped = try await request(server, "GET", "/login?token=ladder_nope", authorized: false)
        #expect(mistyped.status == 401)
        let taken = try await machine.ladder(["serve", "tokens", "create", "ci", "--queue", url])
        #expect(taken.exitCode != 0 && taken.stderr.contains("ci is taken"), "\(taken)")
        let listed = try await machine.ladder(["serve", "tokens", "list", "--queue", url])
        #expect(listed.exitCode == 0 && listed.stdout.hasPrefix("ci\t") && listed.stdout.contains("last used"))
        #expect(!listed.stdout.contains(token))
        // The database keeps only the digest.
        #expect(
            try query("SELECT count(*) FROM ladder.api_token WHERE digest::text LIKE '%ladder_%'", in: database) == "0")
        let revoked = try await machine.ladder(["serve", "tokens", "revoke", "ci", "--queue", url])
        #expect(revoked.exitCode == 0, "\(revoked)")
        let refused = try await request(server, "GET", "/api/labs/hello/grades")
        #expect(refused.status == 401 && refused.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(try await request(server, "GET", "/labs").status == 401, "a revoked token still opens pages")
        let again = try await machine.ladder(["serve", "tokens", "revoke", "ci", "--queue", url])
        #expect(again.exitCode == 2 && again.stderr.contains("no token in use is named ci"), "\(again)")
        server.process.signal(SIGTERM)
        _ = try await server.process.wait(timeout: .seconds(30))
    }
}

/// The parts of an OpenAPI 3.1 document the contract test reads: operations, their responses' JSON schemas, and a
/// checker for the schema keywords the document uses (type, required, properties, items, enum, $ref).
struct OpenAPIContract {
    let document: [String: Any]

    init(_ document: [String: Any]) { self.document = document }

    var paths: [String: [String: Any]] { document["paths"] as? [String: [String: Any]] ?? [:] }

    var operations: [(method: String, path: String)] {
        paths.flatMap { path, methods in
            methods.keys.filter { ["get", "post", "put", "delete", "patch"].contains($0) }.map {
                (method: $0.uppercased(), path: path)
            }
        }
    }

    /// The documented path `path` matches (`{id}` matching one segment).
    func template(for path: String) -> String? {
        // The query is not part of the path a template matches.
        let segments = path.prefix { $0 != "?" }.split(separator: "/")
        return paths.keys.first { template in
            let parts = template.split(separator: "/")
            return parts.count == segments.count
                && zip(parts, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// What is wrong with `reply` as the answer to `method path` with `status`.
    func check(method: String, path: String, status: Int, reply: ServeCommandTests.Reply) -> [String] {
        guard let template = template(for: path),
            let operation = paths[template]?[method.lowercased()] as? [String: Any]
        else { return ["not documented"] }
        guard let response = (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any] else {
            return ["status \(status) is not documented"]
        }
        let content = response["content"] as? [String: Any] ?? [:]
        let type = reply.headers["content-type"]?.split(separator: ";").first.map(String.init) ?? ""
        guard let media = content[type] as? [String: Any] else {
            return ["content type \(type) is not documented (documented: \(content.keys.sorted()))"]
        }
        guard let schema = media["schema"] else { return [] }
        guard let value = try? JSONSerialization.jsonObject(with: reply.body) else { return ["the body is not JSON"] }
        return validate(value, against: schema, at: "$")
    }

    func resolve(_ schema: Any) -> [String: Any] {
        guard let schema = schema as? [String: Any] else { return [:] }
        if let reference = schema["$ref"] as? String {
            var node: Any? = document
            for part in reference.dropFirst(2).split(separator: "/") {
                node = (node as? [String: Any])?[String(part)]
            }
            return resolve(node ?? [:])
        }
        return schema
    }

    func validate(_ value: Any, against schema: Any, at location: String) -> [String] {
        let schema = resolve(schema)
        var problems: [String] = []
        if let type = schema["type"] as? String {
            let matches: Bool
            switch type {
            case "object": matches = value is [String: Any]
            case "array": matches = value is [Any]
            case "string": matches = value is String
            case "boolean": matches = value is Bool
            case "integer": matches = (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } ?? false
            case "number": matches = value is NSNumber
            default: matches = true
            }
            if !matches { return ["\(location) is not \(type): \(value)"] }
        }
        if let options = schema["enum"] as? [String], let text = value as? String, !options.contains(text) {
            problems.append("\(location) is \(text), not one of \(options)")
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(location) lacks \(key)")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, field) in object {
                guard let property = properties[key] else {
                    problems.append("\(location).\(key) is not documented")
                    continue
                }
                problems += validate(field, against: property, at: "\(location).\(key)")
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (index, item) in array.enumerated() {
                problems += validate(item, against: items, at: "\(location)[\(index)]")
            }
        }
        return problems
    }
}
