import Foundation
import LadderGrading
import LadderModel
import Testing

@testable import LadderCore

/// `ladder lab validate --strength` on a lab of the test's own: a clamp whose weak hidden tests let named mutants
/// live, and whose strong ones kill every mutant but the two equivalent ones, once those are declared.
@Suite(.requires(.sandbox))
struct MutationStrengthTests {
    static let reference = """
        import sys


        def clamp(value, low, high):
            if value < low:
                return low
            if value > high:
                return high
            return value


        def main():
            low, high = 0, 10
            for word in sys.stdin.read().split():
                print(clamp(int(word), low, high))


        if __name__ == "__main__":
            main()

        """

    /// Only values inside the range: nothing tells whether the bounds are applied at all.
    static let weakGrader = grader(greet: ("5", "5"), defaultName: ("7", "7"))
    /// Both bounds, just inside, on and past each of them.
    static let strongGrader = grader(greet: ("5 0 10", "5\\n0\\n10"), defaultName: ("-3 -1 11 14", "0\\n0\\n10\\n10"))

    static func grader(greet: (String, String), defaultName: (String, String)) -> String {
        """
        format = 1

        [[stages]]
        id = "greet"

          [[stages.tests]]
          id = "inside"
          covers = ["greet"]
          points = 50
          kind = "io"
          stdin = "\(greet.0)\\n"
          stdout = "\(greet.1)\\n"
          compare = "lines"

        [[stages]]
        id = "default-name"

          [[stages.tests]]
          id = "outside"
          covers = ["default-name"]
          points = 50
          kind = "io"
          stdin = "\(defaultName.0)\\n"
          stdout = "\(defaultName.1)\\n"
          compare = "lines"

        """
    }

    let catalog: AuthoringCatalog

    init() throws {
        catalog = try AuthoringCatalog("strength")
        try catalog.scaffold("clamp", kind: "io")
        try catalog.directory.write("Graders/clamp/reference/python/main.py", Self.reference)
        try catalog.directory.write("Graders/clamp/wrong/no-default-name/python/main.py", "print(5)\n")
        try catalog.directory.write("Labs/clamp/tests/01-ada.in", "5\n")
        try catalog.directory.write("Labs/clamp/tests/01-ada.out", "5\n")
    }

