import Foundation
import LadderGit
import LadderGrading
import LadderModel
import Testing

@testable import LadderCore

/// `ladder start`: the starter, README, visible tests, pin and .gitignore, committed once; nothing left on failure.
@Suite struct LabStarterTests {
    let catalog: TestCatalog
    let work: TemporaryDirectory

    init() throws {
        catalog = try TestCatalog()
        work = try TemporaryDirectory("start")
    }

    @Test func startWritesThePublicFilesAndCommitsThem() throws {
        let target = work.file("mine")
        let started = try catalog.starter().start(labID: "sum", directory: target, fallbackAuthor: testLearner)
        #expect(started.lab.id == "sum")
        #expect(started.language.id == "python", "the first language is the default")
        #expect(started.directory == target)
        #expect(
            started.files == [
                ".gitignore", ".ladder/lab.toml", "README.md", "main.py", "tests/01-small.in", "tests/01-small.out",
                "tests/02-zero.in", "tests/02-zero.out", "tests/03-orphan.in",
            ])
        #expect(
            FileManager.default.contents(atPath: target + "/main.py")
                == FileManager.default.contents(atPath: catalog.root.file("Labs/sum/starter/python/main.py")))

        let pin = try LabPin.load(repository: target, catalog: catalog.catalog)
        #expect(pin == LabPin(lab: "sum", version: SemanticVersion(1, 2, 3), language: "python"))

        let gitignore = try String(contentsOfFile: target + "/.gitignore", encoding: .utf8)
        #expect(gitignore.contains("__pycache__/"))
        #expect(!gitignore.contains("node_modules/"))

        let log = try git(["log", "--format=%H %s"], in: target).split(separator: "\n")
        #expect(log.count == 1)
        #expect(log.first == "\(started.commit.id) Start sum 1.2.3 (python)")
        let tracked = try git(["ls-files"], in: target).split(separator: "\n").map(String.init)
        #expect(tracked == started.files)
        #expect(try git(["status", "--porcelain"], in: target).isEmpty, "everything written was committed")
        #expect(try git(["rev-parse", "--abbrev-ref", "HEAD"], in: target) == "main\n")
    }

    @Test func nothingHiddenReachesTheRepository() throws {
        let target = work.file("mine")
        let started = try catalog.starter().start(labID: "sum", directory: target, fallbackAuthor: testLearner)
        for file in started.files {
            let text = try String(contentsOfFile: target + "/" + file, encoding: .utf8)
            #expect(!text.contains(TestCatalog.secret), "\(file) holds the grader's text")
            #expect(!text.contains("5050"), "\(file) holds a hidden expected output")
        }
        #expect(!started.files.contains { $0.contains("reference") || $0.contains("grader") })
    }

    @Test func anotherLanguageGetsItsStarterAndIgnores() throws {
        let target = work.file("node")
        let started = try catalog.starter().start(
            labID: "sum", language: "Node", directory: target, fallbackAuthor: testLearner)
        #expect(started.language.id == "node")
        #expect(started.files.contains("main.js"))
        #expect(!started.files.contains("main.py"))
        #expect(try String(contentsOfFile: target + "/.gitignore", encoding: .utf8).contains("node_modules/"))
        #expect(try LabPin.load(repository: target).language == "node")
    }

    @Test func anExistingEmptyDirectoryIsUsed() throws {
        let started = try catalog.starter().start(labID: "upper", directory: work.path, fallbackAuthor: testLearner)
        #expect(started.directory == work.path)
        #expect(work.exists(".git"))
        #expect(work.exists("main.py"))
    }

    @Test func theDefaultDirectoryIsTheLabIDUnderTheCurrentOne() throws {
        // The relative default resolves against the current directory; only check the resolution.
        let lab = try catalog.starter().lab("sum")
        let resolved = URL(fileURLWithPath: lab.id).standardizedFileURL.path
        #expect(resolved == FileManager.default.currentDirectoryPath + "/sum")
    }

    @Test func anUnknownLabSuggestsTheClosest() {
        #expect {
            try catalog.starter().start(labID: "summ", directory: work.file("x"))
        } throws: { error in
            let error = error as! LadderError
            return error.kind == .unknownLab && error.message.contains("unknown lab `summ`")
                && error.message.contains("`sum`")
        }
        #expect(!work.exists("x"), "nothing is made for an unknown lab")
    }

    @Test func anUnknownLanguageListsTheOffered() {
        #expect {
            try catalog.starter().start(labID: "sum", language: "cobol", directory: work.file("x"))
        } throws: { error in
            let error = error as! LadderError
            return error.kind == .unknownLanguage && error.message.contains("cobol")
                && error.message.contains("python, node")
        }
        #expect(!work.exists("x"))
    }

    @Test func aNonEmptyDirectoryIsRefusedAndLeftAlone() throws {
        try work.write("keep.txt", "mine")
        #expect {
            try catalog.starter().start(labID: "sum", directory: work.path)
        } throws: { error in
            let error = error as! LadderError
            return error.kind == .directoryNotEmpty && error.message.contains("--dir")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["keep.txt"])
    }

    @Test func aFileInTheWayIsRefused() throws {
        let file = try work.write("file", "x")
        #expect {
            try catalog.starter().start(labID: "sum", directory: file)
        } throws: { error in
            (error as! LadderError).kind == .directoryNotEmpty
        }
        #expect(work.read("file") == "x")
    }

    @Test func aMissingStarterRollsBackTheDirectoryItMade() throws {
        try FileManager.default.removeItem(atPath: catalog.root.file("Labs/sum/starter/python"))
        let target = work.file("deep/new")
        #expect {
            try catalog.starter().start(labID: "sum", directory: target)
        } throws: { error in
            let error = error as! LadderError
            return error.kind == .infrastructure && error.message.contains("has no starter for python")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aFailedCommitRollsBackInsideAnExistingDirectory() throws {
        // A nested repository in the starter makes the commit fail after the repository was created.
        try catalog.root.write("Labs/sum/starter/python/vendored/.git/HEAD", "ref: refs/heads/main\n")
        try catalog.root.write("Labs/sum/starter/python/vendored/lib.py", "x = 1\n")
        #expect(throws: (any Error).self) {
            try catalog.starter().start(labID: "sum", directory: work.path, fallbackAuthor: testLearner)
        }
        #expect(FileManager.default.fileExists(atPath: work.path), "a directory the learner made is kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty, "but emptied, .git included")
    }

    @Test func startingTwiceInTheSameDirectoryFails() throws {
        let target = work.file("again")
        _ = try catalog.starter().start(labID: "sum", directory: target, fallbackAuthor: testLearner)
        #expect(throws: LadderError.self) {
            try catalog.starter().start(labID: "upper", directory: target)
        }
        #expect(try LabPin.load(repository: target).lab == "sum", "the first start is untouched")
    }

    @Test func aStarterHistoryAddsTheLabsBranchesAndChecksOutMain() throws {
        try catalog.root.write(
            "Labs/sum/history/python/history.toml",
            """
            [[commits]]
            branch = "feature"
            message = "feat: a teammate's change"
            files = "feature"
            author = "Priya Nair <priya@example.com>"

            [[commits]]
            message = "fix: main moves on"
            files = "fix"
            delete = ["README.md"]
            """)
        try catalog.root.write("Labs/sum/history/python/feature/feature.txt", "from the branch\n")
        try catalog.root.write("Labs/sum/history/python/fix/main.py", "print('fixed')\n")
        let target = work.file("mine")
        _ = try catalog.starter().start(labID: "sum", directory: target, fallbackAuthor: testLearner)
        let repository = try Repository.open(at: target)
        #expect(try repository.currentBranch == "main")
        let head = try repository.head()
        #expect(head.summary == "fix: main moves on")
        #expect(head.message.contains("\(GitCheck.startTrailer): sum"), "marked as the lab's: \(head.message)")
        #expect(head.author.name == (try repository.resolve("HEAD~1").author.name), "made as the start commit was")
        let feature = try repository.resolve("refs/heads/feature")
        #expect(feature.author.name == "Priya Nair")
        #expect(try repository.fileContents("feature.txt", at: feature.id) == Data("from the branch\n".utf8))
        // The working tree is main's tip: its files, not the branch's, and nothing uncommitted.
        #expect(FileManager.default.contents(atPath: target + "/main.py") == Data("print('fixed')\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: target + "/feature.txt"))
        #expect(!FileManager.default.fileExists(atPath: target + "/README.md"))
        #expect(try git(["status", "--porcelain"], in: target).isEmpty)
    }

    @Test func aBrokenStarterHistoryNamesItsLineAndLeavesNothing() throws {
        try catalog.root.write(
            "Labs/sum/history/python/history.toml", "[[commits]]\nbranch = \"feature\"\nfiles = \"missing\"\n")
        let target = work.file("mine")
        #expect {
            try catalog.starter().start(labID: "sum", directory: target, fallbackAuthor: testLearner)
        } throws: { error in
            let message = "\(error)"
            return message.contains("history/python/history.toml:1") && message.contains("message")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aReadOnlyCatalogGivesTheLearnerAWritableRepository() throws {
        // An installed catalog: root's, read-only for everyone else. Copying kept those modes, and as a learner who
        // is not root it failed outright on the first directory (Foundation gives the copy the catalog's group).
        let lab = catalog.root.file("Labs/sum")
        let locked = [lab + "/README.md", lab + "/starter/python/main.py", lab + "/tests/01-small.in"]
        let lockedDirectories = [lab + "/tests", lab + "/starter/python", lab + "/starter", lab]
        for file in locked { chmod(file, 0o444) }
        for directory in lockedDirectories { chmod(directory, 0o555) }
        defer { for directory in lockedDirectories.reversed() { chmod(directory, 0o755) } }

        let target = work.file("mine")
        let started = try catalog.starter().start(labID: "sum", directory: target, fallbackAuthor: testLearner)
        for file in started.files {
            #expect(FileTreeTests.mode(target + "/" + file) == 0o644, "\(file)")
            #expect(access(target + "/" + file, W_OK) == 0, "\(file)")
        }
        for directory in ["tests", ".ladder"] {
            #expect(FileTreeTests.mode(target + "/" + directory) == 0o755, "\(directory)")
        }
        #expect(try git(["status", "--porcelain"], in: target).isEmpty)
    }

    @Test func aCatalogFileThatCannotBeCopiedIsNamedWithWhatToDo() throws {
        #expect(mkfifo(catalog.root.file("Labs/sum/starter/python/pipe"), 0o644) == 0)
        let target = work.file("mine")
        #expect {
            try catalog.starter().start(labID: "sum", directory: target, fallbackAuthor: testLearner)
        } throws: { error in
            let message = (error as! LadderError).message
            return message.hasPrefix("cannot read \(catalog.root.file("Labs/sum/starter/python/pipe")): ")
                && message.contains("chmod -R a+rX \(catalog.root.path)") && message.contains("--catalog")
                && !message.contains("NSCocoaErrorDomain")
        }
        #expect(!FileManager.default.fileExists(atPath: target), "nothing is left behind")
    }

    @Test func theDefaultGitignoreKeepsTheBuildCommandsOutputOut() {
        let go = LabStarter.gitignore(for: "go", build: ["go", "build", "-o", "server", "."])
        #expect(go.split(separator: "\n").contains("/server"))
        let java = LabStarter.gitignore(for: "java", build: ["javac", "-d", "out", "Server.java"])
        #expect(java.split(separator: "\n").contains("/out/"))
        let python = LabStarter.gitignore(for: "python")
        #expect(!python.contains("/out/") && !python.contains("/server"))
    }
}
