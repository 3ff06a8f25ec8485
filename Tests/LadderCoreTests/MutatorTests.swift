import Foundation
import LadderModel
import Testing

@testable import LadderCore

/// The mutator program, run in the sandbox as `--strength` runs it: which mutants each operator makes, and that the
/// sample is the same every time.
@Suite(.requires(.sandbox))
struct MutatorTests {
    static let python = #"""
        """A module docstring is never mutated."""
        import sys


        def price(quantity, unit, code):
            total = quantity * unit
            if quantity >= 10 and code != "NONE":
                total = total - total // 10
            elif not code:
                total += 1
            send_header("Content-Type", "application/json")
            return total


        def respond(ok):
            if not ok:
                return send("error")
            send("ok")


        if __name__ == "__main__":
            print(price(3, 4, sys.argv[1]) + "!")


        def cap(total):
            return min(total, 100)

        """#

    static let sql = """
        -- Orders per active customer, this week.
        SELECT c.name, COUNT(*) AS orders, COUNT(DISTINCT o.day) AS days
        FROM customers AS c
        LEFT JOIN orders AS o ON o.customer_id = c.id
        JOIN regions r ON r.id = c.region_id
        WHERE o.total >= 100 AND o.day BETWEEN 1 AND 7 AND c.active = 1
        GROUP BY c.name
        ORDER BY orders DESC, c.name;