    func validate(_ grader: String, maxMutants: Int = 100) async throws -> (LabValidation, MutationStrength) {
        try catalog.directory.write("Graders/clamp/grader.toml", grader)
        let validator = LabValidator(
            sandbox: try CoreBox.sandbox(), runs: 1, mutation: MutationSettings(maxMutants: maxMutants))
        let result = await validator.validate(catalog.location("clamp"))
        #expect(result.check("reference", "reference (python)")?.status == .passed, "\(result.listing)")
        return (result, try #require(result.mutationStrength, "\(result.listing)"))
    }

    static func listings(_ strength: MutationStrength, _ status: MutantResult.Status) -> [String] {
        strength.mutants.filter { $0.status == status }.map(\.listing)
    }

    static let boundMutants = [
        "main.py:5: branch: if value < low: -> if False:",
        "main.py:6: return: return low -> return None",
        "main.py:7: branch: if value > high: -> if False:",
        "main.py:8: return: return high -> return None",
        "main.py:13: constant: low, high = 0, 10 -> low, high = 1, 10",
        "main.py:13: constant: low, high = 0, 10 -> low, high = 0, 9",
    ]
    static let equivalentMutants = [
        "main.py:5: comparison: if value < low: -> if value <= low:",
        "main.py:7: comparison: if value > high: -> if value >= high:",
    ]

    @Test func weakTestsLetTheBoundMutantsSurviveAndFailTheCheck() async throws {
        let (result, strength) = try await validate(Self.weakGrader)
        let survivors = Self.listings(strength, .survived)
        for listing in Self.boundMutants + Self.equivalentMutants {
            #expect(
                survivors.contains(listing),
                "\(listing) should survive; survivors:\n\(survivors.joined(separator: "\n"))")
        }
        // Removing the only print, or returning None for an in-range value, changes the output for any input.
        let killed = Self.listings(strength, .killed)
        #expect(killed.contains("main.py:15: statement: print(clamp(int(word), low, high)) -> pass"), "\(killed)")
        #expect(killed.contains("main.py:9: return: return value -> return None"), "\(killed)")
        #expect(
            strength.mutants.first { $0.listing == "main.py:9: return: return value -> return None" }?.killedBy
                == "greet/inside")
        #expect(strength.language == "python")
        #expect(strength.equivalent == 0)
        #expect(strength.killed + survivors.count == strength.mutants.count)
        #expect(strength.killed * 100 < MutationStrength.requiredPercent * strength.nonEquivalent)
        #expect(!strength.passed)
        let check = try #require(result.check("mutation-strength", "mutation strength (python)"), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(
            check.detail.hasPrefix(
                "strength: \(strength.killed) of \(strength.mutants.count) non-equivalent mutants killed (\(MutationStrength.format(percent: strength.percent))), 0 declared equivalent"
            ))
        #expect(check.detail.contains("declare it in Graders/clamp/equivalent-mutants.toml"))
        #expect(!result.passed)
    }

    @Test func strongTestsKillEveryMutantButTheDeclaredEquivalents() async throws {
        let (undeclared, before) = try await validate(Self.strongGrader)
        #expect(Self.listings(before, .survived).sorted() == Self.equivalentMutants.sorted(), "\(undeclared.listing)")
        for listing in Self.boundMutants {
            #expect(Self.listings(before, .killed).contains(listing), "\(listing) should be killed")
        }
        // Sixteen of eighteen is under 90%: the two equivalents must be declared for the lab to pass.
        #expect(before.mutants.count == 18)
        #expect(!before.passed)
        #expect(
            undeclared.check("mutation-strength", "mutation strength (python)")?.detail
                .hasPrefix(
                    "strength: 16 of 18 non-equivalent mutants killed (88.8%), 0 declared equivalent; at least 90% must be killed. For each of the 2 survivors listed"
                ) == true,
            "\(undeclared.listing)")

        let ids = before.mutants.filter { $0.status == .survived }.map(\.id)
        let declarations = ids.map {
            "[[equivalent]]\nid = \"\($0)\"\nreason = \"at the bound, the bound and the value are equal\"\n"
        }
        try catalog.directory.write(
            "Graders/clamp/equivalent-mutants.toml",
            declarations.joined(separator: "\n")
                + "\n[[equivalent]]\nid = \"main.py:return:0123abcd\"\nreason = \"an old mutant\"\n")
        let (result, strength) = try await validate(Self.strongGrader)
        #expect(strength.survivors.isEmpty, "\(result.listing)")
        #expect(Self.listings(strength, .equivalent).sorted() == Self.equivalentMutants.sorted())
        #expect(
            strength.mutants.filter { $0.status == .equivalent }.allSatisfy {
                $0.note == "at the bound, the bound and the value are equal"
            })
        #expect(strength.equivalent == 2)
        #expect(strength.killed == strength.nonEquivalent && strength.nonEquivalent == before.mutants.count - 2)
        #expect(strength.percent == 100)
        let check = try #require(result.check("mutation-strength", "mutation strength (python)"), "\(result.listing)")
        #expect(check.status == .passed)
        #expect(
            check.detail
                == "strength: \(strength.killed) of \(strength.killed) non-equivalent mutants killed (100%), 2 declared equivalent"
        )
        // The declaration no mutant has any more is named with its line.
        let stale = try #require(result.check("mutation-strength", EquivalentMutants.fileName), "\(result.listing)")
        #expect(stale.status == .warning)
        #expect(stale.detail.hasPrefix("line 10: no mutant of the reference has the id main.py:return:0123abcd now"))
        #expect(result.passed, "\(result.listing)")
    }

    @Test func theCapSamplesTheSameMutantsEveryRun() async throws {
        let (_, first) = try await validate(Self.strongGrader, maxMutants: 8)
        let (_, second) = try await validate(Self.strongGrader, maxMutants: 8)
        #expect(first.mutants.count == 8)
        #expect(first.candidates > 8)
        #expect(first.mutants.map(\.id) == second.mutants.map(\.id))
        #expect(first.mutants.map(\.status) == second.mutants.map(\.status))
        #expect(first.maxMutants == 8)
    }

    @Test func aBrokenDeclarationFailsTheCheckWithItsLine() async throws {
        try catalog.directory.write(
            "Graders/clamp/equivalent-mutants.toml", "[[equivalent]]\nid = \"main.py:5\"\nreason = \"x\"\n")
        try catalog.directory.write("Graders/clamp/grader.toml", Self.strongGrader)
        let validator = LabValidator(sandbox: try CoreBox.sandbox(), runs: 1, mutation: MutationSettings())
        let result = await validator.validate(catalog.location("clamp"))
        let check = try #require(result.check("mutation-strength", EquivalentMutants.fileName), "\(result.listing)")
        #expect(check.status == .failed)
        #expect(
            check.detail.contains("equivalent-mutants.toml:2: equivalent[0].id: `main.py:5` is not a mutant id"),
            "\(check.detail)")
        #expect(result.mutationStrength == nil)
        #expect(!result.passed)
    }

    @Test func aLabWithoutPythonOrSQLIsNotMeasuredAndSaysWhy() async throws {
        let node = try AuthoringCatalog("strength-node")
        try node.scaffold("hello", kind: "io")
        let manifest = node.directory.file("Labs/hello/lab.toml")
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
            .replacingOccurrences(
                of: "id = \"python\"\nname = \"Python\"\nrun = [\"python3\", \"main.py\"]",
                with: "id = \"node\"\nname = \"Node.js\"\nrun = [\"node\", \"main.js\"]")
        try text.write(toFile: manifest, atomically: true, encoding: .utf8)
        for half in ["Labs/hello/starter", "Graders/hello/reference", "Graders/hello/wrong/no-default-name"] {
            try FileManager.default.removeItem(atPath: node.directory.file(half + "/python"))
            try node.directory.write(half + "/node/main.js", "console.log('Hello, world!');\n")
        }
        let validator = LabValidator(sandbox: try CoreBox.sandbox(), runs: 1, mutation: MutationSettings())
        let result = await validator.validate(node.location("hello"))
        let check = try #require(result.check("mutation-strength", "mutation strength"), "\(result.listing)")
        #expect(check.status == .warning)
        #expect(check.detail.contains("no reference (node) has .py or .sql files"), "\(check.detail)")
        #expect(result.mutationStrength == nil)
    }

    @Test func withoutStrengthNoMutantIsGraded() async throws {
        try catalog.directory.write("Graders/clamp/grader.toml", Self.strongGrader)
        let result = try await catalog.validate("clamp", runs: 1)
        #expect(result.mutationStrength == nil)
        #expect(!result.checks.contains { $0.kind == "mutation-strength" })
    }
}

