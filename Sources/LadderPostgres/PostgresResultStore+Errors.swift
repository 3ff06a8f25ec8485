import LadderStore
import PostgresNIO
import _ConnectionPoolModule

extension PostgresResultStore {
    /// Turns a postgres-nio or server error into a ``StoreError`` that names the database and says what to do.
    ///
    /// postgres-nio describes its errors only generically (so that a server's message is not shown by accident); the
    /// server's message, its SQLSTATE and the cause of a failed connection are read out of the error here.
    static func translate(_ error: any Error, operation: String, url: PostgresStoreURL) -> StoreError {
        let path = url.description
        if let error = error as? StoreError { return error }
        if let error = error as? StoredValue.Unknown { return error.storeError(operation: operation, path: path) }
        if let error = error as? PostgresDecodingError {
            return .database(
                operation: operation, path: path,
                message: "the column \(error.columnName) holds a value of an unexpected type (\(error.code))",
                hint: "The store may have been changed by hand or by a newer ladder.")
        }
        if let error = error as? ConnectionPoolError {
            let message =
                error == .connectionCreationCircuitBreakerTripped
                ? "no connection to PostgreSQL at \(url.serverDescription) could be made for 10 seconds"
                : "the connection pool was closed"
            return .database(
                operation: operation, path: path, message: message,
                hint: "Check that the server runs and accepts connections, then try again.")
        }
        guard let error = error as? PSQLError else {
            return .database(operation: operation, path: path, message: String(describing: error), hint: nil)
        }
        guard let server = error.serverInfo else {
            return connectionFailure(error, operation: operation, url: url)
        }
        let message = server[.message] ?? "PostgreSQL error"
        let state = server[.sqlState] ?? ""
        let detail = server[.detail].map { " (\($0))" } ?? ""
        let text = "\(message)\(detail) [SQLSTATE \(state)]"
        switch state {
        case "28P01", "28000":
            return .database(
                operation: operation, path: path, message: text,
                hint: "Check the user and the password in the URL (or $PGPASSWORD), and the server's pg_hba.conf.")
        case "3D000":
            return .database(
                operation: operation, path: path, message: text,
                hint: "Create the database first (createdb \(url.database)), or name another one in the URL.")
        case "42501":
            return .database(
                operation: operation, path: path, message: text,
                hint:
                    "Grant the user \(url.user) the rights Ladder needs: CREATE on the database the first time (Ladder "
                    + "makes its schema `ladder`), then USAGE on that schema and SELECT, INSERT and UPDATE on its tables."
            )
        case "57P01", "57P02", "57P03", "08000", "08003", "08006":
            return .database(
                operation: operation, path: path, message: text,
                hint: "The server is shutting down, restarting or not ready; try again in a moment.")
        default:
            if state.hasPrefix("23"), message.hasPrefix("ladder: ") {
                return .database(
                    operation: operation, path: path, message: message,
                    hint: "Finished attempts are immutable; grade again to record a new attempt.")
            }
            return .database(operation: operation, path: path, message: text, hint: server[.hint])
        }
    }

    /// A failure with no word from the server: it could not be reached, or the connection broke.
    private static func connectionFailure(_ error: PSQLError, operation: String, url: PostgresStoreURL) -> StoreError {
        let cause = error.underlying.map { String(describing: $0) }
        switch error.code {
        case .connectionError:
            return .database(
                operation: operation, path: url.description,
                message: "cannot connect to PostgreSQL at \(url.serverDescription)" + (cause.map { ": \($0)" } ?? ""),
                hint: "Check that the server runs and listens there, and the host, port or socket directory of the URL."
            )
        case .sslUnsupported:
            return .database(
                operation: operation, path: url.description, message: "the server does not offer TLS",
                hint: "Enable TLS on the server, or leave sslmode out of the URL (or set sslmode=prefer).")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return .database(
                operation: operation, path: url.description,
                message: "the connection to PostgreSQL at \(url.serverDescription) was closed",
                hint: "The server may have restarted; try again.")
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return .database(
                operation: operation, path: url.description,
                message: "PostgreSQL asked for an authentication Ladder cannot give (\(error.code))",
                hint: "Give a password in the URL or $PGPASSWORD, or allow this user by trust or scram-sha-256.")
        default:
            return .database(
                operation: operation, path: url.description,
                message: "PostgreSQL client error \(error.code)" + (cause.map { ": \($0)" } ?? ""), hint: nil)
        }
    }
}
