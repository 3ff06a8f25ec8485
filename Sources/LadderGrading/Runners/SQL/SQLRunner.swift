import Foundation
import LadderJSON
import LadderModel
import LadderSandbox

/// Runs the learner's SQL against a fresh SQLite database inside the sandbox and checks rows, plan and time.
///
/// A small Python program (the `python` profile's SQLite module) does the database work inside the box: it reads
/// the grader's seed on standard input, runs the learner's setup files and query, and prints one JSON object. The
/// learner's SQL cannot write to standard output, so that object is the runner's own; the expected rows never
/// enter the box.
struct SQLRunner {
    let context: RunContext
    static let runnerPath = "/ladder/sql-runner.py"

    func run(_ test: GraderTest, _ check: SQLCheck) async throws -> RunResult {
        var result = try await judge(test, check)
        result.input = TestInput.describe(check)
        return result
    }

    private func judge(_ test: GraderTest, _ check: SQLCheck) async throws -> RunResult {
        let workdir = try context.testDirectory()
        for file in check.setup + [check.query] where !FileManager.default.fileExists(atPath: workdir + "/" + file) {
            return RunResult(
                .wrongAnswer, "\(file) is missing from your submission; the lab asks you to write it (and commit it)")
        }
        let runner = context.workspace.path("sql-runner") + ".py"
        try Data(Self.program.utf8).write(to: URL(fileURLWithPath: runner))
        let stdin: SandboxInput = try check.seed.map { try context.stdin(fromFixture: $0) } ?? .none
        let policy = SandboxPolicy(
            profile: "python", limits: context.limits(for: test),
            readOnlyMounts: [SandboxMount(runner, at: Self.runnerPath)], workdir: workdir, stdin: stdin)
        let outcome = try await context.sandbox.run(
            ["python3", "-I", Self.runnerPath] + check.setup + [check.query], policy: policy)
        if let (verdict, detail) = outcome.failure(of: "your SQL") {
            return RunResult(verdict, detail, outcome: outcome)
        }
        let report: JSONValue
        do {
            report = try JSONValue.parse(outcome.stdout)
        } catch {
            throw GradingFailure.grader("the SQL runner printed no result (\(error))" + outcome.stderrTail())
        }
        if case .string(let message)? = try? report.value(at: "/error") {
            let stage =
                (try? report.value(at: "/stage")).flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "query"
            if stage == "seed" {
                throw GradingFailure.grader("the grader's seed SQL failed: \(message)")
            }
            let file = (try? report.value(at: "/file")).map(\.textForm) ?? check.query
            return RunResult(.runtimeError, "SQLite rejected \(file): \(message)", outcome: outcome)
        }
        if let problem = try checkPlan(report, check) ?? checkRows(report, check) {
            return RunResult(.wrongAnswer, problem, outcome: outcome)
        }
        if let budget = check.budget, case .number(let elapsed)? = try? report.value(at: "/elapsed_ms"),
            elapsed.doubleValue > Double(Units.milliseconds(budget))
        {
            return RunResult(
                .timeLimit,
                String(format: "the query took %.1f ms; the budget is %@", elapsed.doubleValue, budget.measured),
                outcome: outcome)
        }
        return RunResult(.passed, outcome: outcome)
    }

    private func checkPlan(_ report: JSONValue, _ check: SQLCheck) throws -> String? {
        guard !check.planMustInclude.isEmpty || !check.planMustExclude.isEmpty else { return nil }
        guard case .array(let lines)? = try? report.value(at: "/plan") else {
            throw GradingFailure.grader("the SQL runner reported no query plan")
        }
        let plan = lines.map(\.textForm)
        let text = plan.joined(separator: "\n").lowercased()
        let shown = "\nquery plan:\n" + plan.map { "  " + $0 }.joined(separator: "\n")
        for wanted in check.planMustInclude where !text.contains(wanted.lowercased()) {
            return "the query plan does not show \(wanted)" + shown
        }
        for unwanted in check.planMustExclude where text.contains(unwanted.lowercased()) {
            return "the query plan shows \(unwanted)" + shown
        }
        return nil
    }

    private func checkRows(_ report: JSONValue, _ check: SQLCheck) throws -> String? {
        guard let expectedText = check.expectRows else { return nil }
        let expected: [JSONValue]
        do {
            guard case .array(let rows) = try JSONValue.parse(try context.text(expectedText)) else {
                throw GradingFailure.grader("the grader's expected rows are not a JSON array")
            }
            expected = rows
        } catch let failure as GradingFailure {
            throw failure
        } catch {
            throw GradingFailure.grader("the grader's expected rows are not valid JSON: \(error)")
        }
        guard case .array(let actual)? = try? report.value(at: "/rows") else {
            throw GradingFailure.grader("the SQL runner reported no rows")
        }
        return Self.compareRows(expected: expected, actual: actual, ordered: check.ordered)
    }

    /// Compares result sets in order or as multisets; numbers compare by value (1 equals 1.0).
    static func compareRows(expected: [JSONValue], actual: [JSONValue], ordered: Bool) -> String? {
        func show(_ row: JSONValue) -> String { row.serialized(maxLength: 200) }
        if ordered {
            for (index, (want, got)) in zip(expected, actual).enumerated()
            where JSONValue.firstDifference(expected: want, actual: got) != nil {
                return "row \(index + 1): expected \(show(want)), got \(show(got))"
            }
        } else {
            var remaining = actual
            for want in expected {
                if let index = remaining.firstIndex(where: {
                    JSONValue.firstDifference(expected: want, actual: $0) == nil
                }) {
                    remaining.remove(at: index)
                } else {
                    return "the row \(show(want)) is missing from the result (\(actual.count) rows returned)"
                }
            }
            if let extra = remaining.first {
                return "the result has \(remaining.count) unexpected row(s), e.g. \(show(extra))"
            }
        }
        if expected.count != actual.count {
            return "expected \(expected.count) rows, got \(actual.count)"
        }
        return nil
    }

    /// The in-box runner. `-I` keeps the learner's files off Python's import path.
    static let program = #"""
        import json, sqlite3, sys, time

        def emit(obj):
            sys.stdout.write(json.dumps(obj, default=lambda v: v.hex() if isinstance(v, bytes) else str(v)))
            sys.stdout.flush()

        def main():
            *setup, query_file = sys.argv[1:]
            con = sqlite3.connect("/tmp/ladder.sqlite", isolation_level=None)
            seed = sys.stdin.read()
            try:
                con.executescript(seed)
            except Exception as e:
                return emit({"stage": "seed", "error": str(e)})
            for path in setup:
                try:
                    with open(path, encoding="utf-8") as f:
                        con.executescript(f.read())
                except Exception as e:
                    return emit({"stage": "setup", "file": path, "error": str(e)})
            try:
                with open(query_file, encoding="utf-8") as f:
                    query = f.read().strip().rstrip(";").strip()
            except Exception as e:
                return emit({"stage": "query", "file": query_file, "error": str(e)})
            try:
                plan = [row[3] for row in con.execute("EXPLAIN QUERY PLAN " + query)]
                start = time.perf_counter()
                cursor = con.execute(query)
                rows = [list(r) for r in cursor.fetchall()]
                elapsed = (time.perf_counter() - start) * 1000
            except Exception as e:
                return emit({"stage": "query", "file": query_file, "error": str(e)})
            emit({"rows": rows, "plan": plan, "elapsed_ms": elapsed,
                  "columns": [d[0] for d in (cursor.description or [])]})

        main()
        """#
}
