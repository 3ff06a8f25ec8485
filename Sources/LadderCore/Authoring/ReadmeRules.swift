import Foundation
import LadderGrading
import LadderModel
import LadderTOML

/// The rules a lab's README states, as the author marks them for `lab validate`: `<!-- rule: ID -->` after the
/// sentence that states the rule (invisible in the rendered page), each ID once, in kebab case. A hidden test names
/// the rules it checks with `covers = ["ID", ...]`; a marked rule no test covers is a gap in the grader.
struct ReadmeRules {
    struct Rule: Equatable {
        let id: String
        let line: Int
    }

    let rules: [Rule]

    nonisolated(unsafe) static let marker = #/<!--\s*rule:\s*(.*?)\s*-->/#
    nonisolated(unsafe) static let ruleID = #/[a-z0-9]+(-[a-z0-9]+)*/#

    /// The rules marked in `text` (the README at `file`); a malformed or repeated id is an error naming its line.
    init(_ text: String, file: String) throws(ManifestError) {
        var rules: [Rule] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for match in line.matches(of: Self.marker) {
                let id = String(match.output.1)
                guard (try? Self.ruleID.wholeMatch(in: id)) != nil else {
                    throw ManifestError(
                        file: file, line: index + 1, field: "rule",
                        message:
                            "rule id '\(id)' must be kebab case (lowercase letters, digits and dashes), like 'ids-never-reused'"
                    )
                }
                if let first = rules.first(where: { $0.id == id }) {
                    throw ManifestError(
                        file: file, line: index + 1, field: "rule",
                        message: "rule '\(id)' is marked twice (first on line \(first.line)); give each rule its own id"
                    )
                }
                rules.append(Rule(id: id, line: index + 1))
            }
        }
        self.rules = rules
    }

    /// How `spec`'s `covers` lists match these rules.
    func coverage(of spec: GraderSpec) -> Coverage {
        let marked = Set(rules.map(\.id))
        var covered: Set<String> = []
        var unknown: [String] = []
        var bare: [String] = []
        for stage in spec.stages {
            for test in stage.tests {
                let name = "\(stage.id)/\(test.id)"
                if test.covers.isEmpty { bare.append(name) }
                for rule in test.covers {
                    if marked.contains(rule) {
                        covered.insert(rule)
                    } else {
                        unknown.append("\(name): '\(rule)'")
                    }
                }
            }
        }
        return Coverage(
            uncovered: rules.filter { !covered.contains($0.id) }, unknownCovers: unknown, testsWithoutCovers: bare)
    }

    struct Coverage: Equatable {
        /// Marked rules no hidden test names.
        let uncovered: [Rule]
        /// `stage/test: 'entry'` for covers entries that name no marked rule.
        let unknownCovers: [String]
        /// Hidden tests without a `covers` list.
        let testsWithoutCovers: [String]
    }
}
