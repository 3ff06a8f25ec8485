import Foundation
import LadderGrading

/// One finding of `ladder lab validate`: what was checked, whether it held, and why not.
public struct ValidationCheck: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Equatable, Codable {
        case passed
        case failed
        /// Worth fixing, but the lab is still valid.
        case warning
    }

    /// What kind of check this is: `manifest`, `grader-spec`, `limits`, `reference`, `visible-tests`, `starter`,
    /// `wrong-solution`, `distinct-wrong-solutions`, `determinism`, `strength`, `mutation-strength` (with `--strength`).
    public var kind: String
    /// What was checked, for a person: "reference (python)", "wrong/off-by-one (python)".
    public var subject: String
    public var status: Status
    /// The result in a sentence: why it passed, or what failed and how to fix it.
    public var detail: String
    /// The hidden tests this finding is about (`stage/test`), when there are some.
    public var tests: [String]

    public init(kind: String, subject: String, status: Status, detail: String, tests: [String] = []) {
        self.kind = kind
        self.subject = subject
        self.status = status
        self.detail = detail
        self.tests = tests
    }
}

/// How one known-wrong solution fared: which hidden tests caught it.
public struct WrongSolutionResult: Sendable, Equatable, Codable {
    /// The directory name under `wrong/`.
    public var name: String
    public var language: String
    /// The hidden tests it failed (`stage/test`), in grading order; empty when it slipped through.
    public var caughtBy: [String]
    public var score: Int
    public var maxScore: Int

    public init(name: String, language: String, caughtBy: [String], score: Int, maxScore: Int) {
        self.name = name
        self.language = language
        self.caughtBy = caughtBy
        self.score = score
        self.maxScore = maxScore
    }

    public var caught: Bool { !caughtBy.isEmpty }
}

/// The grader's strength: how many known-wrong solutions its hidden tests catch.
public struct GraderStrength: Sendable, Equatable, Codable {
    public var caught: Int
    public var total: Int
    public var solutions: [WrongSolutionResult]

    public init(solutions: [WrongSolutionResult]) {
        self.solutions = solutions
        self.caught = solutions.filter(\.caught).count
        self.total = solutions.count
    }
}

/// Everything `ladder lab validate` found about one lab.
public struct LabValidation: Sendable, Equatable, Codable {
    public var labID: String
    /// The manifest's version, when it loads.
    public var version: String?
    public var labDirectory: String
    public var graderDirectory: String
    /// How many times each solution was graded.
    public var runs: Int
    public var checks: [ValidationCheck]
    /// Known-wrong solutions caught, when the grader could be run.
    public var strength: GraderStrength?
    /// Mutants of the reference killed, when `--strength` measured them.
    public var mutationStrength: MutationStrength?
    /// A digest of the grader's files as validated (`sha256:...`), when it could be computed.
    public var graderDigest: String?
    public var seconds: Double
    /// Where the gradings spent their time, when any solution was graded.
    public var cost: ValidationCost?

    public init(
        labID: String, version: String?, labDirectory: String, graderDirectory: String, runs: Int,
        checks: [ValidationCheck],
        strength: GraderStrength?, mutationStrength: MutationStrength? = nil, graderDigest: String?, seconds: Double,
        cost: ValidationCost? = nil
    ) {
        self.labID = labID
        self.version = version
        self.labDirectory = labDirectory
        self.graderDirectory = graderDirectory
        self.runs = runs
        self.checks = checks
        self.strength = strength
        self.mutationStrength = mutationStrength
        self.graderDigest = graderDigest
        self.seconds = seconds
        self.cost = cost
    }

    /// Valid when no check failed (warnings allowed).
    public var passed: Bool { !checks.contains { $0.status == .failed } }
    public var failures: [ValidationCheck] { checks.filter { $0.status == .failed } }
    public var warnings: [ValidationCheck] { checks.filter { $0.status == .warning } }

