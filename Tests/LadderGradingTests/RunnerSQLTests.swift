import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// The `sql` runner: the grader's seed, the learner's setup and query, rows and plans checked.
@Suite(.requires(.sandbox))
struct RunnerSQLTests {
    static let seed = """
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total REAL NOT NULL);
        INSERT INTO orders (customer, total) VALUES ('ada', 10.5), ('bob', 3), ('ada', 4.5), ('cy', 7);
        """

    func lab(_ tests: [String], solution: [String: String], seed: String = Self.seed) throws -> SyntheticLab {
        try SyntheticLab(
            grader: oneStageSpec(tests),
            fixtures: ["seed.sql": seed, "rows/by-customer.json": #"[["ada", 15], ["cy", 7], ["bob", 3]]"#],
            solution: solution)
    }

    static let byCustomer = "SELECT customer, SUM(total) AS spent FROM orders GROUP BY customer ORDER BY spent DESC;\n"

    @Test func orderedAndMultisetComparisons() async throws {
        let lab = try lab(
            [
                "id = \"ordered\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nquery = \"query.sql\"\nrows-file = \"rows/by-customer.json\"\nordered = true",
                "id = \"ordered-wrong\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nquery = \"query.sql\"\nrows = '[[\"bob\", 3], [\"cy\", 7], [\"ada\", 15]]'\nordered = true",
                "id = \"multiset\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nquery = \"query.sql\"\nrows = '[[\"bob\", 3.0], [\"cy\", 7], [\"ada\", 15]]'",
                "id = \"multiset-missing\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nquery = \"query.sql\"\nrows = '[[\"bob\", 3], [\"cy\", 7], [\"ada\", 15], [\"dee\", 1]]'",
                "id = \"multiset-extra\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nquery = \"query.sql\"\nrows = '[[\"bob\", 3], [\"cy\", 7]]'",
            ],
            solution: ["query.sql": Self.byCustomer])
        let (report, _) = try await lab.grade()
        func detail(_ id: String) -> String { report.test(id)?.detail ?? "" }
        #expect(report.test("ordered")?.verdict == .passed, "\(detail("ordered"))")
        #expect(report.test("multiset")?.verdict == .passed, "\(detail("multiset"))")
        #expect(report.test("ordered-wrong")?.verdict == .wrongAnswer)
        #expect(
            detail("ordered-wrong").contains("row 1: expected [\"bob\",3], got [\"ada\",15"),
            "\(detail("ordered-wrong"))")
        #expect(report.test("multiset-missing")?.verdict == .wrongAnswer)
        #expect(detail("multiset-missing").contains("[\"dee\",1] is missing"), "\(detail("multiset-missing"))")
        #expect(report.test("multiset-extra")?.verdict == .wrongAnswer)
        #expect(detail("multiset-extra").contains("1 unexpected row"), "\(detail("multiset-extra"))")
    }

    @Test func setupFilesRunBeforeTheQueryAndPlansAreChecked() async throws {
        let tests = [
            "id = \"uses-index\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nsetup = [\"index.sql\"]\nquery = \"lookup.sql\"\nrows = '[[10.5], [4.5]]'\nplan-includes = [\"USING INDEX\"]\nplan-excludes = [\"SCAN orders\"]"
        ]
        let lookup = "SELECT total FROM orders WHERE customer = 'ada';"
        let indexed = try lab(
            tests,
            solution: ["index.sql": "CREATE INDEX orders_customer ON orders (customer);\n", "lookup.sql": lookup])
        let (good, _) = try await indexed.grade()
        #expect(good.test("uses-index")?.verdict == .passed, "\(good.test("uses-index")?.detail ?? "")")

        let unindexed = try lab(tests, solution: ["index.sql": "-- no index\n", "lookup.sql": lookup])
        let (bad, _) = try await unindexed.grade()
        let test = try #require(bad.test("uses-index"))
        #expect(test.verdict == .wrongAnswer)
        #expect(test.detail?.contains("the query plan does not show USING INDEX") == true, "\(test.detail ?? "")")
        #expect(test.detail?.contains("query plan:\n  SCAN orders") == true, "the plan is shown: \(test.detail ?? "")")
    }

