import Foundation
import Testing

/// `ladder list`, `show`, `doctor` and every command's `--help`, against the repository's own catalog (found above
/// the binary, as in a source checkout) and against the test catalog.
@Suite struct CatalogCommandTests {
    let machine: LearnerMachine

    init() throws {
        machine = try LearnerMachine()
    }

    @Test func listGroupsTheRealCatalogByAreaThenRung() async throws {
        let result = try await machine.ladder("list")
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // log-stats exercises two areas, so it is listed under both, each time under its rung.
        let languages = try #require(
            lines.firstIndex { $0.hasPrefix("Programming Languages") && $0.hasSuffix("[languages]") }, "\(result)")
        let performance = try #require(lines.firstIndex { $0.hasSuffix("[performance]") }, "\(result)")
        #expect(languages < performance)
        for header in [languages, performance] {
            #expect(lines[header + 1] == "  Junior Backend Developer", "\(result)")
            #expect(lines[(header + 2)...].first { $0.hasPrefix("    ") }?.contains("log-stats") == true, "\(result)")
        }
        #expect(
            lines.first { $0.hasPrefix("    log-stats") }?.contains("(python, node, go, java, ruby, php, rust)")
                == true, "\(result)")
        #expect(result.stdout.contains("lab"))
        #expect(result.stderr.isEmpty, "\(result)")
        // Every id is printed whole, however long, so it can be copied into `ladder start`.
        let json = try await machine.ladder("list", "--json")
        let ids = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            .compactMap { $0["id"] as? String }
        #expect(ids.count > 20)
        let listed = Set(
            lines.filter { $0.hasPrefix("    ") }.compactMap { $0.split(separator: " ").first.map(String.init) })
        #expect(Set(ids) == listed, "not listed whole: \(Set(ids).symmetricDifference(listed).sorted())")
    }

    @Test func listTestCatalogFiltersByAreaAndLevel() async throws {
        let catalog = try TestCatalog.write(in: machine)
        let all = try await machine.ladder("list", "--catalog", catalog.root)
        #expect(all.exitCode == 0, "\(all)")
        #expect(all.stdout.contains("\(TestLab.all.count) labs."), "\(all)")

        let databases = try await machine.ladder("list", "--area", "databases", "--catalog", catalog.root)
        #expect(databases.exitCode == 0, "\(databases)")
        #expect(databases.stdout.contains("[databases]"), "\(databases)")
        #expect(databases.stdout.contains("sql-orders"), "\(databases)")
        #expect(!databases.stdout.contains("hello"), "\(databases)")
        #expect(!databases.stdout.contains("[languages]"), "\(databases)")
        #expect(databases.stdout.contains("1 lab."), "\(databases)")

        // Every test lab is junior: the senior rung has nothing, the junior rung everything.
        let senior = try await machine.ladder("list", "--level", "senior", "--catalog", catalog.root)
        #expect(senior.exitCode == 0, "\(senior)")
        #expect(senior.stdout.contains("No labs match."), "\(senior)")
        let junior = try await machine.ladder("list", "--level", "junior", "--json", "--catalog", catalog.root)
        let labs = try #require(try junior.json() as? [[String: Any]], "\(junior)")
        #expect(labs.count == TestLab.all.count)
    }

    @Test func listJSONHasTheFieldsAToolNeeds() async throws {
        let result = try await machine.ladder("list", "--json")
        #expect(result.exitCode == 0, "\(result)")
        let labs = try #require(try result.json() as? [[String: Any]], "\(result)")
        let lab = try #require(labs.first { $0.string("id") == "log-stats" })
        #expect(lab.string("title") == "Access log statistics")
        #expect(lab.string("rung") == "junior")
        #expect(lab.string("version")?.split(separator: ".").count == 3)
        #expect(lab.string("summary")?.isEmpty == false)
        #expect((lab["areas"] as? [String])?.contains("languages") == true)
        #expect((lab["competencies"] as? [String])?.contains("languages.python") == true)
        #expect((lab["languages"] as? [String]) == ["python", "node", "go", "java", "ruby", "php", "rust"])
        let stages = lab.array("stages")
        #expect(stages.count >= 1)
        #expect(stages.allSatisfy { $0.string("id") != nil && $0.string("title") != nil && $0.int("points") != nil })
        #expect(lab.int("totalPoints") == stages.compactMap { $0.int("points") }.reduce(0, +))
        let passMark = try #require(lab.int("passMark"))
        #expect(passMark > 0 && passMark <= lab.int("totalPoints")!)
    }

    @Test func listRejectsAnUnknownAreaSuggestingCloseOnes() async throws {
        let result = try await machine.ladder("list", "--area", "databse")
        #expect(result.exitCode != 0, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        let first = try #require(result.stderrLines.first)
        #expect(first.contains("unknown area `databse`"), "\(result)")
        #expect(first.contains("databases"), "\(result)")

        let level = try await machine.ladder("list", "--level", "wizard")
        #expect(level.exitCode != 0, "\(level)")
        #expect(level.stderr.contains("wizard"), "\(level)")
    }

    @Test func showGivesWhatALearnerNeedsToDecide() async throws {
        let result = try await machine.ladder("show", "log-stats")
        #expect(result.exitCode == 0, "\(result)")
        let text = result.stdout
        #expect(text.contains("Access log statistics"))
        #expect(text.contains("Read a web server's access log"), "the summary")
        #expect(text.contains("Rung:") && text.contains("Junior Backend Developer"))
        #expect(
            text.contains("[languages.python]") && text.contains("[performance.system-performance]"), "competencies")
        #expect(text.contains("1. Count requests by status") && text.contains("30 points"), "stages with points")
        #expect(text.contains("3. Malformed lines and the p95 response time"))
        #expect(text.contains("python (python3 main.py)") && text.contains("node (node main.js)"), "languages")
        #expect(
            text.contains(
                "To pass:       You pass when every required test passes; points show partial credit but never pass the lab on their own (at least 100 of 100 points)"
            ), "\(text)")
        #expect(text.contains(#"wall-time = "10s""#) && text.contains(#"memory = "256M""#), "limits")
        #expect(text.contains("ladder start log-stats"))
    }

    @Test func showJSONOfATestLab() async throws {
        let catalog = try TestCatalog.write(in: machine)
        let result = try await machine.ladder("show", "sql-orders", "--json", "--catalog", catalog.root)
        #expect(result.exitCode == 0, "\(result)")
        let lab = try #require(try result.json() as? [String: Any], "\(result)")
        #expect(lab.string("id") == "sql-orders")
        #expect(lab.string("version") == "1.2.0")
        #expect((lab["languages"] as? [String]) == ["sql"])
        #expect(lab.int("totalPoints") == 20)
    }

    @Test(arguments: [
        ("log-stat", "log-stats"), ("logstats", "log-stats"), ("log_stats", "log-stats"), ("LOG-STATS", "log-stats"),
    ])
    func showSuggestsCloseIDsForAnUnknownLab(typed: String, suggested: String) async throws {
        let result = try await machine.ladder("show", typed)
        #expect(result.exitCode != 0, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderrLines.count == 1, "one clear line: \(result)")
        #expect(result.stderr.contains("unknown lab `\(typed)`"), "\(result)")
        #expect(result.stderr.contains("`\(suggested)`"), "\(result)")
    }

    @Test func showOfSomethingFarFromEveryIDPointsAtList() async throws {
        let result = try await machine.ladder("show", "quantum-teleporter-9000")
        #expect(result.exitCode != 0, "\(result)")
        #expect(result.stderr.contains("unknown lab"), "\(result)")
        #expect(result.stderr.contains("ladder list"), "\(result)")
    }

    @Test(arguments: [
        ([], "USAGE: ladder <subcommand>"),
        (["list"], "USAGE: ladder list"),
        (["show"], "USAGE: ladder show <lab>"),
        (["start"], "USAGE: ladder start <lab>"),
        (["test"], "USAGE: ladder test"),
        (["submit"], "USAGE: ladder submit"),
        (["progress"], "USAGE: ladder progress"),
        (["history"], "USAGE: ladder history"),
        (["doctor"], "USAGE: ladder doctor"),
    ])
    func everyCommandExplainsItselfWithHelp(command: [String], usage: String) async throws {
        let result = try await machine.ladder(command + ["--help"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("OVERVIEW:"), "\(result)")
        #expect(result.stdout.contains(usage), "\(result)")
        #expect(result.stdout.contains("-h, --help"), "\(result)")
    }

    @Test func startHelpNamesItsOptions() async throws {
        let result = try await machine.ladder("start", "--help")
        #expect(result.stdout.contains("--lang <language>"), "\(result)")
        #expect(result.stdout.contains("--dir <dir>"), "\(result)")
        #expect(result.stdout.contains("--catalog <dir>"), "\(result)")
    }

    @Test func doctorIsHealthyHereAndNamesLibgit2AndCgroupV1() async throws {
        let result = try await machine.ladder("doctor")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("libgit2 1."), "\(result)")
        #expect(result.stdout.contains("cgroup-v1"), "\(result)")
        #expect(!result.stdout.contains("FAIL"), "\(result)")
        #expect(result.stdout.contains(machine.store), "the store in use is the isolated one: \(result)")
    }

    @Test func doctorJSON() async throws {
        let result = try await machine.ladder("doctor", "--json")
        #expect(result.exitCode == 0, "\(result)")
        let text = result.stdout
        #expect(try result.json() is [String: Any], "\(result)")
        #expect(text.contains("libgit2"))
        #expect(text.contains("cgroup-v1"))
    }

    /// A prefix laid out as `make install` lays it out, with this build's binaries hard-linked into `bin/` (so
    /// `/proc/self/exe` names the installed path) and the repository's catalog and profiles copied into `share/ladder`.
    func install() throws -> String {
        let prefix = machine.path("prefix")
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: prefix + "/share/ladder/Sandbox", withIntermediateDirectories: true)
        let built = URL(fileURLWithPath: Products.ladder).deletingLastPathComponent().path
        for name in ["ladder", "ladder-sandbox"] where link(built + "/" + name, prefix + "/bin/" + name) != 0 {
            try fileManager.copyItem(atPath: built + "/" + name, toPath: prefix + "/bin/" + name)
        }
        for part in ["Labs", "Graders", "Sandbox/profiles"] {
            try fileManager.copyItem(
                atPath: Products.packageRoot.appendingPathComponent(part).path, toPath: prefix + "/share/ladder/" + part
            )
        }
        return prefix
    }

    @Test func anInstalledLadderFindsEverythingInItsShareDirectory() async throws {
        let prefix = try install()
        let ladder = prefix + "/bin/ladder"
        let list = try await machine.run([ladder, "list"], in: machine.root.path)
        #expect(list.exitCode == 0, "\(list)")
        #expect(list.stdout.contains("log-stats"), "\(list)")

        let doctor = try await machine.run([ladder, "doctor", "--json"], in: machine.root.path)
        #expect(doctor.exitCode == 0, "\(doctor)")
        let files = try #require(
            (try doctor.json() as? [String: Any])?["files"] as? [String: [String: String]], "\(doctor)")
        #expect(
            files["catalog"] == [
                "path": prefix + "/share/ladder", "origin": "installed-share",
                "reason": "the installation's share directory",
            ])
        #expect(files["profiles"]?["path"] == prefix + "/share/ladder/Sandbox/profiles")
        #expect(files["profiles"]?["origin"] == "installed-share")
        #expect(
            files["launcher"] == [
                "path": prefix + "/bin/ladder-sandbox", "origin": "beside-executable",
                "reason": "beside the executable",
            ])
        #expect(files["store"]?["path"] == machine.store)
        #expect(files["scratch"] == ["path": machine.temporary, "origin": "environment", "reason": "$TMPDIR"])

        let text = try await machine.run([ladder, "doctor"], in: machine.root.path)
        #expect(text.stdout.contains("ok   files     \(ladder) and the files it uses"), "\(text)")
        #expect(
            text.stdout.contains("catalog  \(prefix)/share/ladder  (the installation's share directory)"), "\(text)")

        let start = try await machine.run([ladder, "start", "log-stats"], in: machine.root.path)
        #expect(start.exitCode == 0, "\(start)")
        let test = try await machine.run([ladder, "test"], in: machine.path("log-stats"))
        #expect(test.exitCode == 1, "the starter fails its visible tests, run with the installed profiles: \(test)")
        #expect(test.stdout.contains("FAILED"), "\(test)")
    }
}