        """

    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory("mutator")
        try directory.write("solution/calc.py", Self.python)
        try directory.write("solution/queries/report.sql", Self.sql)
    }

    func generate(_ files: [String], max: Int = 500, seed: String = MutationSettings.sampleSeed) async throws
        -> MutantCatalog
    {
        try await MutantGenerator(sandbox: try CoreBox.sandbox(), scratchParent: directory.path)
            .generate(files: files, in: directory.file("solution"), maxMutants: max, seed: seed)
    }

    static func listing(_ mutant: Mutant) -> String {
        "\(mutant.file):\(mutant.line): \(mutant.operator): \(mutant.original) -> \(mutant.mutated)"
    }

    @Test func pythonOperatorsMakeTheExpectedMutants() async throws {
        let catalog = try await generate(["calc.py"])
        let listings = catalog.mutants.map(Self.listing)
        let expected = [
            #"calc.py:6: arithmetic: total = quantity * unit -> total = quantity / unit"#,
            #"calc.py:6: statement: total = quantity * unit -> pass"#,
            #"calc.py:7: comparison: if quantity >= 10 and code != "NONE": -> if quantity > 10 and code != "NONE":"#,
            #"calc.py:7: comparison: if quantity >= 10 and code != "NONE": -> if quantity >= 10 and code == "NONE":"#,
            #"calc.py:7: boolean: if quantity >= 10 and code != "NONE": -> if quantity >= 10 or code != "NONE":"#,
            #"calc.py:7: constant: if quantity >= 10 and code != "NONE": -> if quantity >= 11 and code != "NONE":"#,
            #"calc.py:7: constant: if quantity >= 10 and code != "NONE": -> if quantity >= 9 and code != "NONE":"#,
            #"calc.py:7: branch: if quantity >= 10 and code != "NONE": -> if True:"#,
            #"calc.py:7: branch: if quantity >= 10 and code != "NONE": -> if False:"#,
            #"calc.py:8: arithmetic: total = total - total // 10 -> total = total + total // 10"#,
            #"calc.py:8: arithmetic: total = total - total // 10 -> total = total - total % 10"#,
            #"calc.py:9: boolean: elif not code: -> elif code:"#,
            #"calc.py:9: branch: elif not code: -> elif False:"#,
            #"calc.py:10: arithmetic: total += 1 -> total -= 1"#,
            #"calc.py:10: constant: total += 1 -> total += 0"#,
            #"calc.py:11: arguments: send_header("Content-Type", "application/json") -> send_header("application/json", "Content-Type")"#,
            #"calc.py:11: string: send_header("Content-Type", "application/json") -> send_header('X-Mutated-Content-Type', "application/json")"#,
            #"calc.py:11: string: send_header("Content-Type", "application/json") -> send_header("Content-Type", 'text/plain')"#,
            #"calc.py:11: statement: send_header("Content-Type", "application/json") -> pass"#,
            #"calc.py:12: return: return total -> return None"#,
            #"calc.py:22: arguments: print(price(3, 4, sys.argv[1]) + "!") -> print(price(4, 3, sys.argv[1]) + "!")"#,
        ]
        for listing in expected {
            #expect(listings.contains(listing), "missing: \(listing)\nall:\n\(listings.joined(separator: "\n"))")
        }
        // Never mutated: the docstring, imports, `return send(...)` where the function ends without a value anyway,
        // the `__main__` guard, and joining text with `+`.
        #expect(!listings.contains { $0.contains("docstring") || $0.contains("import") }, "\(listings)")
        #expect(!listings.contains { $0.hasPrefix("calc.py:17: return:") }, "\(listings)")
        #expect(!listings.contains { $0.hasPrefix("calc.py:21:") }, "\(listings)")
        #expect(!listings.contains { $0.hasPrefix("calc.py:22: arithmetic:") }, "\(listings)")
        // min's arguments can change places: swapping them makes only an equivalent mutant.
        #expect(
            listings.contains("calc.py:26: constant: return min(total, 100) -> return min(total, 101)"), "\(listings)")
        #expect(!listings.contains { $0.hasPrefix("calc.py:26: arguments:") }, "\(listings)")
        // Every mutant is the whole file with exactly one change, where the listing says.
        let original = Self.python.split(separator: "\n", omittingEmptySubsequences: false)
        for mutant in catalog.mutants {
            let lines = mutant.source.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == original.count, "\(Self.listing(mutant))")
            let changed = zip(lines, original).enumerated().filter { $0.element.0 != $0.element.1 }.map {
                $0.offset + 1
            }
            #expect(changed == [mutant.line], "\(Self.listing(mutant)) changed lines \(changed)")
        }
        #expect(catalog.candidates.map(\.id) == catalog.mutants.map(\.id), "under the cap, every candidate is graded")
        #expect(
            Set(catalog.mutants.map(\.operator)) == [
                "arithmetic", "comparison", "boolean", "constant", "string", "branch", "arguments", "statement",
                "return",
            ])
    }

    @Test func sqlOperatorsMakeTheExpectedMutants() async throws {
        let catalog = try await generate(["queries/report.sql"])
        let listings = catalog.mutants.map(Self.listing).map {
            $0.replacingOccurrences(of: "queries/report.sql:", with: "")
        }
        let expected = [
            "2: count: SELECT c.name, COUNT(*) AS orders, COUNT(DISTINCT o.day) AS days -> SELECT c.name, COUNT(o.customer_id) AS orders, COUNT(DISTINCT o.day) AS days",
            "2: distinct: SELECT c.name, COUNT(*) AS orders, COUNT(DISTINCT o.day) AS days -> SELECT c.name, COUNT(*) AS orders, COUNT(o.day) AS days",
            "4: join: LEFT JOIN orders AS o ON o.customer_id = c.id -> JOIN orders AS o ON o.customer_id = c.id",
            "5: join: JOIN regions r ON r.id = c.region_id -> LEFT JOIN regions r ON r.id = c.region_id",
            "6: comparison: WHERE o.total >= 100 AND o.day BETWEEN 1 AND 7 AND c.active = 1 -> WHERE o.total > 100 AND o.day BETWEEN 1 AND 7 AND c.active = 1",
            "6: where: WHERE o.total >= 100 AND o.day BETWEEN 1 AND 7 AND c.active = 1 -> WHERE o.day BETWEEN 1 AND 7 AND c.active = 1",
            "6: where: WHERE o.total >= 100 AND o.day BETWEEN 1 AND 7 AND c.active = 1 -> WHERE o.total >= 100 AND c.active = 1",
            "6: where: WHERE o.total >= 100 AND o.day BETWEEN 1 AND 7 AND c.active = 1 -> WHERE o.total >= 100 AND o.day BETWEEN 1 AND 7",
            "6: constant: WHERE o.total >= 100 AND o.day BETWEEN 1 AND 7 AND c.active = 1 -> WHERE o.total >= 100 AND o.day BETWEEN 1 AND 8 AND c.active = 1",
            "8: order: ORDER BY orders DESC, c.name; -> ORDER BY orders ASC, c.name;",
            "8: order: ORDER BY orders DESC, c.name; -> ORDER BY orders DESC, c.name DESC;",
        ]
        for listing in expected {
            #expect(listings.contains(listing), "missing: \(listing)\nall:\n\(listings.joined(separator: "\n"))")
        }
        // BETWEEN's AND is not a WHERE term of its own: three terms, three mutants that drop one.
        #expect(listings.filter { $0.hasPrefix("6: where:") }.count == 3, "\(listings)")
        #expect(!listings.contains { $0.hasPrefix("1:") }, "nothing in the comment is mutated: \(listings)")
        // A file of one statement is not emptied: that only fails to run.
        #expect(!catalog.mutants.contains { $0.operator == "statement" })
    }

    @Test func theSampleIsTheSameEveryRunAndSpreadOverOperators() async throws {
        let files = ["calc.py", "queries/report.sql"]
        let everything = try await generate(files)
        #expect(everything.candidates.count > 50)
        let first = try await generate(files, max: 14)
        let second = try await generate(files, max: 14)
        #expect(first == second)
        #expect(first.mutants.count == 14)
        #expect(first.candidates == everything.candidates, "every candidate is listed, sampled or not")
        // The sample keeps file and line order, and its ids are those of the full list.
        let order = everything.candidates.map(\.id)
        let positions = first.mutants.compactMap { order.firstIndex(of: $0.id) }
        #expect(positions.count == 14 && positions == positions.sorted())
        // Operators take turns: fourteen mutants cover all fourteen operators the two files have.
        #expect(Set(first.mutants.map(\.operator)) == Set(everything.candidates.map(\.operator)))
        // Another seed draws another sample.
        let reseeded = try await generate(files, max: 14, seed: "another-seed")
        #expect(reseeded.mutants.map(\.id) != first.mutants.map(\.id))
    }

    @Test func idsStayWhenOtherCodeMoves() async throws {
        let before = try await generate(["calc.py"])
        try directory.write(
            "solution/calc.py", Self.python.replacingOccurrences(of: "import sys\n", with: "import os\n\nimport sys\n"))
        let after = try await generate(["calc.py"])
        #expect(before.mutants.map(\.id) == after.mutants.map(\.id))
        #expect(after.mutants.first?.line == (before.mutants.first?.line ?? 0) + 2)
    }

    @Test func aFileThatDoesNotParseIsANoteNotAFailure() async throws {
        try directory.write("solution/broken.py", "def f(:\n    pass\n")
        let catalog = try await generate(["broken.py", "calc.py"])
        #expect(
            catalog.notes.contains { $0.hasPrefix("broken.py: not mutated: Python cannot parse it (line 1") },
            "\(catalog.notes)")
        #expect(!catalog.mutants.isEmpty)
        #expect(catalog.mutants.allSatisfy { $0.file == "calc.py" })
    }
}

/// `Graders/<id>/equivalent-mutants.toml`: what a declaration needs, and the errors that name its line.
struct EquivalentMutantsTests {
    @Test func declarationsAreReadWithTheirLines() throws {
        let text = """
            # Mutants that behave like the reference.
            [[equivalent]]
            id = "main.py:comparison:03e7ae99"
            reason = "the list is never empty here"

