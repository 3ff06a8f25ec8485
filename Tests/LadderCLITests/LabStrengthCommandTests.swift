import Foundation
import Testing

/// `ladder lab validate --strength`, run as the real binary: the strength line, the survivors an author reads, the
/// JSON document, and the options' errors.
extension LabCommandTests {
    @Test func theScaffoldsMutantsAreAllKilled() async throws {
        #expect(try await newLab("greeting").exitCode == 0)
        let result = try await machine.ladder([
            "lab", "validate", catalog + "/Labs/greeting", "--runs", "1", "--strength",
        ])
        #expect(result.exitCode == 0, "\(result)")
        #expect(
            result.stdout.contains(
                "✓ mutation strength (python): strength: 4 of 4 non-equivalent mutants killed (100%), 0 declared equivalent"
            ), "\(result)")
        #expect(result.stdout.contains("4 of 4 mutants killed (100%)"), "the lab's summary line: \(result)")
        #expect(!result.stdout.contains("survived ("))
    }

    @Test func weakHiddenTestsFailTheCheckAndListTheSurvivors() async throws {
        #expect(try await newLab("clamp").exitCode == 0)
        try writeFiles(
            [
                "Graders/clamp/reference/python/main.py": """
                import sys


                def clamp(value, low, high):
                    if value < low:
                        return low
                    return value


                for word in sys.stdin.read().split():
                    print(clamp(int(word), 0, 10))

                """,
                "Graders/clamp/wrong/no-default-name/python/main.py": "print(1)\n",
                // Only values above the bound: nothing shows whether it is applied.
                "Graders/clamp/cases/01-name.in": "5\n", "Graders/clamp/cases/01-name.out": "5\n",
                "Graders/clamp/cases/02-spaces.in": "6\n", "Graders/clamp/cases/02-spaces.out": "6\n",
                "Graders/clamp/cases/03-empty.in": "7\n", "Graders/clamp/cases/03-empty.out": "7\n",
                "Graders/clamp/cases/04-blank.in": "8 9\n", "Graders/clamp/cases/04-blank.out": "8\n9\n",
                "Labs/clamp/tests/01-ada.in": "5\n", "Labs/clamp/tests/01-ada.out": "5\n",
            ], under: catalog)
        let result = try await machine.ladder([
            "lab", "validate", "clamp", "--catalog", catalog, "--runs", "1", "--strength",
        ])
        #expect(result.exitCode == 1, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let check = try #require(
            lines.first { $0.hasPrefix("  ✗ mutation strength (python): strength: ") }, "\(result)")
        #expect(check.contains("non-equivalent mutants killed ("), "\(check)")
        #expect(check.contains("0 declared equivalent; at least 90% must be killed"), "\(check)")
        let survived = try #require(lines.firstIndex { $0.hasPrefix("    survived (") }, "\(result)")
        let survivors = lines[(survived + 1)...].prefix { $0.hasPrefix("      ") }
        for listing in [
            "main.py:5: branch: if value < low: -> if False:",
            "main.py:5: comparison: if value < low: -> if value <= low:",
            "main.py:6: return: return low -> return None",
            "main.py:11: constant: print(clamp(int(word), 0, 10)) -> print(clamp(int(word), 1, 10))",
        ] {
            #expect(
                survivors.contains { $0.hasPrefix("      " + listing + "  [main.py:") },
                "\(listing) not listed: \(result)")
        }
        #expect(result.stdout.contains("INVALID  clamp 0.1.0"))

        let json = try await machine.ladder([
            "lab", "validate", "clamp", "--catalog", catalog, "--runs", "1", "--strength", "--max-mutants", "5",
            "--json",
        ])
        #expect(json.exitCode == 1, "\(json)")
        let document = try #require(try json.json() as? [String: Any], "\(json)")
        let lab = try #require(document.array("labs").first)
        let strength = try #require(lab["mutationStrength"] as? [String: Any], "\(json)")
        #expect(strength.string("language") == "python")
        #expect(strength.int("maxMutants") == 5)
        let mutants = strength.array("mutants")
        #expect(mutants.count == 5)
        #expect(mutants.allSatisfy { ["killed", "survived"].contains($0.string("status") ?? "") }, "\(mutants)")
        #expect(mutants.allSatisfy { ($0.string("id") ?? "").hasPrefix("main.py:") })
        for killed in mutants where killed.string("status") == "killed" {
            #expect(killed.string("killedBy") != nil, "\(killed)")
        }
        let strengthCheck = lab.array("checks").first { $0.string("kind") == "mutation-strength" }
        #expect(strengthCheck?.string("detail")?.hasPrefix("strength: ") == true)
    }

    @Test func maxMutantsNeedsStrengthAndARange() async throws {
        let alone = try await machine.ladder(["lab", "validate", "log-stats", "--max-mutants", "10"])
        #expect(alone.exitCode == 64, "\(alone)")
        #expect(alone.stderr.contains("--max-mutants needs --strength"), "\(alone)")
        let zero = try await machine.ladder(["lab", "validate", "log-stats", "--strength", "--max-mutants", "0"])
        #expect(zero.exitCode == 64, "\(zero)")
        #expect(zero.stderr.contains("--max-mutants must be between 1 and 500"), "\(zero)")
    }

    @Test func aRecordedStrengthIsWrittenThenCheckedBySample() async throws {
        #expect(try await newLab("greeting").exitCode == 0)
        let recorded = try await machine.ladder([
            "lab", "validate", catalog + "/Labs/greeting", "--runs", "1", "--strength", "--record",
        ])
        #expect(recorded.exitCode == 0, "\(recorded)")
        #expect(
            recorded.stdout.contains(
                "strength record: written to Graders/greeting/strength.toml: 4 of 4 non-equivalent mutants killed (100%)"
            ),
            "\(recorded)")
        let checked = try await machine.ladder([
            "lab", "validate", catalog + "/Labs/greeting", "--runs", "1", "--strength-sample", "2", "--sample-seed",
            "s1",
        ])
        #expect(checked.exitCode == 0, "\(checked)")
        #expect(
            checked.stdout.contains("2 of its killed mutants graded again (sample seed s1), each killed again"),
            "\(checked)")
    }

    @Test func recordAndSampleOptionsSayWhatTheyNeed() async throws {
        let record = try await machine.ladder(["lab", "validate", "log-stats", "--record"])
        #expect(record.exitCode == 64, "\(record)")
        #expect(record.stderr.contains("--record needs --strength"), "\(record)")
        let both = try await machine.ladder(["lab", "validate", "log-stats", "--strength", "--strength-sample", "2"])
        #expect(both.exitCode == 64, "\(both)")
        #expect(both.stderr.contains("not both"), "\(both)")
        let sampled = try await machine.ladder([
            "lab", "validate", "log-stats", "--strength", "--record", "--reference-sample", "1",
        ])
        #expect(sampled.exitCode == 64, "\(sampled)")
        #expect(sampled.stderr.contains("--record grades every solution"), "\(sampled)")
        let noReference = try await machine.ladder(["lab", "validate", "--all", "--reference-sample", "0"])
        #expect(noReference.exitCode == 64, "\(noReference)")
        #expect(noReference.stderr.contains("--reference-sample must be at least 1"), "\(noReference)")
        let seed = try await machine.ladder(["lab", "validate", "log-stats", "--sample-seed", "x"])
        #expect(seed.exitCode == 64, "\(seed)")
        #expect(seed.stderr.contains("--sample-seed needs --strength-sample"), "\(seed)")
    }
}
