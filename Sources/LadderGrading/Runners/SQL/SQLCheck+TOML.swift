import Foundation
import LadderModel
import LadderTOML

extension SQLCheck {
    init(reading reader: inout TOMLReader, fixtures: FixtureResolver) throws(ManifestError) {
        let seed = try reader.optional("seed", as: String.self)
        if let seed { _ = try fixtures.check(seed, key: "seed") }
        let setup = try reader.optional("setup", as: [String].self) ?? []
        let query = try reader.require("query", as: String.self)
        let rows = try fixtures.text(&reader, "rows")
        let ordered = try reader.optional("ordered", as: Bool.self) ?? false
        let includes = try reader.optional("plan-includes", as: [String].self) ?? []
        let excludes = try reader.optional("plan-excludes", as: [String].self) ?? []
        let budget = try reader.optional("budget") { field throws(ManifestError) in
            try field.duration(in: .milliseconds(1) ... .seconds(30))
        }
        if rows == nil, includes.isEmpty, excludes.isEmpty, budget == nil {
            throw reader.error(
                "an sql test needs 'rows', 'rows-file', 'plan-includes', 'plan-excludes' or 'budget' to check anything")
        }
        self.init(
            seed: seed, setup: setup, query: query, expectRows: rows, ordered: ordered,
            planMustInclude: includes, planMustExclude: excludes, budget: budget)
    }
}
