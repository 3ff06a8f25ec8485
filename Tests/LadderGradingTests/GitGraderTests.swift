import Foundation
import LadderGit
import LadderModel
import LadderTOML
import Testing

@testable import LadderGrading

/// A history made in a test with LadderGit: a lab commit, then the learner's commits, each a set of files written
/// over its first parent.
struct TestHistory {
    static let learner = Signature(
        name: "Lee Learner", email: "lee@example.com", time: Date(timeIntervalSince1970: 1_700_000_000))
    /// libgit2 reads no machine configuration in these tests.
    static let isolated: Void = {
        let empty = NSTemporaryDirectory() + "ladder-git-grader-tests-config"
        try? FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try! Git.setConfigSearchPaths(global: empty, xdg: empty, system: empty)
    }()

    let directory: TemporaryDirectory
    let repository: Repository
    private var counter = 0

    /// A repository whose root commit (the lab's) holds `start`.
    init(start: [String: String] = ["README.md": "start\n"]) throws {
        _ = Self.isolated
        directory = try TemporaryDirectory("git-grader")
        repository = try Repository.create(at: directory.file("repo"))
        try commit("Start the lab", files: start)
    }

    /// Commits `files` (and deletions) on `branch`; `merge` makes it a merge with that branch's tip.
    @discardableResult
    mutating func commit(
        _ message: String, files: [String: String] = [:], delete: [String] = [], branch: String = "main",
        from: String = "main", merge: String? = nil, author: Signature = TestHistory.learner
    ) throws -> CommitInfo {
        counter += 1
        let tree = directory.file("tree\(counter)")
        let tip =
            (try? repository.resolve("refs/heads/\(branch)").id) ?? (try? repository.resolve("refs/heads/\(from)").id)
        if let tip {
            try repository.export(commit: tip, to: tree)
        } else {
            try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        }
        for (path, text) in files {
            _ = try directory.write("tree\(counter)/" + path, text)
        }
        for path in delete {
            try FileManager.default.removeItem(atPath: tree + "/" + path)
        }
        var parents = tip.map { [$0] } ?? []
        if let merge { parents.append(try repository.resolve("refs/heads/\(merge)").id) }
        return try repository.commit(
            directory: tree, onto: branch, parents: parents, message: message, author: author, allowEmpty: merge != nil)
    }

    var head: String { (try? repository.resolve("refs/heads/main").id) ?? "" }

    /// What the checks find wrong at main's tip.
    func failures(_ check: GitCheck) throws -> [String] {
        try HistoryView(repository, graded: head).failures(of: check)
    }
}

