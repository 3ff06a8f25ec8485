import Foundation
import LadderGit
import LadderModel
import LadderSandbox

/// Runs a git test: reads a private copy of the learner's history through libgit2 and checks it.
///
/// The learner's repository is only read, once, into a bare copy in the workspace holding the graded commit and its
/// ancestors. Learner code runs only in exports of single commits (no `.git`), and a grader script sees the copy
/// mounted read-only, so nothing that runs can change the history being graded.
struct GitRunner {
    let context: RunContext

    func run(_ test: GraderTest, _ check: GitCheck) async throws -> RunResult {
        guard let source = context.repository, let commit = context.commit else {
            throw GradingFailure.grader(
                "test \(test.id) checks git history, but it was given files without their repository; grade a repository (`ladder submit`, `ladder grade PATH`)"
            )
        }
        let copyPath = context.workspace.path("history")
        let history: Repository
        do {
            history = try Repository.open(at: source).exportHistory(of: commit, to: copyPath)
        } catch {
            throw GradingFailure.infrastructure(
                "cannot copy the history of \(source) at \(commit.prefix(10)): \(error)")
        }
        let view = try HistoryView(history, graded: commit)
        let failures = try view.failures(of: check)
        if failures.isEmpty, let runAt = check.runAt {
            guard let command = check.run ?? context.language.test else {
                throw GradingFailure.grader(
                    "test \(test.id) runs the tests at commits, but the lab's \(context.language.id) has no `test` command; give the test a `run` command or the language a `test`"
                )
            }
            let result = try await runCommand(command, at: try view.commits(for: runAt), in: history, test: test)
            if result.verdict != .passed || check.script == nil {
                return result
            }
        }
        if !failures.isEmpty {
            return RunResult(.wrongAnswer, failures.prefix(6).joined(separator: "\n"))
        }
        if let script = check.script {
            let environment = [
                "LADDER_COMMIT": commit, "LADDER_BASE": view.labCommits.joined(separator: " "),
                // The copy belongs to another user inside the box; git refuses such a repository unless told it is safe.
                "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*",
                "GIT_CONFIG_NOSYSTEM": "1",
            ]
            return try await ScriptRunner(context: context).run(
                test, script, extraMounts: [SandboxMount(copyPath, at: GitCheck.historyMount)],
                extraEnvironment: environment)
        }
        return RunResult(.passed)
    }

    /// Builds and runs `command` at each commit, in an export of it; the first failure is the verdict.
    private func runCommand(_ command: [String], at commits: [CommitInfo], in history: Repository, test: GraderTest)
        async throws -> RunResult
    {
        var last: SandboxOutcome?
        for commit in commits {
            let named = "commit \(commit.id.prefix(7)) \"\(commit.summary)\""
            let workdir = context.workspace.path("commit")
            do {
                try history.export(commit: commit.id, to: workdir)
            } catch {
                throw GradingFailure.infrastructure("cannot export \(named): \(error)")
            }
            if let build = context.language.build {
                let policy = SandboxPolicy(
                    profile: context.language.profile, limits: Grader.buildLimits, workdir: workdir)
                let outcome = try await context.sandbox.run(build, policy: policy)
                if let (verdict, detail) = outcome.failure(of: "the build of \(named)") {
                    return RunResult(verdict == .graderError ? .graderError : .wrongAnswer, detail, outcome: outcome)
                }
            }
            let policy = SandboxPolicy(
                profile: context.language.profile, limits: context.limits(for: test), workdir: workdir)
            let outcome = try await context.sandbox.run(command, policy: policy)
            if let (verdict, detail) = outcome.failure(of: "`\(command.joined(separator: " "))` at \(named)") {
                // A failing command is a wrong history; a limit hit or a crash keeps its own verdict.
                return RunResult(verdict == .runtimeError ? .wrongAnswer : verdict, detail, outcome: outcome)
            }
            last = outcome
        }
        guard let last else {
            return RunResult(.wrongAnswer, "there is no commit to run `\(command.joined(separator: " "))` at")
        }
        return RunResult(.passed, outcome: last)
    }
}

/// The learner's part of a history: the commits reachable from the graded one that are not the lab's.
struct HistoryView {
    let repository: Repository
    let graded: String
    /// The lab's commits that bound the learner's (roots and commits carrying ``GitCheck/startTrailer``).
    let labCommits: [String]
    /// The learner's commits, oldest first.
    let learnerCommits: [CommitInfo]

    init(_ repository: Repository, graded: String) throws {
        self.repository = repository
        self.graded = graded
        let all = try repository.commits(from: graded)
        labCommits = all.filter { $0.parentIDs.isEmpty || Self.isLabCommit($0.message) }.map(\.id)
        learnerCommits = try repository.commits(from: graded, hiding: labCommits)
    }

    static func isLabCommit(_ message: String) -> Bool {
        message.split(separator: "\n").contains { $0.hasPrefix(GitCheck.startTrailer + ":") }
    }

    var merges: [CommitInfo] { learnerCommits.filter { $0.parentIDs.count > 1 } }

    func commits(for runAt: GitCheck.RunAt) throws -> [CommitInfo] {
        switch runAt {
        case .head: return [try repository.resolve(graded)]
        case .each: return learnerCommits
        case .merges: return merges
        }
    }

