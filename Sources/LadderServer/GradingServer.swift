import Foundation
import HTTPTypes
import Hummingbird
import LadderCore
import LadderGrading
import LadderPostgres
import LadderStore
import Logging
import NIOCore
import Synchronization

/// `ladder serve`: the HTTP front of the many-machine mode. Instructors and CI enqueue gradings and read grades through
/// a JSON API with bearer tokens; GitHub's push webhooks enqueue the pushed commit; workers (`ladder worker`) do the
/// grading. Everything it knows lives in PostgreSQL, so several servers may share one database and a restart loses
/// nothing.
///
/// The routes are ``routes``; `docs/openapi.yaml` documents each, and a test holds the two to each other.
public struct GradingServer: Sendable {
    public struct Configuration: Sendable {
        /// The address to listen on; loopback unless told otherwise.
        public var host: String
        /// 0 for any free port (``run(onListening:)`` says which).
        public var port: Int
        /// The secret GitHub signs deliveries with; nil turns the webhook route off.
        public var webhookSecret: String?
        /// The largest request body read, in bytes; a larger one is answered 413 unread.
        public var maxBodyBytes: Int
        /// The largest submission a learner uploads (a git pack of their repository), in bytes.
        public var maxUploadBytes: Int
        /// How many submissions one learner may upload in a minute; past it, 429.
        public var uploadsPerMinute: Int
        /// The prefixes a repository to grade must start with (`https://github.com/` by default), through the API and
        /// webhooks alike: workers clone what a job names, with their git token, so a token holder must not be able
        /// to point them at another server (which would be sent the token) or at a path on a worker.
        public var allowedRepositories: [String]

        public init(
            host: String = "127.0.0.1", port: Int = 8080, webhookSecret: String?, maxBodyBytes: Int = 1 << 20,
            allowedRepositories: [String] = ["https://github.com/"], maxUploadBytes: Int = 8 << 20,
            uploadsPerMinute: Int = 6
        ) {
            self.maxUploadBytes = maxUploadBytes
            self.uploadsPerMinute = uploadsPerMinute
            self.host = host
            self.port = port
            self.webhookSecret = webhookSecret
            self.maxBodyBytes = maxBodyBytes
            self.allowedRepositories = allowedRepositories
        }

        /// Whether jobs may name `repository`.
        public func allows(_ repository: String) -> Bool {
            allowedRepositories.contains { repository.hasPrefix($0) } && !repository.contains("/../")
                && !repository.hasSuffix("/..")
        }
    }

    /// What the catalog of this server says of a lab: its version and grader digest, pinned on the jobs enqueued
    /// for it so that a worker with another catalog refuses them; nil when the catalog has no such lab.
    public typealias LabLookup = @Sendable (String) -> (version: String, graderDigest: String)?

    /// The report of a recorded attempt as this server's graders give it (titles and hints, which the store does not
    /// keep), for the learner it belongs to; nil when the catalog no longer has that grader.
    public typealias Describe = @Sendable (AttemptDetail, _ learner: String) -> GradeReport?

    /// What the server did, for the command line to show.
    public enum Event: Sendable {
        case enqueued(JobID, repository: String, lab: String?, student: String, via: String)
        case duplicateDelivery(JobID, delivery: String)
        case refused(status: Int, path: String, reason: String)
        /// The database failed while answering; the client got 503 without the details, which are here.
        case databaseFailed(path: String, reason: String)
    }

    /// Every route, as `docs/openapi.yaml` must document it.
    public static let routes: [(method: String, path: String)] = [
        ("GET", "/healthz"),
        ("GET", "/metrics"),
        ("POST", "/api/gradings"),
        ("GET", "/api/gradings/{id}"),
        ("POST", "/api/submissions"),
        ("GET", "/api/learner/attempts"),
        ("GET", "/api/labs/{lab}/grades"),
        ("POST", "/api/webhooks/github"),
    ]

