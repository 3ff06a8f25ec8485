import Foundation
import LadderGit
import LadderGrading
import LadderModel
import LadderStore

/// A course's server (`ladder serve` with its workers), to which a learner without the graders submits: the commit
/// goes up as a git pack, a worker grades it against the hidden tests, the verdicts come back.
public struct CourseServer: Sendable {
    /// The server's base URL: `https://course.example.edu` (or `http://` on loopback).
    public let url: URL
    /// The learner's token (`ladder serve tokens create NAME --learner EMAIL`), sent as a bearer token, never shown.
    let token: String
    let http = CourseHTTP()

    /// The environment variable holding a learner's token.
    public static let tokenVariable = "LADDER_TOKEN"
    /// The largest pack `ladder submit` uploads; the server may allow less (`ladder serve --max-upload`).
    public static let maximumUploadBytes = 8 << 20

    public init(url: URL, token: String) {
        self.url = url
        self.token = token
    }

    /// Uploads `pack` for `lab` at `commit`; returns the grading's id.
    func submit(pack: Data, lab: String, commit: String) async throws -> Int64 {
        var components = URLComponents(url: endpoint("api/submissions"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "lab", value: lab), URLQueryItem(name: "commit", value: commit)]
        let response = try await http.send(
            .POST, components.url!,
            headers: [
                ("Authorization", "Bearer \(token)"), ("Content-Type", "application/x-git-packed-objects"),
            ], body: pack)
        guard response.status == 202 else { throw refusal(response, doing: "take the submission") }
        guard let accepted = try? JSONDecoder().decode(GradingAPI.Accepted.self, from: response.body) else {
            throw LadderError(.infrastructure, "the course's server answered 202 without a grading id")
        }
        return accepted.id
    }

    /// The grading `id` as it is now, with what its worker told after the `after`-th event.
    func grading(_ id: Int64, after: Int) async throws -> GradingAPI.Grading {
        var components = URLComponents(url: endpoint("api/gradings/\(id)"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "after", value: String(after))]
        let response = try await http.send(
            .GET, components.url!, headers: [("Authorization", "Bearer \(token)")])
        guard response.status == 200 else { throw refusal(response, doing: "show grading \(id)") }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(GradingAPI.Grading.self, from: response.body)
        } catch {
            throw LadderError(
                .infrastructure, "the course's server answered grading \(id) in a shape Ladder does not know")
        }
    }

    /// The learner's own finished attempts on the server.
    func attempts() async throws -> GradingAPI.LearnerAttempts {
        let response = try await http.send(
            .GET, endpoint("api/learner/attempts"), headers: [("Authorization", "Bearer \(token)")])
        guard response.status == 200 else { throw refusal(response, doing: "list your attempts") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let attempts = try? decoder.decode(GradingAPI.LearnerAttempts.self, from: response.body) else {
            throw LadderError(
                .infrastructure, "the course's server listed your attempts in a shape Ladder does not know")
        }
        return attempts
    }

    private func endpoint(_ path: String) -> URL {
        url.appendingPathComponent(path)
    }

    /// What a refusal means, in the server's words: a mistake of the learner's (a token, a size) or the server's.
    private func refusal(_ response: CourseHTTP.Response, doing what: String) -> LadderError {
        let said =
            (try? JSONDecoder().decode(GradingAPI.Failure.self, from: response.body))?.error
            ?? "HTTP \(response.status)"
        switch response.status {
        case 401:
            return LadderError(
                .invalidInput,
                "the course's server refused the token: \(said); set $\(Self.tokenVariable) to the token your "
                    + "instructor gave you")
        case 400, 403, 404, 413, 422, 429:
            return LadderError(.invalidInput, "the course's server would not \(what): \(said)")
        default:
            return LadderError(.infrastructure, "the course's server could not \(what): \(said)")
        }
    }
}

