import Foundation
import HTTPTypes
import Hummingbird
import LadderStore
import LadderWeb
import Logging
import NIOCore

/// The web view's routes: the gradebook, a learner's ladder, an attempt's report and the catalog, as HTML pages.
///
/// Who may see them is ``Access``: on the embedded default (SQLite, one person's machine) every page is open on
/// loopback; over a shared PostgreSQL store a page needs a token, sent as `Authorization: Bearer` or kept in a cookie
/// after `/login?token=TOKEN`: an instructor's opens every page, a learner's only that learner's ladder and attempts
/// (and the catalog). Every page is sent with a Content-Security-Policy that allows no script at all, so even text
/// that escaped the templates could not run.
public struct WebRoutes: Sendable {
    /// Who is looking.
    public enum Viewer: Sendable, Equatable {
        /// An instructor, CI, or the owner of a local store: every page.
        case instructor
        /// The learner with this email: their own pages.
        case learner(String)
    }

    public enum Access: Sendable {
        /// Every page to whoever reaches the server, which then listens on loopback only.
        case local
        /// Pages to the holders of a token `authenticate` knows, as the viewer it names.
        case tokens(authenticate: @Sendable (String) async throws -> Viewer?)

        public var isLocal: Bool {
            if case .local = self { return true }
            return false
        }
    }

    /// Every page route, for `--help` and the tests.
    public static let routes = [
        "/", "/login", "/gradebook", "/gradebook.csv", "/gradebook.canvas.csv", "/learners/{id}", "/attempts/{id}",
        "/labs", "/labs/{lab}",
    ]

    public let pages: WebPages
    public let access: Access
    public let events: @Sendable (GradingServer.Event) -> Void

    public init(pages: WebPages, access: Access, events: @escaping @Sendable (GradingServer.Event) -> Void) {
        self.pages = pages
        self.access = access
        self.events = events
    }

    static let cookie = "ladder_token"

