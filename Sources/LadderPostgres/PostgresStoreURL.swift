import Foundation
import LadderStore
import PostgresNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A PostgreSQL database named the way libpq names one:
/// `postgres://[USER[:PASSWORD]@][HOST][:PORT][/DATABASE][?host=SOCKET-DIRECTORY&sslmode=MODE]`.
///
/// Without a host (or with `?host=/directory`) the connection goes through the Unix socket in that directory
/// (Debian's `/var/run/postgresql` by default), as `psql` does. The user defaults to this account's name, the database
/// to the user, the password to `$PGPASSWORD`. `sslmode` is libpq's: `disable`, `prefer` (the default over TCP: TLS
/// when the server offers it), `require` (TLS, certificate unchecked), `verify-full` (TLS with the certificate checked
/// against the host name).
public struct PostgresStoreURL: Hashable, Sendable, CustomStringConvertible {
    /// Where the server listens.
    public enum Endpoint: Hashable, Sendable {
        case tcp(host: String, port: Int)
        /// The socket file, `DIRECTORY/.s.PGSQL.PORT`.
        case socket(path: String)
    }

    /// How the connection is encrypted, libpq's `sslmode`.
    public enum TLSMode: String, Hashable, Sendable, CaseIterable {
        case disable
        case prefer
        case require
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The URL as given.
    public var text: String

    /// The URL without its password.
    public var description: String { StoreAddress.redacted(text) }

    /// Reads `text`; `environment` supplies `$PGPASSWORD` when the URL has no password.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.text = text
        func invalid(_ field: String, _ reason: String) -> StoreError {
            .invalidInput(
                operation: "reading the store URL \(StoreAddress.redacted(text))", field: field, reason: reason)
        }
        guard StoreAddress.isDatabaseURL(text), let components = URLComponents(string: text) else {
            throw invalid(
                "the URL",
                "is not of the form postgres://USER:PASSWORD@HOST:PORT/DATABASE (percent-encode @, : and / "
                    + "inside the user or password)")
        }
        var socketDirectory: String?
        var tls: TLSMode?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "host":
                guard let value = item.value, value.hasPrefix("/") else {
                    throw invalid("host=", "must be the absolute path of the directory holding the server's socket")
                }
                socketDirectory = value
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw invalid(
                        "sslmode=", "must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tls = mode
            default:
                throw invalid("\(item.name)=", "is not a parameter Ladder knows; it knows host and sslmode")
            }
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw invalid("port", "must be between 1 and 65535") }
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 }
        if let host, socketDirectory == nil {
            endpoint = .tcp(host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, port: port)
            self.tls = tls ?? .prefer
        } else {
            endpoint = .socket(path: (socketDirectory ?? "/var/run/postgresql") + "/.s.PGSQL.\(port)")
            guard tls == nil || tls == .disable else {
                throw invalid("sslmode=", "cannot ask for TLS over a Unix socket; leave it out")
            }
            self.tls = .disable
        }
        guard let user = components.user.flatMap({ $0.isEmpty ? nil : $0 }) ?? Self.accountName() else {
            throw invalid("user", "is missing, and this account has no name to use instead")
        }
        self.user = user
        password = components.password ?? environment["PGPASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw invalid("database", "must be one name, without /") }
        database = path.isEmpty ? user : path
    }

    /// The configuration of the connection pool.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS =
                switch self.tls {
                case .disable: .disable
                case .prefer: .prefer(Self.unverified)
                case .require: .require(Self.unverified)
                case .verifyFull: .require(.makeClientConfiguration())
                }
            configuration = .init(
                host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.additionalStartupParameters = [("application_name", "ladder")]
        return configuration
    }

    /// The configuration of one connection outside the pool, which opening the store uses to report exactly why a
    /// connection fails (the pool only says that it could not make one).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS =
                switch self.tls {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: Self.unverified))
                case .require: .require(try NIOSSLContext(configuration: Self.unverified))
                case .verifyFull: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            configuration = .init(
                host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.additionalStartupParameters = [("application_name", "ladder")]
        return configuration
    }

    /// Where the server is, as a person would look for it.
    var serverDescription: String {
        switch endpoint {
        case .tcp(let host, let port): "\(host):\(port)"
        case .socket(let path): "the Unix socket \(path)"
        }
    }

    /// libpq's `prefer` and `require`: encrypted, but the certificate is not checked.
    private static var unverified: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    private static func accountName() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        let text = String(cString: name)
        return text.isEmpty ? nil : text
    }
}
