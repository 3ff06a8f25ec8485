/// Which languages' references a `--reference-sample` grades, over the labs validated together.
///
/// Each lab's first language is always graded: it is the language `--determinism first` grades more than once, and
/// the one its strength is measured on (when the record names another, that one is graded too, since
/// `--strength-sample` grades mutants of its reference against its grade). Up to `count - 1` more are
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
        /// mutants of: the first language in every lab of the catalog, but a lab may order its languages otherwise.
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

    /// A lab as the plan sees it: its languages in lab.toml's order, and the one its strength record was measured on
    /// when `--strength-sample` grades mutants of that reference.
    struct LabLanguages {
        let id: String
        let languages: [String]
        var strengthLanguage: String? = nil
    }

    /// The languages each lab grades (by lab id, each list in its lab's language order); a lab that offers no language
    /// is left out. Labs given twice count once.
    func plan(_ labs: [LabLanguages]) -> [String: [Planned]] {
        var chosen: [String: [String: Reason]] = [:]
        var order: [String] = []
        var offered: [String: [String]] = [:]
        for lab in labs where chosen[lab.id] == nil {
            guard let first = lab.languages.first else { continue }
            var reasons = [first: Reason.first]
            if let recorded = lab.strengthLanguage, recorded != first, lab.languages.contains(recorded) {
                reasons[recorded] = .strength
            }
            let rest = lab.languages.filter { reasons[$0] == nil }
            for language in SeededSample.pick(rest, count: count - 1, seed: seed, id: { "\(lab.id)/\($0)" }) {
                reasons[language] = .picked
            }
            chosen[lab.id] = reasons
            for language in lab.languages {
                if offered[language] == nil { order.append(language) }
                offered[language, default: []].append(lab.id)
            }
        }
        for language in order where !chosen.values.contains(where: { $0[language] != nil }) {
            let labs = offered[language] ?? []
            if let lab = SeededSample.pick(labs, count: 1, seed: seed, id: { "\($0)/\(language)" }).first {
                chosen[lab]?[language] = .coverage
            }
        }
        var plan: [String: [Planned]] = [:]
        for lab in labs where plan[lab.id] == nil {
            guard let reasons = chosen[lab.id] else { continue }
            plan[lab.id] = lab.languages.compactMap { language in
                reasons[language].map { Planned(language: language, reason: $0) }
            }
        }
        return plan
    }
}
