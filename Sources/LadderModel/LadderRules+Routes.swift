/// The labs that would take a learner to one rung, on top of what they have passed.
public struct RungRoute: Sendable, Equatable, Codable {
    public var rung: Rung
    /// Labs still to pass, lower rungs' needs first: passing all of them reaches `rung`. Empty once reached.
    public var labs: [String]
    /// Whether the catalog's labs can get the learner there at all.
    public var reachable: Bool
    /// Why `rung` cannot be reached with the catalog's labs; nil when it can.
    public var shortfall: String?

    public init(rung: Rung, labs: [String], reachable: Bool, shortfall: String?) {
        self.rung = rung
        self.labs = labs
        self.reachable = reachable
        self.shortfall = shortfall
    }
}

extension LadderRules {
    /// For every rung not reached with `passed`, labs from `available` that would reach it.
    ///
    /// Rungs are planned lowest first, and a rung's route includes what the rungs below it still need, since every
    /// rung below must be reached. Within a rung, the lab that adds the most missing areas is taken first (ties go to
    /// the lowest rung that counts, then to the id), so a route is short, though not always the shortest. A rung is
    /// unreachable only when even every remaining lab at that rung or above would not meet its numbers.
    public func routes(passed: [PassedLab], available: [PassedLab]) -> [RungRoute] {
        var planned = Dictionary(passed.map { ($0.labID, $0) }, uniquingKeysWith: { first, _ in first })
        var route: [String] = []
        var blocked: String?
        var result: [RungRoute] = []
        for rule in rules {
            while blocked == nil {
                let counted = planned.values.filter { $0.rung >= rule.rung }
                let areas = Set(counted.flatMap(\.areas))
                let areasMissing = areas.count < rule.areasRequired
                if counted.count >= rule.labsRequired, !areasMissing { break }
                // While areas are missing, only a lab that adds one helps; it counts as a lab as well.
                let useful = available.filter { lab in
                    planned[lab.labID] == nil && lab.rung >= rule.rung
                        && (!areasMissing || !lab.areas.isSubset(of: areas))
                }
                guard
                    let best = useful.min(by: { lhs, rhs in
                        let (left, right) = (lhs.areas.subtracting(areas).count, rhs.areas.subtracting(areas).count)
                        if areasMissing, left != right { return left > right }
                        return (lhs.rung, lhs.labID) < (rhs.rung, rhs.labID)
                    })
                else {
                    blocked = Self.shortfall(rule, labs: Array(planned.values) + available)
                    break
                }
                planned[best.labID] = best
                route.append(best.labID)
            }
            if let reason = blocked {
                result.append(RungRoute(rung: rule.rung, labs: [], reachable: false, shortfall: reason))
                if !reason.hasPrefix("first reach") {
                    blocked = "first reach \(rule.title), which the catalog cannot get anyone to"
                }
            } else if !route.isEmpty {
                result.append(RungRoute(rung: rule.rung, labs: route, reachable: true, shortfall: nil))
            }
        }
        return result
    }

    private static func shortfall(_ rule: Rule, labs: [PassedLab]) -> String {
        let counting = Dictionary(
            labs.filter { $0.rung >= rule.rung }.map { ($0.labID, $0) }, uniquingKeysWith: { first, _ in first })
        let areas = Set(counting.values.flatMap(\.areas)).count
        return "it needs \(rule.labsRequired) labs covering \(rule.areasRequired) areas at that rung or above, "
            + "and the catalog has \(counting.count) covering \(areas)"
    }
}
