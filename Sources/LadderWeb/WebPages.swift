import Foundation
import LadderCore
import LadderGit
import LadderGrading
import LadderModel
import LadderStore
import Mustache

/// The web view's pages, rendered on the server from the results store and the catalog: a class's gradebook, a
/// learner's ladder, an attempt's report, the catalog and a lab.
///
/// Every value a learner controls (names, emails, program output, commit ids) reaches the page through a Mustache
/// `{{variable}}`, which escapes it; only HTML this module made itself (a README it rendered) is inserted raw. The
/// pages hold no hidden grader file and no expected output: a report shows what the text report shows, including
/// a test's input only where the lab does not keep it secret (the store holds none for a secret test).
public struct WebPages: Sendable {
    public let environment: LadderEnvironment
    public let store: any ResultStore
    /// Checks the signatures of signed grades on their attempt's page; nil when no public key was given.
    public let verifier: GradeVerifier?
    let templates: MustacheLibrary

    /// Loads the templates from this module's resources, which `make install` puts beside `ladder`.
    public init(environment: LadderEnvironment, store: any ResultStore, verifier: GradeVerifier? = nil) async throws {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates").path,
            FileManager.default.fileExists(atPath: directory + "/gradebook.mustache")
        else {
            throw LadderError(
                .infrastructure,
                "the web page templates are missing from \(Bundle.module.bundlePath); reinstall Ladder (`make install`)"
            )
        }
        self.environment = environment
        self.store = store
        self.verifier = verifier
        self.templates = try await MustacheLibrary(directory: directory)
    }

    func render(_ page: some Any, _ template: String) -> String {
        templates.render(page, withTemplate: template) ?? ""
    }

    // MARK: Gradebook

    /// How the gradebook's rows are ordered.
    public enum GradebookOrder: String, Sendable {
        /// By the learner's name, then email.
        case student
        /// By the share of the points the learner has, highest first.
        case score
    }

    /// Every learner's latest grade of every lab (or of `labID`), one row per learner and one column per lab.
    public func gradebook(labID: String?, order: GradebookOrder) async throws -> String {
        let grades = try await store.latestGrades(labID: labID)
        let labIDs = Self.columns(grades, labID: labID)
        let columns = labIDs.map { id in Column(id: id, title: environment.catalog.lab(id: id)?.title ?? id) }
        var byLearner: [LearnerID: (learner: LearnerRecord, grades: [String: AttemptRecord])] = [:]
        for grade in grades {
            byLearner[grade.learner.id, default: (grade.learner, [:])].grades[grade.attempt.labID] = grade.attempt
        }
        var rows = byLearner.values.map { entry in
            let cells = labIDs.map { id in Cell(entry.grades[id]) }
            let (score, max) = labIDs.compactMap { entry.grades[$0] }.reduce((0.0, 0.0)) {
                ($0.0 + ($1.score ?? 0), $0.1 + ($1.maxScore ?? 0))
            }
            return Row(
                learnerID: entry.learner.id.rawValue, name: entry.learner.name, email: entry.learner.email,
                cells: cells, share: max > 0 ? score / max : 0)
        }
        switch order {
        case .student: rows.sort { ($0.name.lowercased(), $0.email) < ($1.name.lowercased(), $1.email) }
        case .score: rows.sort { ($1.share, $0.name.lowercased()) < ($0.share, $1.name.lowercased()) }
        }
        let histograms = labIDs.enumerated().map { index, id in
            Histogram(
                title: columns[index].title,
                shares: byLearner.values.compactMap { entry in
                    entry.grades[id].flatMap { attempt in
                        attempt.maxScore.flatMap { $0 > 0 ? (attempt.score ?? 0) / $0 : nil }
                    }
                })
        }
        let options = environment.catalog.labs.map { lab in
            Option(value: lab.id, title: lab.title, selected: lab.id == labID)
        }
        let query = labID.map { "lab=\(Self.queryEscaped($0))&" } ?? ""
        return render(
            GradebookPage(
                title: "Gradebook" + (labID.map { " of \($0)" } ?? ""), columns: columns, rows: rows,
                learners: rows.count, histograms: histograms, options: options, anyLab: labID == nil,
                byScore: order == .score, studentOrder: "/gradebook?\(query)sort=student",
                scoreOrder: "/gradebook?\(query)sort=score", csv: labID.map { "/gradebook.csv?lab=\($0)" },
                canvas: "/gradebook.canvas.csv" + (labID.map { "?lab=\(Self.queryEscaped($0))" } ?? "")),
            "gradebook")
    }

    /// The gradebook of `labID` as `ladder classroom grade` writes `gradebook.csv`: one row per learner.
    public func gradebookCSV(labID: String) async throws -> String {
        let rows = try await store.latestGrades(labID: labID).map { grade in
            let attempt = grade.attempt
            return GradebookRow(
                student: grade.learner.email, repository: attempt.repository, commit: attempt.commit,
                score: attempt.score.map { Int($0) }, maxScore: attempt.maxScore.map { Int($0) },
                status: GradebookRow.Status(attempt.status), late: attempt.late,
                gradedAt: attempt.finishedAt ?? attempt.startedAt, reason: attempt.message, reused: false,
                report: nil)
        }
        return Gradebook.csv(rows)
    }