            [[equivalent]]
            id = "queries/top.sql:order:b08bbf15"
            reason = "ties are broken by id anyway"
            """
        let declared = try EquivalentMutants.parse(text, file: "equivalent-mutants.toml")
        #expect(declared.declarations.map(\.id) == ["main.py:comparison:03e7ae99", "queries/top.sql:order:b08bbf15"])
        #expect(declared.declarations.map(\.line) == [3, 7])
        #expect(declared.declaration(for: "queries/top.sql:order:b08bbf15")?.reason == "ties are broken by id anyway")
        #expect(declared.declaration(for: "main.py:comparison:00000000") == nil)
    }

    @Test func aMissingFileDeclaresNothing() throws {
        let directory = try TemporaryDirectory("no-equivalents")
        #expect(try EquivalentMutants.load(graderDirectory: directory.path).declarations.isEmpty)
    }

    @Test(arguments: [
        ("[[equivalent]]\nid = \"main.py:3\"\nreason = \"x\"\n", 2, "is not a mutant id"),
        ("[[equivalent]]\nid = \"main.py:comparison:03e7ae99\"\n", 1, "missing required key 'reason'"),
        ("[[equivalent]]\nid = \"main.py:comparison:03e7ae99\"\nreason = \"  \"\n", 3, "must not be empty"),
        (
            "[[equivalent]]\nid = \"a.py:return:0123abcd\"\nreason = \"x\"\n[[equivalent]]\nid = \"a.py:return:0123abcd\"\nreason = \"y\"\n",
            5, "declared twice (first on line 2)"
        ),
        ("[[equivalent]]\nid = \"a.py:return:0123abcd\"\nreson = \"x\"\n", 3, "unknown key 'reson'"),
    ])
    func badDeclarationsNameTheLine(text: String, line: Int, message: String) {
        do {
            _ = try EquivalentMutants.parse(text, file: "Graders/x/equivalent-mutants.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(error.file == "Graders/x/equivalent-mutants.toml")
        }
    }
}
