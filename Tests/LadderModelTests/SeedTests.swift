import Foundation
import Testing

@testable import LadderModel

/// What the seed document says, read from its markdown: groups, areas, skills and rungs.
struct Seed {
    struct Area {
        var group: CompetencyMap.Group
        var title: String
        var summary: String?
        var skills: [(title: String, topics: String)]
    }

    var areas: [Area] = []
    var rungs: [(title: String, responsibilities: [String])] = []

    init(markdown: String) {
        let groups = Dictionary(uniqueKeysWithValues: CompetencyMap.Group.allCases.map { ($0.title, $0) })
        var group: CompetencyMap.Group?
        var inCareerPath = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## ") {
                let heading = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                group = groups[heading]
                inCareerPath = heading == "Career Path"
            } else if line.hasPrefix("### ") {
                let title = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
                if let group {
                    areas.append(Area(group: group, title: title, summary: nil, skills: []))
                } else if inCareerPath {
                    rungs.append((title, []))
                }
            } else if group != nil, !areas.isEmpty, line.hasPrefix("**"),
                let summary = Seed.labelled(line, prefix: "**")
            {
                areas[areas.count - 1].summary = summary.text
            } else if group != nil, !areas.isEmpty, line.hasPrefix("- **"),
                let skill = Seed.labelled(line, prefix: "- **")
            {
                areas[areas.count - 1].skills.append((skill.label, skill.text))
            } else if inCareerPath, !rungs.isEmpty, line.hasPrefix("- ") {
                rungs[rungs.count - 1].responsibilities.append(String(line.dropFirst(2)))
            }
        }
    }

    /// Splits "**Label**: text" (after `prefix`) into its parts.
    static func labelled(_ line: String, prefix: String) -> (label: String, text: String)? {
        let rest = line.dropFirst(prefix.count)
        guard let end = rest.range(of: "**: ") else { return nil }
        return (String(rest[..<end.lowerBound]), String(rest[end.upperBound...]))
    }
}

@Suite("Competency map and ladder against the seed", .requires(Fixtures.seed, Fixtures.repository))
struct SeedTests {
    let seed: Seed
    let map: CompetencyMap
    let ladder: LadderRules

    init() throws {
        let seedPath = try #require(Fixtures.seedPath())
        let root = try #require(Fixtures.repositoryRoot())
        seed = Seed(markdown: try String(contentsOfFile: seedPath, encoding: .utf8))
        map = try CompetencyMap.load(path: root + "/Labs/competencies.toml")
        ladder = try LadderRules.load(path: root + "/Labs/ladder.toml")
    }

    @Test("the seed reader finds what the seed has: 16 areas in 4 groups, 4 rungs")
    func seedShape() {
        #expect(seed.areas.count == 16)
        #expect(seed.areas.filter { $0.group == .core }.count == 6)
        #expect(seed.areas.filter { $0.group == .specialization }.count == 4)
        #expect(seed.areas.filter { $0.group == .emerging }.count == 3)
        #expect(seed.areas.filter { $0.group == .professional }.count == 3)
        #expect(seed.areas.allSatisfy { !$0.skills.isEmpty })
        #expect(seed.rungs.count == 4)
    }

    @Test("every area of the seed is in the map, in order, with its group")
    func areas() {
        #expect(map.areas.map(\.title) == seed.areas.map(\.title))
        #expect(map.areas.map(\.group) == seed.areas.map(\.group))
        for (area, seedArea) in zip(map.areas, seed.areas) {
            if let summary = seedArea.summary {
                #expect(area.summary == summary, "summary of \(area.key)")
            }
        }
    }

    @Test("every skill of the seed is in its area, in order, with its topics")
    func skills() {
        for (area, seedArea) in zip(map.areas, seed.areas) {
            #expect(area.skills.map(\.title) == seedArea.skills.map(\.title), "skills of \(area.key)")
            #expect(area.skills.map(\.topics) == seedArea.skills.map(\.topics), "topics of \(area.key)")
        }
        #expect(map.allKeys.count == seed.areas.reduce(0) { $0 + $1.skills.count })
    }

    @Test("the keys the brief promises exist")
    func namedKeys() {
        for key in [
            "databases.relational", "security.authentication", "api.restful-design", "languages.python",
            "performance.system-performance",
        ] {
            #expect(map.contains(CompetencyKey(key)!), "\(key)")
        }
    }

    @Test("every rung of the seed is in the ladder with its responsibilities")
    func rungs() {
        #expect(ladder.rules.map(\.title) == seed.rungs.map(\.title))
        #expect(ladder.rules.map(\.responsibilities) == seed.rungs.map(\.responsibilities))
        for rule in ladder.rules {
            #expect(rule.title.hasPrefix(rule.rung.title))
        }
    }
}
