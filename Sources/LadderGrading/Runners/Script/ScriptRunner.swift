import Foundation
import LadderModel
import LadderSandbox
import LadderText

/// Runs a lab's own grader program in a sandbox of its own and scores the report it prints.
///
/// The learner's build is mounted read-only at `/submission`, the grader's directory at `/grader`; with a service,
/// the learner's service runs in its own box and the script reaches it through `$LADDER_SERVICE_SOCKET`. Only the
/// script's standard output is read as the report; nothing the learner's code prints or writes reaches it.
struct ScriptRunner {
    let context: RunContext
    static let serviceSocket = "/run/ladder/service.sock"

    /// The read-only binds of the language's profile that the script's profile lacks, where they exist here.
    func languageRuntimeMounts(besides scriptProfile: String) throws -> [SandboxMount] {
        // A language without a profile of its own (SQL, run by the grader's database) brings no runtime.
        guard context.language.profile != scriptProfile,
            SandboxProfile.available(in: context.sandbox.profilesDirectory).contains(context.language.profile)
        else { return [] }
        let language = try context.sandbox.profile(named: context.language.profile)
        let script = try context.sandbox.profile(named: scriptProfile)
        return language.readOnly
            .filter { !script.readOnly.contains($0) && FileManager.default.fileExists(atPath: $0) }
            .map { SandboxMount($0) }
    }

    /// `["java", "-cp", "out", "Main"]` as a JSON array of strings, for `$LADDER_RUN`.
    static func jsonArray(_ strings: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(strings), as: UTF8.self)) ?? "[]"
    }

    /// - Parameters:
    ///   - extraMounts: more read-only mounts for the script (a git test's copy of the history).
    ///   - extraEnvironment: more variables for the script.
    func run(
        _ test: GraderTest, _ check: ScriptCheck, extraMounts: [SandboxMount] = [],
        extraEnvironment: [String: String] = [:]
    ) async throws -> RunResult {
        var service: LearnerService?
        var mounts =
            [SandboxMount(context.spec.directory, at: "/grader"), SandboxMount(context.build, at: "/submission")]
            + extraMounts
        var environment = extraEnvironment
        if check.withService {
            var limits = context.limits(for: test)
            limits.wallTime = .seconds(60)
            limits.cpuTime = nil
            let started = try LearnerService.start(context, limits: limits)
            service = started
            if let notReady = try await started.waitUntilReady(path: nil, timeout: .seconds(10)) {
                return notReady
            }
            // The launcher makes the socket with its own owner and umask; the script's box runs as another user and
            // connecting needs write permission. The socket's directory (the workspace) stays private to us.
            chmod(started.socketPath, 0o666)
            mounts.append(SandboxMount(started.socketPath, at: Self.serviceSocket))
            environment["LADDER_SERVICE_SOCKET"] = Self.serviceSocket
        }
        // A script may start the learner's program itself (to signal it, to restart it): it is told how, and its box
        // sees the runtime the language's profile binds (the JVM's /etc/java-*), whatever profile the script uses.
        environment["LADDER_LANGUAGE"] = context.language.id
        environment["LADDER_RUN"] = Self.jsonArray(context.language.run)
        mounts += try languageRuntimeMounts(besides: check.profile)
        let workdir = try context.workspace.emptyDirectory("script")
        let policy = SandboxPolicy(
            profile: check.profile, limits: context.limits(for: test), readOnlyMounts: mounts, workdir: workdir,
            environment: environment)
        let outcome: SandboxOutcome
        do {
            outcome = try await context.sandbox.run(check.command, policy: policy)
        } catch {
            await service?.stop()
            throw error
        }
        let serviceOutcome = await service?.stop()
        if let setupError = outcome.setupError {
            throw GradingFailure.grader("the grader script could not start: \(setupError)")
        }
        let results: [ScriptTestResult]
        do {
            results = try ScriptReport.parse(outcome.stdout, format: check.format)
        } catch {
            if let (verdict, detail) = outcome.failure(expectedExit: nil, of: "the grader script"),
                verdict == .timeLimit
            {
                return RunResult(.timeLimit, detail, outcome: outcome)
            }
            throw GradingFailure.grader(
                "the grader script's report is not valid \(check.format.rawValue): \(error)" + outcome.stderrTail())
        }
        let counted = results.filter { !$0.skipped }
        guard !counted.isEmpty else {
            throw GradingFailure.grader("the grader script reported no tests")
        }
        let passed = counted.filter(\.passed)
        guard passed.count < counted.count else {
            return RunResult(.passed, outcome: outcome, fraction: 1)
        }
        let failures = counted.filter { !$0.passed }.prefix(5).map { failed in
            "✗ \(failed.name)" + (failed.message.map { ": " + TextPreview.render(Data($0.utf8), limit: 300) } ?? "")
        }
        var detail = "\(passed.count) of \(counted.count) checks passed\n" + failures.joined(separator: "\n")
        var verdict = Verdict.wrongAnswer
        if let (serviceVerdict, why) = LearnerService.ownVerdict(serviceOutcome) {
            verdict = serviceVerdict
            detail += "\n\(why)"
        }
        return RunResult(verdict, detail, outcome: outcome, fraction: Double(passed.count) / Double(counted.count))
    }
}