/// `--strength --record` and `--strength-sample`: the measured strength kept in `strength.toml` and held to in CI.
@Suite(.requires(.sandbox))
struct StrengthRecordTests {
    let catalog: AuthoringCatalog
    var recordPath: String { catalog.directory.file("Graders/clamp/" + StrengthRecord.fileName) }

    init() throws {
        catalog = try AuthoringCatalog("strength-record")
        try catalog.scaffold("clamp", kind: "io")
        try catalog.directory.write("Graders/clamp/reference/python/main.py", MutationStrengthTests.reference)
        try catalog.directory.write("Graders/clamp/wrong/no-default-name/python/main.py", "print(5)\n")
        try catalog.directory.write("Labs/clamp/tests/01-ada.in", "5\n")
        try catalog.directory.write("Labs/clamp/tests/01-ada.out", "5\n")
        try catalog.directory.write("Graders/clamp/grader.toml", MutationStrengthTests.strongGrader)
    }

    func validate(mutation: MutationSettings? = nil, sample: StrengthSample? = nil) async throws -> LabValidation {
        let validator = LabValidator(
            sandbox: try CoreBox.sandbox(), runs: 1, mutation: mutation, strengthSample: sample)
        return await validator.validate(catalog.location("clamp"))
    }

    func recordCheck(_ result: LabValidation) throws -> ValidationCheck {
        try #require(result.check("mutation-strength", "strength record"), "\(result.listing)")
    }