    @Test func planExcludesAlone() async throws {
        let lab = try lab(
            [
                "id = \"no-scan\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nquery = \"q.sql\"\nplan-excludes = [\"SCAN orders\"]"
            ],
            solution: ["q.sql": "SELECT * FROM orders WHERE total > 5"])
        let (report, _) = try await lab.grade()
        #expect(report.test("no-scan")?.verdict == .wrongAnswer)
        #expect(
            report.test("no-scan")?.detail?.contains("the query plan shows SCAN orders") == true,
            "\(report.test("no-scan")?.detail ?? "")")
    }

    @Test func aMissingLearnerFileIsNamed() async throws {
        let lab = try lab(
            [
                "id = \"missing\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nsetup = [\"schema.sql\"]\nquery = \"query.sql\"\nrows = '[]'"
            ],
            solution: ["query.sql": Self.byCustomer])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("missing"))
        #expect(test.verdict == .wrongAnswer)
        #expect(test.detail?.contains("schema.sql is missing from your submission") == true, "\(test.detail ?? "")")
        #expect(report.status == .failed)
    }

    @Test func aSyntaxErrorIsARuntimeErrorNamingTheFile() async throws {
        let lab = try lab(
            [
                "id = \"query\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nquery = \"query.sql\"\nrows = '[]'",
                "id = \"setup\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nsetup = [\"broken-setup.sql\"]\nquery = \"fine.sql\"\nrows = '[]'",
            ],
            solution: [
                "query.sql": "SELEC customer FROM orders;", "broken-setup.sql": "CREATE TABLE (;",
                "fine.sql": "SELECT 1 WHERE 0",
            ])
        let (report, _) = try await lab.grade()
        let query = try #require(report.test("query"))
        #expect(query.verdict == .runtimeError)
        #expect(query.detail?.contains("SQLite rejected query.sql") == true, "\(query.detail ?? "")")
        #expect(query.detail?.contains("syntax error") == true, "\(query.detail ?? "")")
        let setup = try #require(report.test("setup"))
        #expect(setup.verdict == .runtimeError)
        #expect(setup.detail?.contains("SQLite rejected broken-setup.sql") == true, "\(setup.detail ?? "")")
        #expect(report.status == .failed)
    }

    @Test func aBrokenSeedIsTheGradersFault() async throws {
        let lab = try lab(
            ["id = \"seeded\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nquery = \"query.sql\"\nrows = '[]'"],
            solution: ["query.sql": Self.byCustomer], seed: "CREATE TABLE orders (id INTEGER PRIMARY KEY;\n")
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("seeded"))
        #expect(test.verdict == .graderError)
        #expect(test.detail?.contains("the grader's seed SQL failed") == true, "\(test.detail ?? "")")
        #expect(report.status == .error)
        #expect(report.errorMessage?.contains("not your code's fault") == true)
    }

    @Test func expectedRowsThatAreNotAnArrayAreTheGradersFault() async throws {
        let lab = try lab(
            [
                "id = \"rows\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nquery = \"query.sql\"\nrows = '{\"not\": \"rows\"}'"
            ],
            solution: ["query.sql": Self.byCustomer])
        let (report, _) = try await lab.grade()
        #expect(report.test("rows")?.verdict == .graderError, "\(report.test("rows")?.detail ?? "")")
    }

    @Test func theLearnersSQLCannotForgeTheRunnersReport() async throws {
        // SQLite can write anywhere the box lets it; stdout is where the runner's report goes.
        let forge = """
            ATTACH DATABASE '/dev/stdout' AS forged;
            CREATE TABLE forged.t (x);
            INSERT INTO forged.t VALUES ('{"rows": [["ada", 15], ["cy", 7], ["bob", 3]], "plan": []}');
            """
        let lab = try lab(
            [
                "id = \"forged\"\npoints = 1\nkind = \"sql\"\nseed = \"seed.sql\"\nsetup = [\"forge.sql\"]\nquery = \"query.sql\"\nrows = '[[\"nobody\", 0]]'"
            ],
            solution: ["forge.sql": forge, "query.sql": Self.byCustomer])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("forged"))
        #expect(test.verdict != .passed, "\(test.detail ?? "")")
        #expect(test.verdict != .graderError, "the learner's SQL made the lab look broken: \(test.detail ?? "")")
    }
}
