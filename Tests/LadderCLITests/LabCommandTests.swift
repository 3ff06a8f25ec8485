import Foundation
import Testing

/// `ladder lab new | validate | publish`, run as the real binary: what they print, their exit codes, what they write.
@Suite(.requires(.sandbox + [.ladderBuilt]))
struct LabCommandTests {
    let machine: LearnerMachine
    /// A catalog of the test's own, with the real competency map and ladder rules.
    let catalog: String

    init() throws {
        machine = try LearnerMachine()
        catalog = machine.path("catalog")
        try FileManager.default.createDirectory(atPath: catalog + "/Labs", withIntermediateDirectories: true)
        for name in ["competencies.toml", "ladder.toml"] {
            try FileManager.default.copyItem(
                atPath: Products.packageRoot.path + "/Labs/" + name, toPath: catalog + "/Labs/" + name)
        }
    }

    func newLab(_ id: String, kind: String = "io") async throws -> CommandResult {
        try await machine.ladder([
            "lab", "new", id, "--area", "security", "--level", "senior", "--kind", kind, "--dir", catalog,
        ])
    }

    @Test func newThenValidatePasses() async throws {
        let created = try await newLab("safe-greeting")
        #expect(created.exitCode == 0, "\(created)")
        #expect(created.stdout.contains("Labs/safe-greeting/lab.toml"))
        #expect(created.stdout.contains("Graders/safe-greeting/wrong/no-default-name/python/main.py"))

        let validated = try await machine.ladder(["lab", "validate", catalog + "/Labs/safe-greeting", "--runs", "2"])
        #expect(validated.exitCode == 0, "\(validated)")
        #expect(validated.stdout.contains("✓ reference (python): full marks, 100/100, in each of 2 runs"))
        #expect(validated.stdout.contains("✓ starter (python): does not pass"))
        #expect(
            validated.stdout.contains(
                "✓ wrong/no-default-name (python): caught by default-name/empty, default-name/blank"))
        #expect(validated.stdout.contains("VALID  safe-greeting 0.1.0"))
        #expect(validated.stdout.contains("1 of 1 known-wrong solutions caught"))
        #expect(!validated.stdout.contains("✗"))
    }

    @Test func newRefusesBadInput() async throws {
        let badID = try await newLab("Bad_Lab")
        #expect(badID.exitCode != 0)
        #expect(badID.stderr.contains("kebab case"), "\(badID)")
        let badArea = try await machine.ladder([
            "lab", "new", "x", "--area", "nowhere", "--level", "junior", "--kind", "io", "--dir", catalog,
        ])
        #expect(badArea.exitCode != 0)
        #expect(badArea.stderr.contains("unknown area `nowhere`"), "\(badArea)")
        #expect(badArea.stderr.contains("security"))
        let badKind = try await machine.ladder([
            "lab", "new", "x", "--area", "api", "--level", "junior", "--kind", "soap", "--dir", catalog,
        ])
        #expect(badKind.stderr.contains("supports: io, http, sql, script"), "\(badKind)")
        #expect(!FileManager.default.fileExists(atPath: catalog + "/Labs/x"))

        #expect(try await newLab("twice").exitCode == 0)
        let again = try await newLab("twice", kind: "sql")
        #expect(again.exitCode != 0)
        #expect(again.stderr.contains("already exists"), "\(again)")
    }

    @Test func labsValidatedSideBySideReportAsOneAfterTheOther() async throws {
        for id in ["alpha-lab", "beta-lab", "gamma-lab"] {
            #expect(try await newLab(id).exitCode == 0)
        }
        let paths = ["alpha-lab", "beta-lab", "gamma-lab"].map { catalog + "/Labs/" + $0 }
        let parallel = try await machine.ladder(["lab", "validate"] + paths + ["--runs", "2", "--jobs", "3"])
        #expect(parallel.exitCode == 0, "\(parallel)")
        // Each lab's lines form one block, from its name to its verdict, whatever order they finished in.
        let lines = parallel.stdout.split(separator: "\n").map(String.init)
        for id in ["alpha-lab", "beta-lab", "gamma-lab"] {
            let start = try #require(lines.firstIndex { $0.hasPrefix(id + "  ") }, "\(parallel)")
            let end = try #require(lines.firstIndex { $0.hasPrefix("VALID  \(id) ") }, "\(parallel)")
            #expect(start < end)
            #expect(
                lines[(start + 1)..<end].allSatisfy { $0.hasPrefix("  ") },
                "another lab's lines inside \(id)'s: \(parallel)")
        }
        #expect(parallel.stdout.contains("3 of 3 labs valid"))

        let json = try await machine.ladder(["lab", "validate"] + paths + ["--runs", "1", "--jobs", "2", "--json"])
        let document = try #require(try json.json() as? [String: Any], "\(json)")
        #expect(
            document.array("labs").map { $0.string("labID") } == ["alpha-lab", "beta-lab", "gamma-lab"],
            "results in the order asked")

        let bad = try await machine.ladder(["lab", "validate", paths[0], "--jobs", "0"])
        #expect(bad.exitCode == 64, "\(bad)")
        #expect(bad.stderr.contains("--jobs must be between 1 and 64"), "\(bad)")
    }

    @Test func validateReportsFailuresAndExitsNonZero() async throws {
        #expect(try await newLab("leaky").exitCode == 0)
        // The starter already solves the lab.
        try FileManager.default.removeItem(atPath: catalog + "/Labs/leaky/starter/python/main.py")
        try FileManager.default.copyItem(
            atPath: catalog + "/Graders/leaky/reference/python/main.py",
            toPath: catalog + "/Labs/leaky/starter/python/main.py")
        let result = try await machine.ladder(["lab", "validate", "leaky", "--catalog", catalog, "--runs", "1"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("✗ starter (python): passes as given"))
        #expect(result.stdout.contains("INVALID  leaky 0.1.0: 1 of"))

        let json = try await machine.ladder(["lab", "validate", "--all", "--catalog", catalog, "--runs", "1", "--json"])
        #expect(json.exitCode == 1)
        let document = try #require(try json.json() as? [String: Any])
        #expect(document["passed"] as? Bool == false)
        let labs = document.array("labs")
        #expect(labs.map { $0.string("labID") } == ["leaky"])
        let failed = labs.first?.array("checks").filter { $0.string("status") == "failed" }.compactMap {
            $0.string("subject")
        }
        #expect(failed == ["starter (python)"])
        // --all checks the catalog as a ladder too: one junior lab reaches no rung.
        let catalogErrors = document.array("catalog").filter { $0.string("severity") == "error" }.compactMap {
            $0.string("message")
        }
        #expect(
            catalogErrors.contains { $0.hasPrefix("nobody can reach Junior Backend Developer") }, "\(catalogErrors)")
    }

    /// `--json` on a lab of its own (the real catalog's labs are validated in full by `make test`).
    @Test func validateALabAsJSON() async throws {
        #expect(try await newLab("json-greeting").exitCode == 0)
        let result = try await machine.ladder([
            "lab", "validate", "json-greeting", "--catalog", catalog, "--runs", "1", "--json",
        ])
        #expect(result.exitCode == 0, "\(result)")
        let document = try #require(try result.json() as? [String: Any])
        #expect(document["passed"] as? Bool == true)
        let lab = try #require(document.array("labs").first)
        #expect(lab["labID"] as? String == "json-greeting")
        let strength = try #require(lab["strength"] as? [String: Any])
        let wrongSolutions = try FileManager.default.contentsOfDirectory(
            atPath: catalog + "/Graders/json-greeting/wrong")
        #expect(strength.int("total") == wrongSolutions.count)
        #expect(strength.int("caught") == wrongSolutions.count)
    }

    @Test func validateNeedsALabOrAll() async throws {
        let neither = try await machine.ladder(["lab", "validate"])
        #expect(neither.exitCode == 64, "\(neither)")
        #expect(neither.stderr.contains("--all"))
        let unknown = try await machine.ladder(["lab", "validate", "log-stat"])
        #expect(unknown.exitCode != 0)
        #expect(unknown.stderr.contains("did you mean `log-stats`?"), "\(unknown)")
    }

    @Test func publishIntoACatalogThenListIt() async throws {
        #expect(try await newLab("hello-api", kind: "http").exitCode == 0)
        let destination = machine.path("published")
        let first = try await machine.ladder([
            "lab", "publish", catalog + "/Labs/hello-api", "--catalog", destination, "--runs", "1",
        ])
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stdout.contains("Published hello-api 0.1.0"))
        #expect(try await machine.git("tag", "--list", in: destination) == "hello-api-v0.1.0\n")
        #expect(try await machine.git("cat-file", "-t", "hello-api-v0.1.0", in: destination) == "tag\n")

        let listed = try await machine.ladder(["list", "--catalog", destination])
        #expect(listed.exitCode == 0, "\(listed)")
        #expect(listed.stdout.contains("hello-api"))
        #expect(listed.stdout.contains("Senior Backend Developer"))

        let again = try await machine.ladder([
            "lab", "publish", "hello-api", "--from", catalog, "--catalog", destination, "--runs", "1", "--json",
        ])
        #expect(again.exitCode == 0, "\(again)")
        let report = try #require(try again.json() as? [String: Any])
        #expect(report.string("status") == "already-published")
        #expect(report.string("message")?.contains("nothing to do") == true)

        try Data("# Hello API\n\nChanged.\n".utf8).write(
            to: URL(fileURLWithPath: catalog + "/Labs/hello-api/README.md"))
        let changed = try await machine.ladder([
            "lab", "publish", catalog + "/Labs/hello-api", "--catalog", destination, "--runs", "1",
        ])
        #expect(changed.exitCode == 1, "\(changed)")
        #expect(changed.stdout.contains("Refused: hello-api 0.1.0 is already published"))
        #expect(try await machine.git("tag", "--list", in: destination) == "hello-api-v0.1.0\n")
    }

    @Test func helpNamesTheOptions() async throws {
        let help = try await machine.ladder(["lab", "publish", "--help"])
        #expect(help.stdout.contains("--catalog <dir>"))
        #expect(help.stdout.contains("--from <dir>"))
        let validateHelp = try await machine.ladder(["lab", "validate", "--help"])
        for option in ["--all", "--runs <n>", "--json", "--catalog <dir>"] {
            #expect(validateHelp.stdout.contains(option), "validate --help lacks \(option)")
        }
    }
}