/// What ``LadderEnvironment/submitToCourse(_:server:store:progress:)`` tells as it goes.
public enum CourseProgress: Sendable {
    /// The pack is uploaded: `bytes` long, graded as `grading`.
    case uploaded(bytes: Int, grading: Int64)
    /// The grading's state on the server changed: `queued` or `running`.
    case state(String)
    /// What the grader told as it graded on a worker, as a local submit tells it.
    case event(GradingEvent)
}

extension LadderEnvironment {
    /// Submits to a course's server: packs the commit's history through libgit2, uploads it, follows the grading
    /// until a worker recorded it, then records the same grade in `store` and as a git note, as a local submit does.
    /// A grading the server gave up on (its machines failed) is an infrastructure error, never the learner's grade.
    public func submitToCourse(
        _ submission: Submission, server: CourseServer, store: any ResultStore, poll: Duration = .milliseconds(300),
        progress: @Sendable (CourseProgress) -> Void = { _ in }
    ) async throws -> SubmitResult {
        let repository = try Repository.open(at: submission.location)
        let pack = try repository.pack(from: submission.commit.id)
        guard pack.count <= CourseServer.maximumUploadBytes else {
            throw LadderError(
                .invalidInput,
                "the repository's history is \(pack.count / 1024) KiB packed, over the \(CourseServer.maximumUploadBytes >> 20) MiB a submission may be: remove large files from the history"
            )
        }
        let id = try await server.submit(pack: pack, lab: submission.lab.id, commit: submission.commit.id)
        progress(.uploaded(bytes: pack.count, grading: id))
        var state = ""
        var seen = 0
        var shown: Set<String> = []
        func tell(_ grading: GradingAPI.Grading) {
            if grading.state != state, grading.state == "queued" || grading.state == "running" {
                state = grading.state
                progress(.state(state))
            }
            for event in grading.events ?? [] where event.seq > seen {
                seen = event.seq
                guard let told = event.gradingEvent else { continue }
                switch told {
                case .stageStarted(let stage, _, _): shown.insert(stage)
                case .testFinished(let stage, let test): shown.insert("\(stage)/\(test.id)")
                default: break
                }
                progress(.event(told))
            }
        }
        var grading = try await server.grading(id, after: seen)
        tell(grading)
        while grading.state != "done" && grading.state != "dead" {
            try await Task.sleep(for: poll)
            grading = try await server.grading(id, after: seen)
            tell(grading)
        }
        guard grading.state == "done", let attempt = grading.attempt else {
            throw LadderError(
                .infrastructure,
                "the course's server could not grade grading \(id): \(grading.lastError ?? "no reason given"); "
                    + "nothing was recorded, submit again later")
        }
        let result = try await record(attempt, of: submission, store: store)
        // What the worker finished after its last batch of progress: shown from the final report, so the display is
        // whole.
        for stage in result.report.stages {
            if !shown.contains(stage.id) {
                progress(.event(.stageStarted(id: stage.id, title: stage.title, tests: stage.tests.count)))
            }
            for test in stage.tests where !shown.contains("\(stage.id)/\(test.id)") {
                progress(.event(.testFinished(stageID: stage.id, test)))
            }
        }
        return result
    }