    private enum CodingKeys: String, CodingKey {
        case labID, version, labDirectory, graderDirectory, runs, checks, strength, mutationStrength, graderDigest,
            seconds, cost, passed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(labID, forKey: .labID)
        try container.encodeIfPresent(version, forKey: .version)
        try container.encode(labDirectory, forKey: .labDirectory)
        try container.encode(graderDirectory, forKey: .graderDirectory)
        try container.encode(runs, forKey: .runs)
        try container.encode(checks, forKey: .checks)
        try container.encodeIfPresent(strength, forKey: .strength)
        try container.encodeIfPresent(mutationStrength, forKey: .mutationStrength)
        try container.encodeIfPresent(graderDigest, forKey: .graderDigest)
        try container.encode(seconds, forKey: .seconds)
        try container.encodeIfPresent(cost, forKey: .cost)
        try container.encode(passed, forKey: .passed)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            labID: try container.decode(String.self, forKey: .labID),
            version: try container.decodeIfPresent(String.self, forKey: .version),
            labDirectory: try container.decode(String.self, forKey: .labDirectory),
            graderDirectory: try container.decode(String.self, forKey: .graderDirectory),
            runs: try container.decode(Int.self, forKey: .runs),
            checks: try container.decode([ValidationCheck].self, forKey: .checks),
            strength: try container.decodeIfPresent(GraderStrength.self, forKey: .strength),
            mutationStrength: try container.decodeIfPresent(MutationStrength.self, forKey: .mutationStrength),
            graderDigest: try container.decodeIfPresent(String.self, forKey: .graderDigest),
            seconds: try container.decode(Double.self, forKey: .seconds),
            cost: try container.decodeIfPresent(ValidationCost.self, forKey: .cost))
    }
}

/// What validation reports as it goes, for a live display.
public enum ValidationEvent: Sendable {
    /// Validation of a lab began.
    case labStarted(LabLocation)
    /// A solution is about to be graded (`run` counts from 1).
    case grading(subject: String, run: Int, of: Int)
    /// A check finished.
    case checked(ValidationCheck)
    /// Validation of a lab ended.
    case labFinished(LabValidation)
}

/// Where one lab's validation spent its boxes' time: every grading's build and tests, summed, so an author can see
/// which test makes the catalog slow to validate (a starter waiting out a timeout, a job burning seconds of CPU).
public struct ValidationCost: Sendable, Equatable, Codable {
    /// One hidden test (`stage/test`), or `build`, over every grading of the lab.
    public struct Item: Sendable, Equatable, Codable {
        public var name: String
        public var wallSeconds: Double
        public var cpuSeconds: Double
        /// The grading where it took longest ("starter (go)") and how long it took there.
        public var slowestSubject: String
        public var slowestWallSeconds: Double

        public init(
            name: String, wallSeconds: Double, cpuSeconds: Double, slowestSubject: String, slowestWallSeconds: Double
        ) {
            self.name = name
            self.wallSeconds = wallSeconds
            self.cpuSeconds = cpuSeconds
            self.slowestSubject = slowestSubject
            self.slowestWallSeconds = slowestWallSeconds
        }
    }

    public var gradings: Int
    /// Boxes' wall time, summed: more than the lab's elapsed time when boxes ran side by side.
    public var wallSeconds: Double
    /// CPU time the tests measured in their boxes (builds report only wall time).
    public var cpuSeconds: Double
    /// Most wall time first.
    public var items: [Item]

    public init(gradings: [(subject: String, report: GradeReport)]) {
        var items: [String: Item] = [:]
        var order: [String] = []
        func add(_ name: String, wall: Int, cpu: Int, subject: String) {
            let seconds = Double(wall) / 1000
            if items[name] == nil {
                order.append(name)
                items[name] = Item(
                    name: name, wallSeconds: 0, cpuSeconds: 0, slowestSubject: subject, slowestWallSeconds: seconds)
            }
            items[name]!.wallSeconds += seconds
            items[name]!.cpuSeconds += Double(cpu) / 1000
            if seconds > items[name]!.slowestWallSeconds {
                items[name]!.slowestSubject = subject
                items[name]!.slowestWallSeconds = seconds
            }
        }
        for (subject, report) in gradings {
            if let build = report.build {
                add("build", wall: build.wallMilliseconds, cpu: 0, subject: subject)
            }
            for stage in report.stages {
                for test in stage.tests {
                    add(
                        "\(stage.id)/\(test.id)", wall: test.wallMilliseconds, cpu: test.cpuMilliseconds,
                        subject: subject)
                }
            }
        }
        self.gradings = gradings.count
        self.items = order.compactMap { items[$0] }.sorted { $0.wallSeconds > $1.wallSeconds }
        self.wallSeconds = self.items.reduce(0) { $0 + $1.wallSeconds }
        self.cpuSeconds = self.items.reduce(0) { $0 + $1.cpuSeconds }
    }
}
