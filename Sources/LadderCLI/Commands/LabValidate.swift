import ArgumentParser
import Foundation
import LadderCore
import LadderGrading
import LadderModel
import LadderSandbox

extension LadderCommand.LabGroup {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract:
                "Prove labs trustworthy: the reference gets full marks, the starter fails, every wrong solution is caught.",
            discussion: """
                For each lab: lab.toml and grader.toml are well-formed and agree (stages, points, competency keys, \
                languages, limits within the maxima); the reference solution gets full marks in every language and \
                passes the visible tests; the starter does not pass; every known-wrong solution under \
                Graders/<id>/wrong/ fails at least one hidden test; every solution gets the same verdicts in each \
                of its runs (a flaky test is named): --runs for the references, --wrong-runs for the starters and \
                known-wrong solutions (CI can grade those once and keep two runs where flakiness fails right \
                answers). Reports the grader's strength: known-wrong solutions caught \
                out of all. With --strength, also grades mutants of the reference (operators swapped, constants off \
                by one, branches forced, statements removed; JOIN kinds and WHERE terms for SQL) and requires the \
                hidden tests to kill at least 90% of those not declared equivalent in \
                Graders/<id>/equivalent-mutants.toml, listing the survivors; --record keeps the result in \
                Graders/<id>/strength.toml. With --strength-sample N, the record is checked instead of measuring \
                again: it must be current (the lab unchanged since), show at least 90%, and N of its killed mutants, \
                picked by --sample-seed, must be killed again (CI's way to hold every lab to its strength within its \
                time budget). --reference-sample N grades each lab's reference in N of its languages (the first \
                always, the others by --sample-seed), every language of the run in at least one lab. Exit status: 0 \
                when every lab is valid, 1 otherwise.
                """
        )

        @Argument(
            help: ArgumentHelp("Lab directories (CATALOG/Labs/<id>) or lab ids in the catalog.", valueName: "path"))
        var paths: [String] = []

        @Flag(help: "Validate every lab in the catalog.")
        var all = false

        @Option(
            help: ArgumentHelp(
                "How many times each reference solution is graded; verdicts must agree.", valueName: "n"))
        var runs = 3

        @Option(
            help: ArgumentHelp(
                "How many times each starter and known-wrong solution is graded (default: --runs).", valueName: "n"))
        var wrongRuns: Int?

        @Option(
            help: ArgumentHelp(
                "Whose references are graded --runs times: every language's, or the lab's first language's only "
                    + "(the others --wrong-runs times).", valueName: "every|first"))
        var determinism = "every"

        @Option(
            help: ArgumentHelp(
                "Grade only this many known-wrong solutions per lab, picked by --sample-seed (CI's everyday check, each "
                    + "day others; without it every one is graded).", valueName: "n"))
        var wrongSample: Int?

        @Option(
            help: ArgumentHelp(
                "Grade the starters of only this many languages per lab, picked by --sample-seed (without it every "
                    + "language's starter is graded).", valueName: "n"))
        var starterSample: Int?

        @Option(
            help: ArgumentHelp(
                "Grade the reference in only this many languages per lab: the first, the rest picked by --sample-seed, "
                    + "and every language in at least one of the labs validated (without it every language's).",
                valueName: "n"))
        var referenceSample: Int?

        @OptionGroup var jobsOptions: JobsOptions

        @Flag(help: "Also grade mutants of the reference solution and report the share the hidden tests kill.")
        var strength = false

        @Option(
            help: ArgumentHelp(
                "With --strength: at most this many mutants per lab, sampled the same way every run (default \(MutationSettings.defaultMaxMutants)).",
                valueName: "n"))
        var maxMutants: Int?

        @Flag(help: "With --strength: write the result to Graders/<id>/strength.toml, for --strength-sample to check.")
        var record = false

        @Option(
            help: ArgumentHelp(
                "Check each lab's strength.toml instead of measuring: current, at least 90%, and this many of its killed mutants killed again.",
                valueName: "n"))
        var strengthSample: Int?

        @Option(
            help: ArgumentHelp(
                "With --strength-sample, --wrong-sample, --starter-sample or --reference-sample: the seed that picks what is graded (default: today's date, UTC, so each day checks others).",
                valueName: "text"))
        var sampleSeed: String?

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
            if record && !strength { throw ValidationError("--record needs --strength") }
            if record && (wrongSample != nil || starterSample != nil || referenceSample != nil) {
                throw ValidationError(
                    "--record grades every solution, since the record vouches for the whole lab: leave out --wrong-sample, --starter-sample and --reference-sample"
                )
            }
            if let strengthSample {
                if strength {
                    throw ValidationError("give --strength (measure) or --strength-sample (check), not both")
                }
                if strengthSample < 0 || strengthSample > MutationSettings.maxMutantsLimit {
                    throw ValidationError(
                        "--strength-sample must be between 0 and \(MutationSettings.maxMutantsLimit)")
                }
            } else if sampleSeed != nil && wrongSample == nil && starterSample == nil && referenceSample == nil {
                throw ValidationError(
                    "--sample-seed needs --strength-sample, --wrong-sample, --starter-sample or --reference-sample")
            }
            if let referenceSample, referenceSample < 1 {
                throw ValidationError(
                    "--reference-sample must be at least 1 (leave it out to grade every language's reference)")
            }
            if let starterSample, starterSample < 1 {
                throw ValidationError("--starter-sample must be at least 1 (leave it out to grade every starter)")
            }
            if let wrongSample, wrongSample < 1 {
                throw ValidationError(
                    "--wrong-sample must be at least 1 (leave it out to grade every known-wrong solution)")
            }
            if LabValidator.DeterminismScope(rawValue: determinism) == nil {
                throw ValidationError("--determinism must be every or first, not \(determinism)")
            }
            if all && !paths.isEmpty { throw ValidationError("give lab paths or --all, not both") }
            if !all && paths.isEmpty {
                throw ValidationError(
                    "name a lab (its directory or its id), or pass --all to validate the whole catalog")
            }
            if runs < 1 || runs > 20 { throw ValidationError("--runs must be between 1 and 20") }
            if let wrongRuns, wrongRuns < 1 || wrongRuns > 20 {
                throw ValidationError("--wrong-runs must be between 1 and 20")
            }
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
            // Submissions, grading workspaces and the sandbox's files in one scratch space (in memory when /dev/shm
            // is: validation copies thousands of small trees, and a disk file system spends more time allocating
            // and freeing their inodes than the tests spend running).
            let scratch = try ScratchSpace.create()
            defer { scratch.remove() }
            var validator = try Self.validator(
                root: located ?? locations[0].root, scratch: scratch, runs: runs, wrongRuns: wrongRuns,
                boxes: jobsOptions.boxes,
                mutation: strength
                    ? MutationSettings(maxMutants: maxMutants ?? MutationSettings.defaultMaxMutants, record: record)
                    : nil,
                strengthSample: strengthSample.map { StrengthSample(count: $0, seed: sampleSeed ?? Self.today()) })
            validator.wrongSample = wrongSample.map { StrengthSample(count: $0, seed: sampleSeed ?? Self.today()) }
            validator.starterSample = starterSample.map { StrengthSample(count: $0, seed: sampleSeed ?? Self.today()) }
            validator.referenceSample = referenceSample.map {
                StrengthSample(count: $0, seed: sampleSeed ?? Self.today())
            }
            validator.determinism = LabValidator.DeterminismScope(rawValue: determinism) ?? .everyLanguage
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

        /// A validator for the labs of the catalog at `root`, working in `scratch`.
        static func validator(
            root: String, scratch: ScratchSpace, runs: Int, wrongRuns: Int? = nil,
            boxes: GradingBudget = GradingBudget(), mutation: MutationSettings? = nil,
            strengthSample: StrengthSample? = nil
        ) throws -> LabValidator {
            LabValidator(
                sandbox: try CatalogLocator().sandbox(catalogRoot: root, temporaryDirectory: scratch.root),
                runs: runs, wrongRuns: wrongRuns, scratchParent: scratch.root, boxes: boxes, mutation: mutation,
                strengthSample: strengthSample)
        }

        /// Today's date in UTC, `2026-12-04`: the default seed of the strength sample.
        static func today() -> String {
            String(Units.timestamp(Date()).prefix(10))
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
