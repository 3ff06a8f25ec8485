import Foundation
import Testing

/// `ladder catalog check`: the catalog as a ladder a learner can climb.
@Suite struct CatalogCheckTests {
    let machine: LearnerMachine

    init() throws {
        machine = try LearnerMachine()
    }

    @Test func theRepositoryCatalogCanBeClimbedToTheTopAndTeachesEveryArea() async throws {
        let result = try await machine.ladder("catalog", "check", "--json")
        #expect(result.exitCode == 0, "\(result)")
        let document = try #require(try result.json() as? [String: Any], "\(result)")
        let errors = document.array("findings").filter { $0.string("severity") == "error" }
        #expect(errors.isEmpty, "\(errors)")
        let routes = document.array("routes")
        #expect(routes.map { $0.string("rung") } == ["junior", "backend", "senior", "architect"], "\(result)")
        #expect(routes.allSatisfy { $0["reachable"] as? Bool == true }, "\(result)")
    }

    @Test func aThinCatalogFailsAndSaysWhy() async throws {
        let catalog = try TestCatalog.write(in: machine)
        let result = try await machine.ladder("catalog", "check", "--catalog", catalog.root)
        #expect(result.exitCode == 1, "\(result)")
        // Every test lab is junior: nobody gets past the first rung, and most areas have no lab.
        #expect(result.stdout.contains("error: nobody can reach Backend Developer"), "\(result)")
        #expect(
            result.stdout.contains("error: nobody can reach Backend Architect: first reach Backend Developer"),
            "\(result)")
        #expect(
            result.stdout.contains("error: area 'enterprise' (Enterprise Systems Architecture) has no lab"), "\(result)"
        )
        #expect(
            result.stdout.contains("Junior Backend Developer: for example"),
            "the rung that can be reached has a route: \(result)")

    }
}