/// The `git` kind: its spec, each check passing and failing on real histories, and what runs in the sandbox.
@Suite struct GitGraderSpecTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory("git-spec")
    }

    func parse(_ body: String) throws(ManifestError) -> GraderSpec {
        try GraderSpec.parse(
            oneStageSpec([body]), file: directory.file("grader.toml"), directory: directory.path, lab: nil)
    }

    /// The error `body` gives; the line is counted in the spec `oneStageSpec` makes.
    func error(_ body: String) -> ManifestError? {
        do {
            _ = try parse(body)
            return nil
        } catch {
            return error
        }
    }

    func line(of needle: String, in body: String) -> Int {
        let lines = oneStageSpec([body]).split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    @Test func decodesEveryCheck() throws {
        let spec = try parse(
            """
            id = "all"
            points = 5
            kind = "git"
            min-commits = 2
            max-commits = 4
            message-pattern = 'feat: .+'
            max-files-per-commit = 3
            must-touch = ["src/*"]
            must-not-touch = [".ladder/*"]
            groups = { code = ["src/*"], docs = ["docs/*", "*.md"] }
            authors-named = true
            merge = true
            keep-lines = { "a.txt" = ["one", "two"] }
            run = ["sh", "-c", "true"]
            run-at = "merges"
            script = ["python3", "/grader/check.py"]
            format = "tap"
            """)
        guard case .git(let check) = spec.stages[0].tests[0].kind else {
            Issue.record("not a git test")
            return
        }
        #expect(check.minCommits == 2 && check.maxCommits == 4 && check.maxFilesPerCommit == 3)
        #expect(check.groups == ["code": ["src/*"], "docs": ["docs/*", "*.md"]])
        #expect(check.keepLines == ["a.txt": ["one", "two"]])
        #expect(check.runAt == .merges && check.run == ["sh", "-c", "true"])
        #expect(check.script?.command == ["python3", "/grader/check.py"] && check.script?.format == .tap)
        #expect(spec.readsHistory)
    }

    @Test func aWrongTypeNamesTheFileLineAndField() throws {
        let body = "id = \"t\"\npoints = 1\nkind = \"git\"\nmin-commits = \"three\""
        let found = try #require(error(body))
        #expect(found.file == directory.file("grader.toml"))
        #expect(found.line == line(of: "min-commits", in: body))
        #expect(found.field?.hasSuffix("min-commits") == true, "\(found)")
    }

    @Test func aMisspeltCheckIsNamedNotReportedMissing() throws {
        let body = "id = \"t\"\npoints = 1\nkind = \"git\"\nmin-commit = 3"
        let found = try #require(error(body))
        #expect(found.message.contains("min-commit"))
        #expect(found.message.contains("min-commits"), "suggests the right key: \(found.message)")
        #expect(found.line == line(of: "min-commit", in: body))
    }

    @Test func aTestWithNoCheckIsRefused() throws {
        let found = try #require(error("id = \"t\"\npoints = 1\nkind = \"git\""))
        #expect(found.message.contains("at least one check"))
    }

    @Test func inconsistentChecksNameTheirField() throws {
        let merges = try #require(error("id = \"t\"\npoints = 1\nkind = \"git\"\nrun-at = \"merges\""))
        #expect(merges.field?.hasSuffix("run-at") == true, "\(merges)")
        let bounds = try #require(error("id = \"t\"\npoints = 1\nkind = \"git\"\nmin-commits = 5\nmax-commits = 2"))
        #expect(bounds.field?.hasSuffix("max-commits") == true, "\(bounds)")
        let pattern = try #require(error("id = \"t\"\npoints = 1\nkind = \"git\"\nmessage-pattern = '(feat'"))
        #expect(pattern.field?.hasSuffix("message-pattern") == true, "\(pattern)")
        let format = try #require(error("id = \"t\"\npoints = 1\nkind = \"git\"\nmerge = true\nformat = \"tap\""))
        #expect(format.field?.hasSuffix("format") == true, "\(format)")
        let lines = try #require(error("id = \"t\"\npoints = 1\nkind = \"git\"\nkeep-lines = { \"a\" = \"one\" }"))
        #expect(lines.field?.hasSuffix("keep-lines.a") == true, "\(lines)")
    }
}

@Suite struct GitHistoryCheckTests {
    @Test func commitCountsStartAfterTheLabsCommits() throws {
        var history = try TestHistory()
        // A commit the lab made (as `ladder start` marks its starter history) is not the learner's.
        try history.commit("Teammate's work\n\n\(GitCheck.startTrailer): demo", files: ["team.txt": "x\n"])
        try history.commit("feat: one", files: ["a.txt": "1\n"])
        try history.commit("feat: two", files: ["b.txt": "2\n"])
        #expect(try history.failures(GitCheck(minCommits: 2, maxCommits: 2)).isEmpty)
        let tooFew = try history.failures(GitCheck(minCommits: 3))
        #expect(tooFew.count == 1 && tooFew[0].contains("2 commits") && tooFew[0].contains("at least 3"))
        let tooMany = try history.failures(GitCheck(maxCommits: 1))
        #expect(tooMany.count == 1 && tooMany[0].contains("at most 1"))
    }

