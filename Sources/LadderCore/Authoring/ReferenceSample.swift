import LadderModel

/// Which languages' references a `--reference-sample` grades, over the labs validated together.
///
/// Each lab's first language is always graded: it is the language `--determinism first` grades more than once and the
/// one the lab's strength is measured on, so `--strength-sample` needs its reference. Up to `count - 1` more are
/// picked by the seed, per lab, so that each day grades other pairs of lab and language. Then every language some lab
/// offers is graded in at least one lab, a lab that offers it picked by the seed: a change to Ladder or a toolchain
/// that breaks one language shows the same day, in whichever lab grades it.
struct ReferenceSample {
    /// Why a language's reference is graded.
    enum Reason: Equatable, Sendable {
        /// The lab's first language: always.
        case first
        /// One of the `count - 1` the seed picked for this lab.
        case picked
        /// No lab graded this language otherwise, and the seed picked this lab to.
        case coverage
        /// The lab's strength record was measured on this language's reference, which `--strength-sample` grades
        /// mutants of (added by the validation, not the plan).
        case strength
    }

    struct Planned: Equatable, Sendable {
        let language: String
        let reason: Reason
    }

    let count: Int
    let seed: String

    init(_ sample: StrengthSample) {
        count = max(1, sample.count)
        seed = sample.seed
    }

    /// The languages each lab grades (by lab id, each list in its lab's language order); a lab that offers no language
    /// is left out. Labs given twice count once.
    func plan(_ labs: [(id: String, languages: [String])]) -> [String: [Planned]] {
        var chosen: [String: [String: Reason]] = [:]
        var order: [String] = []
        var offered: [String: [String]] = [:]
        for (id, languages) in labs where chosen[id] == nil {
            guard let first = languages.first else { continue }
            var reasons = [first: Reason.first]
            let others = SeededSample.pick(Array(languages.dropFirst()), count: count - 1, seed: seed) { "\(id)/\($0)" }
            for language in others { reasons[language] = .picked }
            chosen[id] = reasons
            for language in languages {
                if offered[language] == nil { order.append(language) }
                offered[language, default: []].append(id)
            }
        }
        for language in order where !chosen.values.contains(where: { $0[language] != nil }) {
            let labs = offered[language] ?? []
            if let lab = SeededSample.pick(labs, count: 1, seed: seed, id: { "\($0)/\(language)" }).first {
                chosen[lab]?[language] = .coverage
            }
        }
        var plan: [String: [Planned]] = [:]
        for (id, languages) in labs where plan[id] == nil {
            guard let reasons = chosen[id] else { continue }
            plan[id] = languages.compactMap { language in
                reasons[language].map { Planned(language: language, reason: $0) }
            }
        }
        return plan
    }

    /// The plan for one lab validated alone: every language, since each must be graded in some lab of the run.
    func plan(_ lab: Lab) -> [Planned] {
        plan([(lab.id, lab.languages.map(\.id))])[lab.id] ?? []
    }
}
