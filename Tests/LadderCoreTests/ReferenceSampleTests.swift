import Testing

@testable import LadderCore

/// `--reference-sample`'s plan: which languages' references each lab grades.
struct ReferenceSampleTests {
    typealias Planned = ReferenceSample.Planned
    typealias Lab = ReferenceSample.LabLanguages

    static let fourLanguages = ["python", "node", "go", "java"]

    func languages(_ plan: [String: [Planned]], _ lab: String) -> [String] { plan[lab]?.map(\.language) ?? [] }

    @Test func eachLabGradesItsFirstLanguageAndTheSeedPicksUpToTheCount() {
        let labs = (1...6).map { Lab(id: "lab-\($0)", languages: Self.fourLanguages) }
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
            Lab(id: "a", languages: ["python"]), Lab(id: "b", languages: ["python", "ruby"]),
            Lab(id: "c", languages: ["sql"]), Lab(id: "d", languages: ["python", "node", "ruby"]),
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
        let labs = (1...4).map { Lab(id: "lab-\($0)", languages: Self.fourLanguages) }
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

    /// `--strength-sample` grades mutants of the reference the record was measured on, against that reference's
    /// grade, so a lab whose record names a language other than its first grades both.
    @Test func theLanguageAStrengthRecordWasMeasuredOnIsGradedToo() {
        let labs = [
            Lab(id: "node-first", languages: ["node", "python", "go"], strengthLanguage: "python"),
            Lab(id: "python-first", languages: ["python", "node", "go"], strengthLanguage: "python"),
            Lab(id: "gone", languages: ["node", "go"], strengthLanguage: "python"),
        ]
        let plan = ReferenceSample(StrengthSample(count: 1, seed: "s")).plan(labs)
        #expect(
            plan["node-first"]?.prefix(2) == [
                Planned(language: "node", reason: .first), Planned(language: "python", reason: .strength),
            ], "\(plan)")
        #expect(plan["python-first"]?.first == Planned(language: "python", reason: .first), "\(plan)")
        #expect(plan["python-first"]?.contains { $0.reason == .strength } == false)
        // A record naming a language the lab no longer offers adds nothing (its check reports it out of date).
        #expect(plan["gone"]?.contains { $0.language == "python" } == false, "\(plan)")
    }

    @Test func aCountOfEveryLanguageOrMoreGradesThemAll() {
        let labs = [Lab(id: "a", languages: Self.fourLanguages), Lab(id: "b", languages: ["python", "go"])]
        let plan = ReferenceSample(StrengthSample(count: 9, seed: "s")).plan(labs)
        #expect(languages(plan, "a") == Self.fourLanguages)
        #expect(languages(plan, "b") == ["python", "go"])
        // Validated alone, a lab must grade every language: no other lab of the run grades them.
        let alone = ReferenceSample(StrengthSample(count: 1, seed: "s")).plan([labs[0]])
        #expect(languages(alone, "a") == Self.fourLanguages)
    }
}
