import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderStore
import LadderWorkflow

/// The one grading pipeline behind `ladder submit`, `ladder grade` and `ladder classroom grade`: prepare (pick the
/// commit, export it, read the pin, choose the lab, language and hidden grader), then grade and record.
extension LadderEnvironment {
    /// Picks the commit `selection` asks for, exports it and matches it with its lab and hidden grader.
    ///
    /// The pin (`.ladder/lab.toml` at that commit) is read with all its checks whenever it exists, also when
    /// `selection` names the lab: a pin the catalog cannot honour is an error, never a silent default.
    public func prepareSubmission(_ source: GradingSource, selection: GradeSelection) throws -> Submission {
        let (commit, late) = try pickCommit(source, selection: selection)
        let exported = scratch.path("export")
        try source.repository.export(commit: commit.id, to: exported)
        do {
            let (lab, language, grader) = try chooseGrader(
                exported: exported, source: source, commit: commit, selection: selection)
            return Submission(
                location: source.location, commit: commit, late: late, lab: lab, language: language, grader: grader,
                author: commit.author, exported: exported, repository: source.repository.gitDirectory)
        } catch {
            try? FileManager.default.removeItem(atPath: exported)
            throw error
        }
    }

    /// The commit to grade and whether the work is late.
    func pickCommit(_ source: GradingSource, selection: GradeSelection) throws -> (CommitInfo, Bool) {
        let revision = selection.revision ?? "HEAD"
        let head: CommitInfo
        do {
            head = try source.repository.resolve(revision)
        } catch let error as GitError {
            if case .unbornHead = error.kind {
                throw LadderError(
                    .noCommits,
                    "\(source.location) has no commits yet; commit the work (`git add -A && git commit`) first")
            }
            throw LadderError(.invalidInput, "cannot find \(revision) in \(source.location): \(error.message)")
        }
        guard let deadline = selection.deadline else { return (head, false) }
        let late = head.time > deadline
        if let onTime = try source.repository.lastCommit(atOrBefore: deadline, from: head.id) {
            return (onTime, late)
        }
        throw LadderError(
            .onlyLateWork,
            "no commit at or before the deadline (\(Units.timestamp(deadline))); the first is later"
        )
    }

    /// The lab, language and hidden grader to grade `exported` with.
    func chooseGrader(exported: String, source: GradingSource, commit: CommitInfo, selection: GradeSelection) throws
        -> (Lab, LabLanguage, Result<HiddenGrader, LadderError>)
    {
        if let autograding = selection.autograding {
            return try autogradingGrader(autograding, exported: exported, networkSetup: selection.allowNetworkSetup)
        }
        if let workflow = selection.workflow {
            return try autogradingGrader(
                workflow, exported: exported, networkSetup: selection.allowNetworkSetup, workflow: true)
        }
        // Named as the person knows the repository: the export is a scratch directory that is gone by now.
        let pinFile = source.location + "/" + LabPin.relativePath
        let committed = "as committed in \(commit.id.prefix(10))"
        var pin: LabPin?
        if FileManager.default.fileExists(atPath: exported + "/" + LabPin.relativePath) {
            do {
                pin = try LabPin.load(repository: exported, catalog: catalog)
            } catch {
                var named = error
                named.file = pinFile
                throw LadderError(.notALabRepository, "\(named) (\(committed))")
            }
        }
        guard let labID = selection.labID ?? pin?.lab else {
            throw LadderError(
                .notALabRepository,
                "\(pinFile): not found (\(committed)): this is not a repository made by `ladder start`; run this in a lab's directory, or name the lab with `ladder grade --lab ID`"
            )
        }
        let lab = try catalog.requireLab(labID)
        if let pin, pin.lab != lab.id {
            throw LadderError(
                .invalidInput,
                "\(pinFile) pins lab `\(pin.lab)`, not `\(lab.id)` (\(committed)); grade it against `\(pin.lab)`, or check that this is the right repository"
            )
        }
        // The pin's language was checked against the lab when the pin was read.
        let language = pin.flatMap { lab.language($0.language) } ?? lab.defaultLanguage
        let grader = Result { () throws(LadderError) -> HiddenGrader in
            do {
                let (spec, digest) = try graderSpec(for: lab)
                return HiddenGrader(spec: spec, digest: digest)
            } catch let error as LadderError {
                throw error
            } catch {
                throw LadderError(
                    .infrastructure, "the grader of `\(lab.id)` cannot be read (not your code's fault): \(error)")
            }
        }
        return (lab, language, grader)
    }