    /// Records the strong grader's strength with every survivor declared equivalent, so the record passes.
    func recordPassing() async throws -> StrengthRecord {
        let first = try await validate(mutation: MutationSettings(maxMutants: 10))
        let survivors = try #require(first.mutationStrength).survivors.map(\.id)
        try catalog.directory.write(
            "Graders/clamp/equivalent-mutants.toml",
            survivors.map { "[[equivalent]]\nid = \"\($0)\"\nreason = \"the bound itself\"\n" }.joined(separator: "\n"))
        let recorded = try await validate(mutation: MutationSettings(maxMutants: 10, record: true))
        #expect(try recordCheck(recorded).status == .passed, "\(recorded.listing)")
        return try #require(try StrengthRecord.load(graderDirectory: catalog.directory.file("Graders/clamp")))
    }

    @Test func aRecordKeepsWhatWasMeasuredAndTheSampleKillsItAgain() async throws {
        let record = try await recordPassing()
        let strength = try #require(try await validate(mutation: MutationSettings(maxMutants: 10)).mutationStrength)
        #expect(record.killed == strength.killed)
        #expect(record.nonEquivalent == strength.nonEquivalent)
        #expect(record.entries.map(\.id).sorted() == strength.mutants.map(\.id).sorted())
        #expect(record.maxMutants == 10)
        #expect(record.fingerprint == (try StrengthRecord.fingerprint(of: catalog.location("clamp"))))
        // Parsing what was written gives the same record back.
        #expect(try StrengthRecord.parse(record.text, file: "strength.toml") == record)

        let checked = try await validate(sample: StrengthSample(count: 3, seed: "day-1"))
        let check = try recordCheck(checked)
        #expect(check.status == .passed, "\(checked.listing)")
        #expect(check.detail.contains("3 of its killed mutants graded again (sample seed day-1), each killed again"))
        #expect(checked.passed, "\(checked.listing)")
    }

    /// A current record is what lets CI grade samples of a lab, so it is written only for a lab whose every solution
    /// was graded and passed its validation.
    @Test func noRecordIsWrittenForALabThatFailedOrWasSampled() async throws {
        try catalog.directory.write(
            "Graders/clamp/wrong/just-the-reference/python/main.py", MutationStrengthTests.reference)
        let invalid = try await validate(mutation: MutationSettings(maxMutants: 10, record: true))
        let refused = try recordCheck(invalid)
        #expect(refused.status == .failed)
        #expect(refused.detail.hasPrefix("not written: 2 checks above failed"), "\(refused.detail)")
        #expect(!FileManager.default.fileExists(atPath: recordPath))
        try FileManager.default.removeItem(atPath: catalog.directory.file("Graders/clamp/wrong/just-the-reference"))

        var validator = LabValidator(
            sandbox: try CoreBox.sandbox(), runs: 1, mutation: MutationSettings(maxMutants: 10, record: true))
        validator.wrongSample = StrengthSample(count: 1, seed: "s")
        let sampled = try recordCheck(await validator.validate(catalog.location("clamp")))
        #expect(sampled.status == .failed)
        #expect(sampled.detail.contains("--wrong-sample graded a sample"), "\(sampled.detail)")
        #expect(!FileManager.default.fileExists(atPath: recordPath))
    }

