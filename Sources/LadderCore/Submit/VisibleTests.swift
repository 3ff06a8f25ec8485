import Foundation
import LadderGit
import LadderGrading
import LadderModel

/// The working tree of a lab repository, copied for `ladder test`: what the learner has now, committed or not.
public struct WorkingTree: Sendable {
    public let path: String
    public let lab: Lab
    public let language: LabLanguage
    /// A temporary copy of the working tree without `.git`.
    public let copy: String
    /// The repository's git directory and its HEAD, for visible git tests (nil before the first commit).
    public var repository: String? = nil
    public var head: String? = nil

    public func discard() {
        try? FileManager.default.removeItem(atPath: copy)
    }
}

extension LadderEnvironment {
    /// The lab's visible tests: `Labs/<id>/tests/grader.toml` when the lab has one, otherwise every
    /// `tests/NAME.in` with its `tests/NAME.out`, compared line by line, one point each.
    public func visibleTests(for lab: Lab) throws -> GraderSpec {
        try Self.visibleTests(for: lab)
    }

    /// The visible tests of `lab`, read from its own directory only.
    public static func visibleTests(for lab: Lab) throws -> GraderSpec {
        let directory = lab.directory + "/tests"
        if FileManager.default.fileExists(atPath: directory + "/grader.toml") {
            let spec = try GraderSpec.load(directory: directory, lab: nil)
            try spec.check(languages: lab.languages.map(\.id), file: directory + "/grader.toml")
            return spec
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let cases = names.filter { $0.hasSuffix(".in") }.map { String($0.dropLast(3)) }.sorted()
            .filter { names.contains($0 + ".out") }
        guard !cases.isEmpty else {
            throw LadderError(
                .infrastructure,
                "lab `\(lab.id)` has no visible tests in \(directory); use `ladder submit` to be graded")
        }
        let tests = cases.map { name in
            GraderTest(
                id: name, title: name, points: 1, feedback: "Compare your output with tests/\(name).out.", limits: nil,
                kind: .io(IOCheck(stdin: .file(name + ".in"), stdout: .file(name + ".out"), comparison: .lines)))
        }
        return GraderSpec(directory: directory, stages: [GraderStage(id: "visible", tests: tests)])
    }

    /// Copies the working tree around `path` (minus `.git`) for a quick, unrecorded run of the visible tests.
    public func workingTree(at path: String) throws -> WorkingTree {
        let repository: Repository
        do {
            repository = try Repository.discover(from: path)
        } catch {
            throw LadderError(
                .notALabRepository,
                "\(URL(fileURLWithPath: path).standardizedFileURL.path) is not inside a lab repository; run this in a directory made by `ladder start`"
            )
        }
        guard let workdir = repository.workdir else {
            throw LadderError(
                .notALabRepository,
                "\(repository.gitDirectory) is a bare repository; run this in a lab's working directory")
        }
        let pin: LabPin
        do {
            pin = try LabPin.load(repository: workdir, catalog: catalog)
        } catch {
            throw LadderError(.notALabRepository, "\(error)")
        }
        guard let lab = catalog.lab(id: pin.lab), let language = lab.language(pin.language) else {
            throw LadderError(
                .notALabRepository,
                "\(LabPin.relativePath) names lab `\(pin.lab)` in `\(pin.language)`, which this catalog does not offer")
        }
        let copy = scratch.path("worktree")
        do {
            guard mkdir(copy, 0o755) == 0 else {
                throw FileTree.Failure(side: .writing, path: copy, code: errno)
            }
            try FileTree.copyContents(of: workdir, into: copy, skipping: [".git"])
        } catch let failure as FileTree.Failure {
            try? FileManager.default.removeItem(atPath: copy)
            switch failure.side {
            case .reading:
                throw LadderError(
                    .infrastructure,
                    "\(failure); make the files of your working tree readable by you (`chmod -R u+rX \(workdir)`) and run the tests again"
                )
            case .writing:
                throw LadderError(
                    .infrastructure,
                    "\(failure) while copying your working tree; set TMPDIR to a directory you can write to, with free space"
                )
            }
        }
        return WorkingTree(
            path: workdir, lab: lab, language: language, copy: copy, repository: repository.gitDirectory,
            head: try? repository.head().id)
    }

    /// Runs the visible tests against a working tree; nothing is recorded.
    /// With `stage`, only the visible tests of the stages up to it run (when the visible tests are grouped by the lab's
    /// stages; otherwise all of them).
    public func runVisibleTests(
        _ tree: WorkingTree, stage: StageSelection? = nil, events: @Sendable (GradingEvent) -> Void = { _ in }
    ) async throws -> GradeReport {
        var spec = try visibleTests(for: tree.lab)
        var lab = tree.lab
        if let stage { (lab, spec) = stage.cut(lab, spec) }
        // Visible tests are practice: their own points, passed when every required one passes.
        lab.passMark = spec.requiredPoints
        let request = GradingRequest(
            lab: lab, language: tree.language, spec: spec, graderDigest: "visible", submission: tree.copy,
            commit: tree.head, repository: tree.repository, toolVersion: ladderVersion)
        var report = await grader.grade(request, events: events)
        report.throughStage = stage?.stage.id
        return report
    }
}
