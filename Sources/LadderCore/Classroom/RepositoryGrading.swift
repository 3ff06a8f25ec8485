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
    /// A GitHub Classroom workflow (`.github/workflows/classroom.yml`, relative to the repository, or absolute) whose
    /// grader steps to run instead of a lab.
    public var workflow: String?
    /// The autograding tests' setup commands get the host's network and a `sudo` (their run commands never do).
    public var allowNetworkSetup: Bool

    public init(
        labID: String? = nil, revision: String? = nil, deadline: Date? = nil, autograding: String? = nil,
        workflow: String? = nil, allowNetworkSetup: Bool = false
    ) {
        self.labID = labID
        self.revision = revision
        self.deadline = deadline
        self.autograding = autograding
        self.workflow = workflow
        self.allowNetworkSetup = allowNetworkSetup
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
    /// What reading the graders warned about (a GitHub Classroom file's ignored fields and skipped steps).
    public var warnings: [AutogradingWarning] = []
}

/// A repository opened for grading: in place, or cloned into the scratch space.
public struct GradingSource: Sendable {
    public let repository: Repository
    /// How the attempt records the repository and messages name it: its working directory when it is used in place,
    /// otherwise the URL or path as given (a clone's path is a scratch directory that means nothing to anyone and
    /// differs on every run).
    public let location: String
    /// The clone to remove when done, if one was made.
    let clone: String?

    init(repository: Repository, location: String, clone: String? = nil) {
        self.repository = repository
        self.location = location
        self.clone = clone
    }

    /// Removes the clone, if one was made.
    public func discard() {
        if let clone { try? FileManager.default.removeItem(atPath: clone) }
    }
}

extension LadderEnvironment {
    /// Opens a local repository in place, or clones a bare one or a `file://`/`https://` URL into the scratch space.
    ///
    /// Errors name `location` as given, never the scratch directory a clone went to.
    public func openForGrading(_ location: String, token: String?) throws -> GradingSource {
        let isURL = location.hasPrefix("https://") || location.hasPrefix("http://") || location.hasPrefix("file://")
        let localPath = isURL ? (location.hasPrefix("file://") ? URL(string: location)?.path : nil) : location
        if let localPath {
            guard FileManager.default.fileExists(atPath: localPath) else {
                throw LadderError(
                    .invalidInput, "no such repository: \(location) (give a path, a file:// URL or an https:// URL)")
            }
            guard let repository = try? Repository.open(at: localPath) else {
                throw LadderError(
                    .invalidInput, "\(location) is not a git repository (give the repository's top directory)")
            }
            if !isURL, let workdir = repository.workdir {
                return GradingSource(repository: repository, location: workdir)
            }
        }
        let clone = scratch.path("clone")
        do {
            let repository = try Repository.clone(from: location, to: clone, options: CloneOptions(token: token))
            return GradingSource(repository: repository, location: location, clone: clone)
        } catch {
            try? FileManager.default.removeItem(atPath: clone)
            throw LadderError(.invalidInput, "cannot clone \(location): \(Self.cloneFailure(error, clone: clone))")
        }
    }

    /// A learner's uploaded pack, unpacked into the scratch space as a bare repository at `commit`; the attempt names
    /// it `location` (`upload:ID`). A pack that is not usable is the submission's fault, never the machine's.
    public func openUpload(_ pack: Data, commit: String, location: String) throws -> GradingSource {
        let path = scratch.path("upload")
        do {
            let repository = try Repository.unpack(pack, into: path, commit: commit)
            return GradingSource(repository: repository, location: location, clone: path)
        } catch let error as GitError {
            throw LadderError(.invalidInput, "\(location): \(error.message)")
        }
    }

    /// Why a clone failed, in libgit2's words without the clone's own (scratch) path.
    static func cloneFailure(_ error: any Error, clone: String) -> String {
        guard let error = error as? GitError else { return "\(error)" }
        if case .authenticationFailed = error.kind {
            return
                "the server refused the credentials; check that LADDER_GIT_TOKEN (or GITHUB_TOKEN) is set, valid and may read the repository"
        }
        return error.message.replacingOccurrences(of: clone, with: "the clone")
    }

