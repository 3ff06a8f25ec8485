import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderStore

/// What to grade in a repository, for `ladder grade` and `ladder classroom grade`.
public struct GradeSelection: Sendable {
    /// The lab to grade against; nil to take it from the repository's pin file.
    public var labID: String?
    /// A revision to grade; nil for HEAD (or the last commit before `deadline`).
    public var revision: String?
    /// Grade the last commit at or before this time; later commits make the work late.
    public var deadline: Date?
    /// A GitHub Classroom `autograding.json` (path relative to the repository, or absolute) to run instead of a lab.
    public var autograding: String?

    public init(labID: String? = nil, revision: String? = nil, deadline: Date? = nil, autograding: String? = nil) {
        self.labID = labID
        self.revision = revision
        self.deadline = deadline
        self.autograding = autograding
    }
}

/// One repository graded by CI or a classroom run.
public struct RepositoryGrade: Sendable {
    public let report: GradeReport
    public let attemptID: AttemptID
    public let commit: CommitInfo
    /// Commits exist after the deadline (the graded commit is the last one before it).
    public let late: Bool
    public let signed: SignedGrade?
    /// The attempt was already graded at this commit with these graders, and was not graded again.
    public let reused: Bool
}

extension LadderEnvironment {
    /// Opens a local repository, or clones a `file://`/`https://` URL (or a bare repository) into `scratch`.
    public func openForGrading(_ location: String, scratch: String, token: String?) throws -> Repository {
        let isURL = location.hasPrefix("https://") || location.hasPrefix("http://") || location.hasPrefix("file://")
        if !isURL, let repository = try? Repository.open(at: location), !repository.isBare {
            return repository
        }
        if !isURL, !FileManager.default.fileExists(atPath: location) {
            throw LadderError(.invalidInput, "\(location): no such repository (give a path, a file:// URL or an https:// URL)")
        }
        do {
            return try Repository.clone(from: location, to: scratch, options: CloneOptions(token: token))
        } catch {
            throw LadderError(.invalidInput, "cannot clone \(location): \(error)")
        }
    }

    /// Grades one commit of `repository` and records it; the repository itself is not changed.
    public func grade(
        _ repository: Repository,
        location: String,
        selection: GradeSelection,
        learner: (name: String, email: String)? = nil,
        store: any ResultStore,
        source: AttemptSource,
        signer: GradeSigner? = nil,
        skipIfGraded: Bool = false,
        events: @Sendable (GradingEvent) -> Void = { _ in }
    ) async throws -> RepositoryGrade {
        let (commit, late) = try pickCommit(repository, selection: selection)
        let exported = scratch.path("export")
        try repository.export(commit: commit.id, to: exported)
        defer { try? FileManager.default.removeItem(atPath: exported) }

        let (lab, language, spec, digest) = try gradingSetup(exported: exported, selection: selection, repository: repository)
        let who = learner ?? (commit.author.name, commit.author.email)
        let learnerRecord = try await store.upsertLearner(name: who.name, email: who.email)
        if skipIfGraded,
           let previous = try await store.findFinishedAttempt(
               labID: lab.id, commit: commit.id, graderDigest: digest, learner: learnerRecord.id, repository: location),
           let detail = try await store.attempt(previous.id)
        {
            let report = GradeReport(reusing: detail, lab: lab, spec: spec, commit: commit, learner: who.email)
            return RepositoryGrade(report: report, attemptID: previous.id, commit: commit, late: late, signed: nil, reused: true)
        }
        let attemptID = try await store.beginAttempt(NewAttempt(
            learner: learnerRecord.id,
            lab: LabRecord(labID: lab.id, version: lab.version.description, graderDigest: digest, title: lab.title, rung: lab.rung, areas: lab.areas),
            language: language.id, commit: commit.id, tree: commit.treeID, repository: location, source: source,
            toolVersion: ladderVersion))
        let request = GradingRequest(
            lab: lab, language: language, spec: spec, graderDigest: digest, submission: exported, learner: who.email,
            commit: commit.id, tree: commit.treeID, toolVersion: ladderVersion)
        let report = await grader.grade(request, events: events)
        let signed = try signer.map { signer in
            do { return try signer.sign(report) } catch { throw LadderError(.invalidInput, "\(error)") }
        }
        let signature = signed.map { String(decoding: $0.jsonData(), as: UTF8.self) }
        _ = try await store.finishAttempt(attemptID, with: report.attemptOutcome(signature: signature))
        return RepositoryGrade(report: report, attemptID: attemptID, commit: commit, late: late, signed: signed, reused: false)
    }