    public let configuration: Configuration
    public let queue: PostgresJobQueue
    public let lookup: LabLookup
    public let describe: Describe
    /// The web view's pages, served beside the API; nil for the API alone.
    public let web: WebRoutes?
    public let events: @Sendable (Event) -> Void
    let counters = ServerCounters()

    public init(
        configuration: Configuration, queue: PostgresJobQueue, lookup: @escaping LabLookup,
        describe: @escaping Describe = { _, _ in nil }, web: WebRoutes? = nil,
        events: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.queue = queue
        self.lookup = lookup
        self.describe = describe
        self.web = web
        self.events = events
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight and returns. `onListening` gets the port
    /// once the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        try await Self.serve(router(), host: configuration.host, port: configuration.port, onListening: onListening)
    }

    /// Serves `router` on `host:port` until SIGTERM or SIGINT.
    static func serve(
        _ router: Router<BasicRequestContext>, host: String, port: Int, onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "ladder"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            // The library layers never print: the command line reports through `events`.
            logger: Logger(label: "ladder.serve", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.runService()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        web?.add(to: router)
        router.get("/healthz") { _, _ in try await self.health() }
        router.get("/metrics") { request, _ in try await self.answer(request) { try await self.metrics() } }
        router.post("/api/gradings") { request, _ in
            try await self.answer(request) { try await self.enqueue(request) }
        }
        router.post("/api/submissions") { request, _ in
            try await self.answer(request) { try await self.submit(request) }
        }
        router.get("/api/learner/attempts") { request, _ in
            try await self.answer(request) { try await self.learnerAttempts(request) }
        }
        router.get("/api/gradings/:id") { request, context in
            try await self.answer(request) { try await self.grading(request, id: context.parameters.get("id")) }
        }
        router.get("/api/labs/:lab/grades") { request, context in
            try await self.answer(request) { try await self.grades(request, lab: context.parameters.get("lab") ?? "") }
        }
        router.post("/api/webhooks/github") { request, _ in
            try await self.answer(request) { try await self.webhook(request) }
        }
        return router
    }

    /// Runs a route: its own answers as they are; a value the store refuses as 422; anything else (the database
    /// unreachable or restarting) as 503, so a client knows to try again, never a bare 500. The database's own words
    /// (they name its host and user) go to the server's log through `events`, not to whoever asked.
    func answer(_ request: Request, _ route: () async throws -> Response) async throws -> Response {
        do {
            return try await route()
        } catch let error as APIError {
            throw error
        } catch let error as HTTPResponseError {
            throw error
        } catch StoreError.invalidInput(let operation, let field, let reason) {
            throw APIError(.unprocessableContent, "\(operation): \(field) \(reason)")
        } catch JobQueueError.invalidJob(let field, let reason) {
            throw APIError(.unprocessableContent, "\(field) \(reason)")
        } catch {
            events(.databaseFailed(path: request.uri.path, reason: "\(error)"))
            throw APIError(.serviceUnavailable, "the grading database cannot be reached or failed; try again shortly")
        }
    }

    // MARK: Routes

    func health() async throws -> Response {
        do {
            _ = try await queue.counts()
            return Self.text(.ok, "ok\n")
        } catch {
            events(.databaseFailed(path: "/healthz", reason: "\(error)"))
            return Self.text(.serviceUnavailable, "the grading database cannot be reached\n")
        }
    }

    func metrics() async throws -> Response {
        let statistics = try await queue.statistics()
        var response = Self.text(.ok, PrometheusText.render(statistics, deliveries: counters.deliveries()))
        response.headers[.contentType] = PrometheusText.contentType
        return response
    }

    func enqueue(_ request: Request) async throws -> Response {
        try await authorize(request)
        let body = try await self.body(request)
        let new: API.NewGrading
        do {
            new = try JSONDecoder().decode(API.NewGrading.self, from: Data(body))
        } catch {
            throw APIError(.badRequest, "the body is not a grading request: \(APIError.describe(error))")
        }
        let spec = try jobSpec(new)
        let id = try await queue.enqueue(spec)
        events(
            .enqueued(id, repository: spec.repository, lab: spec.labID, student: spec.studentEmail, via: "api"))
        return try Self.accepted(id, state: .queued, duplicate: nil)
    }

    /// A learner's submission in course mode: a git pack of their repository (the body) and the commit and lab to
    /// grade (the query), from a learner's token. The pack is unpacked and checked before it is kept, so a broken
    /// upload is the learner's 400, never a job that fails on a worker.
    func submit(_ request: Request) async throws -> Response {
        let token = try await authenticate(request)
        guard let email = token.learnerEmail else {
            throw APIError(
                .forbidden,
                "a submission comes from a learner's token (ladder serve tokens create NAME --learner EMAIL)")
        }
        let query = request.uri.queryParameters
        guard let lab = query["lab"].map(String.init), let pinned = lookup(lab) else {
            throw APIError(
                .unprocessableContent, "name a lab of this server's catalog: ?lab=LAB&commit=COMMIT")
        }
        guard let commit = query["commit"].map({ String($0).lowercased() }), commit.count == 40,
            commit.allSatisfy(\.isHexDigit)
        else { throw APIError(.unprocessableContent, "name the commit to grade by its full id: &commit=COMMIT") }
        let recent = try await queue.uploads(by: email, since: Date().addingTimeInterval(-60))
        if recent >= configuration.uploadsPerMinute {
            var error = APIError(
                .tooManyRequests,
                "\(recent) submissions in the last minute; this server takes at most \(configuration.uploadsPerMinute)"
                    + " a minute from one learner: wait a minute")
            error.retryAfter = 60
            throw error
        }
        let pack = Data(try await body(request, limit: configuration.maxUploadBytes, what: "submission"))
        try UploadCheck.verify(pack, commit: commit)
        let spec = GradingJobSpec(
            repository: GradingJobSpec.uploadPrefix, commit: commit, labID: lab, labVersion: pinned.version,
            graderDigest: pinned.graderDigest, studentEmail: email)
        let id = try await queue.enqueueUpload(pack, spec)
        events(.enqueued(id, repository: "a \(pack.count)-byte upload", lab: lab, student: email, via: "submission"))
        return try Self.accepted(id, state: .queued, duplicate: nil)
    }

    /// A learner's own finished attempts, for their `ladder progress` elsewhere; a learner's token only.
    func learnerAttempts(_ request: Request) async throws -> Response {
        guard let email = try await authenticate(request).learnerEmail else {
            throw APIError(.forbidden, "this route answers a learner's token with that learner's own attempts")
        }
        let learner = try await queue.store.learner(email: email)
        var attempts: [AttemptRecord]?
        if let learner { attempts = try await queue.store.attempts(learner: learner.id, labID: nil, limit: 1000) }
        return try Self.json(
            .ok,
            GradingAPI.LearnerAttempts(
                student: API.Student(email: email, name: learner?.name),
                attempts: (attempts ?? []).filter { $0.finishedAt != nil && $0.throughStage == nil }.map {
                    API.Attempt($0, tests: nil)
                }))
    }

    func grading(_ request: Request, id: String?) async throws -> Response {
        let token = try await authenticate(request)
        guard let id, let raw = Int64(id), raw > 0 else { throw APIError(.notFound, "no grading \(id ?? "")") }
        guard let job = try await queue.job(JobID(rawValue: raw)),
            token.learnerEmail.map({ $0 == job.spec.studentEmail }) ?? true
        else {
            // Another learner's grading is as absent as one that does not exist.
            throw APIError(.notFound, "no grading \(raw)")
        }
        var attempt: AttemptDetail?
        if let id = job.attemptID { attempt = try await queue.store.attempt(id) }
        let report = attempt.flatMap { describe($0, job.spec.studentEmail) }
        var grading = API.Grading(job, attempt: attempt, report: report)
        // ?after=N: what the worker told of the grading since the N-th event, for a client showing it live.
        if let after = request.uri.queryParameters["after"].flatMap({ Int(String($0)) }), after >= 0 {
            grading.events = try await queue.events(of: job.id, after: after).compactMap {
                API.Event(stored: $0.event, seq: $0.seq)
            }
        }
        return try Self.json(.ok, grading)
    }

    func grades(_ request: Request, lab: String) async throws -> Response {
        try await authorize(request)
        let grades = try await queue.store.latestGrades(labID: lab).map {
            API.Grades.Grade(
                student: API.Student(email: $0.learner.email, name: $0.learner.name),
                attempt: API.Attempt($0.attempt, tests: nil))
        }
        return try Self.json(.ok, API.Grades(lab: lab, grades: grades))
    }

    func webhook(_ request: Request) async throws -> Response {
        guard let secret = configuration.webhookSecret else {
            throw APIError(
                .notFound,
                "webhooks are off on this server: start it with --webhook-secret-file or $LADDER_WEBHOOK_SECRET")
        }
        let body = try await self.body(request)
        guard GitHubWebhook.verify(body: body, signature: request.headers[.hubSignature256], secret: secret) else {
            counters.delivered("rejected")
            events(.refused(status: 401, path: request.uri.path, reason: "a delivery's signature did not match"))
            throw APIError(
                .unauthorized,
                "the X-Hub-Signature-256 header is missing or is not the body's HMAC-SHA256 under this server's "
                    + "webhook secret; nothing was enqueued")
        }
        guard let event = request.headers[.githubEvent], let delivery = request.headers[.githubDelivery],
            !event.isEmpty, !delivery.isEmpty, delivery.count <= 200
        else {
            counters.delivered("rejected")
            throw APIError(.badRequest, "a GitHub delivery has X-GitHub-Event and X-GitHub-Delivery headers")
        }
        let asked: GitHubWebhook.Request
        do throws(GitHubWebhook.Malformed) {
            asked = try GitHubWebhook.read(event: event, contentType: request.headers[.contentType], body: body)
        } catch {
            counters.delivered("rejected")
            events(.refused(status: 400, path: request.uri.path, reason: "delivery \(delivery): \(error)"))
            throw APIError(.badRequest, error.description)
        }
        switch asked {
        case .ping:
            counters.delivered("ignored")
            return try Self.json(.ok, API.Ignored(ignored: "ping: the webhook reaches Ladder"))
        case .ignore(let reason):
            counters.delivered("ignored")
            return try Self.json(.ok, API.Ignored(ignored: reason))
        case .grade(let push):
            guard configuration.allows(push.repository) else {
                counters.delivered("rejected")
                throw APIError(.unprocessableContent, refusal(push.repository))
            }
            let spec = GradingJobSpec(
                repository: push.repository, commit: push.commit, labID: nil, studentEmail: push.studentEmail,
                studentName: push.studentName)
            switch try await queue.enqueue(spec, delivery: delivery, event: event) {
            case .enqueued(let id):
                counters.delivered("enqueued")
                events(.enqueued(id, repository: push.fullName, lab: nil, student: push.studentEmail, via: "webhook"))
                return try Self.accepted(id, state: .queued, duplicate: false)
            case .duplicate(let id):
                counters.delivered("duplicate")
                events(.duplicateDelivery(id, delivery: delivery))
                return try Self.accepted(id, state: try await queue.job(id)?.state ?? .queued, duplicate: true)
            }
        }
    }

    // MARK: Helpers

    /// Checks the request's bearer token is an instructor's; 401 without one in use, 403 for a learner's.
    func authorize(_ request: Request) async throws {
        if try await authenticate(request).learnerEmail != nil {
            throw APIError(
                .forbidden,
                "a learner's token opens the learner's own pages, submissions and gradings, not the rest of the API")
        }
    }

    /// The request's bearer token, a learner's or an instructor's; 401 without one in use.
    func authenticate(_ request: Request) async throws -> APIToken {
        guard let secret = Self.bearerToken(request) else {
            throw APIError(
                .unauthorized, "send an API token as `Authorization: Bearer TOKEN` (ladder serve tokens create)")
        }
        guard let token = try await queue.store.authenticate(secret: secret) else {
            throw APIError(.unauthorized, "the API token is not one in use (revoked, mistyped, or another server's)")
        }
        return token
    }

    /// The secret of the request's `Authorization: Bearer` header, if it has one.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return nil
        }
        return header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
    }

    /// The request's body, up to `limit` (default: the configuration's), 413 past it.
    func body(_ request: Request, limit: Int? = nil, what: String = "body") async throws -> [UInt8] {
        let limit = limit ?? configuration.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.contentTooLarge, "the \(what) is \(length) bytes; this server reads at most \(limit)")
        }
        do {
            return Array(try await request.body.collect(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "the \(what) is over the \(limit) bytes this server reads")
        }
    }

    /// The job a grading request asks for, checked: a named lab must be in this server's catalog, whose version and
    /// grader digest the job then carries.
    func jobSpec(_ new: API.NewGrading) throws -> GradingJobSpec {
        let repository = new.repository.trimmingCharacters(in: .whitespaces)
        guard !repository.isEmpty, repository.count <= 2048, !repository.contains(where: \.isNewline) else {
            throw APIError(.unprocessableContent, "repository must be a URL of 1 to 2048 characters")
        }
        guard configuration.allows(repository) else { throw APIError(.unprocessableContent, refusal(repository)) }
        if let commit = new.commit, !(7...64).contains(commit.count) || !commit.allSatisfy(\.isHexDigit) {
            throw APIError(
                .unprocessableContent, "commit must be a commit id (7 to 64 hex digits), not \(commit.prefix(80))")
        }
        var version: String?
        var digest: String?
        if let lab = new.lab {
            guard let pinned = lookup(lab) else {
                throw APIError(.unprocessableContent, "this server's catalog has no lab \(lab.prefix(100))")
            }
            (version, digest) = (pinned.version, pinned.graderDigest)
        }
        return GradingJobSpec(
            repository: repository, commit: new.commit?.lowercased(), labID: new.lab, labVersion: version,
            graderDigest: digest, studentEmail: new.student.email.trimmingCharacters(in: .whitespaces),
            studentName: new.student.name.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
                $0.isEmpty ? nil : $0
            })
    }

    func refusal(_ repository: String) -> String {
        "this server grades repositories under \(configuration.allowedRepositories.joined(separator: ", ")) only "
            + "(ladder serve --allow-repositories), not \(repository.prefix(200))"
    }

    static func accepted(_ id: JobID, state: JobState, duplicate: Bool?) throws -> Response {
        let url = "/api/gradings/\(id)"
        var response = try json(
            .accepted, API.Accepted(id: id.rawValue, state: state.rawValue, url: url, duplicate: duplicate))
        response.headers[.location] = url
        return response
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(value)
        data.append(0x0A)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// An answer other than success: its status and a JSON body `{"error": "…"}` that says what to do.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String
    /// Seconds to wait before asking again (429), sent as `Retry-After`.
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try GradingServer.json(status, API.Failure(error: message))
        if status == .unauthorized,
            request.uri.path.hasPrefix("/api/gradings") || request.uri.path.hasPrefix("/api/labs")
        {
            response.headers[.wwwAuthenticate] = "Bearer realm=\"ladder\""
        }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "no `\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))`"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "`\(context.codingPath.map(\.stringValue).joined(separator: "."))` has the wrong type"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}

/// This server's own counters, for `/metrics`.
final class ServerCounters: Sendable {
    static let deliveryOutcomes = ["enqueued", "duplicate", "ignored", "rejected"]
    private let counts = Mutex<[String: Int]>([:])

    func delivered(_ outcome: String) { counts.withLock { $0[outcome, default: 0] += 1 } }

    func deliveries() -> [String: Int] { counts.withLock { $0 } }
}

extension HTTPField.Name {
    static let hubSignature256 = HTTPField.Name("X-Hub-Signature-256")!
    static let githubEvent = HTTPField.Name("X-GitHub-Event")!
    static let githubDelivery = HTTPField.Name("X-GitHub-Delivery")!
}