    /// Serves the pages alone (no queue: the embedded default), with `/healthz`, until SIGTERM or SIGINT.
    public func run(host: String, port: Int, onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.get("/healthz") { _, _ in GradingServer.text(.ok, "ok\n") }
        add(to: router)
        try await GradingServer.serve(router, host: host, port: port, onListening: onListening)
    }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            try await self.page(request) { viewer in try await self.home(of: viewer) }
        }
        router.get("/login") { request, _ in try await self.login(request) }
        router.get("/gradebook") { request, _ in
            try await self.page(request, instructorOnly: true) { _ in
                let order = request.uri.queryParameters["sort"].flatMap {
                    WebPages.GradebookOrder(rawValue: String($0))
                }
                return Self.html(
                    try await self.pages.gradebook(labID: Self.lab(request), order: order ?? .student))
            }
        }
        router.get("/gradebook.csv") { request, _ in
            try await self.page(request, instructorOnly: true) { _ in
                guard let lab = Self.lab(request) else {
                    throw PageError(.badRequest, "gradebook.csv is the gradebook of one lab: add ?lab=LAB")
                }
                return Self.download(try await self.pages.gradebookCSV(labID: lab), name: "gradebook-\(lab).csv")
            }
        }
        router.get("/gradebook.canvas.csv") { request, _ in
            try await self.page(request, instructorOnly: true) { _ in
                Self.download(try await self.pages.canvasCSV(labID: Self.lab(request)), name: "canvas-gradebook.csv")
            }
        }
        router.get("/learners/:id") { request, context in
            try await self.page(request) { viewer in
                guard let id = context.parameters.get("id").flatMap(Int64.init),
                    let learner = try await self.pages.store.learner(id: LearnerID(rawValue: id))
                else { throw PageError(.notFound, "no such learner") }
                try self.allow(viewer, learner)
                return Self.html(try await self.pages.learner(learner))
            }
        }
        router.get("/attempts/:id") { request, context in
            try await self.page(request) { viewer in
                guard let id = context.parameters.get("id").flatMap(Int64.init),
                    let detail = try await self.pages.store.attempt(AttemptID(rawValue: id))
                else { throw PageError(.notFound, "no such attempt") }
                let learner = try await self.pages.store.learner(id: detail.attempt.learner)
                try self.allow(viewer, learner)
                return Self.html(self.pages.attempt(detail, learner: learner))
            }
        }
        router.get("/labs") { request, _ in
            try await self.page(request) { _ in Self.html(self.pages.catalog()) }
        }
        router.get("/labs/:lab") { request, context in
            try await self.page(request) { _ in
                guard let page = self.pages.lab(context.parameters.get("lab") ?? "") else {
                    throw PageError(.notFound, "no such lab in this server's catalog")
                }
                return Self.html(page)
            }
        }
    }

    /// Runs a page for its viewer: 401 without a token the access allows, 403 for a learner on an instructor's
    /// page, the page's own refusals as they are, and a failing store as 503 (its words go to the log, not to the
    /// browser).
    func page(
        _ request: Request, instructorOnly: Bool = false, _ body: (Viewer) async throws -> Response
    ) async throws -> Response {
        do {
            let viewer = try await self.viewer(of: request)
            if instructorOnly, viewer != .instructor {
                throw PageError(.forbidden, "This page is the instructor's; a learner's token opens their own pages.")
            }
            return try await body(viewer)
        } catch let error as PageError {
            throw error
        } catch {
            events(.databaseFailed(path: request.uri.path, reason: "\(error)"))
            throw PageError(.serviceUnavailable, "The results store cannot be read just now; try again shortly.")
        }
    }

    /// Who the request comes from, or 401.
    func viewer(of request: Request) async throws -> Viewer {
        guard case .tokens(let authenticate) = access else { return .instructor }
        guard let token = Self.token(request), let viewer = try await authenticate(token) else {
            throw PageError(
                .unauthorized,
                "This page needs a token: open the link your instructor gave you (/login?token=…), or send "
                    + "`Authorization: Bearer TOKEN`.")
        }
        return viewer
    }

    /// 403 unless `viewer` may see the pages of `learner`: an instructor, or that learner.
    func allow(_ viewer: Viewer, _ learner: LearnerRecord?) throws {
        guard case .learner(let email) = viewer else { return }
        guard learner?.email == email else {
            throw PageError(.forbidden, "A learner's token opens that learner's own pages only.")
        }
    }

    /// Where `/` leads: the gradebook for an instructor, their own ladder for a learner (the catalog before their
    /// first attempt).
    func home(of viewer: Viewer) async throws -> Response {
        guard case .learner(let email) = viewer else { return Self.redirect("/gradebook") }
        guard let learner = try await pages.store.learner(email: email) else { return Self.redirect("/labs") }
        return Self.redirect("/learners/\(learner.id)")
    }

    /// `/login?token=TOKEN`: keeps a valid token in a cookie only this server reads, then shows the viewer's home.
    func login(_ request: Request) async throws -> Response {
        guard case .tokens(let authenticate) = access else { return Self.redirect("/") }
        guard let token = request.uri.queryParameters["token"].map(String.init), !token.isEmpty,
            let viewer = try await authenticate(token)
        else {
            throw PageError(.unauthorized, "That token is not one in use (revoked, mistyped, or another server's).")
        }
        var response = try await home(of: viewer)
        response.headers[.setCookie] = "\(Self.cookie)=\(token); Path=/; HttpOnly; SameSite=Strict"
        return response
    }

    /// The request's token: its bearer header, else the cookie `/login` set.
    static func token(_ request: Request) -> String? {
        if let bearer = GradingServer.bearerToken(request) { return bearer }
        for field in request.headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == cookie { return String(parts[1]) }
            }
        }
        return nil
    }

    static func lab(_ request: Request) -> String? {
        request.uri.queryParameters["lab"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// No script, no frames, no requests to anyone else: the pages need none.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    static func download(_ text: String, name: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}

/// A page refused: its status and a short page that says why and what to do.
struct PageError: HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(status.code) · Ladder</title></head>
            <body><h1>\(status.code) \(Markdown.escape(status.reasonPhrase))</h1><p>\(Markdown.escape(message))</p>
            <p><a href="/">Ladder</a></p></body></html>
            """
        return WebRoutes.html(page, status: status)
    }
}
