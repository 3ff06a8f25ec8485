import Foundation
import LadderGrading
import LadderModel
import Testing

@testable import LadderCore

/// `ladder lab validate` against the real log-stats lab and against copies broken in one way each.
@Suite(.requires(.sandbox))
struct AuthoringValidationTests {
    @Test func theRealLogStatsLabIsValidAndItsStrengthIsReported() async throws {
        let catalog = try AuthoringCatalog("real-log-stats")
        try catalog.copyRealLab("log-stats", languages: ["python", "node"])
        let result = try await catalog.validate("log-stats", runs: 2)
        #expect(result.passed, "\(result.listing)")
        #expect(result.version == "1.0.0")
        #expect(result.checks.filter { $0.subject.contains("(go)") }.isEmpty, "\(result.listing)")
        let strength = try #require(result.strength)
        let wrongSolutions = try FileManager.default.contentsOfDirectory(
            atPath: catalog.directory.file("Graders/log-stats/wrong"))
        #expect(strength.total == wrongSolutions.count)
        #expect(strength.caught == strength.total)
        #expect(
            result.check("strength", "grader strength")?.detail.hasPrefix(
                "\(strength.total) of \(strength.total) known-wrong solutions caught") == true)
        for language in ["python", "node"] {
            #expect(result.check("reference", "reference (\(language))")?.status == .passed, "\(result.listing)")
            #expect(result.check("starter", "starter (\(language))")?.status == .passed, "\(result.listing)")
            #expect(
                result.check("visible-tests", "visible tests (\(language))")?.status == .passed, "\(result.listing)")
        }
        let p95 = try #require(strength.solutions.first { $0.name == "p95-index-not-rank" })
        #expect(p95.caughtBy.contains("malformed-and-p95/p95-nearest-rank"))
        // Every wrong solution is caught by tests of its own: no twins warning.
        #expect(result.checks.filter { $0.kind == "distinct-wrong-solutions" }.isEmpty, "\(result.listing)")
        #expect(result.check("determinism", "determinism")?.status == .passed)
    }

    @Test func aReferenceThatFailsAHiddenTestFailsValidationNamingTheTest() async throws {
        let catalog = try AuthoringCatalog("ref-fails")
        try catalog.copyRealLab("log-stats", languages: ["python", "node"])
        // The reference now keeps query strings: one known mistake, so one hidden test fails.
        let reference = catalog.directory.file("Graders/log-stats/reference/python/main.py")
        try FileManager.default.removeItem(atPath: reference)
        try FileManager.default.copyItem(
            atPath: catalog.directory.file("Graders/log-stats/wrong/keeps-query-string/python/main.py"),
            toPath: reference)
        // With a starter sample of one language (CI's everyday check), as the test suite's catalog run uses.
        var validator = try catalog.validator(runs: 1)
        validator.starterSample = StrengthSample(count: 1, seed: "2026-12-04")
        let result = await validator.validate(catalog.location("log-stats"))
        #expect(!result.passed)
        let picked = SeededSample.pick(["python", "node"], count: 1, seed: "2026-12-04", id: { $0 })
        #expect(result.checks.filter { $0.kind == "starter" }.map(\.subject) == ["starter (\(picked[0]))"])
        #expect(
            result.check("sample", "starters")?.detail
                == "the starters of 1 of the 2 languages graded, picked by seed 2026-12-04: \(picked[0])")
        let check = try #require(result.check("reference", "reference (python)"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(check.tests.contains("top-paths/query-strings"), "\(check.tests)")
        #expect(check.detail.contains("top-paths/query-strings (wrong-answer"))
        // The node reference is untouched and still fine.
        #expect(result.check("reference", "reference (node)")?.status == .passed)
    }

    /// CI's everyday check grades a sample of the known-wrong solutions, picked by the seed: the same seed the same
    /// ones, and the strength line says which; a wrong solution left out of the sample cannot fail the lab.
    @Test func aWrongSampleGradesTheSolutionsItsSeedPicks() async throws {
        let catalog = try AuthoringCatalog("wrong-sample")
        try catalog.scaffold("greeting", kind: "io")
        let wrong = catalog.directory.file("Graders/greeting/wrong")
        let original = try #require(try FileManager.default.contentsOfDirectory(atPath: wrong).first)
        for copy in ["copy-a", "copy-b", "copy-c"] {
            try FileManager.default.copyItem(atPath: wrong + "/" + original, toPath: wrong + "/" + copy)
        }
        // One more that no test catches: the full validation fails on it.
        try FileManager.default.createDirectory(
            atPath: wrong + "/uncaught/python", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: catalog.directory.file("Graders/greeting/reference/python/main.py"),
            toPath: wrong + "/uncaught/python/main.py")
        let names = [original, "copy-a", "copy-b", "copy-c", "uncaught"]
        var validator = try catalog.validator(runs: 1)
        #expect(await validator.validate(catalog.location("greeting")).passed == false)
        for seed in ["2026-12-04", "2026-12-05", "another"] {
            validator.wrongSample = StrengthSample(count: 2, seed: seed)
            let picked = SeededSample.pick(names, count: 2, seed: seed, id: { $0 })
            let result = await validator.validate(catalog.location("greeting"))
            let graded = Set(result.strength?.solutions.map(\.name) ?? [])
            #expect(graded == Set(picked), "\(result.listing)")
            #expect(result.passed == !picked.contains("uncaught"), "\(result.listing)")
            let line = try #require(result.check("strength", "grader strength")?.detail)
            #expect(line.contains("a sample of 2 of the 5 known-wrong solutions, picked by seed \(seed): "), "\(line)")
        }
        #expect(
            SeededSample.pick(names, count: 2, seed: "x", id: { $0 })
                == SeededSample.pick(names, count: 2, seed: "x", id: { $0 }))
    }

    /// CI's everyday check grades each lab's reference in a sample of its languages: the first always, and every
    /// language in one of the labs validated together; the report says which and why.
    @Test func aReferenceSampleGradesTheFirstLanguageAndEachLanguageInOneLab() async throws {
        let catalog = try AuthoringCatalog("reference-sample")
        try catalog.copyRealLab("log-stats", languages: ["python", "node"])
        try catalog.copyRealLab("token-bucket", languages: ["python", "node"])
        var validator = try catalog.validator(runs: 1)
        validator.wrongSample = StrengthSample(count: 1, seed: "2026-12-05")
        validator.starterSample = StrengthSample(count: 1, seed: "2026-12-05")
        validator.referenceSample = StrengthSample(count: 1, seed: "2026-12-05")
        let results = await validator.validate([catalog.location("log-stats"), catalog.location("token-bucket")])
        #expect(results.map(\.labID) == ["log-stats", "token-bucket"])
        for result in results {
            #expect(result.passed, "\(result.listing)")
            #expect(result.check("reference", "reference (python)")?.status == .passed, "\(result.listing)")
            #expect(result.check("visible-tests", "visible tests (python)")?.status == .passed, "\(result.listing)")
        }
        // Node is graded in exactly one of the two labs, with its visible tests; the other says it graded one.
        let withNode = results.filter { $0.check("reference", "reference (node)")?.status == .passed }
        let withoutNode = results.filter { $0.check("reference", "reference (node)") == nil }
        #expect(withNode.count == 1 && withoutNode.count == 1, "\(results.map(\.listing))")
        #expect(withNode.first?.check("visible-tests", "visible tests (node)")?.status == .passed)
        #expect(withNode.first?.check("sample", "references") == nil)
        #expect(
            withoutNode.first?.check("sample", "references")?.detail
                == "the references of 1 of the 2 languages graded: python (the lab's first language)")
        #expect(withoutNode.first?.checks.contains { $0.subject == "visible tests (node)" } == false)
    }

    @Test func aWrongSolutionThatPassesEverythingIsNotCaught() async throws {
        let catalog = try AuthoringCatalog("not-caught")
        try catalog.scaffold("greeting", kind: "io")
        let wrong = catalog.directory.file("Graders/greeting/wrong/just-the-reference/python")
        try FileManager.default.createDirectory(atPath: wrong, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: catalog.directory.file("Graders/greeting/reference/python/main.py"), toPath: wrong + "/main.py")
        let result = try await catalog.validate("greeting")
        #expect(!result.passed)
        let check = try #require(
            result.check("wrong-solution", "wrong/just-the-reference (python)"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(check.detail.contains("not caught"))
        #expect(result.strength?.caught == 1)
        #expect(result.strength?.total == 2)
        #expect(result.check("strength", "grader strength")?.status == .failed)
        #expect(
            result.check("strength", "grader strength")?.detail.contains("1 of 2 known-wrong solutions caught") == true)
    }

    @Test func aWrongSolutionCaughtOnlyByStretchGoalsStillPassesTheLabAndFailsValidation() async throws {
        let catalog = try AuthoringCatalog("stretch-only")
        try catalog.scaffold("greeting", kind: "io")
        // The default-name tests are the only ones that catch wrong/no-default-name; as stretch goals, it passes.
        let spec = catalog.directory.file("Graders/greeting/grader.toml")
        var text = try String(contentsOfFile: spec, encoding: .utf8)
        for id in ["empty", "blank"] {
            text = text.replacingOccurrences(of: "id = \"\(id)\"\n", with: "id = \"\(id)\"\n  required = false\n")
        }
        try text.write(toFile: spec, atomically: true, encoding: .utf8)
        let manifest = catalog.directory.file("Labs/greeting/lab.toml")
        let lab = try String(contentsOfFile: manifest, encoding: .utf8)
        try lab.replacingOccurrences(of: "pass-mark = 100", with: "pass-mark = 50").write(
            toFile: manifest, atomically: true, encoding: .utf8)
        let result = try await catalog.validate("greeting", runs: 1)
        #expect(!result.passed)
        let check = try #require(result.check("wrong-solution", "wrong/no-default-name (python)"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(check.detail.contains("caught only by tests marked required = false"), "\(check.detail)")
        #expect(check.detail.contains("still passes the lab"), "\(check.detail)")
    }

    @Test func aFlakyTestIsNamedWithItsVerdicts() async throws {
        let catalog = try AuthoringCatalog("flaky")
        try catalog.scaffold("greeting", kind: "io")
        // A 0-point test whose program tosses a coin, compared exactly: its verdict changes from run to run.
        let spec = catalog.directory.file("Graders/greeting/grader.toml")
        var text = try String(contentsOfFile: spec, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "[[stages]]\nid = \"default-name\"",
            with: """
                  [[stages.tests]]
                  id = "coin"
                  points = 0
                  args = ["--coin"]
                  stdout = "heads"
                  compare = "exact"

                [[stages]]
                id = "default-name"
                """)
        try text.write(toFile: spec, atomically: true, encoding: .utf8)
        let coin =
            "import random\nimport sys\nif \"--coin\" in sys.argv:\n    print(random.choice([\"heads\", \"tails\"]), end=\"\")\n    sys.exit(0)\n"
        for program in [
            "Labs/greeting/starter/python/main.py", "Graders/greeting/reference/python/main.py",
            "Graders/greeting/wrong/no-default-name/python/main.py",
        ] {
            let path = catalog.directory.file(program)
            try (coin + (try String(contentsOfFile: path, encoding: .utf8))).write(
                toFile: path, atomically: true, encoding: .utf8)
        }
        // Six runs of three programs: all eighteen tosses agreeing within each program has odds of 1 in 32,768.
        let result = try await catalog.validate("greeting", runs: 6)
        #expect(!result.passed)
        let flaky = result.checks.filter { $0.kind == "determinism" && $0.status == .failed }
        #expect(!flaky.isEmpty, "\(result.listing)")
        for check in flaky {
            #expect(check.tests == ["greet/coin"])
            #expect(check.detail.contains("flaky test greet/coin"))
            #expect(check.detail.contains("passed") && check.detail.contains("wrong-answer"))
        }
    }

    @Test func wrongRunsGradesTheReferenceTwiceAndTheOthersOnceAndSaysWhereTheTimeWent() async throws {
        let catalog = try AuthoringCatalog("wrong-runs")
        try catalog.scaffold("greeting", kind: "io")
        let result = try await catalog.validate("greeting", runs: 2, wrongRuns: 1)
        #expect(result.passed, "\(result.listing)")
        let determinism = try #require(result.check("determinism", "determinism"))
        #expect(determinism.status == .passed)
        #expect(
            determinism.detail
                == "2 runs of each of 1 reference (the other solutions graded once) gave identical verdicts for every test"
        )
        // One reference twice, the starter and each known-wrong solution once.
        let wrong = try FileManager.default.contentsOfDirectory(
            atPath: catalog.directory.file("Graders/greeting/wrong"))
        let cost = try #require(result.cost)
        #expect(cost.gradings == 2 + 1 + wrong.count)
        let tests = try GraderSpec.load(
            directory: catalog.directory.file("Graders/greeting"),
            lab: try Lab.load(directory: catalog.directory.file("Labs/greeting"))
        ).stages.flatMap { stage in stage.tests.map { "\(stage.id)/\($0.id)" } }
        #expect(Set(cost.items.map(\.name)) == Set(tests), "every hidden test is accounted for, nothing else")
        #expect(cost.items.map(\.wallSeconds) == cost.items.map(\.wallSeconds).sorted(by: >), "most time first")
        #expect(cost.wallSeconds > 0)
    }

    @Test func theLabsWithTheMostToGradeStartFirst() throws {
        let work = { (id: String) in LabValidator.estimatedWork(LabLocation(id: id, root: CoreBox.repositoryRoot)) }
        // Five mutation tests in four languages, against one SQL query checked in one language.
        #expect(work("test-the-cart") > 10 * work("index-slow-query"))
        #expect(work("index-slow-query") > 0)
        // Timed service scenarios (script tests) weigh more than many quick io cases: graceful-shutdown takes the
        // longest of the catalog to validate, capacity-plan (32 io tests in four languages) a tenth of that.
        #expect(work("graceful-shutdown") > work("capacity-plan"))
        #expect(work("no-such-lab") == 0, "a lab that does not load is validated (and fails) last")
    }

    @Test func aStarterThatPassesFailsValidation() async throws {
        let catalog = try AuthoringCatalog("starter-passes")
        try catalog.scaffold("greeting", kind: "io")
        let starter = catalog.directory.file("Labs/greeting/starter/python/main.py")
        try FileManager.default.removeItem(atPath: starter)
        try FileManager.default.copyItem(
            atPath: catalog.directory.file("Graders/greeting/reference/python/main.py"), toPath: starter)
        let result = try await catalog.validate("greeting", runs: 1)
        #expect(!result.passed)
        let check = try #require(result.check("starter", "starter (python)"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(check.detail.contains("passes as given (100/100, every required test passes)"), "\(check.detail)")
    }

    @Test func aLanguageWithoutAReferenceFailsValidation() async throws {
        let catalog = try AuthoringCatalog("no-reference")
        try catalog.scaffold("greeting", kind: "io")
        let manifest = catalog.directory.file("Labs/greeting/lab.toml")
        var text = try String(contentsOfFile: manifest, encoding: .utf8)
        let firstStage = try #require(text.range(of: "\n[[stages]]"))
        text.insert(
            contentsOf: "\n[[languages]]\nid = \"node\"\nrun = [\"node\", \"main.js\"]\n", at: firstStage.lowerBound)
        try text.write(toFile: manifest, atomically: true, encoding: .utf8)
        try catalog.directory.write("Labs/greeting/starter/node/main.js", "// TODO\n")
        let result = try await catalog.validate("greeting", runs: 1)
        #expect(!result.passed)
        let check = try #require(result.check("reference", "reference (node)"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(check.detail.contains("reference/node is missing"))
        #expect(result.check("reference", "reference (python)")?.status == .passed)
        #expect(result.check("starter", "starter (node)")?.status == .passed)
    }

    @Test func aGraderErrorIsAFailureNamingTheTest() async throws {
        let catalog = try AuthoringCatalog("grader-error")
        try catalog.scaffold("slugs", kind: "script")
        try catalog.directory.write("Graders/slugs/check.py", "import sys\nprint('no report here')\nsys.exit(3)\n")
        let result = try await catalog.validate("slugs", runs: 1)
        #expect(!result.passed)
        let check = try #require(result.check("reference", "reference (python)"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(check.detail.contains("grader-error"))
        #expect(check.tests == ["words/words", "punctuation/punctuation"])
    }

    @Test func aBrokenManifestIsReportedWithItsFileAndLine() async throws {
        let catalog = try AuthoringCatalog("manifest")
        try catalog.scaffold("greeting", kind: "io")
        let manifest = catalog.directory.file("Labs/greeting/lab.toml")
        let text = try String(contentsOfFile: manifest, encoding: .utf8).replacingOccurrences(
            of: "databases.relational", with: "databases.sequel")
        try text.write(toFile: manifest, atomically: true, encoding: .utf8)
        let result = try await catalog.validate("greeting", runs: 1)
        #expect(!result.passed)
        let check = try #require(result.check("manifest", "lab.toml"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(check.detail.contains("lab.toml:"))
        #expect(check.detail.contains("unknown competency 'databases.sequel'"))
        // Nothing is graded for a lab whose manifest does not load.
        #expect(result.strength == nil)
    }

    @Test func aGraderWhosePointsDisagreeWithTheLabIsReported() async throws {
        let catalog = try AuthoringCatalog("points")
        try catalog.scaffold("greeting", kind: "io")
        let spec = catalog.directory.file("Graders/greeting/grader.toml")
        let text = try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(
            of: "points = 25", with: "points = 20")
        try text.write(toFile: spec, atomically: true, encoding: .utf8)
        let result = try await catalog.validate("greeting", runs: 1)
        let check = try #require(result.check("grader-spec", "grader.toml"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(check.detail.contains("has tests worth 40 points but lab.toml gives it 50"))
    }

    @Test func labArgumentsResolveToBothHalves() throws {
        let catalog = try AuthoringCatalog("resolve")
        try catalog.scaffold("greeting", kind: "io")
        let byPath = try LabLocation.resolve(catalog.directory.file("Labs/greeting"), catalogRoot: nil)
        #expect(byPath.graderDirectory == catalog.directory.file("Graders/greeting"))
        let byID = try LabLocation.resolve("greeting", catalogRoot: catalog.root)
        #expect(byID == byPath)
        #expect(throws: AuthoringError.self) { try LabLocation.resolve("greting-x", catalogRoot: catalog.root) }
        do {
            _ = try LabLocation.resolve("greetin", catalogRoot: catalog.root)
            Issue.record("an unknown id resolved")
        } catch {
            #expect(error.message.contains("did you mean `greeting`?"))
        }
        do {
            _ = try LabLocation.resolve(catalog.directory.file("Graders/greeting"), catalogRoot: nil)
            Issue.record("a directory outside Labs/ resolved")
        } catch {
            #expect(error.kind == .invalidInput)
        }
    }
}
