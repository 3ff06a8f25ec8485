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
        case .notWritable(let path, let reason):
            return "cannot write the results store at \(path): \(reason). "
                + "Make the file and its directory writable for this user (or free disk space), or record into another "
                + "file with --store PATH or LADDER_STORE=PATH. Reading it (ladder history, ladder progress) needs no "
                + "write access."
        case .unreadable(let path, let reason):
            return "cannot read the results store at \(path): \(reason)."
        case .openedForReading(let path):
            return "the results store at \(path) was opened for reading only; nothing can be recorded through it."
        case .notALadderDatabase(let path, let reason):
            return "\(path) is not a Ladder results store: \(reason). "
                + "Move the file away, or choose another file with --store PATH or LADDER_STORE=PATH."
        case .schemaTooNew(let path, let unknown):
            return "the results store at \(path) was written by a newer ladder "
                + "(unknown schema migrations: \(unknown.joined(separator: ", "))). "
                + "Upgrade ladder, or choose another file with --store PATH or LADDER_STORE=PATH."
        case .learnerNotFound(let id):
            return "no learner with id \(id) in the results store; record the learner before their attempts."
        case .attemptNotFound(let id):
            return "no attempt with id \(id) in the results store."
        case .attemptFinished(let id, let status):
            return "attempt \(id) is already finished (\(status.rawValue)); a finished attempt cannot change. "
                + "Grade again to record a new attempt."
        case .invalidInput(let operation, let field, let reason):
            return "\(operation): \(field) \(reason)."
        case .database(let operation, let path, let message, let hint):
            let base = "results store \(path): \(operation) failed: \(message)"
            return hint.map { "\(base). \($0)" } ?? base
        }
    }
}
