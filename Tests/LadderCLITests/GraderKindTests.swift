import Foundation
import Testing

/// The `http`, `sql` and `script` grader kinds, end to end through `ladder submit`.
@Suite struct GraderKindTests {
    let machine: LearnerMachine
    let catalog: TestCatalog

    init() throws {
        machine = try LearnerMachine()
        catalog = try TestCatalog.write(in: machine)
    }

    // MARK: http

    @Test func aServiceThatCreatesAndReadsBackPasses() async throws {
        let repository = try await machine.startLab(
            "items-api", from: catalog, files: ["server.py": TestLab.itemsService()])
        let started = ContinuousClock.now
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 0, "\(result)")
        #expect(report.status == "passed", "\(report.detail("create-then-read"))")
        #expect(report.score == 10)
        #expect(ContinuousClock.now - started < .seconds(20), "grading does not wait for the service's wall limit")
    }

    @Test func aWrongStatusIsAWrongAnswerNamingTheStep() async throws {
        let repository = try await machine.startLab(
            "items-api", from: catalog, files: ["server.py": TestLab.itemsService(createStatus: 200)])
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 1, "\(result)")
        #expect(report.verdict("create-then-read") == "wrong-answer", "\(report.detail("create-then-read"))")
        let detail = report.detail("create-then-read")
        #expect(detail.contains("step 1 (POST /items)"), "\(detail)")
        #expect(detail.contains("expected status 201, got 200"), "\(detail)")
    }

    @Test func aServiceThatNeverListensIsATimeLimitSayingItDidNotAnswer() async throws {
        // The starter sleeps without ever listening; the grader's startup-timeout is 2 s.
        let repository = try await machine.startLab("items-api", from: catalog)
        let started = ContinuousClock.now
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 1, "\(result)")
        #expect(report.verdict("create-then-read") == "time-limit")
        let detail = report.detail("create-then-read")
        #expect(detail.contains("did not answer"), "\(detail)")
        #expect(detail.contains("$PORT"), "says how to fix it: \(detail)")
        #expect(
            ContinuousClock.now - started < .seconds(20), "bounded by the startup timeout, not the service's wall limit"
        )
    }

    // MARK: sql

    @Test func aQueryUsingTheIndexWithTheRightRowsPasses() async throws {
        let query = "SELECT id, total FROM orders WHERE customer = 3 ORDER BY id;\n"
        let repository = try await machine.startLab("sql-orders", from: catalog, files: ["query.sql": query])
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 0, "\(result)")
        #expect(report.verdict("rows") == "passed", "\(report.detail("rows"))")
        #expect(report.verdict("uses-index") == "passed", "\(report.detail("uses-index"))")
    }

    @Test func aFullScanWithTheRightRowsFailsOnlyThePlanCheck() async throws {
        // `customer + 0` keeps SQLite off the index: the same rows, by a full scan.
        let query = "SELECT id, total FROM orders WHERE customer + 0 = 3 ORDER BY id;\n"
        let repository = try await machine.startLab("sql-orders", from: catalog, files: ["query.sql": query])
        let (result, report) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 1, "\(result)")
        #expect(report.verdict("rows") == "passed", "rows compare as a multiset: \(report.detail("rows"))")
        #expect(report.verdict("uses-index") == "wrong-answer")
        let detail = report.detail("uses-index")
        #expect(detail.contains("USING INDEX orders_by_customer") || detail.contains("SCAN orders"), "\(detail)")
        #expect(detail.contains("query plan:"), "\(detail)")
        #expect(report.score == 10)
    }

    @Test func wrongRowsAndBrokenSQLAreCaught() async throws {
        let repository = try await machine.startLab(
            "sql-orders", from: catalog,
            files: ["query.sql": "SELECT id, total FROM orders WHERE customer = 3 ORDER BY id DESC;\n"])
        let (_, descending) = try await machine.submit(repository, catalog: catalog)
        #expect(descending.verdict("rows") == "passed", "unordered test: \(descending.detail("rows"))")
        #expect(descending.verdict("uses-index") == "wrong-answer", "ordered test")
        #expect(descending.detail("uses-index").contains("row 1"), "\(descending.detail("uses-index"))")

        try machine.commit(
            ["query.sql": "SELECT id FROM orders WHERE customer = 3;\n"], in: repository, message: "One column")
        let (_, narrow) = try await machine.submit(repository, catalog: catalog)
        #expect(narrow.verdict("rows") == "wrong-answer", "\(narrow.detail("rows"))")

        try machine.commit(["query.sql": "SELEC id FROM orders;\n"], in: repository, message: "Typo")
        let (result, broken) = try await machine.submit(repository, catalog: catalog)
        #expect(result.exitCode == 1, "the learner's SQL error is theirs, not the lab's: \(result)")
        #expect(broken.verdict("rows") == "runtime-error", "\(broken.detail("rows"))")
        #expect(broken.detail("rows").contains("query.sql"), "\(broken.detail("rows"))")
    }

    // MARK: script

    @Test func aTAPScriptGraderScoresTheShareOfChecksPassed() async throws {
        let repository = try await machine.startLab(
            "tap-script", from: catalog, files: ["answer.txt": "42\nforty-three\n"])
        let (half, report) = try await machine.submit(repository, catalog: catalog)
        #expect(half.exitCode == 1, "\(half)")
        #expect(report.verdict("answers") == "wrong-answer")
        #expect(report.test("answers")?.int("points") == 5, "one of two checks: \(report.detail("answers"))")
        #expect(report.detail("answers").contains("1 of 2 checks passed"))
        #expect(report.detail("answers").contains("the second answer is forty-two"))

        try machine.commit(["answer.txt": "42\nforty-two\n"], in: repository, message: "Both")
        let (full, fullReport) = try await machine.submit(repository, catalog: catalog)
        #expect(full.exitCode == 0, "\(full)")
        #expect(fullReport.score == 10)
    }
}
