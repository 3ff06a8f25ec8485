import Crypto
import Foundation
import LadderGrading
import LadderModel
import LadderTOML
import LadderText

/// A lab's measured mutation strength, kept beside its hidden tests: `Graders/<id>/strength.toml`.
///
/// Measuring a lab's strength grades about forty mutants of its reference, too many to do for every lab on every
/// run of a test suite. So the author measures once (`ladder lab validate ID --strength --record`) and the record
/// keeps the result with a fingerprint of everything it was measured on; every later `lab validate
/// --strength-sample N` checks that the record is still current (the fingerprint matches the lab's two halves as
/// they are now), that it shows at least ``MutationStrength/requiredPercent``, and grades `N` of its killed mutants
/// again, each of which must still be killed. A change to a hidden test, the reference or the starter makes the
/// record stale, and validation says to measure again.
///
/// The record is the grader's description, not part of grading: ``GraderDigest`` leaves it out, so measuring again
/// does not change the digest that grades record.
struct StrengthRecord: Sendable, Equatable {
    static let fileName = GraderDigest.strengthRecordFile

    /// One sampled mutant and what the hidden tests did to it.
    struct Entry: Sendable, Equatable {
        let id: String
        let status: MutantResult.Status
        let listing: String
    }

    /// Digest of the lab's two halves (this file left out) when it was measured.
    let fingerprint: String
    /// The reference's language whose mutants were graded; nil when the lab could not be measured.
    let language: String?
    /// Why nothing was measured (a reference that is a history, no Python or SQL); nil when measured.
    let notMeasured: String?
    let maxMutants: Int
    let seed: String
    let killed: Int
    let nonEquivalent: Int
    let entries: [Entry]

    /// At least the required share killed (a record of a lab that cannot be measured has nothing to show).
    var passed: Bool {
        notMeasured != nil || (nonEquivalent > 0 && killed * 100 >= MutationStrength.requiredPercent * nonEquivalent)
    }

    var summary: String {
        if let notMeasured { return "not measurable: \(notMeasured)" }
        let percent = nonEquivalent == 0 ? nil : Double(killed) * 100 / Double(nonEquivalent)
        return
            "\(killed) of \(nonEquivalent) non-equivalent mutants killed (\(MutationStrength.format(percent: percent)))"
    }

    init(fingerprint: String, strength: MutationStrength, seed: String = MutationSettings.sampleSeed) {
        self.fingerprint = fingerprint
        language = strength.language
        notMeasured = nil
        maxMutants = strength.maxMutants
        self.seed = seed
        killed = strength.killed
        nonEquivalent = strength.nonEquivalent
        entries = strength.mutants.map { Entry(id: $0.id, status: $0.status, listing: $0.listing) }
    }

    init(fingerprint: String, notMeasured reason: String, maxMutants: Int) {
        self.fingerprint = fingerprint
        language = nil
        notMeasured = reason
        self.maxMutants = maxMutants
        seed = MutationSettings.sampleSeed
        killed = 0
        nonEquivalent = 0
        entries = []
    }

    private init(
        fingerprint: String, language: String?, notMeasured: String?, maxMutants: Int, seed: String, entries: [Entry]
    ) {
        self.fingerprint = fingerprint
        self.language = language
        self.notMeasured = notMeasured
        self.maxMutants = maxMutants
        self.seed = seed
        self.entries = entries
        killed = entries.filter { $0.status == .killed }.count
        nonEquivalent = killed + entries.filter { $0.status == .survived }.count
    }

    // MARK: Fingerprint

    /// The digest of the lab's public half and its grader (this record left out by ``GraderDigest``): what a
    /// measurement depends on.
    static func fingerprint(of location: LabLocation) throws -> String {
        let grader = try GraderDigest.compute(directory: location.graderDirectory)
        let lab = try GraderDigest.compute(directory: location.labDirectory)
        let digest = SHA256.hash(data: Data("grader \(grader)\nlab \(lab)\n".utf8))
        return "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }

    // MARK: The sample graded again

    /// `count` of the killed mutants, chosen by `seed`: the same seed picks the same ones, another seed others.
    func sample(_ count: Int, seed sampleSeed: String) -> [Entry] {
        SeededSample.pick(entries.filter { $0.status == .killed }, count: count, seed: sampleSeed, id: \.id)
    }

    // MARK: File

    /// The record as TOML, survivors listed first so a reader sees the gaps.
    var text: String {
        var out = """
            # Written by `ladder lab validate --strength --record`: the strength of this lab's hidden tests, measured on
            # mutants of its reference. `lab validate --strength-sample N` checks it is current and grades N of its
            # killed mutants again. Not part of grading (the grader digest leaves it out). Do not edit: measure again.

            """
        out += "fingerprint = \(QuotedString.json(fingerprint))\n"
        if let notMeasured {
            out += "not-measured = \(QuotedString.json(notMeasured))\n"
        }
        if let language { out += "language = \(QuotedString.json(language))\n" }
        out += "max-mutants = \(maxMutants)\n"
        out += "seed = \(QuotedString.json(seed))\n"
        if notMeasured == nil {
            out += "# \(summary)\n"
        }
        let ordered = entries.filter { $0.status == .survived } + entries.filter { $0.status != .survived }
        for entry in ordered {
            out += "\n[[mutant]]\n"
            out += "id = \(QuotedString.json(entry.id))\n"
            out += "status = \(QuotedString.json(entry.status.rawValue))\n"
            out += "change = \(QuotedString.json(entry.listing))\n"
        }
        return out
    }

    /// Writes the record into the lab's grader directory, whole or not at all.
    func write(graderDirectory: String) throws {
        try Data(text.utf8).write(
            to: URL(fileURLWithPath: graderDirectory + "/" + Self.fileName), options: .atomic)
    }

    /// The record of the lab whose grader is `graderDirectory`; nil when it has none.
    static func load(graderDirectory: String) throws(ManifestError) -> StrengthRecord? {
        let file = graderDirectory + "/" + fileName
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        return try parse(TOMLDocument.readText(path: file), file: file)
    }

    static func parse(_ text: String, file: String) throws(ManifestError) -> StrengthRecord {
        var reader = TOMLReader(try TOMLDocument.parse(text, file: file))
        let fingerprint = try reader.require("fingerprint") { field throws(ManifestError) in
            try field.nonEmptyString()
        }
        let notMeasured = try reader.optional("not-measured") { field throws(ManifestError) in
            try field.nonEmptyString()
        }
        let language = try reader.optional("language") { field throws(ManifestError) in try field.nonEmptyString() }
        let maxMutants = try reader.require("max-mutants") { field throws(ManifestError) in
            try field.integer(in: 1...MutationSettings.maxMutantsLimit)
        }
        let seed = try reader.require("seed") { field throws(ManifestError) in try field.nonEmptyString() }
        let statuses = [MutantResult.Status.killed, .survived, .equivalent].map(\.rawValue)
        let entries = try reader.tables("mutant") { table, _ throws(ManifestError) -> Entry in
            let id = try table.require("id") { field throws(ManifestError) in try field.nonEmptyString() }
            let status = try table.require("status") { field throws(ManifestError) in try field.oneOf(statuses) }
            let listing = try table.optional("change") { field throws(ManifestError) in try field.string() } ?? ""
            return Entry(id: id, status: MutantResult.Status(rawValue: status)!, listing: listing)
        }
        try reader.finish()
        return StrengthRecord(
            fingerprint: fingerprint, language: language, notMeasured: notMeasured, maxMutants: maxMutants, seed: seed,
            entries: entries)
    }
}
