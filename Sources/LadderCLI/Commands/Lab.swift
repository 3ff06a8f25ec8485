import ArgumentParser
import Foundation
import LadderCore
import LadderGit
import LadderGrading
import LadderModel
import LadderSandbox

extension LadderCommand {
    /// `ladder lab`: the instructor's tools.
    struct LabGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lab",
            abstract: "Write, prove and publish labs: scaffold a new one, validate it, publish it into a catalog.",
            discussion: """
                A lab has two halves: Labs/<id>/ (what learners see: lab.toml, README.md, starter code, visible \
                tests) and Graders/<id>/ (hidden: grader.toml, fixtures, the reference solution and known-wrong \
                solutions). docs/lab-format.md describes every file.
                """,
            subcommands: [New.self, Validate.self, Publish.self]
        )
    }
}

extension LadderCommand.LabGroup {
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scaffold a new lab, both halves, with a small working example that passes `ladder lab validate`.",
            discussion: """
                Writes Labs/ID/ (lab.toml, README.md, starter/LANG/, tests/) and Graders/ID/ (grader.toml, fixtures, \
                reference/LANG/, wrong/<example>/LANG/). Every TOML field is explained by a comment. Replace the \
                example with your lab, keeping `ladder lab validate ID` green as you go.
                Kinds: io (a program reading stdin), http (a service on $PORT), sql (queries against SQLite), \
                script (a grader program of your own that imports the learner's code and reports TAP), git (checks \
                of the learner's commits, read with libgit2; reference and wrong solutions are histories).
                """
        )

        @Argument(help: ArgumentHelp("The new lab's id, lowercase kebab case (e.g. rate-limiter).", valueName: "id"))
        var id: String

        @Option(help: ArgumentHelp("The competency area, a key of Labs/competencies.toml (e.g. databases).", valueName: "area"))
        var area: String

        @Option(help: ArgumentHelp("The lab's rung: junior, backend, senior or architect.", valueName: "rung"))
        var level: String

        @Option(help: ArgumentHelp("The grader kind: io, http, sql, script or git.", valueName: "kind"))
        var kind: String

        @Option(help: ArgumentHelp("The language of the starter and reference (default: python; sql for --kind sql).", valueName: "lang"))
        var lang: String?

        @Option(help: ArgumentHelp("The catalog to write into, a directory holding Labs/ (default: the catalog, see --catalog).", valueName: "root"))
        var dir: String?

        @OptionGroup var catalogOptions: CatalogOptions

        func run() async throws {
            let root: String
            if let dir {
                root = URL(fileURLWithPath: dir).standardizedFileURL.path
            } else {
                root = try CatalogLocator(explicitPath: catalogOptions.catalog).locate()
            }
            var mapPath = root + "/Labs/" + CompetencyMap.fileName
            if !FileManager.default.fileExists(atPath: mapPath) {
                mapPath = try CatalogLocator(explicitPath: catalogOptions.catalog).locate() + "/Labs/" + CompetencyMap.fileName
            }
            let map = try CompetencyMap.load(path: mapPath)
            let request = try LabScaffold.Request(id: id, area: area, level: level, kind: kind, language: lang, competencies: map)
            let scaffold = try LabScaffold.write(request, root: root)
            print("Created \(request.id) (\(request.kind.rawValue), \(request.language)) in \(root):")
            for file in scaffold.files {
                print("  " + file)
            }
            print("")
            print("Next:")
            print("  edit Labs/\(request.id)/lab.toml, README.md and Graders/\(request.id)/grader.toml (the comments say what each field does)")
            print("  ladder lab validate \(root)/Labs/\(request.id)    # keep it green as you replace the example")
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove labs trustworthy: the reference gets full marks, the starter fails, every wrong solution is caught.",
            discussion: """
                For each lab: lab.toml and grader.toml are well-formed and agree (stages, points, competency keys, \
                languages, limits within the maxima); the reference solution gets full marks in every language and \
                passes the visible tests; the starter does not pass; every known-wrong solution under \
                Graders/<id>/wrong/ fails at least one hidden test; every solution gets the same verdicts in each \
                of --runs runs (a flaky test is named). Reports the grader's strength: known-wrong solutions caught \
                out of all. With --strength, also grades mutants of the reference (operators swapped, constants off \
                by one, branches forced, statements removed; JOIN kinds and WHERE terms for SQL) and requires the \
                hidden tests to kill at least 90% of those not declared equivalent in \
                Graders/<id>/equivalent-mutants.toml, listing the survivors. Exit status: 0 when every lab is valid, \
                1 otherwise.
                """
        )

        @Argument(help: ArgumentHelp("Lab directories (CATALOG/Labs/<id>) or lab ids in the catalog.", valueName: "path"))
        var paths: [String] = []

        @Flag(help: "Validate every lab in the catalog.")
        var all = false

        @Option(help: ArgumentHelp("How many times each solution is graded; verdicts must agree.", valueName: "n"))
        var runs = 3

        @OptionGroup var jobsOptions: JobsOptions

        @Flag(help: "Also grade mutants of the reference solution and report the share the hidden tests kill.")
        var strength = false

        @Option(help: ArgumentHelp("With --strength: at most this many mutants per lab, sampled the same way every run (default \(MutationSettings.defaultMaxMutants)).", valueName: "n"))
        var maxMutants: Int?

        @Flag(help: "Print the results as JSON.")
        var json = false

        @OptionGroup var catalogOptions: CatalogOptions

        func validate() throws {
            if let maxMutants {
                if !strength { throw ValidationError("--max-mutants needs --strength") }
                if maxMutants < 1 || maxMutants > MutationSettings.maxMutantsLimit {
                    throw ValidationError("--max-mutants must be between 1 and \(MutationSettings.maxMutantsLimit)")
                }
            }
            if all && !paths.isEmpty { throw ValidationError("give lab paths or --all, not both") }
            if !all && paths.isEmpty { throw ValidationError("name a lab (its directory or its id), or pass --all to validate the whole catalog") }
            if runs < 1 || runs > 20 { throw ValidationError("--runs must be between 1 and 20") }
        }

        func run() async throws {
            // Lab directories need no catalog; ids and --all do, and an explicit --catalog must exist.
            let locator = CatalogLocator(explicitPath: catalogOptions.catalog)
            let located = catalogOptions.catalog != nil || all ? try locator.locate() : try? locator.locate()
            let locations: [LabLocation]
            if all, let located {
                locations = LabLocation.all(in: located)
                if locations.isEmpty { throw ValidationError("the catalog at \(located) has no labs under Labs/") }
            } else {
                locations = try paths.map { try LabLocation.resolve($0, catalogRoot: located) }
            }
            let validator = LabValidator(
                sandbox: try Self.sandbox(root: located ?? locations[0].root), runs: runs, boxes: jobsOptions.boxes,
                mutation: strength ? MutationSettings(maxMutants: maxMutants ?? MutationSettings.defaultMaxMutants) : nil)
            let display = ValidationDisplay(live: !json)
            let results = await validator.validate(locations) { event in display.show(event) }
            // The whole catalog is also checked as a ladder: every rung reachable, every area taught.
            let findings = all ? try catalogOptions.load().check() : []
            let document = ValidationDocument(labs: results, catalog: findings)
            if json {
                print(try Terminal.json(document))
            } else {
                if results.count > 1 {
                    let valid = results.filter(\.passed).count
                    let line = "\(valid) of \(results.count) labs valid"
                    print(valid == results.count ? Terminal.green(line) : Terminal.red(line))
                }
                if all {
                    LadderCommand.CatalogCommand.Check.printFindings(findings)
                }
            }
            if !document.passed {
                throw ExitCode(1)
            }
        }

        static func sandbox(root: String) throws -> Sandbox {
            try CatalogLocator().sandbox(catalogRoot: root)
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a lab, then install it into a catalog: copy both halves, commit and tag <id>-v<version>.",
            discussion: """
                The destination (--catalog) is a directory holding Labs/ and Graders/, kept as a git repository: \
                it is created, with the source catalog's competency map and ladder rules, when it does not exist. \
                Publishing replaces an older version's files, commits with a message naming the lab and version, \
                and creates the annotated tag <id>-v<version>. A version that is already published with the same \
                content is left alone; with different content it is refused: bump `version` in lab.toml. \
                Exit status: 0 published or already published, 1 refused.
                """
        )

        @Argument(help: ArgumentHelp("The lab to publish: its directory (SOURCE/Labs/<id>) or its id in --from.", valueName: "path"))
        var path: String

        @Option(help: ArgumentHelp("The destination catalog (created when missing).", valueName: "dir"))
        var catalog: String

        @Option(help: ArgumentHelp("The source catalog to look the lab id up in (default: the lab directory's own, or the catalog Ladder finds).", valueName: "dir"))
        var from: String?

        @Option(help: ArgumentHelp("How many times each solution is graded during validation.", valueName: "n"))
        var runs = 3

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            let locator = CatalogLocator(explicitPath: from)
            let source = from != nil ? try locator.locate() : try? locator.locate()
            let location = try LabLocation.resolve(path, catalogRoot: source)
            let validator = LabValidator(sandbox: try Validate.sandbox(root: source ?? location.root), runs: runs)
            let display = ValidationDisplay(live: !json)
            let publisher = LabPublisher(validator: validator)
            let report = try await publisher.publish(location, into: catalog) { event in display.show(event) }
            if json {
                print(try Terminal.json(report))
            } else {
                switch report.status {
                case .published: print(Terminal.green("Published ") + report.message)
                case .unchanged: print(report.message)
                case .invalid, .conflict: print(Terminal.red("Refused: ") + report.message)
                }
            }
            if report.status == .invalid || report.status == .conflict {
                throw ExitCode(1)
            }
        }
    }
}

