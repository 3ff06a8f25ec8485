import Foundation
import Testing

/// `ladder catalog add | update | list | remove`, and the repositories started from a subscribed catalog or a catalog
/// given by path, which later commands find again without flags.
@Suite struct CatalogSubscriptionTests {
    let machine: LearnerMachine

    init() throws {
        machine = try LearnerMachine()
    }

    /// The test catalog as a git repository of its own, as a course would publish it.
    func publishedCatalog() async throws -> TestCatalog {
        let catalog = try TestCatalog.write(in: machine)
        try await machine.git("init", "-q", "-b", "main", in: catalog.root)
        try await machine.git("add", "-A", in: catalog.root)
        try await machine.git("commit", "-qm", "The course's catalog", in: catalog.root)
        return catalog
    }

    @Test func aSubscribedCatalogIsListedStartedTestedAndSubmittedWithoutFlags() async throws {
        let catalog = try await publishedCatalog()
        let added = try await machine.ladder("catalog", "add", "course", catalog.root)
        #expect(added.exitCode == 0, "\(added)")
        #expect(added.stdout.contains("Subscribed to course (\(catalog.root)): \(TestLab.all.count) labs"), "\(added)")
        #expect(added.stderr.contains("course carries Graders/"), "a catalog with its graders is warned of: \(added)")
        let listed = try await machine.ladder("catalog", "list")
        #expect(listed.stdout.hasPrefix("course\t\(catalog.root)\t\(TestLab.all.count) labs\t"), "\(listed)")

        let labs = try await machine.ladder("list")
        #expect(labs.exitCode == 0, "\(labs)")
        #expect(labs.stdout.contains("From the subscribed catalog course"), "\(labs)")
        #expect(labs.stdout.contains("    hello "), "an id no other catalog has is shown plain: \(labs)")

        let directory = machine.path("hello")
        let started = try await machine.ladder("start", "hello", "--dir", directory)
        #expect(started.exitCode == 0, "\(started)")
        let pin = try String(contentsOfFile: directory + "/.ladder/lab.toml", encoding: .utf8)
        #expect(pin.contains("catalog = \"course\""), "the pin remembers the catalog: \(pin)")

        // Every later command in the repository reads the subscribed catalog, with no flag and no variable.
        let tested = try await machine.ladder(["test"], in: directory)
        #expect(!tested.output.contains("not in the catalog") && tested.exitCode != 2, "\(tested)")
        try machine.commit(["main.py": TestLab.helloSolution], in: directory, message: "Solve it")
        let submitted = try await machine.ladder(["submit"], in: directory)
        #expect(submitted.exitCode == 0 && submitted.stdout.contains("PASSED"), "\(submitted)")

        // A second catalog with the same labs: ids both have are named by catalog, and a bare one is ambiguous.
        let mirror = try await machine.ladder("catalog", "add", "mirror", catalog.root)
        #expect(mirror.exitCode == 0, "\(mirror)")
        let both = try await machine.ladder("list", "--json")
        let entries = try #require(try both.json() as? [[String: Any]], "\(both)")
        #expect(entries.contains { $0["start"] as? String == "course/hello" && $0["catalog"] as? String == "course" })
        #expect(entries.contains { $0["start"] as? String == "mirror/hello" })
        let ambiguous = try await machine.ladder("start", "hello", "--dir", machine.path("again"))
        #expect(ambiguous.exitCode != 0, "\(ambiguous)")
        #expect(ambiguous.stderr.contains("start one of course/hello, mirror/hello"), "\(ambiguous)")
        let qualified = try await machine.ladder("start", "mirror/hello", "--dir", machine.path("mirrored"))
        #expect(qualified.exitCode == 0, "\(qualified)")

        let removed = try await machine.ladder("catalog", "remove", "mirror")
        #expect(removed.exitCode == 0, "\(removed)")
        #expect(!FileManager.default.fileExists(atPath: machine.home + "/.local/share/ladder/catalogs/mirror"))
        let remaining = try await machine.ladder("catalog", "list")
        #expect(remaining.stdout.split(separator: "\n").map { $0.prefix(while: { $0 != "\t" }) } == ["course"])
    }