    /// The gradebook in the layout Canvas imports: one column per lab, a "Points Possible" row, learners by name.
    public func canvasCSV(labID: String?) async throws -> String {
        let grades = try await store.latestGrades(labID: labID)
        let labIDs = Self.columns(grades, labID: labID)
        let labs = labIDs.map { id in (id, environment.catalog.lab(id: id)) }
        var lines = [
            (["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
                + labs.map { id, lab in "\(lab?.title ?? id) (\(id))" }).map(Gradebook.quote).joined(separator: ","),
            (["Points Possible", "", "", "", ""] + labs.map { _, lab in lab.map { String($0.totalPoints) } ?? "" })
                .joined(separator: ","),
        ]
        let learners = Dictionary(grouping: grades, by: \.learner.id).values.sorted {
            ($0[0].learner.name.lowercased(), $0[0].learner.email) < (
                $1[0].learner.name.lowercased(), $1[0].learner.email
            )
        }
        for entries in learners {
            let learner = entries[0].learner
            let scores = labIDs.map { id in
                entries.first { $0.attempt.labID == id }?.attempt.score.map { String(Int($0)) } ?? ""
            }
            lines.append(
                ([learner.name, "", "", learner.email, ""] + scores).map(Gradebook.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: A learner

    /// A learner's ladder: the rungs and what each needs, labs passed per area, their attempts over time, and what
    /// to take next; the same facts as `ladder progress`. Nil when the store has no such learner.
    public func learner(_ id: LearnerID) async throws -> String? {
        guard let learner = try await store.learner(id: id) else { return nil }
        return try await self.learner(learner)
    }

    /// The page of `learner`, already read from the store.
    public func learner(_ learner: LearnerRecord) async throws -> String {
        let id = learner.id
        let progress = try await environment.learnerProgress(
            Signature(name: learner.name, email: learner.email), store: store)
        let attempts = try await store.attempts(learner: id, labID: nil, limit: 200)
        let catalog = environment.catalog
        let passedByArea = Dictionary(grouping: progress.passed.flatMap { entry in entry.areas.map { ($0, entry) } }) {
            $0.0
        }
        let mostInAnArea = max(1, passedByArea.values.map(\.count).max() ?? 0)
        let areas = catalog.competencies.areas.map { area in
            let count = passedByArea[area.key]?.count ?? 0
            return AreaBar(title: area.title, passed: count, percent: count * 100 / mostInAnArea)
        }
        let rungs = progress.ladder.rungs.map { rung in
            RungRow(
                title: rung.title, reached: rung.reached, current: rung.rung == progress.current,
                labs: "\(rung.labsCounted.count) of \(rung.labsRequired)",
                areas: "\(rung.areasCovered.count) of \(rung.areasRequired)",
                missing: rung.reached
                    ? ""
                    : [
                        rung.labsMissing > 0 ? "\(rung.labsMissing) more labs" : nil,
                        rung.areasMissing > 0 ? "\(rung.areasMissing) more areas" : nil,
                    ].compactMap { $0 }
                        .joined(separator: " and "))
        }
        let history = attempts.map { attempt in
            AttemptRow(
                id: attempt.id.rawValue, lab: catalog.lab(id: attempt.labID)?.title ?? attempt.labID,
                labID: attempt.labID, when: Self.time(attempt.startedAt), status: attempt.status.rawValue,
                score: Self.score(attempt))
        }
        return render(
            LearnerPage(
                title: "\(learner.name)'s ladder", name: learner.name, email: learner.email,
                current: progress.current?.title ?? "not on the ladder yet", rungs: rungs, areas: areas,
                attempts: history, timeline: Timeline(attempts.reversed()),
                next: progress.suggestions.map { Suggestion(id: $0.labID, title: $0.title, rung: $0.rung.title) }),
            "learner")
    }

    // MARK: An attempt

    /// An attempt's report, stage by stage, from the same report value the text report prints. Nil when the store has
    /// no such attempt.
    public func attempt(_ id: AttemptID) async throws -> String? {
        guard let detail = try await store.attempt(id) else { return nil }
        return attempt(detail, learner: try await store.learner(id: detail.attempt.learner))
    }

    /// The page of an attempt and its learner, already read from the store.
    public func attempt(_ detail: AttemptDetail, learner: LearnerRecord?) -> String {
        let attempt = detail.attempt
        let report = environment.report(of: detail, learner: learner?.email ?? "")
        let stages =
            report?.stages.map { stage in
                StageSection(
                    title: stage.title, score: "\(stage.score) / \(stage.maxScore)",
                    tests: stage.tests.map { test in
                        TestRow(
                            title: test.title, verdict: test.verdict.rawValue, passed: test.verdict == .passed,
                            points: "\(test.points) / \(test.maxPoints)", milliseconds: test.wallMilliseconds,
                            required: test.required, hint: test.feedback, detail: test.detail, input: test.input)
                    })
            }
            ?? Dictionary(grouping: detail.results, by: \.stageID).sorted { $0.key < $1.key }.map { stage, results in
                StageSection(
                    title: stage, score: "",
                    tests: results.map { result in
                        TestRow(
                            title: result.testID, verdict: result.verdict.rawValue, passed: result.verdict == .passed,
                            points: "\(Int(result.points)) / \(Int(result.maxPoints))",
                            milliseconds: Int(result.wallMilliseconds ?? 0), required: true, hint: nil,
                            detail: result.message.isEmpty ? nil : result.message, input: result.input)
                    })
            }
        let lab = environment.catalog.lab(id: attempt.labID)
        return render(
            AttemptPage(
                title: "Attempt \(attempt.id) at \(lab?.title ?? attempt.labID)", id: attempt.id.rawValue,
                lab: lab?.title ?? attempt.labID, labID: attempt.labID, version: attempt.labVersion,
                learner: learner?.name ?? "unknown", learnerID: attempt.learner.rawValue,
                status: attempt.status.rawValue, score: Self.score(attempt),
                passMark: lab.map { "\($0.passMark)" } ?? "", commit: attempt.commit ?? "",
                language: attempt.language, started: Self.time(attempt.startedAt),
                finished: attempt.finishedAt.map(Self.time) ?? "", message: attempt.message,
                late: attempt.late, signature: signature(of: attempt), stages: stages,
                permalink: "/attempts/\(attempt.id.rawValue)", staleGrader: report == nil),
            "attempt")
    }

    /// What the attempt's page says of its signature: nil when unsigned.
    func signature(of attempt: AttemptRecord) -> SignatureCheck? {
        guard let document = attempt.signature else { return nil }
        guard let verifier else {
            return SignatureCheck(
                verified: false, failed: false,
                text: "signed, not checked here: start ladder serve with --public-key to check it, or use ladder verify"
            )
        }
        let result = verifier.verify(Data(document.utf8))
        guard let content = result.grade?.content else {
            return SignatureCheck(verified: false, failed: true, text: "does not verify: \(result)")
        }
        // A valid signature over another grade (copied from another attempt) proves nothing about this one.
        let differences = [
            content.labID != attempt.labID ? "lab \(content.labID)" : nil,
            content.commit != attempt.commit ? "commit \(content.commit ?? "none")" : nil,
            content.status != attempt.status ? "status \(content.status.rawValue)" : nil,
            attempt.score.map { Int($0) } != content.score ? "score \(content.score)" : nil,
        ].compactMap { $0 }
        guard differences.isEmpty else {
            return SignatureCheck(
                verified: false, failed: true,
                text: "the signature is valid but for another grade (\(differences.joined(separator: ", "))) than the "
                    + "one recorded")
        }
        return SignatureCheck(verified: true, failed: false, text: "verifies: signed by \(verifier.keyFingerprint)")
    }

    // MARK: The catalog

    /// The labs by rung, each with its areas.
    public func catalog() -> String {
        let catalog = environment.catalog
        let rungs = catalog.labsByRung().map { rung, labs in
            RungLabs(
                title: rung.title,
                labs: labs.map { lab in
                    LabEntry(
                        id: lab.id, title: lab.title, summary: lab.summary,
                        areas: lab.areas.map { catalog.competencies.area($0)?.title ?? $0 }.joined(separator: ", "),
                        languages: lab.languages.map(\.name).joined(separator: ", "))
                })
        }
        return render(CatalogPage(title: "Labs", rungs: rungs), "catalog")
    }

    /// A lab: what it asks, in its README, and its stages. Nil when the catalog has no such lab.
    public func lab(_ id: String) -> String? {
        guard let lab = environment.catalog.lab(id: id) else { return nil }
        let readme = (try? String(contentsOfFile: lab.directory + "/README.md", encoding: .utf8)) ?? ""
        return render(
            LabPage(
                title: lab.title, id: lab.id, rung: lab.rung.title, summary: lab.summary,
                languages: lab.languages.map(\.name).joined(separator: ", "),
                stages: lab.stages.map { StageEntry(title: $0.title, points: $0.points) },
                readme: Markdown.html(readme)),
            "lab")
    }

    // MARK: Helpers

    /// A gradebook's labs, in order: `labID` when it is filtered to one, else every lab graded.
    static func columns(_ grades: [LatestGrade], labID: String?) -> [String] {
        labID.map { [$0] } ?? Array(Set(grades.map(\.attempt.labID))).sorted()
    }

    static func score(_ attempt: AttemptRecord) -> String {
        guard let score = attempt.score, let max = attempt.maxScore else { return "" }
        return "\(Int(score)) / \(Int(max))"
    }

    static func time(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeSeparator(.colon))
    }

    static func queryEscaped(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? value
    }
}