/// `ladder lab validate --json`.
struct ValidationDocument: Encodable {
    let labs: [LabValidation]
    /// What `ladder catalog check` finds, for `--all`.
    let catalog: [CatalogFinding]
    let passed: Bool

    init(labs: [LabValidation], catalog: [CatalogFinding] = []) {
        self.labs = labs
        self.catalog = catalog
        self.passed = labs.allSatisfy(\.passed) && !catalog.contains { $0.severity == .error }
    }
}

/// Prints validation as it happens: a header per lab, one line per check, a summary line per lab.
final class ValidationDisplay: Sendable {
    let live: Bool

    init(live: Bool) {
        self.live = live
    }

    /// A transient "grading ..." line on standard error, only when it is a terminal.
    static let showsProgress = isatty(STDERR_FILENO) == 1

    func show(_ event: ValidationEvent) {
        guard live else { return }
        if Self.showsProgress {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
        switch event {
        case .labStarted(let location):
            print(Terminal.bold(location.id) + Terminal.dim("  \(location.labDirectory)"))
        case .grading(let subject, let run, let runs):
            if Self.showsProgress {
                fflush(nil)
                let counter = runs > 1 ? ", run \(run) of \(runs)" : ""
                FileHandle.standardError.write(Data(Terminal.dim("  grading \(subject)\(counter)...").utf8))
            }
        case .checked(let check):
            print("  " + Self.line(check))
        case .labFinished(let result):
            if let mutation = result.mutationStrength {
                Self.mutants(mutation).forEach { print($0) }
            }
            print(Self.summary(result))
            print("")
        }
        fflush(nil)
    }

    static func line(_ check: ValidationCheck) -> String {
        switch check.status {
        case .passed: return Terminal.green("✓") + " \(check.subject): \(check.detail)"
        case .failed: return Terminal.red("✗") + " \(check.subject): \(check.detail)"
        case .warning: return Terminal.yellow("!") + " \(check.subject): \(check.detail)"
        }
    }

    /// The mutants an author has to look at: survivors, declared equivalents and those that could not be graded.
    static func mutants(_ strength: MutationStrength) -> [String] {
        var lines: [String] = []
        for (status, title) in [(MutantResult.Status.survived, "survived"), (.equivalent, "declared equivalent"), (.unjudged, "not graded")] {
            let mutants = strength.mutants.filter { $0.status == status }
            guard !mutants.isEmpty else { continue }
            lines.append("    \(title) (\(mutants.count)):")
            for mutant in mutants {
                let note = mutant.note.map { " — \($0)" } ?? ""
                lines.append("      \(mutant.listing)" + Terminal.dim("  [\(mutant.id)]\(note)"))
            }
        }
        lines += strength.notes.map { "    " + Terminal.dim("note: " + $0) }
        return lines
    }

    static func summary(_ result: LabValidation) -> String {
        let name = result.labID + (result.version.map { " " + $0 } ?? "")
        let mutants = result.mutationStrength.map { "; \($0.killed) of \($0.nonEquivalent) mutants killed (\(MutationStrength.format(percent: $0.percent)))" } ?? ""
        let strength = (result.strength.map { "; \($0.caught) of \($0.total) known-wrong solutions caught" } ?? "") + mutants
        let warnings = result.warnings.isEmpty ? "" : ", \(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s")"
        let timing = String(format: " (%d run%@, %.1fs)", result.runs, result.runs == 1 ? "" : "s", result.seconds)
        if result.passed {
            let passed = result.checks.count - result.warnings.count
            return Terminal.green("VALID") + "  \(name): \(passed) checks passed\(warnings)\(strength)" + Terminal.dim(timing)
        }
        let failed = result.failures.map(\.subject)
        let shown = failed.prefix(4).joined(separator: ", ") + (failed.count > 4 ? ", ..." : "")
        return Terminal.red("INVALID") + "  \(name): \(failed.count) of \(result.checks.count) checks failed (\(shown))\(warnings)\(strength)" + Terminal.dim(timing)
    }
}
