/// Something `ladder catalog check` found about a catalog as a whole.
public struct CatalogFinding: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable {
        /// A learner cannot get somewhere: a rung nobody can reach, an area with no lab.
        case error
        /// The catalog works but is thin: an area taught at one rung only, a rung with a single way up.
        case warning
    }

    public var severity: Severity
    public var message: String

    public init(_ severity: Severity, _ message: String) {
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(severity.rawValue): \(message)" }
}

extension Catalog {
    /// Labs beyond a rung's `labs-required` that the catalog should offer at that rung, so a learner can reach
    /// it in more than one way.
    public static let spareLabsPerRung = 2
    /// Rungs an area should have labs at, so it is taught at more than one level.
    public static let rungsPerArea = 2

    /// For every rung `passedLabIDs` do not reach, the catalog's labs that would reach it.
    public func routes(passedLabIDs: some Sequence<String>) -> [RungRoute] {
        let passedIDs = Set(passedLabIDs)
        let passed = labs.filter { passedIDs.contains($0.id) }.map(PassedLab.init)
        let available = labs.filter { !passedIDs.contains($0.id) }.map(PassedLab.init)
        return ladder.routes(passed: passed, available: available)
    }

    /// Whether a learner starting from nothing can climb to the top, and whether every area of the map is taught.
    ///
    /// Errors make the catalog unusable as a ladder; warnings name where it is thin.
    public func check() -> [CatalogFinding] {
        var findings: [CatalogFinding] = []
        for area in competencies.areas {
            let rungs = Set(labs.filter { $0.areas.contains(area.key) }.map(\.rung)).sorted()
            if rungs.isEmpty {
                findings.append(CatalogFinding(.error, "area '\(area.key)' (\(area.title)) has no lab"))
            } else if rungs.count < Self.rungsPerArea {
                let names = rungs.map(\.title).joined(separator: ", ")
                findings.append(
                    CatalogFinding(
                        .warning,
                        "area '\(area.key)' (\(area.title)) has labs only at \(names); add one at another rung"))
            }
        }
        for route in routes(passedLabIDs: []) where !route.reachable {
            findings.append(
                CatalogFinding(.error, "nobody can reach \(route.rung.title): \(route.shortfall ?? "too few labs")"))
        }
        for rule in ladder.rules {
            let count = labs.filter { $0.rung == rule.rung }.count
            let wanted = rule.labsRequired + Self.spareLabsPerRung
            if count < wanted {
                findings.append(
                    CatalogFinding(
                        .warning,
                        "\(rule.rung.title) has \(count) lab\(count == 1 ? "" : "s") at its rung; \(rule.labsRequired) are needed to reach it, "
                            + "so offer at least \(wanted) for more than one way up"))
            }
        }
        return findings
    }
}
