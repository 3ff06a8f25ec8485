import Testing

@testable import LadderModel

@Suite("Routes up the ladder and the catalog check")
struct LadderRoutesTests {
    /// Enough labs, spread over areas, to climb every rung of `rules`.
    let climbable = [
        passed("j1", .junior, "db"), passed("j2", .junior, "api"), passed("j3", .junior, "db"),
        passed("b1", .backend, "db"), passed("b2", .backend, "api"), passed("b3", .backend, "security"),
        passed("s1", .senior, "db"), passed("s2", .senior, "api"),
        passed("a1", .architect, "architecture"), passed("a2", .architect, "cloud"),
    ]

    /// Passes every lab of each route in turn, as a learner following `ladder progress` would.
    func climb(_ labs: [PassedLab]) -> [Rung] {
        var passedSoFar: [PassedLab] = []
        var reached: [Rung] = []
        for route in rules.routes(passed: [], available: labs) {
            #expect(route.reachable, "\(route.rung): \(route.shortfall ?? "")")
            passedSoFar = labs.filter { lab in route.labs.contains(lab.labID) }
            if let current = rules.progress(passed: passedSoFar).current { reached.append(current) }
        }
        return reached
    }

    @Test("from nothing, each rung's route reaches exactly that rung, and following them climbs to the top")
    func fromScratch() {
        let routes = rules.routes(passed: [], available: climbable)
        #expect(routes.map(\.rung) == Rung.allCases)
        for route in routes {
            let taken = climbable.filter { route.labs.contains($0.labID) }
            #expect(taken.count == route.labs.count, "no lab twice, none unknown")
            #expect(rules.progress(passed: taken).current == route.rung, "\(route.rung): \(route.labs)")
        }
        #expect(climb(climbable) == Rung.allCases)
    }

    @Test("a route prefers labs that add missing areas and never repeats what was passed")
    func prefersNewAreas() throws {
        let done = [passed("j1", .junior, "db"), passed("j3", .junior, "db")]
        let routes = rules.routes(passed: done, available: climbable.filter { !["j1", "j3"].contains($0.labID) })
        let junior = try #require(routes.first)
        #expect(junior.rung == .junior)
        #expect(junior.labs == ["j2"], "the one lab that adds an area")
        #expect(routes.allSatisfy { !$0.labs.contains("j1") && !$0.labs.contains("j3") })
    }

    @Test("reached rungs have no route; the top rung has none once reached")
    func reachedRungs() {
        let routes = rules.routes(passed: climbable, available: [])
        #expect(routes.isEmpty)
        let partway = rules.routes(passed: Array(climbable.prefix(6)), available: Array(climbable.dropFirst(6)))
        #expect(partway.map(\.rung) == [.senior, .architect])
    }

    @Test("a rung without enough labs or areas above it is unreachable, and so is every rung above it")
    func unreachable() throws {
        let noArchitect = climbable.filter { $0.rung != .architect }
        let routes = rules.routes(passed: [], available: noArchitect)
        #expect(routes.map(\.reachable) == [true, true, false, false])
        let senior = try #require(routes.first { $0.rung == .senior })
        #expect(senior.shortfall?.contains("needs 3 labs covering 3 areas") == true, "\(senior.shortfall ?? "")")
        #expect(senior.shortfall?.contains("has 2 covering 2") == true, "\(senior.shortfall ?? "")")
        #expect(
            routes.last?.shortfall == "first reach Senior Backend Developer, which the catalog cannot get anyone to")

        // Enough labs, but all in one area: areas are what is missing.
        let oneArea =
            climbable.filter { $0.rung < .senior } + [
                passed("s1", .senior, "db"), passed("s2", .senior, "db"), passed("s3", .senior, "db"),
                passed("a1", .architect, "db"),
            ]
        let blocked = rules.routes(passed: [], available: oneArea)
        #expect(blocked.first { $0.rung == .senior }?.reachable == false)
    }

    @Test("the catalog check names areas without labs, unreachable rungs, and thin spots")
    func catalogCheck() throws {
        let directory = try TemporaryDirectory()
        try writeCatalog(
            in: directory,
            labs: [
                "j1": labText(id: "j1", rung: .junior, competencies: ["databases.relational"]),
                "j2": labText(id: "j2", rung: .junior, competencies: ["databases.nosql"]),
            ])
        let catalog = try Catalog.load(root: directory.path)
        let findings = catalog.check()
        let errors = findings.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains("area 'api' (APIs) has no lab"), "\(errors)")
        #expect(
            errors.contains { $0.hasPrefix("nobody can reach Junior Backend Developer") }, "one area only: \(errors)")
        #expect(errors.contains { $0.hasPrefix("nobody can reach Backend Architect") }, "\(errors)")
        let warnings = findings.filter { $0.severity == .warning }.map(\.message)
        #expect(
            warnings.contains(
                "area 'databases' (Databases) has labs only at Junior Backend Developer; add one at another rung"),
            "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("Backend Architect has 0 labs at its rung") }, "\(warnings)")
    }

    @Test("a catalog that can be climbed has no errors")
    func climbableCatalog() throws {
        let directory = try TemporaryDirectory()
        var labs: [String: String] = [:]
        let plan: [(String, Rung, String)] = [
            ("j1", .junior, "databases.relational"), ("j2", .junior, "api.restful-design"),
            ("b1", .backend, "databases.relational"), ("b2", .backend, "api.restful-design"),
            ("b3", .backend, "databases.nosql"),
            ("s1", .senior, "databases.relational"), ("s2", .senior, "api.restful-design"),
            ("s3", .senior, "databases.nosql"),
            ("a1", .architect, "databases.relational"), ("a2", .architect, "api.restful-design"),
        ]
        for (id, rung, key) in plan { labs[id] = labText(id: id, rung: rung, competencies: [key]) }
        try writeCatalog(in: directory, labs: labs)
        // The test map has two areas, so every rung asks for two.
        try directory.write("Labs/ladder.toml", ladderText(dropping: nil).replacingOccurrences(of: "= 3", with: "= 2"))
        let catalog = try Catalog.load(root: directory.path)
        let errors = catalog.check().filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors)")
        #expect(catalog.routes(passedLabIDs: []).allSatisfy { $0.reachable })
        let afterJunior = catalog.routes(passedLabIDs: ["j1", "j2"])
        #expect(afterJunior.map(\.rung) == [.backend, .senior, .architect])
        #expect(afterJunior.allSatisfy { !$0.labs.contains("j1") && !$0.labs.contains("j2") })
    }
}