    /// What is wrong with the history, one sentence each; empty when every check holds.
    func failures(of check: GitCheck) throws -> [String] {
        var failures: [String] = []
        let count = learnerCommits.count
        let plural = count == 1 ? "commit" : "commits"
        if let minimum = check.minCommits, count < minimum {
            failures.append("you made \(count) \(plural) since the lab started; at least \(minimum) are needed")
        }
        if let maximum = check.maxCommits, count > maximum {
            failures.append("you made \(count) \(plural) since the lab started; at most \(maximum) are allowed")
        }
        let plain = learnerCommits.filter { $0.parentIDs.count < 2 }
        // "Every commit does X" is no achievement when there are none: a history with nothing of the learner's in it
        // fails every per-commit check rather than passing it vacuously.
        let perCommit =
            check.messagePattern != nil || check.maxFilesPerCommit != nil || !check.groups.isEmpty
            || check.authorsNamed || !check.mustNotTouch.isEmpty
        if perCommit, learnerCommits.isEmpty {
            failures.append("there are no commits of yours since the lab started; commit your work (`git commit`)")
            return failures
        }
        if let pattern = check.messagePattern {
            for commit in plain {
                let summary = commit.summary
                let outcome: Bool?
                do {
                    outcome = try Data(summary.utf8).withUnsafeBytes { bytes throws(ComparisonUnavailable) in
                        try RegexMatcher.wholeMatch(pattern, bytes, timeLimit: .seconds(5))
                    }
                } catch {
                    throw GradingFailure.infrastructure("\(error)")
                }
                guard let matched = outcome else {
                    throw GradingFailure.grader(
                        "the message pattern /\(pattern)/ took too long on \(Self.name(commit)); rewrite it without nested quantifiers"
                    )
                }
                if !matched {
                    failures.append("\(Self.name(commit)): the message does not follow the convention (/\(pattern)/)")
                }
            }
        }
        var touched: [String: [String]] = [:]
        for commit in learnerCommits {
            touched[commit.id] = try repository.changedPaths(of: commit.id)
        }
        if let maximum = check.maxFilesPerCommit {
            for commit in plain where touched[commit.id, default: []].count > maximum {
                let paths = touched[commit.id, default: []]
                failures.append(
                    "\(Self.name(commit)) touches \(paths.count) files (\(Self.list(paths))); at most \(maximum) per commit"
                )
            }
        }
        for glob in check.mustTouch
        where !learnerCommits.contains(where: { touched[$0.id, default: []].contains { GitCheck.matches(glob, $0) } }) {
            failures.append("none of your commits touches \(glob)")
        }
        for glob in check.mustNotTouch {
            for commit in learnerCommits {
                let hits = touched[commit.id, default: []].filter { GitCheck.matches(glob, $0) }
                if !hits.isEmpty {
                    failures.append("\(Self.name(commit)) touches \(Self.list(hits)), which must not change")
                }
            }
        }
        if !check.groups.isEmpty {
            for commit in plain {
                var groupsTouched: [String: [String]] = [:]
                for path in touched[commit.id, default: []] {
                    for (group, globs) in check.groups where globs.contains(where: { GitCheck.matches($0, path) }) {
                        groupsTouched[group, default: []].append(path)
                    }
                }
                // A path in two groups belongs to either; the commit mixes changes only if no one group holds them all.
                let paths = Set(groupsTouched.values.joined())
                if groupsTouched.count > 1, !groupsTouched.values.contains(where: { Set($0) == paths }) {
                    let described = groupsTouched.keys.sorted().map { "\($0): \(Self.list(groupsTouched[$0]!))" }
                    failures.append(
                        "\(Self.name(commit)) mixes unrelated changes (\(described.joined(separator: "; "))); make one commit per change"
                    )
                }
            }
        }
        if check.authorsNamed {
            for commit in learnerCommits {
                let author = commit.author
                if author.name.trimmingCharacters(in: .whitespaces).isEmpty || !author.email.contains("@") {
                    failures.append(
                        "\(Self.name(commit)) has no proper author (\"\(author.name) <\(author.email)>\"); set user.name and user.email"
                    )
                }
            }
        }
        var linesAt = graded
        if check.merge {
            let joined = try merges.filter { commit in
                let parents = commit.parentIDs
                return try !repository.isAncestor(parents[1], of: parents[0])
                    && !repository.isAncestor(parents[0], of: parents[1])
            }
            if let newest = joined.last {
                linesAt = newest.id
            } else {
                failures.append(
                    merges.isEmpty
                        ? "there is no merge commit among your commits; merge the branch (a commit with both tips as parents)"
                        : "your merge commits join a branch with its own ancestor; merge the branch that has moved on")
                return failures
            }
        }
        for (path, lines) in check.keepLines.sorted(by: { $0.key < $1.key }) {
            let at = String(linesAt.prefix(7))
            guard let data = try repository.fileContents(path, at: linesAt) else {
                failures.append("\(path) is missing at \(at)")
                continue
            }
            let present = Set(
                String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) })
            for line in lines where !present.contains(line.trimmingCharacters(in: .whitespaces)) {
                failures.append("\(path) at \(at) lost the line `\(line)`")
            }
        }
        return failures
    }

    static func name(_ commit: CommitInfo) -> String {
        "commit \(commit.id.prefix(7)) \"\(commit.summary)\""
    }

    static func list(_ paths: [String]) -> String {
        paths.count <= 4 ? paths.joined(separator: ", ") : paths.prefix(4).joined(separator: ", ") + ", …"
    }
}
