import Testing

@testable import LadderCore

/// `--reference-sample`'s plan: which languages' references each lab grades.
struct ReferenceSampleTests {
    typealias Planned = ReferenceSample.Planned

    static let fourLanguages = ["python", "node", "go", "java"]

    func languages(_ plan: [String: [Planned]], _ lab: String) -> [String] { plan[lab]?.map(\.language) ?? [] }

    @Test func eachLabGradesItsFirstLanguageAndTheSeedPicksUpToTheCount() {
        let labs = (1...6).map { (id: "lab-\($0)", languages: Self.fourLanguages) }
        let plan = ReferenceSample(StrengthSample(count: 2, seed: "2026-12-05")).plan(labs)
        #expect(plan.count == 6)
        for lab in labs {
            let planned = plan[lab.id] ?? []
            #expect(planned.first == Planned(language: "python", reason: .first), "\(lab.id): \(planned)")
            // Two each, unless a language no pick reached was added to this lab.
            #expect(planned.filter { $0.reason == .picked }.count == 1, "\(lab.id): \(planned)")
            #expect(planned.count == 2 + planned.filter { $0.reason == .coverage }.count, "\(lab.id): \(planned)")
            // In the lab's own order, so the report reads like lab.toml.
            #expect(planned.map(\.language) == Self.fourLanguages.filter(planned.map(\.language).contains))
        }
        let graded = Set(plan.values.flatMap { $0.map(\.language) })
        #expect(graded == Set(Self.fourLanguages))
    }

    @Test func aLanguageNoPickReachedIsGradedInOneLabThatOffersIt() {
        let labs = [
            (id: "a", languages: ["python"]), (id: "b", languages: ["python", "ruby"]),
            (id: "c", languages: ["sql"]), (id: "d", languages: ["python", "node", "ruby"]),
        ]
        let plan = ReferenceSample(StrengthSample(count: 1, seed: "x")).plan(labs)
        #expect(languages(plan, "a") == ["python"])
        #expect(languages(plan, "c") == ["sql"])
        #expect(plan["d"]?.contains(Planned(language: "node", reason: .coverage)) == true, "\(plan)")
        let ruby = ["b", "d"].filter { plan[$0]?.contains(Planned(language: "ruby", reason: .coverage)) == true }
        #expect(ruby.count == 1, "\(plan)")
        #expect(plan.values.flatMap { $0 }.filter { $0.reason == .picked }.isEmpty)
    }

    @Test func theSameSeedPlansTheSameAndOtherSeedsPickOthers() {
        let labs = (1...4).map { (id: "lab-\($0)", languages: Self.fourLanguages) }
        let sample = ReferenceSample(StrengthSample(count: 2, seed: "2026-12-05"))
        #expect(sample.plan(labs) == sample.plan(labs))
        var pickedInLab1: Set<String> = []
        for day in 1...30 {
            let plan = ReferenceSample(StrengthSample(count: 2, seed: "2026-12-\(day)")).plan(labs)
            pickedInLab1.formUnion(plan["lab-1"]?.filter { $0.reason == .picked }.map(\.language) ?? [])
        }
        // Over a month every other language of the lab has its day.
        #expect(pickedInLab1 == ["node", "go", "java"])
    }

    @Test func aCountOfEveryLanguageOrMoreGradesThemAll() {
        let labs = [(id: "a", languages: Self.fourLanguages), (id: "b", languages: ["python", "go"])]
        let plan = ReferenceSample(StrengthSample(count: 9, seed: "s")).plan(labs)
        #expect(languages(plan, "a") == Self.fourLanguages)
        #expect(languages(plan, "b") == ["python", "go"])
        // Validated alone, a lab must grade every language: no other lab of the run grades them.
        let alone = ReferenceSample(StrengthSample(count: 1, seed: "s")).plan([labs[0]])
        #expect(languages(alone, "a") == Self.fourLanguages)
    }
}