    /// Grades one commit of the repository at `location` and records it; the repository itself is not changed.
    ///
    /// The same pipeline as `ladder submit`: see ``prepareSubmission(_:selection:)``. `learner` defaults to the
    /// graded commit's author.
    public func gradeRepository(
        _ location: String,
        selection: GradeSelection,
        learner: Signature? = nil,
        token: String?,
        store: any ResultStore,
        source: AttemptSource,
        signer: GradeSigner? = nil,
        skipIfGraded: Bool = false,
        warnings: @Sendable ([AutogradingWarning]) -> Void = { _ in },
        events: @Sendable (GradingEvent) -> Void = { _ in }
    ) async throws -> RepositoryGrade {
        try await grade(
            try openForGrading(location, token: token), selection: selection, learner: learner, store: store,
            source: source, signer: signer, skipIfGraded: skipIfGraded, warnings: warnings, events: events)
    }

    /// Grades one commit of an opened repository and records it, then discards the repository's clone, if any.
    public func grade(
        _ opened: GradingSource,
        selection: GradeSelection,
        learner: Signature? = nil,
        store: any ResultStore,
        source: AttemptSource,
        signer: GradeSigner? = nil,
        skipIfGraded: Bool = false,
        warnings: @Sendable ([AutogradingWarning]) -> Void = { _ in },
        events: @Sendable (GradingEvent) -> Void = { _ in }
    ) async throws -> RepositoryGrade {
        defer { opened.discard() }
        let submission = try prepareSubmission(opened, selection: selection)
        defer { submission.discard() }
        let graderWarnings = (try? submission.grader.get().warnings) ?? []
        if !graderWarnings.isEmpty { warnings(graderWarnings) }
        let recorded = try await gradeAndRecord(
            submission, as: learner ?? submission.author, store: store, source: source, signer: signer,
            skipIfGraded: skipIfGraded, events: events)
        var report = recorded.report
        if !graderWarnings.isEmpty { report.warnings = graderWarnings.map(\.description) }
        return RepositoryGrade(
            report: report, attemptID: recorded.attemptID, commit: submission.commit, late: submission.late,
            signed: recorded.signed, reused: recorded.reused, warnings: graderWarnings)
    }
}

extension GradeReport {
    /// A report rebuilt from a stored attempt (for a classroom run that skips what it graded before).
    ///
    /// The store keeps no titles or hints; they come from `spec`, the grader that graded (same digest).
    init(reusing detail: AttemptDetail, lab: Lab, spec: GraderSpec, learner: String) {
        let attempt = detail.attempt
        var stages: [StageReport] = []
        for result in detail.results {
            let graded = spec.stages.first { $0.id == result.stageID }?.tests.first { $0.id == result.testID }
            let test = TestReport(
                id: result.testID, title: graded?.title ?? result.testID, verdict: result.verdict,
                points: Int(result.points),
                maxPoints: Int(result.maxPoints), feedback: result.verdict == .passed ? nil : graded?.feedback,
                detail: result.message.isEmpty ? nil : result.message,
                wallMilliseconds: Int(result.wallMilliseconds ?? 0), cpuMilliseconds: Int(result.cpuMilliseconds ?? 0),
                peakMemoryBytes: Int(result.memoryBytes ?? 0), required: graded?.required ?? true, input: result.input)
            if stages.last?.id == result.stageID {
                stages[stages.count - 1].tests.append(test)
            } else {
                stages.append(
                    StageReport(
                        id: result.stageID, title: lab.stageTitle(result.stageID), tests: [test]))
            }
        }
        self.init(
            labID: attempt.labID, labVersion: attempt.labVersion, labTitle: lab.title,
            graderDigest: attempt.graderDigest,
            language: attempt.language, learner: learner, toolVersion: attempt.toolVersion, commit: attempt.commit,
            tree: attempt.tree, build: nil, stages: stages, score: Int(attempt.score ?? 0),
            maxScore: Int(attempt.maxScore ?? 0),
            passMark: lab.passMark, status: attempt.status, errorMessage: attempt.message, startedAt: attempt.startedAt,
            finishedAt: attempt.finishedAt ?? attempt.startedAt)
    }
}