    @Test func updateFastForwardsAndSaysWhatChangedOrRefusesARewrittenHistory() async throws {
        let catalog = try await publishedCatalog()
        #expect(try await machine.ladder("catalog", "add", "course", catalog.root).exitCode == 0)
        let quiet = try await machine.ladder("catalog", "update")
        #expect(quiet.exitCode == 0 && quiet.stdout.contains("course: up to date"), "\(quiet)")

        let manifest = catalog.root + "/Labs/hello/lab.toml"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        let version = try #require(text.firstMatch(of: /version = "([0-9.]+)"/)?.1)
        try text.replacingOccurrences(of: "version = \"\(version)\"", with: "version = \"9.0.0\"")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        try await machine.git("commit", "-qam", "hello 9.0.0", in: catalog.root)
        let updated = try await machine.ladder("catalog", "update", "course")
        #expect(updated.exitCode == 0, "\(updated)")
        #expect(updated.stdout.contains("changed  hello \(version) -> 9.0.0"), "\(updated)")
        let shown = try await machine.ladder("show", "hello", "--json")
        #expect((try shown.json() as? [String: Any])?["version"] as? String == "9.0.0", "\(shown)")

        try await machine.git("commit", "-q", "--amend", "-m", "history rewritten", in: catalog.root)
        let refused = try await machine.ladder("catalog", "update", "course")
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr.contains("cannot be fast-forwarded"), "\(refused)")
        #expect(refused.stderr.contains("`ladder catalog remove course` and add it again"), "\(refused)")
    }

    @Test func badSubscriptionsAreRefusedAndLeaveNothingBehind() async throws {
        let catalog = try await publishedCatalog()
        let badName = try await machine.ladder("catalog", "add", "My_Course", catalog.root)
        #expect(badName.exitCode != 0 && badName.stderr.contains("is not a catalog name"), "\(badName)")
        let builtIn = try await machine.ladder("catalog", "add", "builtin", catalog.root)
        #expect(builtIn.exitCode != 0 && builtIn.stderr.contains("names the built-in catalog"), "\(builtIn)")

        let notCatalog = machine.path("not-a-catalog")
        try FileManager.default.createDirectory(atPath: notCatalog, withIntermediateDirectories: true)
        try "hello\n".write(toFile: notCatalog + "/README.md", atomically: true, encoding: .utf8)
        try await machine.git("init", "-q", "-b", "main", in: notCatalog)
        try await machine.git("add", "-A", in: notCatalog)
        try await machine.git("commit", "-qm", "not labs", in: notCatalog)
        let refused = try await machine.ladder("catalog", "add", "other", notCatalog)
        #expect(refused.exitCode != 0 && refused.stderr.contains("is not a Ladder catalog"), "\(refused)")
        let missing = try await machine.ladder("catalog", "add", "gone", machine.path("nowhere"))
        #expect(missing.exitCode != 0 && missing.stderr.contains("cannot clone"), "\(missing)")
        let clones = machine.home + "/.local/share/ladder/catalogs"
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: clones)) ?? []).isEmpty, "nothing left")

        #expect(try await machine.ladder("catalog", "add", "course", catalog.root).exitCode == 0)
        let twice = try await machine.ladder("catalog", "add", "course", catalog.root)
        #expect(twice.exitCode != 0 && twice.stderr.contains("already subscribed"), "\(twice)")
        let unknown = try await machine.ladder("catalog", "update", "cours")
        #expect(unknown.exitCode != 0 && unknown.stderr.contains("did you mean 'course'"), "\(unknown)")
    }

    @Test func aCatalogGivenByPathIsRememberedOutsideTheCommits() async throws {
        let catalog = try TestCatalog.write(in: machine)
        let directory = try await machine.startLab("hello", from: catalog)
        let remembered = try String(contentsOfFile: directory + "/.git/ladder-catalog", encoding: .utf8)
        #expect(remembered == catalog.root + "\n")
        try machine.commit(["main.py": TestLab.helloSolution], in: directory, message: "Solve it")
        // No --catalog: the repository says where its lab came from; nothing of it is committed or left untracked.
        let submitted = try await machine.ladder(["submit"], in: directory)
        #expect(submitted.exitCode == 0 && submitted.stdout.contains("PASSED"), "\(submitted)")
        #expect(try await machine.git("status", "--porcelain", in: directory).isEmpty)
        let pin = try String(contentsOfFile: directory + "/.ladder/lab.toml", encoding: .utf8)
        #expect(!pin.contains("catalog"), "a path means nothing on another machine: \(pin)")

        try FileManager.default.moveItem(atPath: catalog.root, toPath: machine.path("moved"))
        let lost = try await machine.ladder(["submit"], in: directory)
        #expect(lost.exitCode != 0, "\(lost)")
        #expect(
            lost.stderr.contains("started from the catalog at \(catalog.root), which is no longer there"), "\(lost)")
    }
}
