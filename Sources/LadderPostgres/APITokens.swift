import Foundation
import LadderStore
import PostgresNIO

/// A bearer token of `ladder serve`'s API, as the database keeps it: a name and the SHA-256 digest of the secret,
/// never the secret itself.
public struct APIToken: Sendable, Hashable {
    public var name: String
    /// The learner a learner's token belongs to (their email): it opens that learner's own pages and nothing else.
    /// Nil for an instructor's or CI's token, which opens everything.
    public var learnerEmail: String?
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(name: String, learnerEmail: String? = nil, createdAt: Date, lastUsedAt: Date?) {
        self.name = name
        self.learnerEmail = learnerEmail
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// The tokens instructors and CI present to `ladder serve` (`Authorization: Bearer …`).
///
/// A secret is 32 random bytes from the system's generator, shown once when created, as `ladder_` and 43 base64url
/// characters; the database keeps its SHA-256 (`sha256()` of PostgreSQL), so a copy of the database gives no token.
extension PostgresResultStore {
    public static let tokenPrefix = "ladder_"

    /// Creates a token named `name` and returns its secret, which nothing can show again; with `learner` (an email),
    /// a learner's token, which opens only that learner's own pages.
    public func createToken(name: String, learner: String? = nil) async throws -> String {
        let learnerEmail = try learner.map { try Validation.email($0, operation: "creating a learner's token") }
        guard !name.isEmpty, name.count <= 100, !name.contains(where: \.isNewline) else {
            throw StoreError.invalidInput(
                operation: "creating an API token", field: "name", reason: "must be 1 to 100 characters on one line")
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secret =
            Self.tokenPrefix
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        try await withConnection("creating API token \(name)") { connection in
            let taken = try await Self.rows(
                connection, "SELECT 1 FROM ladder.api_token WHERE name = \(name) AND revoked_at IS NULL")
            if !taken.isEmpty {
                throw StoreError.invalidInput(
                    operation: "creating an API token", field: "name",
                    reason: "\(name) is taken by a token in use; revoke it first or pick another name")
            }
            try await connection.query(
                """
                INSERT INTO ladder.api_token (name, digest, learner_email, created_at)
                VALUES (\(name), sha256(convert_to(\(secret), 'UTF8')), \(learnerEmail), clock_timestamp())
                """, logger: Self.logger)
        }
        return secret
    }

    /// The tokens in use, by name.
    public func tokens() async throws -> [APIToken] {
        try await withConnection("listing API tokens") { connection in
            try await Self.rows(
                connection,
                """
                SELECT name, learner_email, ladder.ms(created_at) AS created_at,
                    ladder.ms(last_used_at) AS last_used_at
                FROM ladder.api_token WHERE revoked_at IS NULL ORDER BY name
                """
            )
            .map(Self.token)
        }
    }

    /// Revokes the token named `name`; false when no token in use has that name.
    public func revokeToken(name: String) async throws -> Bool {
        try await withConnection("revoking API token \(name)") { connection in
            try await !Self.rows(
                connection,
                """
                UPDATE ladder.api_token SET revoked_at = clock_timestamp()
                WHERE name = \(name) AND revoked_at IS NULL RETURNING id
                """
            ).isEmpty
        }
    }

    /// The token whose secret is `secret`, if it is in use (and notes its use); nil for any other string.
    public func authenticate(secret: String) async throws -> APIToken? {
        guard secret.hasPrefix(Self.tokenPrefix), secret.utf8.count < 200 else { return nil }
        return try await withConnection("checking an API token") { connection in
            guard
                let token = try await Self.rows(
                    connection,
                    """
                    SELECT id, name, learner_email, ladder.ms(created_at) AS created_at,
                        ladder.ms(last_used_at) AS last_used_at,
                        last_used_at IS NULL OR last_used_at < clock_timestamp() - interval '1 minute' AS stale
                    FROM ladder.api_token
                    WHERE digest = sha256(convert_to(\(secret), 'UTF8')) AND revoked_at IS NULL
                    """
                ).first
            else { return nil }
            // Noted at most once a minute: every request of one token writing its row would queue them on its lock.
            if try Columns(token)("stale", as: Bool.self) {
                let id: Int64 = try Columns(token)("id")
                try await connection.query(
                    "UPDATE ladder.api_token SET last_used_at = clock_timestamp() WHERE id = \(id)", logger: Self.logger
                )
            }
            return try Self.token(token)
        }
    }

    private static func token(_ row: PostgresRow) throws -> APIToken {
        let columns = Columns(row)
        let lastUsed: Int64? = try columns("last_used_at")
        return APIToken(
            name: try columns("name"), learnerEmail: try columns("learner_email"),
            createdAt: Validation.date(milliseconds: try columns("created_at")),
            lastUsedAt: lastUsed.map(Validation.date(milliseconds:)))
    }
}