    @Test func messagesMustMatchThePatternWhole() throws {
        var history = try TestHistory()
        try history.commit("feat: add a", files: ["a.txt": "1\n"])
        let check = GitCheck(messagePattern: "(feat|fix): [a-z].*")
        #expect(try history.failures(check).isEmpty)
        let bad = try history.commit("Update stuff", files: ["a.txt": "2\n"])
        let failures = try history.failures(check)
        #expect(
            failures.count == 1 && failures[0].contains(String(bad.id.prefix(7)))
                && failures[0].contains("Update stuff"))
    }

    @Test func filesPerCommitAndGlobs() throws {
        var history = try TestHistory()
        try history.commit("feat: code", files: ["src/a.py": "1\n", "src/b.py": "2\n", "src/c.py": "3\n"])
        #expect(try history.failures(GitCheck(maxFilesPerCommit: 3)).isEmpty)
        #expect(try history.failures(GitCheck(maxFilesPerCommit: 2)).first?.contains("touches 3 files") == true)
        #expect(try history.failures(GitCheck(mustTouch: ["src/*"])).isEmpty)
        #expect(try history.failures(GitCheck(mustTouch: ["docs/*"])) == ["none of your commits touches docs/*"])
        #expect(try history.failures(GitCheck(mustNotTouch: ["tests/*"])).isEmpty)
        let touched = try history.failures(GitCheck(mustNotTouch: ["src/b.py"]))
        #expect(touched.count == 1 && touched[0].contains("src/b.py"))
        // A deletion touches a path too.
        try history.commit("chore: drop c", delete: ["src/c.py"])
        #expect(try history.failures(GitCheck(mustNotTouch: ["src/c.py"])).count == 2)
    }

    @Test func aCommitMayNotMixGroups() throws {
        let groups = ["code": ["*.py"], "docs": ["docs/*", "*.md"]]
        var separate = try TestHistory()
        try separate.commit("feat: code", files: ["a.py": "1\n", "other.txt": "free\n"])
        try separate.commit("docs: notes", files: ["docs/a.md": "1\n", "CHANGES.md": "1\n"])
        #expect(try separate.failures(GitCheck(groups: groups)).isEmpty)
        var mixed = try TestHistory()
        try mixed.commit("feat: code and docs", files: ["a.py": "1\n", "docs/a.md": "1\n"])
        let failures = try mixed.failures(GitCheck(groups: groups))
        #expect(
            failures.count == 1 && failures[0].contains("mixes unrelated changes")
                && failures[0].contains("docs: docs/a.md"))
    }

    @Test func authorsMustBeNamed() throws {
        var history = try TestHistory()
        try history.commit("feat: a", files: ["a.txt": "1\n"])
        #expect(try history.failures(GitCheck(authorsNamed: true)).isEmpty)
        try history.commit("feat: b", files: ["b.txt": "1\n"], author: Signature(name: "Lee", email: "lee-at-laptop"))
        #expect(try history.failures(GitCheck(authorsNamed: true)).first?.contains("no proper author") == true)
    }

    @Test func perCommitChecksFailWithoutCommits() throws {
        let history = try TestHistory()
        let failures = try history.failures(GitCheck(messagePattern: "feat: .*"))
        #expect(failures.count == 1 && failures[0].contains("no commits of yours"))
    }

    /// main and feature both change `config.txt`; the merge is made by the test as a learner would resolve it.
    func diverged() throws -> TestHistory {
        var history = try TestHistory(start: ["config.txt": "timeout = 10\nretries = 1\n"])
        try history.commit(
            "feat: more retries", files: ["config.txt": "timeout = 10\nretries = 3\n"], branch: "feature")
        try history.commit("fix: longer timeout", files: ["config.txt": "timeout = 30\nretries = 1\n"])
        return history
    }

    @Test func aMergeMustJoinBothSidesAndKeepTheirLines() throws {
        let keep = ["config.txt": ["timeout = 30", "retries = 3"]]
        let check = GitCheck(merge: true, keepLines: keep)
        let noMerge = try diverged()
        #expect(try noMerge.failures(check).first?.contains("no merge commit") == true)

        var good = try diverged()
        try good.commit(
            "Merge branch 'feature'", files: ["config.txt": "timeout = 30\n  retries = 3\n"], merge: "feature")
        #expect(try good.failures(check).isEmpty)
        // The lines are checked at the merge, whatever came after it.
        try good.commit("chore: later", files: ["config.txt": "gone\n"])
        #expect(try good.failures(check).isEmpty)
        #expect(try good.failures(GitCheck(keepLines: keep)).count == 2, "without merge = true, at the graded commit")

        var lost = try diverged()
        try lost.commit(
            "Merge branch 'feature'", files: ["config.txt": "timeout = 30\nretries = 1\n"], merge: "feature")
        let failures = try lost.failures(check)
        #expect(failures.count == 1 && failures[0].contains("lost the line `retries = 3`"))
    }

    @Test func aMergeOfAnAncestorIsNoMerge() throws {
        var history = try TestHistory()
        try history.commit("feat: a", files: ["a.txt": "1\n"], branch: "old")
        try history.commit("feat: b", files: ["b.txt": "1\n"], merge: nil)
        // Main moved on from where `old` started, but `old` is now merged twice: the second merge joins nothing new.
        try history.commit("Merge branch 'old'", files: [:], merge: "old")
        #expect(try history.failures(GitCheck(merge: true)).isEmpty)
        var ancestor = try TestHistory()
        try ancestor.commit("feat: a", files: ["a.txt": "1\n"])
        try ancestor.repository.setBranch("stale", to: "refs/heads/main~1")
        try ancestor.commit("Merge branch 'stale'", merge: "stale")
        #expect(try ancestor.failures(GitCheck(merge: true)).first?.contains("its own ancestor") == true)
    }
}

