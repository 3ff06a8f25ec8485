import Foundation
import LadderModel
import LadderTOML

extension MutationCheck {
    /// The file in each mutant's directory that describes it; it is never copied into a run.
    public static let aboutFile = "about.txt"

    init(reading reader: inout TOMLReader, fixtures: FixtureResolver) throws(ManifestError) {
        let command = try reader.optional("command") { field throws(ManifestError) in try field.command() }
        let implementation = try reader.optional("implementation", as: String.self)
        if let implementation { try Self.directory(implementation, key: "implementation", fixtures) }
        let equivalents = try reader.optional("equivalents", as: [String].self) ?? []
        for equivalent in equivalents { try Self.directory(equivalent, key: "equivalents", fixtures) }
        let mutantsDirectory = try reader.require("mutants", as: String.self)
        try Self.directory(mutantsDirectory, key: "mutants", fixtures)
        let root = fixtures.directory + "/" + mutantsDirectory
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { !$0.hasPrefix(".") && Self.isDirectory(root + "/" + $0) }
            .sorted()
        guard !names.isEmpty else {
            throw reader.error(
                "'\(mutantsDirectory)' holds no mutants; give it one subdirectory per mutant, each with the files it replaces and an \(Self.aboutFile)",
                key: "mutants")
        }
        var mutants: [Mutant] = []
        for name in names {
            let directory = mutantsDirectory + "/" + name
            let files = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + name)) ?? []
            guard let data = FileManager.default.contents(atPath: root + "/" + name + "/" + Self.aboutFile) else {
                throw reader.error(
                    "mutant '\(directory)' has no \(Self.aboutFile); write one saying, in the learner's terms and without code, which behaviour a test suite that misses this mutant leaves untested",
                    key: "mutants")
            }
            let about = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !about.isEmpty else {
                throw reader.error("mutant '\(directory)' has an empty \(Self.aboutFile); say which behaviour goes untested when it survives", key: "mutants")
            }
            guard files.contains(where: { $0 != Self.aboutFile }) else {
                throw reader.error("mutant '\(directory)' holds only \(Self.aboutFile); add the implementation files it replaces", key: "mutants")
            }
            mutants.append(Mutant(name: name, directory: directory, about: about))
        }
        self.init(
            command: command, implementation: implementation, equivalents: equivalents,
            mutantsDirectory: mutantsDirectory, mutants: mutants)
    }

    private static func directory(_ path: String, key: String, _ fixtures: FixtureResolver) throws(ManifestError) {
        _ = try fixtures.check(path, key: key)
        guard isDirectory(fixtures.directory + "/" + path) else {
            throw fixtures.reader.error("'\(path)' must be a directory of files to copy over the submission", key: key)
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