    /// Records a grade the server gave in the learner's own store and as a note on the commit.
    private func record(_ remote: GradingAPI.Attempt, of submission: Submission, store: any ResultStore)
        async throws -> SubmitResult
    {
        var before = catalog.progress(passedLabIDs: [])
        if let known = try await store.learner(email: submission.author.email) {
            before = try await progress(of: known.id, store: store)
        }
        let lab = submission.lab
        let learner = try await store.upsertLearner(name: submission.author.name, email: submission.author.email)
        let attemptID = try await store.beginAttempt(
            NewAttempt(
                learner: learner.id,
                lab: LabRecord(
                    labID: lab.id, version: remote.labVersion, graderDigest: remote.graderDigest, title: lab.title,
                    rung: lab.rung, areas: lab.areas),
                language: remote.language, commit: submission.commit.id, tree: submission.commit.treeID,
                repository: submission.location, source: .submit, toolVersion: ladderVersion))
        let results = try (remote.tests ?? []).map { test in
            guard let verdict = Verdict(rawValue: test.verdict) else {
                throw LadderError(.infrastructure, "the course's server gave the verdict \(test.verdict), unknown here")
            }
            return TestResultRecord(
                stageID: test.stage, testID: test.test, verdict: verdict, points: test.points,
                maxPoints: test.maxPoints, message: test.message ?? "")
        }
        guard let status = AttemptStatus(rawValue: remote.status) else {
            throw LadderError(.infrastructure, "the course's server gave the status \(remote.status), unknown here")
        }
        _ = try await store.finishAttempt(
            attemptID,
            with: AttemptOutcome(
                status: status, score: remote.score, maxScore: remote.maxScore, results: results,
                message: remote.message))
        guard let detail = try await store.attempt(attemptID) else { throw StoreError.attemptNotFound(attemptID) }
        // Titles and hints come from the server, which has the graders (or from this machine's, where it has them).
        let spec = (try? submission.grader.get().spec) ?? GraderSpec(directory: "", stages: [])
        var report = GradeReport(reusing: detail, lab: lab, spec: spec, learner: submission.author.email)
        let described = Dictionary(
            (remote.tests ?? []).map { ("\($0.stage)/\($0.test)", $0) }, uniquingKeysWith: { first, _ in first })
        for stage in report.stages.indices {
            for index in report.stages[stage].tests.indices {
                let test = report.stages[stage].tests[index]
                guard let given = described["\(report.stages[stage].id)/\(test.id)"] else { continue }
                report.stages[stage].tests[index].title = given.title ?? test.title
                if test.verdict != .passed { report.stages[stage].tests[index].feedback = given.feedback }
            }
        }
        let after = try await progress(of: learner.id, store: store)
        return SubmitResult(
            report: report, attemptID: attemptID, progressBefore: before, progressAfter: after,
            noteError: writeNote(report, attemptID: attemptID, to: submission))
    }
}

extension LadderEnvironment {
    /// Brings the learner's attempts on the course's server into their own store, so that `ladder progress` on any of
    /// their machines counts what the server graded: each finished attempt this store does not have yet (the same
    /// lab, commit, graders and grade) is recorded, named by its place on the server. Labs this catalog does not have
    /// are left out. Returns how many were brought.
    public func importCourseAttempts(from server: CourseServer, as learner: Signature, store: any ResultStore)
        async throws -> Int
    {
        let remote = try await server.attempts()
        let record = try await store.upsertLearner(name: learner.name, email: learner.email)
        let local = try await store.attempts(learner: record.id)
        func key(_ lab: String, _ commit: String?, _ digest: String, _ status: String, _ score: Double?) -> String {
            "\(lab) \(commit ?? "-") \(digest) \(status) \(score ?? -1)"
        }
        var have = Set(local.map { key($0.labID, $0.commit, $0.graderDigest, $0.status.rawValue, $0.score) })
        var brought = 0
        for attempt in remote.attempts.reversed() {
            let seen = key(attempt.lab, attempt.commit, attempt.graderDigest, attempt.status, attempt.score)
            guard !have.contains(seen), let lab = catalog.lab(id: attempt.lab),
                let status = AttemptStatus(rawValue: attempt.status), [.passed, .failed, .error].contains(status)
            else { continue }
            let id = try await store.beginAttempt(
                NewAttempt(
                    learner: record.id,
                    lab: LabRecord(
                        labID: lab.id, version: attempt.labVersion, graderDigest: attempt.graderDigest,
                        title: lab.title,
                        rung: lab.rung, areas: lab.areas),
                    language: attempt.language, commit: attempt.commit, tree: nil,
                    repository: server.url.appendingPathComponent("api/gradings").absoluteString, source: .submit,
                    toolVersion: ladderVersion, startedAt: attempt.startedAt))
            _ = try await store.finishAttempt(
                id,
                with: AttemptOutcome(
                    status: status, score: attempt.score, maxScore: attempt.maxScore, results: [],
                    message: attempt.message, finishedAt: attempt.finishedAt ?? Date()))
            have.insert(seen)
            brought += 1
        }
        return brought
    }
}