    /// A GitHub Classroom `autograding.json`, or with `workflow` the grader steps of a Classroom workflow
    /// (`classroom.yml`), as a lab of its own (``AutogradingConfig/lab(file:directory:)``), its tests run in one shared
    /// checkout under the `autograding` profile.
    private func autogradingGrader(_ file: String, exported: String, networkSetup: Bool, workflow: Bool = false)
        throws -> (Lab, LabLanguage, Result<HiddenGrader, LadderError>)
    {
        let path = file.hasPrefix("/") ? file : exported + "/" + file
        var config: AutogradingConfig
        // A timeout the sandbox cannot give is refused now, not found out by the test it would fail.
        let maximum = try? sandbox.profile(named: AutogradingCheck.profile).maxima.wallTime
        if workflow {
            do {
                // Named as the user gave it: the exported copy's path is a scratch directory that is gone by now.
                config = try ClassroomWorkflow.load(contentsOf: path, named: file, repository: exported)
            } catch {
                throw LadderError(.invalidInput, "\(error)")
            }
            do {
                if let maximum { try config.requireTimeouts(atMost: maximum, file: file) }
            } catch {
                throw LadderError(.invalidInput, "\(error)")
            }
        } else {
            do {
                config = try AutogradingConfig.load(contentsOf: path)
                if let maximum { try config.requireTimeouts(atMost: maximum, file: path) }
            } catch {
                let newer = ClassroomWorkflow.defaultPath
                if !FileManager.default.fileExists(atPath: path),
                    FileManager.default.fileExists(atPath: exported + "/" + newer)
                {
                    throw LadderError(
                        .invalidInput,
                        "\(file): no such file; the repository has \(newer), GitHub Classroom's newer format: grade it "
                            + "with `ladder grade --workflow \(newer)`")
                }
                let named = AutogradingError(
                    file: file, testIndex: error.testIndex, testName: error.testName, field: error.field,
                    reason: error.reason)
                throw LadderError(.invalidInput, "\(named)")
            }
            for index in config.warnings.indices { config.warnings[index].file = file }
        }
        let lab = config.lab(file: file, directory: exported)
        let grader = HiddenGrader(
            spec: config.graderSpec(directory: exported, networkSetup: networkSetup),
            digest: try GraderDigest.compute(file: path), warnings: config.warnings)
        return (lab, lab.languages[0], .success(grader))
    }