    /// The commit to grade and whether the work is late.
    func pickCommit(_ repository: Repository, selection: GradeSelection) throws -> (CommitInfo, Bool) {
        let head: CommitInfo
        do {
            head = try repository.resolve(selection.revision ?? "HEAD")
        } catch let error as GitError {
            if case .unbornHead = error.kind {
                throw LadderError(.noCommits, "the repository has no commits")
            }
            throw LadderError(.invalidInput, "cannot find \(selection.revision ?? "HEAD"): \(error.message)")
        }
        guard let deadline = selection.deadline else { return (head, false) }
        let late = head.time > deadline
        if let onTime = try repository.lastCommit(atOrBefore: deadline, from: head.id) {
            return (onTime, late)
        }
        throw LadderError(.onlyLateWork, "no commit at or before the deadline (\(ISO8601DateFormatter().string(from: deadline))); the first is later")
    }

    /// The lab, language, hidden spec and digest to grade `exported` with.
    func gradingSetup(exported: String, selection: GradeSelection, repository: Repository) throws
        -> (Lab, LabLanguage, GraderSpec, String)
    {
        if let autograding = selection.autograding {
            let path = autograding.hasPrefix("/") ? autograding : exported + "/" + autograding
            let config: AutogradingConfig
            do {
                config = try AutogradingConfig.load(contentsOf: path)
            } catch {
                // Named as the user gave it: the exported copy's path is a scratch directory that is gone by now.
                let named = AutogradingError(
                    file: autograding, testIndex: error.testIndex, testName: error.testName, field: error.field, reason: error.reason)
                throw LadderError(.invalidInput, "\(named)")
            }
            let spec = config.graderSpec(directory: exported)
            let lab = Lab(
                id: "autograding", title: "GitHub Classroom autograding", version: SemanticVersion(1, 0, 0),
                summary: "The tests of \(autograding)", competencies: [], rung: .junior,
                languages: [LabLanguage(id: "shell", name: "Shell", profile: "default", run: [])],
                stages: [Stage(id: "autograding", title: "Autograding tests", points: config.totalPoints)],
                passMark: config.totalPoints, limits: Limits(), directory: exported)
            let digest = try GraderDigest.compute(file: path)
            return (lab, lab.languages[0], spec, digest)
        }
        let pin = try? LabPin.load(repository: exported, catalog: catalog)
        guard let labID = selection.labID ?? pin?.lab else {
            throw LadderError(.notALabRepository, "the repository has no \(LabPin.relativePath) at the graded commit; name the lab with --lab ID")
        }
        let lab = try catalog.requireLab(labID)
        let language = (pin?.lab == lab.id ? pin.flatMap { lab.language($0.language) } : nil) ?? lab.defaultLanguage
        let (spec, digest) = try graderSpec(for: lab)
        return (lab, language, spec, digest)
    }
}

extension GradeReport {
    /// A report rebuilt from a stored attempt (for a classroom run that skips what it graded before).
    ///
    /// The store keeps no titles or hints; they come from `spec`, the grader that graded (same digest).
    init(reusing detail: AttemptDetail, lab: Lab, spec: GraderSpec, commit: CommitInfo, learner: String) {
        let attempt = detail.attempt
        var stages: [StageReport] = []
        for result in detail.results {
            let graded = spec.stages.first { $0.id == result.stageID }?.tests.first { $0.id == result.testID }
            let test = TestReport(
                id: result.testID, title: graded?.title ?? result.testID, verdict: result.verdict, points: Int(result.points),
                maxPoints: Int(result.maxPoints), feedback: result.verdict == .passed ? nil : graded?.feedback,
                detail: result.message.isEmpty ? nil : result.message,
                wallMilliseconds: Int(result.wallMilliseconds ?? 0), cpuMilliseconds: Int(result.cpuMilliseconds ?? 0),
                peakMemoryBytes: Int(result.memoryBytes ?? 0))
            if stages.last?.id == result.stageID {
                stages[stages.count - 1].tests.append(test)
            } else {
                stages.append(StageReport(id: result.stageID, title: lab.stage(result.stageID)?.title ?? result.stageID, tests: [test]))
            }
        }
        self.init(
            labID: attempt.labID, labVersion: attempt.labVersion, labTitle: lab.title, graderDigest: attempt.graderDigest,
            language: attempt.language, learner: learner, toolVersion: attempt.toolVersion, commit: attempt.commit,
            tree: attempt.tree, build: nil, stages: stages, score: Int(attempt.score ?? 0), maxScore: Int(attempt.maxScore ?? 0),
            passMark: lab.passMark, status: attempt.status, errorMessage: attempt.message, startedAt: attempt.startedAt,
            finishedAt: attempt.finishedAt ?? attempt.startedAt)
    }
}
