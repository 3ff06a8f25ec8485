import Foundation
import LadderSandbox

/// One mutant of a reference solution: a single change, and the whole changed file.
struct Mutant: Sendable, Equatable, Decodable {
    let id: String
    /// The changed file, relative to the reference's directory.
    let file: String
    let line: Int
    let `operator`: String
    let original: String
    let mutated: String
    /// The full text of the changed file.
    let source: String
}

/// What the mutator found in a reference: every mutant it could make (by id), the sample to grade, and notes.
struct MutantCatalog: Sendable, Equatable, Decodable {
    struct Candidate: Sendable, Equatable, Decodable {
        let id: String
        let file: String
        let line: Int
        let `operator`: String
    }

    /// Every mutant the operators make, in file and line order.
    let candidates: [Candidate]
    /// The sample, at most the cap, in the same order.
    let mutants: [Mutant]
    /// Files or mutants left out, and why.
    let notes: [String]
}

/// The mutator failed: Ladder's own problem or the sandbox's, never the lab's.
struct MutatorError: Error, CustomStringConvertible {
    let description: String
}

/// Derives mutants of reference files by running ``MutatorProgram`` in the sandbox under the `python` profile.
struct MutantGenerator {
    let sandbox: Sandbox
    /// Where the run's scratch directory (the program and a copy of the files) is made.
    let scratchParent: String

    /// Room for a large reference: parsing each candidate back is the slow part, and every sampled mutant's whole
    /// file is printed.
    static let limits = SandboxLimits(
        wallTime: .seconds(120), cpuTime: .seconds(60), memoryBytes: 1 << 30, outputBytes: 64 << 20)

    /// The mutants of `files` (paths relative to `directory`), at most `maxMutants` of them.
    func generate(files: [String], in directory: String, maxMutants: Int, seed: String = MutationSettings.sampleSeed)
        async throws
        -> MutantCatalog
    {
        let fileManager = FileManager.default
        let scratch = scratchParent + "/ladder-mutate-" + UUID().uuidString
        try fileManager.createDirectory(atPath: scratch + "/reference", withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(atPath: scratch) }
        try Data(MutatorProgram.source.utf8).write(to: URL(fileURLWithPath: scratch + "/" + MutatorProgram.fileName))
        for file in files {
            let copy = scratch + "/reference/" + file
            try fileManager.createDirectory(
                atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fileManager.copyItem(atPath: directory + "/" + file, toPath: copy)
        }
        let command = ["python3", MutatorProgram.fileName, "\(maxMutants)", seed, "reference"] + files
        let outcome = try await sandbox.run(
            command, policy: SandboxPolicy(profile: "python", limits: Self.limits, workdir: scratch))
        if let setupError = outcome.setupError {
            throw MutatorError(description: "the sandbox could not run the mutator: \(setupError)")
        }
        guard outcome.succeeded else {
            let stderr = String(decoding: outcome.stderr.suffix(2000), as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
            let why =
                outcome.limitHit.map { "hit its \($0.rawValue) limit" } ?? outcome.signal.map {
                    "was killed by signal \($0)"
                }
                ?? (outcome.interrupted ? "was interrupted" : "exited with status \(outcome.exitCode ?? -1)")
            throw MutatorError(description: "the mutator \(why)" + (stderr.isEmpty ? "" : ": " + Self.lastLine(stderr)))
        }
        let catalog: MutantCatalog
        do {
            catalog = try JSONDecoder().decode(MutantCatalog.self, from: outcome.stdout)
        } catch {
            throw MutatorError(description: "the mutator's output is not the JSON document Ladder expects (\(error))")
        }
        // The output came out of a box that read lab code: it may only name the files it was given.
        if let stray = catalog.mutants.first(where: { !files.contains($0.file) }) {
            throw MutatorError(description: "the mutator named a file it was not given: \(stray.file)")
        }
        return catalog
    }

    static func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map(String.init) ?? text
    }
}