    @Test func aForgedKillIsFoundWhenTheSampleGradesIt() async throws {
        // Measured with the weak tests, whose survivors are real; then marked killed by hand.
        try catalog.directory.write("Graders/clamp/grader.toml", MutationStrengthTests.weakGrader)
        _ = try await validate(mutation: MutationSettings(maxMutants: 10, record: true))
        let honest = try String(contentsOfFile: recordPath, encoding: .utf8)
        #expect(honest.contains("status = \"survived\""))
        try honest.replacingOccurrences(of: "status = \"survived\"", with: "status = \"killed\"")
            .write(toFile: recordPath, atomically: true, encoding: .utf8)
        let forged = try #require(try StrengthRecord.load(graderDirectory: catalog.directory.file("Graders/clamp")))
        #expect(forged.passed)

        let checked = try await validate(sample: StrengthSample(count: 10, seed: "any"))
        let check = try recordCheck(checked)
        #expect(check.status == .failed, "\(checked.listing)")
        #expect(check.detail.contains("were not killed"), "\(check.detail)")
        #expect(check.detail.contains("survived"), "\(check.detail)")
        #expect(!checked.passed)
    }

    @Test func aRecordUnderTheMarkFails() async throws {
        try catalog.directory.write("Graders/clamp/grader.toml", MutationStrengthTests.weakGrader)
        _ = try await validate(mutation: MutationSettings(maxMutants: 10, record: true))
        let checked = try await validate(sample: StrengthSample(count: 2, seed: "any"))
        let check = try recordCheck(checked)
        #expect(check.status == .failed)
        #expect(check.detail.contains("at least 90% must be killed"), "\(check.detail)")
    }

    @Test func aLabChangedSinceItsRecordIsOutOfDate() async throws {
        _ = try await recordPassing()
        try catalog.directory.write("Graders/clamp/grader.toml", MutationStrengthTests.weakGrader)
        let checked = try await validate(sample: StrengthSample(count: 2, seed: "any"))
        let check = try recordCheck(checked)
        #expect(check.status == .failed)
        #expect(check.detail.hasPrefix("out of date"), "\(check.detail)")
        #expect(check.detail.contains("ladder lab validate clamp --strength --record"), "\(check.detail)")
        // An author's plain validate says so too, as a warning.
        let plain = try await validate()
        #expect(try recordCheck(plain).status == .warning)
    }

    @Test func aLabNeverMeasuredFailsTheSampleCheckOnly() async throws {
        let checked = try await validate(sample: StrengthSample(count: 2, seed: "any"))
        let check = try recordCheck(checked)
        #expect(check.status == .failed)
        #expect(check.detail.hasPrefix("the lab's strength was never recorded"), "\(check.detail)")
        let plain = try await validate()
        #expect(plain.check("mutation-strength", "strength record") == nil, "\(plain.listing)")
    }

    @Test func theRecordIsNotPartOfTheGraderDigestAndTheSampleFollowsItsSeed() async throws {
        let graders = catalog.directory.file("Graders/clamp")
        let record = try await recordPassing()
        let withRecord = try GraderDigest.compute(directory: graders)
        try FileManager.default.removeItem(atPath: recordPath)
        #expect(try GraderDigest.compute(directory: graders) == withRecord)
        try record.write(graderDirectory: graders)
        #expect(try GraderDigest.compute(directory: graders) == withRecord)

        let killed = record.entries.filter { $0.status == .killed }.count
        #expect(killed >= 6)
        #expect(record.sample(3, seed: "a").map(\.id) == record.sample(3, seed: "a").map(\.id))
        #expect(record.sample(3, seed: "a").allSatisfy { $0.status == .killed })
        let seeds = ["a", "b", "c", "d", "e"].map { record.sample(3, seed: $0).map(\.id) }
        #expect(Set(seeds).count > 1)
        #expect(record.sample(killed + 5, seed: "a").count == killed)
    }
}
