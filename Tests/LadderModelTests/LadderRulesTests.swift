import LadderTOML
import Testing

@testable import LadderModel

let rules = LadderRules(rules: [
    .init(rung: .junior, title: "Junior Backend Developer", responsibilities: ["a"], labsRequired: 2, areasRequired: 2),
    .init(rung: .backend, title: "Backend Developer", responsibilities: ["b"], labsRequired: 3, areasRequired: 3),
    .init(rung: .senior, title: "Senior Backend Developer", responsibilities: ["c"], labsRequired: 3, areasRequired: 3),
    .init(rung: .architect, title: "Backend Architect", responsibilities: ["d"], labsRequired: 2, areasRequired: 2),
])

func passed(_ id: String, _ rung: Rung, _ areas: String...) -> PassedLab {
    PassedLab(labID: id, rung: rung, areas: Set(areas))
}

@Suite("Ladder rules")
struct LadderRulesTests {
    @Test("no labs: no rung yet, junior needs everything")
    func nothing() {
        let progress = rules.progress(passed: [])
        #expect(progress.current == nil)
        #expect(progress.next?.rung == .junior)
        #expect(progress.next?.labsMissing == 2)
        #expect(progress.next?.areasMissing == 2)
    }

    @Test("two junior labs in one area are not enough: one more area is needed")
    func areasCount() {
        let progress = rules.progress(passed: [passed("a", .junior, "db"), passed("b", .junior, "db")])
        #expect(progress.current == nil)
        #expect(progress.next?.labsMissing == 0)
        #expect(progress.next?.areasMissing == 1)
        #expect(progress.next?.areasCovered == ["db"])
    }

    @Test("a lab covering two areas counts both")
    func multiAreaLab() {
        let progress = rules.progress(passed: [passed("a", .junior, "db", "api"), passed("b", .junior, "db")])
        #expect(progress.current == .junior)
        #expect(progress.next?.rung == .backend)
        #expect(progress.next?.labsMissing == 3)
        #expect(progress.next?.areasMissing == 3)
    }

    @Test("higher-rung labs count towards lower rungs, lower ones do not count upwards")
    func atOrAbove() {
        let labs = [
            passed("j1", .junior, "db"), passed("j2", .junior, "api"), passed("b1", .backend, "db"),
            passed("s1", .senior, "security"), passed("s2", .senior, "architecture"),
        ]
        let progress = rules.progress(passed: labs)
        #expect(progress.current == .backend)
        let backend = progress.rungs[1]
        #expect(backend.labsCounted == ["b1", "s1", "s2"])
        #expect(backend.areasCovered == ["architecture", "db", "security"])
        let senior = try! #require(progress.next)
        #expect(senior.rung == .senior)
        #expect(senior.labsMissing == 1)
        #expect(senior.areasMissing == 1)
        #expect(senior.labsCounted == ["s1", "s2"])
    }

    @Test("a rung whose own numbers are met is not reached while the one below is not")
    func requiresRungBelow() {
        // Two architect labs across two areas meet the architect numbers and the junior ones, but not backend's.
        let progress = rules.progress(passed: [passed("x", .architect, "a"), passed("y", .architect, "b")])
        #expect(progress.current == .junior)
        #expect(progress.rungs[3].requirementsMet)
        #expect(!progress.rungs[3].reached)
        #expect(progress.next?.rung == .backend)
        #expect(progress.next?.labsMissing == 1)
    }

    @Test("the same lab passed twice counts once")
    func duplicates() {
        let progress = rules.progress(passed: [passed("a", .junior, "db"), passed("a", .junior, "api")])
        #expect(progress.rungs[0].labsCounted == ["a"])
        #expect(progress.rungs[0].labsMissing == 1)
    }

    @Test("everything passed: architect, nothing next")
    func top() {
        let labs = (1...3).map { passed("s\($0)", .architect, "area\($0)") }
        let progress = rules.progress(passed: labs)
        #expect(progress.current == .architect)
        #expect(progress.next == nil)
    }

    @Test("the rung below is required for every rung but the first")
    func requiredRung() {
        #expect(rules.rule(for: .junior).requiredRung == nil)
        #expect(rules.rule(for: .backend).requiredRung == .junior)
        #expect(rules.rule(for: .architect).requiredRung == .senior)
    }

    @Test(
        "ladder files with rungs out of order, missing, or with bad numbers are rejected",
        arguments: [
            ("[[rungs]]\nrung = \"backend\"", 2, "expected 'junior' here"),
            (ladderText(dropping: .architect), 14, "rungs missing after this one: architect"),
            (
                ladderText(dropping: nil).replacingOccurrences(of: "labs-required = 3", with: "labs-required = 0"), 10,
                "expected an integer from 1 to 100"
            ),
            (
                ladderText(dropping: nil).replacingOccurrences(
                    of: "title = \"Senior Backend Developer\"", with: "title = \"Senior Dev\""), 15,
                "must start with \"Senior Backend Developer\""
            ),
            (ladderText(dropping: nil) + "\nextra = 1", 26, "unknown key 'extra'"),
        ])
    func badLadder(text: String, line: Int, message: String) {
        do {
            _ = try LadderRules.decode(TOMLDocument.parse(text, file: "ladder.toml"))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test("a complete ladder file decodes")
    func goodLadder() throws {
        let decoded = try LadderRules.decode(TOMLDocument.parse(ladderText(dropping: nil), file: "ladder.toml"))
        #expect(decoded.rules.map(\.rung) == Rung.allCases)
        #expect(decoded.rule(for: .backend).labsRequired == 3)
    }
}

/// A ladder file with six lines per rung, so line numbers are easy to predict.
func ladderText(dropping: Rung?) -> String {
    Rung.allCases.filter { $0 != dropping }.map { rung in
        let numbers = rung == .junior || rung == .architect ? 2 : 3
        return """
            [[rungs]]
            rung = "\(rung.rawValue)"
            title = "\(rung.title)"
            labs-required = \(numbers)
            areas-required = \(numbers)
            responsibilities = ["do things"]

            """
    }.joined()
}
