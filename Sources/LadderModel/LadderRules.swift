import LadderTOML

/// The career ladder's rules, as `Labs/ladder.toml` states them, and the learner's place on it.
///
/// A rung is reached when the learner has passed at least `labsRequired` labs whose rung is this rung or
/// higher, those labs together cover at least `areasRequired` competency areas, and every rung below is reached.
public struct LadderRules: Sendable, Equatable, Codable {
    /// The file name under `Labs/`.
    public static let fileName = "ladder.toml"

    /// What one rung asks for.
    public struct Rule: Sendable, Equatable, Codable {
        public var rung: Rung
        /// The title as the seed writes it (for the top rung, "Backend Architect/Principal Engineer").
        public var title: String
        /// What a person at this rung does, from the seed.
        public var responsibilities: [String]
        /// Labs to pass at this rung or above.
        public var labsRequired: Int
        /// Distinct competency areas those labs must cover together.
        public var areasRequired: Int

        public init(rung: Rung, title: String, responsibilities: [String], labsRequired: Int, areasRequired: Int) {
            self.rung = rung
            self.title = title
            self.responsibilities = responsibilities
            self.labsRequired = labsRequired
            self.areasRequired = areasRequired
        }

        /// The rung that must be reached first (none for the lowest).
        public var requiredRung: Rung? {
            rung.order == 0 ? nil : Rung.allCases[rung.order - 1]
        }
    }

    /// One rule per rung, lowest first.
    public var rules: [Rule]

    /// Makes rules; there must be exactly one per rung, lowest first (``decode(_:)`` checks this for files).
    public init(rules: [Rule]) {
        precondition(rules.map(\.rung) == Rung.allCases, "one rule per rung, lowest first")
        self.rules = rules
    }

    public func rule(for rung: Rung) -> Rule { rules[rung.order] }

    /// Where a learner stands, given the labs they have passed.
    public func progress(passed: [PassedLab]) -> LadderProgress {
        var statuses: [RungProgress] = []
        var belowReached = true
        for rule in rules {
            let counted = passed.filter { $0.rung >= rule.rung }
            let labIDs = Array(Set(counted.map(\.labID))).sorted()
            let areas = Array(Set(counted.flatMap(\.areas))).sorted()
            let met = labIDs.count >= rule.labsRequired && areas.count >= rule.areasRequired
            let reached = met && belowReached
            statuses.append(
                RungProgress(
                    rung: rule.rung, title: rule.title, labsRequired: rule.labsRequired,
                    areasRequired: rule.areasRequired,
                    labsCounted: labIDs, areasCovered: areas,
                    labsMissing: max(0, rule.labsRequired - labIDs.count),
                    areasMissing: max(0, rule.areasRequired - areas.count),
                    requirementsMet: met, reached: reached))
            belowReached = reached
        }
        return LadderProgress(rungs: statuses)
    }

    /// Decodes the rules, checking that every rung appears once, in order, with sane numbers.
    public static func decode(_ document: TOMLDocument) throws(ManifestError) -> LadderRules {
        var reader = TOMLReader(document)
        var lastField: TOMLField?
        let rules = try reader.tables("rungs", required: true) {
            (rule: inout TOMLReader, index: Int) throws(ManifestError) -> Rule in
            let rung = try rule.require("rung", as: Rung.self)
            guard index < Rung.allCases.count, rung == Rung.allCases[index] else {
                let expected = index < Rung.allCases.count ? "'\(Rung.allCases[index].rawValue)'" : "no more rungs"
                throw rule.error(
                    "expected \(expected) here: list the rungs once each, lowest first (\(Rung.allCases.map(\.rawValue).joined(separator: ", ")))",
                    key: "rung")
            }
            let title = try rule.require("title") { field throws(ManifestError) in try field.nonEmptyString() }
            guard title.hasPrefix(rung.title) else {
                throw rule.error("the title of rung '\(rung.rawValue)' must start with \"\(rung.title)\"", key: "title")
            }
            let responsibilities = try rule.require("responsibilities") { field throws(ManifestError) in
                let items = try [String].decode(field)
                guard !items.isEmpty else { throw field.error("list what a person at this rung does") }
                return items
            }
            let labs = try rule.require("labs-required") { field throws(ManifestError) in try field.integer(in: 1...100)
            }
            let areas = try rule.require("areas-required") { field throws(ManifestError) in
                try field.integer(in: 1...16)
            }
            lastField = rule.field("rung")
            return Rule(
                rung: rung, title: title, responsibilities: responsibilities, labsRequired: labs, areasRequired: areas)
        }
        guard rules.count == Rung.allCases.count else {
            let missing = Rung.allCases.dropFirst(rules.count).map(\.rawValue).joined(separator: ", ")
            throw lastField?.error("rungs missing after this one: \(missing)")
                ?? reader.error(
                    "list the rungs \(Rung.allCases.map(\.rawValue).joined(separator: ", ")) as [[rungs]] sections")
        }
        try reader.finish()
        return LadderRules(rules: rules)
    }

    /// Reads and decodes the rules from `path`; errors name `path`.
    public static func load(path: String) throws(ManifestError) -> LadderRules {
        try decode(TOMLDocument.load(path: path))
    }
}

/// A lab the learner has passed, as far as the ladder cares.
public struct PassedLab: Sendable, Hashable, Codable {
    public var labID: String
    public var rung: Rung
    /// The competency areas the lab covers.
    public var areas: Set<String>

    public init(labID: String, rung: Rung, areas: Set<String>) {
        self.labID = labID
        self.rung = rung
        self.areas = areas
    }

    public init(_ lab: Lab) {
        self.init(labID: lab.id, rung: lab.rung, areas: Set(lab.areas))
    }
}

/// How far a learner is on one rung.
public struct RungProgress: Sendable, Equatable, Codable {
    public var rung: Rung
    public var title: String
    public var labsRequired: Int
    public var areasRequired: Int
    /// Passed labs at this rung or above, sorted.
    public var labsCounted: [String]
    /// Areas those labs cover, sorted.
    public var areasCovered: [String]
    public var labsMissing: Int
    public var areasMissing: Int
    /// This rung's own numbers are met (whether or not the rungs below are).
    public var requirementsMet: Bool
    /// The numbers are met and every rung below is reached.
    public var reached: Bool
}

/// A learner's place on the ladder.
public struct LadderProgress: Sendable, Equatable, Codable {
    /// Every rung, lowest first.
    public var rungs: [RungProgress]

    public init(rungs: [RungProgress]) {
        self.rungs = rungs
    }

    /// The highest rung reached, or nil before the first.
    public var current: Rung? { rungs.last { $0.reached }?.rung }

    /// The lowest rung not yet reached, with what it still needs; nil at the top.
    public var next: RungProgress? { rungs.first { !$0.reached } }
}