    /// Grades a prepared submission and records the attempt as `learner`.
    ///
    /// The attempt is recorded `running` before grading starts and finished in one transaction, so a crash leaves it
    /// to be reaped as `interrupted`, never half-written. When the task is cancelled (see ``Interruption``) the grader
    /// stops and the attempt is marked `interrupted` here, once, before this throws `CancellationError`; a
    /// cancellation after the grade was recorded changes nothing. `onAttempt` receives the attempt's id as soon as it
    /// exists.
    func gradeAndRecord(
        _ submission: Submission,
        as learner: Signature,
        store: any ResultStore,
        source: AttemptSource,
        signer: GradeSigner? = nil,
        skipIfGraded: Bool = false,
        stage: StageSelection? = nil,
        onAttempt: @Sendable (AttemptID) -> Void = { _ in },
        events: @Sendable (GradingEvent) -> Void = { _ in }
    ) async throws -> RecordedGrade {
        let record = try await uncancelled { try await store.upsertLearner(name: learner.name, email: learner.email) }
        try Task.checkCancellation()
        var lab = submission.lab
        var hiddenGrader = submission.grader
        if let stage, case .success(let hidden) = hiddenGrader {
            let (cutLab, cutSpec) = stage.cut(lab, hidden.spec)
            lab = cutLab
            hiddenGrader = .success(HiddenGrader(spec: cutSpec, digest: hidden.digest))
        }
        if skipIfGraded, stage == nil, case .success(let hidden) = hiddenGrader,
            let previous = try await store.findFinishedAttempt(
                labID: lab.id, commit: submission.commit.id, graderDigest: hidden.digest, learner: record.id,
                repository: submission.location),
            previous.late == submission.late, let detail = try await store.attempt(previous.id)
        {
            let report = GradeReport(
                reusing: detail, lab: lab, spec: hidden.spec, learner: learner.email)
            return RecordedGrade(report: report, attemptID: previous.id, learner: record.id, signed: nil, reused: true)
        }
        let digest = (try? hiddenGrader.get().digest) ?? "unavailable"
        let attempt = NewAttempt(
            learner: record.id,
            lab: LabRecord(
                labID: lab.id, version: lab.version.description, graderDigest: digest, title: lab.title, rung: lab.rung,
                areas: lab.areas),
            language: submission.language.id, commit: submission.commit.id, tree: submission.commit.treeID,
            repository: submission.location, source: source, toolVersion: ladderVersion, throughStage: stage?.stage.id,
            late: submission.late)
        let attemptID = try await uncancelled { try await store.beginAttempt(attempt) }
        onAttempt(attemptID)

        var report: GradeReport
        switch hiddenGrader {
        case .success(let hidden):
            let request = GradingRequest(
                lab: lab, language: submission.language, spec: hidden.spec, graderDigest: hidden.digest,
                submission: submission.exported, learner: learner.email, commit: submission.commit.id,
                tree: submission.commit.treeID, repository: submission.repository, toolVersion: ladderVersion)
            var graded = await grader.grade(request, events: events)
            graded.throughStage = stage?.stage.id
            report = graded
        case .failure(let error):
            report = GradeReport.unavailable(
                lab: lab, language: submission.language.id, learner: learner.email, commit: submission.commit,
                reason: error.message)
        }
        // Cancelled while grading ran: what the runs said is no verdict, even when the grader finished first (a
        // terminal's Ctrl-C reaches the box too, and can end its run before the cancellation does).
        if report.status == .interrupted || Task.isCancelled {
            let reason = Interruption.reason
            _ = try await uncancelled { try await store.markInterrupted(attemptID, reason: reason) }
            throw CancellationError()
        }
        // The finish time as the store keeps it (whole milliseconds, rounded), so that this report and one rebuilt
        // from the store later say the same second: 12:00:29.9996 is stored as 12:00:30.000, and shown so in both.
        report.finishedAt = Validation.truncated(report.finishedAt)
        // A grade that cannot be signed is still the grade: it is recorded unsigned before the signing error is told.
        var signingError: LadderError?
        var signed: SignedGrade?
        do {
            signed = try signer?.sign(report)
        } catch {
            signingError = LadderError(.invalidInput, "the grade was recorded but could not be signed: \(error)")
        }
        let outcome = report.attemptOutcome(signature: signed.map { String(decoding: $0.jsonData(), as: UTF8.self) })
        _ = try await uncancelled { try await store.finishAttempt(attemptID, with: outcome) }
        if let signingError { throw signingError }
        return RecordedGrade(report: report, attemptID: attemptID, learner: record.id, signed: signed, reused: false)
    }
}

/// What ``LadderEnvironment/gradeAndRecord(_:as:store:source:signer:skipIfGraded:onAttempt:events:)`` recorded.
struct RecordedGrade: Sendable {
    let report: GradeReport
    let attemptID: AttemptID
    let learner: LearnerID
    let signed: SignedGrade?
    /// Graded before at this commit with these graders, and not graded again.
    let reused: Bool
}

extension GradeReport {
    /// A report for a lab that could not be graded at all (its grader is missing or broken).
    static func unavailable(lab: Lab, language: String, learner: String?, commit: CommitInfo?, reason: String)
        -> GradeReport
    {
        let now = Date()
        return GradeReport(
            labID: lab.id, labVersion: lab.version.description, labTitle: lab.title, graderDigest: "unavailable",
            language: language, learner: learner, toolVersion: ladderVersion, commit: commit?.id, tree: commit?.treeID,
            build: nil, stages: [], score: 0, maxScore: lab.totalPoints, passMark: lab.passMark, status: .error,
            errorMessage: reason, startedAt: now, finishedAt: now)
    }

    /// The attempt's final state for the store.
    func attemptOutcome(signature: String? = nil) -> AttemptOutcome {
        let results = stages.flatMap { stage in
            stage.tests.map { test -> TestResultRecord in
                TestResultRecord(
                    stageID: stage.id, testID: test.id, verdict: test.verdict, points: Double(test.points),
                    maxPoints: Double(test.maxPoints), message: test.detail ?? "",
                    cpuMilliseconds: Int64(test.cpuMilliseconds), wallMilliseconds: Int64(test.wallMilliseconds),
                    memoryBytes: Int64(test.peakMemoryBytes), input: test.input)
            }
        }
        let finished: AttemptStatus = status == .running ? .error : status
        let ungraded = finished == .error && stages.isEmpty
        return AttemptOutcome(
            status: finished, score: ungraded ? nil : Double(score), maxScore: ungraded ? nil : Double(maxScore),
            results: results, signature: signature, message: errorMessage, finishedAt: finishedAt)
    }
}