/// What a git test runs in the sandbox: a command at chosen commits, and the script escape hatch.
@Suite(.requires(.sandbox))
struct GitGraderRunTests {
    /// Grades main's tip of `history` with a one-test spec.
    func grade(_ history: TestHistory, test body: String, fixtures: [String: String] = [:]) async throws -> TestReport {
        let lab = try SyntheticLab(grader: oneStageSpec([body]), fixtures: fixtures, solution: [:])
        let exported = history.directory.file("export-\(UUID().uuidString)")
        try history.repository.export(commit: history.head, to: exported)
        let request = GradingRequest(
            lab: lab.lab, language: lab.lab.defaultLanguage, spec: lab.spec, graderDigest: "sha256:test",
            submission: exported,
            commit: history.head, repository: history.repository.gitDirectory, toolVersion: "test")
        let report = await Grader(sandbox: try GradingBox.sandbox()).grade(request)
        return try #require(report.tests.first, "\(report.errorMessage ?? "")")
    }

    @Test func aCommandRunsAtEachCommitAndNamesTheFirstThatFails() async throws {
        var history = try TestHistory()
        try history.commit("feat: good", files: ["state.txt": "good\n"])
        let body =
            "id = \"each\"\npoints = 2\nkind = \"git\"\nrun = [\"sh\", \"-c\", \"grep -q good state.txt\"]\nrun-at = \"each\""
        let passed = try await grade(history, test: body)
        #expect(passed.verdict == .passed, "\(passed.detail ?? "")")
        let broken = try history.commit("feat: break it", files: ["state.txt": "bad\n"])
        try history.commit("fix: repair it", files: ["state.txt": "good\n"])
        let failed = try await grade(history, test: body)
        #expect(failed.verdict == .wrongAnswer)
        #expect(failed.detail?.contains(String(broken.id.prefix(7))) == true, "\(failed.detail ?? "")")
        // At the graded commit only, the repaired history passes.
        let head = try await grade(
            history,
            test: body.replacingOccurrences(of: "\"each\"\n", with: "\"head\"\n").replacingOccurrences(
                of: "run-at = \"each\"", with: "run-at = \"head\""))
        #expect(head.verdict == .passed, "\(head.detail ?? "")")
    }

    /// Tries to change the history it is given, then reads it with git; TAP on standard output.
    static let script = #"""
        import os, subprocess
        checks = []
        try:
            with open("/history/HEAD", "a") as head:
                head.write("ref: refs/heads/evil\n")
            checks.append(("HEAD cannot be written", False))
        except OSError:
            checks.append(("HEAD cannot be written", True))
        try:
            os.makedirs("/history/refs/heads/evil")
            checks.append(("no branch can be made", False))
        except OSError:
            checks.append(("no branch can be made", True))
        log = subprocess.run(["git", "--git-dir=/history", "log", "--format=%s", os.environ["LADDER_COMMIT"]],
                             capture_output=True, text=True)
        checks.append(("git reads the history: " + log.stderr.strip(), "feat: the learner's" in log.stdout))
        checks.append(("the lab's commits are named", len(os.environ.get("LADDER_BASE", "").split()) == 1))
        print("TAP version 13")
        print("1..%d" % len(checks))
        for number, (name, ok) in enumerate(checks, 1):
            print("%s %d - %s" % ("ok" if ok else "not ok", number, name))
        """#

    @Test func theScriptReadsTheHistoryButCannotWriteIt() async throws {
        var history = try TestHistory()
        try history.commit("feat: the learner's", files: ["a.txt": "1\n"])
        let headFile = history.repository.gitDirectory + "/HEAD"
        let before = try String(contentsOfFile: headFile, encoding: .utf8)
        let report = try await grade(
            history,
            test:
                "id = \"script\"\npoints = 4\nkind = \"git\"\nscript = [\"python3\", \"/grader/check.py\"]\nformat = \"tap\"",
            fixtures: ["check.py": Self.script])
        #expect(report.verdict == .passed, "\(report.detail ?? "")")
        #expect(try String(contentsOfFile: headFile, encoding: .utf8) == before)
        #expect(!FileManager.default.fileExists(atPath: history.repository.gitDirectory + "/refs/heads/evil"))
    }
}
