import ArgumentParser
import Foundation
import LadderCore
import LadderGrading
import LadderPostgres
import LadderSandbox
import LadderServer
import LadderStore
import LadderWeb

extension LadderCommand {
    /// `ladder serve`: the HTTP API, GitHub's webhooks and the metrics of the many-machine mode.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the web pages, and over the PostgreSQL queue the grading API, webhooks and metrics.",
            discussion: """
                `ladder serve` enqueues gradings for `ladder worker`s to grade; it grades nothing itself. Instructors \
                and CI call its JSON API with a bearer token (`ladder serve tokens create`); GitHub calls \
                /api/webhooks/github on every push. docs/openapi.yaml documents the API. Its web pages show the \
                gradebook, each learner's ladder, every attempt's report and the catalog; `ladder serve --store \
                ladder.sqlite` serves them alone, from the embedded default, on loopback.
                """,
            subcommands: [Run.self, Tokens.self],
            defaultSubcommand: Run.self)

        struct Run: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "run", abstract: "Serve until SIGTERM or Ctrl-C (the default subcommand).",
                discussion: """
                    Routes: POST /api/gradings and GET /api/gradings/ID (enqueue a grading, read its state and \
                    report), POST /api/submissions (a learner's `ladder submit` to the course: a git pack of their \
                    commit, with a learner's token; they read back only their own gradings, and GET /api/learner/attempts \
                    lists their attempts for `ladder progress` elsewhere), GET /api/labs/LAB/grades (every learner's \
                    latest grade of a lab), POST \
                    /api/webhooks/github (a push to a repository's default branch enqueues the pushed commit for the \
                    lab the repository pins, the pusher as the learner; signed with the webhook secret, each \
                    delivery once), GET /healthz and GET /metrics (Prometheus). Pages: /gradebook (with CSV and \
                    Canvas exports), /learners/ID, /attempts/ID, /labs; over PostgreSQL they need an API token, \
                    which /login?token=TOKEN keeps in a cookie. Without --queue it serves the pages alone, of --store \
                    or of your own results ($LADDER_STORE, else ~/.local/share/ladder/ladder.sqlite), to anyone on \
                    loopback when the store is SQLite. It listens on loopback unless told \
                    otherwise: put a TLS proxy in front of it before GitHub or anyone else reaches it.
                    """)

            @Option(help: ArgumentHelp("The address and port to listen on.", valueName: "host:port"))
            var listen = "127.0.0.1:8080"

            @Option(
                help: ArgumentHelp(
                    "The queue's database, which holds the results too: postgres://USER@HOST/DATABASE. Without "
                        + "it, only the web pages are served, from --store (default: your own results).",
                    valueName: "url"))
            var queue: String?

            @Option(
                help: ArgumentHelp(
                    "The results' store: with --queue, the queue's database (jobs and grades live together); "
                        + "without, the store whose pages to serve (a SQLite path or a postgres:// URL).",
                    valueName: "path-or-url"))
            var store: String?

            @Option(
                help: ArgumentHelp(
                    "A file holding GitHub's webhook secret (default: $LADDER_WEBHOOK_SECRET); without one, the "
                        + "webhook route is off.", valueName: "path"))
            var webhookSecretFile: String?

            @Option(help: ArgumentHelp("The largest request body read (413 past it).", valueName: "size"))
            var maxBody = "1M"

            @Option(
                help: ArgumentHelp(
                    "The largest submission a learner uploads with `ladder submit` (a git pack of their repository).",
                    valueName: "size"))
            var maxUpload = "8M"

            @Option(help: ArgumentHelp("Submissions one learner may upload in a minute.", valueName: "n"))
            var uploadsPerMinute = 6

            @Option(
                name: .customLong("allow-repositories"),
                help: ArgumentHelp(
                    "A prefix every repository to grade must start with, through the API and webhooks (repeat it for "
                        + "more; default: https://github.com/). Workers clone what a job names with their git token: "
                        + "allow only the hosts that should see it.", valueName: "prefix"))
            var allowRepositories: [String] = []

            @Option(
                help: ArgumentHelp(
                    "The public key of the grades' signing key (from `ladder keys generate`): an attempt's page then "
                        + "says whether its signed grade verifies.", valueName: "file"))
            var publicKey: String?

            @OptionGroup var catalog: CatalogOptions

            /// The verifier of `--public-key`, or nil without one.
            func verifier() throws -> GradeVerifier? {
                guard let publicKey else { return nil }
                do {
                    return try GradeVerifier(contentsOfFile: publicKey)
                } catch {
                    throw ValidationError("--public-key: \(error)")
                }
            }

            func validate() throws {
                guard let queue else {
                    let (host, port) = try Self.address(listen)
                    if case .file = try StoreAddress.resolve(store), !Self.isLoopback(host) {
                        throw ValidationError(
                            "the pages of a SQLite store have no tokens, so they are served on loopback only: "
                                + "--listen 127.0.0.1:\(port)")
                    }
                    return
                }
                if !StoreAddress.isDatabaseURL(queue) {
                    throw ValidationError("--queue must be a postgres:// URL, not \(queue)")
                }
                if let store, store != queue {
                    throw ValidationError(
                        "--store must be the queue's database (\(StoreAddress.redacted(queue))): jobs and their grades "
                            + "live in one database")
                }
                _ = try Self.address(listen)
                for prefix in allowRepositories where prefix.isEmpty {
                    throw ValidationError("--allow-repositories needs a prefix, such as https://github.com/my-class/")
                }
                let body = try SandboxQuantity.parseBytes(maxBody, field: "--max-body")
                if body < 1024 { throw ValidationError("--max-body must be at least 1K") }
                let upload = try SandboxQuantity.parseBytes(maxUpload, field: "--max-upload")
                if upload < 1024 { throw ValidationError("--max-upload must be at least 1K") }
                if uploadsPerMinute < 1 { throw ValidationError("--uploads-per-minute must be at least 1") }
            }

            /// `host:port`, the host possibly a bracketed IPv6 address.
            static func address(_ text: String) throws -> (String, Int) {
                guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                    (0...65535).contains(port)
                else {
                    throw ValidationError("--listen must be HOST:PORT, such as 127.0.0.1:8080, not \(text)")
                }
                var host = String(text[..<colon])
                if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
                if host.isEmpty { throw ValidationError("--listen needs a host: 127.0.0.1:\(port) for loopback") }
                return (host, port)
            }

            func webhookSecret() throws -> String? {
                if let webhookSecretFile {
                    guard let data = FileManager.default.contents(atPath: webhookSecretFile) else {
                        throw ValidationError("--webhook-secret-file: cannot read \(webhookSecretFile)")
                    }
                    let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    if secret.isEmpty { throw ValidationError("--webhook-secret-file: \(webhookSecretFile) is empty") }
                    return secret
                }
                let secret = ProcessInfo.processInfo.environment["LADDER_WEBHOOK_SECRET"]
                return secret?.isEmpty == false ? secret : nil
            }

            func run() async throws {
                let (host, port) = try Self.address(listen)
                let environment = try catalog.environment()
                guard let queue else { return try await servePages(environment, host: host, port: port) }
                let secret = try webhookSecret()
                let jobs = try await PostgresJobQueue.open(url: queue)
                let lookup: GradingServer.LabLookup = { id in
                    guard let lab = environment.catalog.lab(id: id),
                        let (_, digest) = try? environment.graderSpec(for: lab)
                    else { return nil }
                    return (lab.version.description, digest)
                }
                let server = GradingServer(
                    configuration: .init(
                        host: host, port: port, webhookSecret: secret,
                        maxBodyBytes: try SandboxQuantity.parseBytes(maxBody, field: "--max-body"),
                        allowedRepositories: allowRepositories.isEmpty ? ["https://github.com/"] : allowRepositories,
                        maxUploadBytes: try SandboxQuantity.parseBytes(maxUpload, field: "--max-upload"),
                        uploadsPerMinute: uploadsPerMinute),
                    queue: jobs, lookup: lookup, describe: { environment.report(of: $0, learner: $1) },
                    web: WebRoutes(
                        pages: try await WebPages(
                            environment: environment, store: jobs.store, verifier: try verifier()),
                        access: Self.tokenAccess(jobs.store), events: Self.show),
                    events: Self.show)
                try await server.run { port in
                    print(
                        "Serving http://\(Self.shown(host)):\(port) over \(jobs.store.url): the API and pages for "
                            + "tokens of `ladder serve tokens`, "
                            + (secret == nil ? "webhooks off (no secret)" : "GitHub webhooks at /api/webhooks/github")
                            + ", /healthz and /metrics; SIGTERM or Ctrl-C stops it")
                    Self.warnBeyondLoopback(host)
                }
                print("Stopped serving; every enqueued grading is in the queue.")
            }

            /// The pages alone, from `--store`: open to loopback on SQLite (one person's records on their machine),
            /// behind tokens on PostgreSQL.
            func servePages(_ environment: LadderEnvironment, host: String, port: Int) async throws {
                let results = try await LadderEnvironment.openStoreForReading(store)
                let shownStore = try StoreAddress.resolve(store).description
                let access: WebRoutes.Access
                if let shared = results as? PostgresResultStore {
                    access = Self.tokenAccess(shared)
                } else {
                    access = .local
                }
                let web = WebRoutes(
                    pages: try await WebPages(environment: environment, store: results, verifier: try verifier()),
                    access: access,
                    events: Self.show)
                try await web.run(host: host, port: port) { port in
                    print(
                        "Serving the pages of \(shownStore) at http://\(Self.shown(host)):\(port)/ "
                            + (access.isLocal ? "to anyone on this machine" : "for tokens of `ladder serve tokens`")
                            + "; SIGTERM or Ctrl-C stops it")
                    Self.warnBeyondLoopback(host)
                }
                print("Stopped serving.")
            }

            static func tokenAccess(_ store: PostgresResultStore) -> WebRoutes.Access {
                .tokens { secret in
                    try await store.authenticate(secret: secret).map { token in
                        token.learnerEmail.map(WebRoutes.Viewer.learner) ?? .instructor
                    }
                }
            }

            static func isLoopback(_ host: String) -> Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }

            static func shown(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

            static func warnBeyondLoopback(_ host: String) {
                if !isLoopback(host) {
                    Terminal.note("listening beyond loopback on \(host): serve it behind a TLS proxy")
                }
                fflush(nil)
            }

            @Sendable static func show(_ event: GradingServer.Event) {
                defer { fflush(nil) }
                switch event {
                case .enqueued(let id, let repository, let lab, let student, let via):
                    print("job \(id): enqueued by \(via): \(lab ?? "the pinned lab") for \(student) (\(repository))")
                case .duplicateDelivery(let id, let delivery):
                    print("job \(id): webhook delivery \(delivery) seen before; nothing enqueued")
                case .refused(let status, let path, let reason):
                    print("\(status) \(path): \(reason)")
                case .databaseFailed(let path, let reason):
                    Terminal.note("503 \(path): the database failed: \(reason)")
                }
            }
        }

        struct Tokens: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "tokens", abstract: "Create, list and revoke the API's bearer tokens.",
                subcommands: [Create.self, List.self, Revoke.self])

            struct Create: AsyncParsableCommand {
                static let configuration = CommandConfiguration(
                    commandName: "create", abstract: "Create a token and print it, once: only its SHA-256 is kept.")
                @Argument(
                    help: ArgumentHelp("Who or what holds it, such as ci or an instructor's name.", valueName: "name"))
                var name: String
                @Option(help: ArgumentHelp("The queue's database.", valueName: "url")) var queue: String
                @Option(
                    help: ArgumentHelp(
                        "A learner's token: it opens only the pages of the learner with this email (their ladder "
                            + "and their attempts), never the API or the gradebook. Hand them /login?token=TOKEN.",
                        valueName: "email"))
                var learner: String?

                func run() async throws {
                    let store = try await PostgresResultStore.open(url: queue)
                    let secret = try await store.createToken(name: name, learner: learner)
                    await store.close()
                    print(secret)
                    Terminal.note(
                        learner == nil
                            ? "token \(name) created; it is shown only now. Send it as `Authorization: Bearer TOKEN`."
                            : "learner token \(name) created; it is shown only now. Give the learner the link "
                                + "http://HOST/login?token=TOKEN, which opens their own pages.")
                }
            }

            struct List: AsyncParsableCommand {
                static let configuration = CommandConfiguration(
                    commandName: "list", abstract: "List the tokens in use (names, never secrets).")
                @Option(help: ArgumentHelp("The queue's database.", valueName: "url")) var queue: String

                func run() async throws {
                    let store = try await PostgresResultStore.open(url: queue)
                    let tokens = try await store.tokens()
                    await store.close()
                    if tokens.isEmpty { Terminal.note("no tokens; create one with `ladder serve tokens create NAME`") }
                    let format = Date.ISO8601FormatStyle()
                    for token in tokens {
                        print(
                            "\(token.name)\tcreated \(token.createdAt.formatted(format))\t"
                                + (token.lastUsedAt.map { "last used \($0.formatted(format))" } ?? "never used"))
                    }
                }
            }

            struct Revoke: AsyncParsableCommand {
                static let configuration = CommandConfiguration(
                    commandName: "revoke", abstract: "Revoke a token at once.")
                @Argument(help: ArgumentHelp("The token's name.", valueName: "name")) var name: String
                @Option(help: ArgumentHelp("The queue's database.", valueName: "url")) var queue: String

                func run() async throws {
                    let store = try await PostgresResultStore.open(url: queue)
                    let revoked = try await store.revokeToken(name: name)
                    await store.close()
                    guard revoked else {
                        throw commandFailure("serve tokens revoke", "no token in use is named \(name)")
                    }
                    print("revoked \(name)")
                }
            }
        }
    }
}
