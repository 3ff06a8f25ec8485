import Foundation
import LadderCore
import LadderGrading
import LadderModel
import LadderStore
import LadderTestSupport
import LadderWeb
import Testing

/// The pages, rendered from a store filled here and the repository's own catalog.
struct WebPagesTests {
    /// The repository's catalog, and a store with three learners' grades of log-stats (one of them twice) and one
    /// of rest-notes; `evil` is a learner whose name is HTML.
    static func fixture() async throws -> (WebPages, MemoryResultStore, [String: AttemptID]) {
        let environment = try LadderEnvironment.load(catalogPath: BuiltProducts.repositoryRoot)
        let store = MemoryResultStore()
        let pages = try await WebPages(environment: environment, store: store)
        var ids: [String: AttemptID] = [:]
        func grade(_ name: String, _ email: String, lab labID: String, score: Double, of max: Double, _ tag: String)
            async throws
        {
            let learner = try await store.upsertLearner(name: name, email: email)
            let lab = try #require(environment.catalog.lab(id: labID))
            let (_, digest) = try environment.graderSpec(for: lab)
            let id = try await store.beginAttempt(
                NewAttempt(
                    learner: learner.id,
                    lab: LabRecord(
                        labID: lab.id, version: lab.version.description, graderDigest: digest, title: lab.title,
                        rung: lab.rung, areas: lab.areas),
                    language: "python", commit: String(repeating: "c", count: 40), tree: nil,
                    repository: "/class/\(email)", source: .classroom, toolVersion: "test"))
            let results = [
                TestResultRecord(
                    stageID: lab.stages[0].id, testID: "t1", verdict: score == max ? .passed : .wrongAnswer,
                    points: score, maxPoints: max, message: score == max ? "" : "expected <b>3</b>, got 4",
                    input: "GET /</script><script>alert(1)</script>")
            ]
            _ = try await store.finishAttempt(
                id,
                with: AttemptOutcome(
                    status: score == max ? .passed : .failed, score: score, maxScore: max, results: results))
            ids[tag] = id
        }
        try await grade("Ada", "ada@example.org", lab: "log-stats", score: 3, of: 10, "ada-first")
        try await grade("Ada", "ada@example.org", lab: "log-stats", score: 10, of: 10, "ada")
        try await grade("Grace", "grace@example.org", lab: "log-stats", score: 7, of: 10, "grace")
        try await grade("<script>alert('x')</script>", "evil@example.org", lab: "log-stats", score: 1, of: 10, "evil")
        try await grade("Grace", "grace@example.org", lab: "rest-notes", score: 26, of: 26, "grace-rest")
        return (pages, store, ids)
    }

    @Test func theGradebookShowsEachLearnersLatestGradeOfEachLab() async throws {
        let (pages, _, ids) = try await Self.fixture()
        let html = try await pages.gradebook(labID: nil, order: .student)
        #expect(html.contains("3 learners"))
        #expect(html.contains("href=\"/attempts/\(ids["ada"]!)\">10 / 10</a> passed"))
        #expect(!html.contains("href=\"/attempts/\(ids["ada-first"]!)\""), "an older attempt is not the grade")
        #expect(html.contains("href=\"/attempts/\(ids["grace-rest"]!)\">26 / 26</a>"))
        #expect(html.contains("Access log statistics") && html.contains("<figcaption>"))
        // The learner named as HTML is text.
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert"))
    }

    @Test func theGradebookSortsByStudentOrByScoreAndFiltersByLab() async throws {
        let (pages, _, _) = try await Self.fixture()
        let evil = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        /// The learners in the order their row headers come.
        func order(_ html: String) -> [String] {
            ["Ada", "Grace", evil].sorted {
                html.range(of: "\">\($0)</a>")!.lowerBound < html.range(of: "\">\($1)</a>")!.lowerBound
            }
        }
        let byScore = try await pages.gradebook(labID: "log-stats", order: .score)
        #expect(order(byScore) == ["Ada", "Grace", evil])
        #expect(byScore.contains("aria-sort=\"descending\""))
        let byStudent = try await pages.gradebook(labID: "log-stats", order: .student)
        #expect(order(byStudent) == [evil, "Ada", "Grace"])
        #expect(!byStudent.contains("26 / 26"), "the filter keeps other labs out")
        #expect(byStudent.contains("<option value=\"log-stats\" selected>"))
    }

