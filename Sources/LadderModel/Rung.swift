/// A rung of the career ladder, lowest first.
public enum Rung: String, Codable, Sendable, CaseIterable, Comparable {
    case junior
    case backend
    case senior
    case architect

    /// The title a person holds at this rung.
    public var title: String {
        switch self {
        case .junior: "Junior Backend Developer"
        case .backend: "Backend Developer"
        case .senior: "Senior Backend Developer"
        case .architect: "Backend Architect"
        }
    }

    public var order: Int { Rung.allCases.firstIndex(of: self)! }

    public static func < (lhs: Rung, rhs: Rung) -> Bool { lhs.order < rhs.order }
}
