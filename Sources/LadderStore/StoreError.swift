import LadderModel

/// Why the results store could not do what was asked, with what to do about it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store's directory or file cannot be created or written.
    case notWritable(path: String, reason: String)
    /// The store exists but cannot be read as it is, for the reason given.
    case unreadable(path: String, reason: String)
    /// A write to a store opened for reading only.
    case openedForReading(path: String)
    /// The file exists but is not a Ladder results store.
    case notALadderDatabase(path: String, reason: String)
    /// The store was migrated by a newer `ladder` than this one.
    case schemaTooNew(path: String, unknownMigrations: [String])
    case learnerNotFound(LearnerID)
    case attemptNotFound(AttemptID)
    /// Finished attempts are immutable.
    case attemptFinished(AttemptID, status: AttemptStatus)
    /// A value handed to the store breaks one of its rules.
    case invalidInput(operation: String, field: String, reason: String)
    /// SQLite (or, later, another database) failed.
    case database(operation: String, path: String, message: String, hint: String?)

    public var description: String {
        switch self {
        case let .notWritable(path, reason):
            return "cannot write the results store at \(path): \(reason). "
                + "Make the file and its directory writable for this user (or free disk space), or record into another "
                + "file with --store PATH or LADDER_STORE=PATH. Reading it (ladder history, ladder progress) needs no "
                + "write access."
        case let .unreadable(path, reason):
            return "cannot read the results store at \(path): \(reason)."
        case let .openedForReading(path):
            return "the results store at \(path) was opened for reading only; nothing can be recorded through it."
        case let .notALadderDatabase(path, reason):
            return "\(path) is not a Ladder results store: \(reason). "
                + "Move the file away, or choose another file with --store PATH or LADDER_STORE=PATH."
        case let .schemaTooNew(path, unknown):
            return "the results store at \(path) was written by a newer ladder "
                + "(unknown schema migrations: \(unknown.joined(separator: ", "))). "
                + "Upgrade ladder, or choose another file with --store PATH or LADDER_STORE=PATH."
        case let .learnerNotFound(id):
            return "no learner with id \(id) in the results store; record the learner before their attempts."
        case let .attemptNotFound(id):
            return "no attempt with id \(id) in the results store."
        case let .attemptFinished(id, status):
            return "attempt \(id) is already finished (\(status.rawValue)); a finished attempt cannot change. "
                + "Grade again to record a new attempt."
        case let .invalidInput(operation, field, reason):
            return "\(operation): \(field) \(reason)."
        case let .database(operation, path, message, hint):
            let base = "results store \(path): \(operation) failed: \(message)"
            return hint.map { "\(base). \($0)" } ?? base
        }
    }
}
