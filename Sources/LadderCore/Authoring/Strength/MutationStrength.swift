import Foundation

/// How `ladder lab validate --strength` samples the mutants it grades.
public struct MutationSettings: Sendable, Equatable {
    /// The default cap per lab: enough to spread over every operator and most lines of a reference, few enough that
    /// the whole catalog's mutants grade within CI's time budget.
    public static let defaultMaxMutants = 40
    /// The largest cap `--max-mutants` accepts.
    public static let maxMutantsLimit = 500
    /// The seed of the sample: fixed, so a lab gives the same mutants in the same order on every run and machine.
    public static let sampleSeed = "ladder-strength-1"

    /// At most this many mutants are graded per lab, sampled across operators and lines.
    public var maxMutants: Int
    /// Whether the result is written to the lab's `strength.toml` (`--record`).
    public var record: Bool

    public init(maxMutants: Int = Self.defaultMaxMutants, record: Bool = false) {
        self.maxMutants = min(max(1, maxMutants), Self.maxMutantsLimit)
        self.record = record
    }
}

/// How `ladder lab validate --strength-sample` checks a lab's strength record: how many of its killed mutants are
/// graded again, and the seed that picks them (the same seed, the same mutants).
public struct StrengthSample: Sendable, Equatable {
    public var count: Int
    public var seed: String

    public init(count: Int, seed: String) {
        self.count = max(0, count)
        self.seed = seed
    }
}

/// What happened to one mutant of the reference solution.
public struct MutantResult: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Equatable, Codable {
        /// A hidden test gave a verdict the reference does not get.
        case killed
        /// Every hidden test gave the reference's verdict: a gap in the tests, or an equivalent mutant.
        case survived
        /// Declared in `equivalent-mutants.toml`: it behaves like the reference, so it is not graded or counted.
        case equivalent
        /// It could not be graded (the machine or the grader failed), so it says nothing about the tests.
        case unjudged
    }

    /// The stable id an equivalence is declared by: `file:operator:hash` of the change and its occurrence.
    public var id: String
    /// The changed file, relative to the reference's directory.
    public var file: String
    public var line: Int
    /// The mutation operator: `arithmetic`, `comparison`, `boolean`, `constant`, `string`, `branch`, `arguments`,
    /// `statement`, `return`, `join`, `where`, `count`, `order` or `distinct`.
    public var `operator`: String
    /// The changed code before and after, on one line each.
    public var original: String
    public var mutated: String
    public var status: Status
    /// The first hidden test (`stage/test`) whose verdict differed, for a killed mutant.
    public var killedBy: String?
    /// That test's verdict on the mutant.
    public var verdict: String?
    /// Why it is equivalent (from the declaration), or why it could not be judged.
    public var note: String?

    public init(
        id: String, file: String, line: Int, operator: String, original: String, mutated: String, status: Status,
        killedBy: String? = nil, verdict: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.file = file
        self.line = line
        self.operator = `operator`
        self.original = original
        self.mutated = mutated
        self.status = status
        self.killedBy = killedBy
        self.verdict = verdict
        self.note = note
    }

    /// `file:line: operator: original -> mutated`, for an author to look at.
    public var listing: String { "\(file):\(line): \(`operator`): \(original) -> \(mutated)" }
}

/// The grader's strength measured by mutants of the reference: the share of them the hidden tests kill.
public struct MutationStrength: Sendable, Equatable, Codable {
    /// A lab's hidden tests must kill at least this share (in percent) of its non-equivalent mutants.
    public static let requiredPercent = 90

    /// The language of the reference that was mutated.
    public var language: String
    /// How many mutants the operators could make from the reference, before sampling.
    public var candidates: Int
    /// The cap the sample was drawn with.
    public var maxMutants: Int
    /// The sampled mutants, in the order of the reference's files and lines.
    public var mutants: [MutantResult]
    public var killed: Int
    /// Killed and surviving mutants: the ones the share is taken of.
    public var nonEquivalent: Int
    public var equivalent: Int
    public var unjudged: Int
    /// The share of non-equivalent mutants killed, in percent; nil when there are none.
    public var percent: Double?
    /// At least ``requiredPercent`` killed, and every mutant judged.
    public var passed: Bool
    /// What was left out and why: other languages' references, files without operators.
    public var notes: [String]
    public var seconds: Double

    public init(
        language: String, candidates: Int, maxMutants: Int, mutants: [MutantResult], notes: [String], seconds: Double
    ) {
        self.language = language
        self.candidates = candidates
        self.maxMutants = maxMutants
        self.mutants = mutants
        self.notes = notes
        self.seconds = seconds
        killed = mutants.filter { $0.status == .killed }.count
        nonEquivalent = killed + mutants.filter { $0.status == .survived }.count
        equivalent = mutants.filter { $0.status == .equivalent }.count
        unjudged = mutants.filter { $0.status == .unjudged }.count
        percent = nonEquivalent == 0 ? nil : Double(killed) * 100 / Double(nonEquivalent)
        passed = unjudged == 0 && nonEquivalent > 0 && killed * 100 >= Self.requiredPercent * nonEquivalent
    }

    public var survivors: [MutantResult] { mutants.filter { $0.status == .survived } }

    /// "strength: K of N non-equivalent mutants killed (P%), E declared equivalent".
    public var summary: String {
        "strength: \(killed) of \(nonEquivalent) non-equivalent mutants killed (\(Self.format(percent: percent))), "
            + "\(equivalent) declared equivalent"
    }

    /// A percentage as people write it: "95%", "82.5%", "n/a" when there is nothing to divide.
    public static func format(percent: Double?) -> String {
        guard let percent else { return "n/a" }
        let tenths = (percent * 10).rounded(.down) / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))%" : String(format: "%.1f%%", tenths)
    }
}