    @Test func theExportsHaveTheClassroomColumnsAndCanvassLayout() async throws {
        let (pages, _, _) = try await Self.fixture()
        let csv = try await pages.gradebookCSV(labID: "log-stats").split(separator: "\r\n").map(String.init)
        #expect(csv.first == Gradebook.header.joined(separator: ","))
        #expect(csv.count == 4)
        #expect(
            csv.contains { $0.hasPrefix("ada@example.org,/class/ada@example.org,") && $0.contains(",10,10,passed,") })
        let canvas = try await pages.canvasCSV(labID: nil).split(separator: "\r\n").map(String.init)
        #expect(canvas[0].hasPrefix("Student,ID,SIS User ID,SIS Login ID,Section,Access log statistics (log-stats),"))
        #expect(canvas[1].hasPrefix("Points Possible,,,,,"))
        #expect(canvas.contains("Grace,,,grace@example.org,,7,26"))
    }

    @Test func anAttemptsReportShowsItsTestsAndEscapesWhatTheProgramWrote() async throws {
        let (pages, _, ids) = try await Self.fixture()
        let html = try #require(try await pages.attempt(ids["grace"]!))
        #expect(html.contains("wrong-answer"))
        #expect(html.contains("expected &lt;b&gt;3&lt;/b&gt;, got 4"))
        #expect(html.contains("GET /&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("href=\"/attempts/\(ids["grace"]!)\""), "a permalink")
        #expect(try await pages.attempt(AttemptID(rawValue: 999_999)) == nil)
    }

    /// A late attempt is flagged in the gradebook, its CSV and its page; a signed grade's page says whether its
    /// signature verifies with the served public key, and a valid signature copied from another grade does not count.
    @Test func lateWorkIsFlaggedAndASignedGradeSaysWhetherItVerifies() async throws {
        let environment = try LadderEnvironment.load(catalogPath: BuiltProducts.repositoryRoot)
        let store = MemoryResultStore()
        let pair = GradeSigner.generateKeyPair()
        let signer = try GradeSigner(privateKeyText: pair.privateKeyFile, source: .text("the test key"))
        let verifier = try GradeVerifier(publicKeyText: pair.publicKeyFile, source: .text("the test key"))
        let stranger = GradeSigner(privateKey: .init())
        let lab = try #require(environment.catalog.lab(id: "log-stats"))
        let (_, digest) = try environment.graderSpec(for: lab)
        /// Records a grade of `score`, signed by `signer` over `signedScore`, and returns its id.
        func record(_ email: String, score: Int, late: Bool, signer: GradeSigner?, signedScore: Int) async throws
            -> AttemptID
        {
            let learner = try await store.upsertLearner(name: email, email: email)
            let commit = String(repeating: "c", count: 40)
            let id = try await store.beginAttempt(
                NewAttempt(
                    learner: learner.id,
                    lab: LabRecord(
                        labID: lab.id, version: lab.version.description, graderDigest: digest, title: lab.title,
                        rung: lab.rung, areas: lab.areas),
                    language: "python", commit: commit, tree: nil, repository: "/class/\(email)",
                    source: .classroom, toolVersion: "test", late: late))
            let content = SignedGrade.Content(
                learner: email, labID: lab.id, labVersion: lab.version.description, graderDigest: digest,
                commit: commit, tree: nil, score: signedScore, maxScore: 10, status: .failed, tests: [],
                gradedAt: Date(), toolVersion: "test")
            let signature = try signer.map { String(decoding: try $0.sign(content).jsonData(), as: UTF8.self) }
            _ = try await store.finishAttempt(
                id,
                with: AttemptOutcome(
                    status: .failed, score: Double(score), maxScore: 10, results: [], signature: signature))
            return id
        }
        let late = try await record("late@example.org", score: 4, late: true, signer: signer, signedScore: 4)
        let forged = try await record("forged@example.org", score: 9, late: false, signer: stranger, signedScore: 9)
        let copied = try await record("copied@example.org", score: 9, late: false, signer: signer, signedScore: 4)
        let unsigned = try await record("plain@example.org", score: 4, late: false, signer: nil, signedScore: 4)

        let pages = try await WebPages(environment: environment, store: store, verifier: verifier)
        let gradebook = try await pages.gradebook(labID: "log-stats", order: .student)
        #expect(gradebook.components(separatedBy: "<span class=\"late\"").count == 2, "one late cell")
        #expect(gradebook.contains("href=\"/attempts/\(late)\">4 / 10</a> failed <span class=\"late\""))
        let csv = try await pages.gradebookCSV(labID: "log-stats").split(separator: "\r\n")
        let lateColumn = try #require(Gradebook.header.firstIndex(of: "late"))
        for line in csv.dropFirst() {
            let isLate = line.split(separator: ",", omittingEmptySubsequences: false)[lateColumn] == "yes"
            #expect(isLate == line.hasPrefix("late@"), "\(line)")
        }

        let latePage = try #require(try await pages.attempt(late))
        #expect(latePage.contains("<span class=\"late\">late</span>"))
        #expect(latePage.contains("<dd id=\"signature\" class=\"passed\">verifies: signed by \(signer.keyFingerprint)"))
        let forgedPage = try #require(try await pages.attempt(forged))
        #expect(forgedPage.contains("<dd id=\"signature\" class=\"failed\">does not verify: key fingerprint mismatch"))
        let copiedPage = try #require(try await pages.attempt(copied))
        #expect(copiedPage.contains("class=\"failed\">the signature is valid but for another grade (score 4)"))
        let plainPage = try #require(try await pages.attempt(unsigned))
        #expect(!plainPage.contains("id=\"signature\"") && !plainPage.contains("class=\"late\""))

        let unchecked = try await WebPages(environment: environment, store: store)
        let uncheckedPage = try #require(try await unchecked.attempt(late))
        #expect(uncheckedPage.contains("signed, not checked here: start ladder serve with --public-key"))
    }

    @Test func aLearnersPageShowsTheLadderTheAreasAndTheAttempts() async throws {
        let (pages, store, ids) = try await Self.fixture()
        let grace = try #require(try await store.learner(email: "grace@example.org"))
        let html = try #require(try await pages.learner(grace.id))
        for rung in Rung.allCases { #expect(html.contains(rung.title)) }
        #expect(html.contains("href=\"/attempts/\(ids["grace-rest"]!)\""))
        #expect(html.contains("<polyline"))
        #expect(html.contains("What to take next"))
        #expect(try await pages.learner(LearnerID(rawValue: 999_999)) == nil)
    }

    @Test func theCatalogListsEveryLabAndALabRendersItsReadme() async throws {
        let (pages, _, _) = try await Self.fixture()
        let catalog = pages.catalog()
        for lab in pages.environment.catalog.labs { #expect(catalog.contains("href=\"/labs/\(lab.id)\"")) }
        let lab = try #require(pages.lab("log-stats"))
        #expect(lab.contains("<h1>") && lab.contains("<pre><code"))
        #expect(pages.lab("no-such-lab") == nil)
    }
}

struct MarkdownTests {
    @Test func blocksAndInlines() {
        let html = Markdown.html(
            """
            # Title
            Some *emphasis*, **strong** and `code <b>`.

            - one
            - two [link](https://example.org)

            ```python
            print("<hi>")
            ```
            > quoted
            """)
        #expect(html.contains("<h1>Title</h1>"))
        #expect(html.contains("<em>emphasis</em>") && html.contains("<strong>strong</strong>"))
        #expect(html.contains("<code>code &lt;b&gt;</code>"))
        #expect(html.contains("<ul><li>one</li><li>two <a href=\"https://example.org\">link</a></li></ul>"))
        #expect(html.contains("<pre><code class=\"language-python\">print(&quot;&lt;hi&gt;&quot;)</code></pre>"))
        #expect(html.contains("<blockquote><p>quoted</p>\n</blockquote>"))
    }

    @Test func rawHTMLAndScriptLinksStayText() {
        let html = Markdown.html("<script>alert(1)</script> [click](javascript:alert(1)) [ok](../x.md)")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("&lt;script&gt;") && html.contains("click") && html.contains("href=\"../x.md\""))
    }
}
