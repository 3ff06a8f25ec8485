import Foundation
import LadderModel
import LadderTOML

extension MutationCheck {
    /// The file in each mutant's directory that describes it; it is never copied into a run.
    public static let aboutFile = "about.txt"

    init(reading reader: inout TOMLReader, fixtures: FixtureResolver) throws(ManifestError) {
        let command = try reader.optional("command") { field throws(ManifestError) in try field.command() }
        let perLanguage = try reader.optional("per-language", as: Bool.self) ?? false
        let layout = Layout(perLanguage: perLanguage, fixtures: fixtures)
        var implementation: Overlay?
        if let path = try reader.optional("implementation", as: String.self) {
            implementation = try layout.overlay(path, key: "implementation")
        }
        var equivalents: [Overlay] = []
        for path in try reader.optional("equivalents", as: [String].self) ?? [] {
            equivalents.append(try layout.overlay(path, key: "equivalents"))
        }
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
                throw reader.error(
                    "mutant '\(directory)' has an empty \(Self.aboutFile); say which behaviour goes untested when it survives",
                    key: "mutants")
            }
            guard files.contains(where: { $0 != Self.aboutFile }) else {
                let what =
                    perLanguage
                    ? "a subdirectory per language it applies to, with the files it replaces"
                    : "the implementation files it replaces"
                throw reader.error("mutant '\(directory)' holds only \(Self.aboutFile); add \(what)", key: "mutants")
            }
            let overlay = try layout.overlay(directory, key: "mutants", checked: true)
            mutants.append(Mutant(name: name, files: overlay, about: about))
        }
        let prepare =
            try reader.optionalNested("prepare") { table throws(ManifestError) -> [String: [String]] in
                var commands: [String: [String]] = [:]
                for language in table.table.keys {
                    commands[language] = try table.require(language) { field throws(ManifestError) in
                        try field.command()
                    }
                }
                return commands
            } ?? [:]
        self.init(
            command: command, implementation: implementation, equivalents: equivalents,
            mutantsDirectory: mutantsDirectory, mutants: mutants, perLanguage: perLanguage, prepare: prepare)
    }

    /// Reads a directory of files to copy over the submission, flat or with a subdirectory per language.
    private struct Layout {
        let perLanguage: Bool
        let fixtures: FixtureResolver

        func overlay(_ path: String, key: String, checked: Bool = false) throws(ManifestError) -> Overlay {
            if !checked { try MutationCheck.directory(path, key: key, fixtures) }
            guard perLanguage else { return Overlay(path) }
            let root = fixtures.directory + "/" + path
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
                .filter { !$0.hasPrefix(".") && $0 != MutationCheck.aboutFile }
                .sorted()
            if let file = entries.first(where: { !MutationCheck.isDirectory(root + "/" + $0) }) {
                throw fixtures.reader.error(
                    "with per-language = true, '\(path)' holds only a subdirectory per language (and a mutant's \(MutationCheck.aboutFile)); move '\(file)' into '\(path)/<language>/'",
                    key: key)
            }
            guard !entries.isEmpty else {
                throw fixtures.reader.error(
                    "with per-language = true, '\(path)' needs a subdirectory per language, such as '\(path)/python/', holding its files",
                    key: key)
            }
            for language in entries {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + language)) ?? []
                guard files.contains(where: { !$0.hasPrefix(".") }) else {
                    throw fixtures.reader.error(
                        "'\(path)/\(language)' is empty; put the \(language) files there or remove it", key: key)
                }
            }
            return Overlay(path, languages: entries)
        }
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

    /// Every key of `prepare` must be a language of the lab; in the per-language layout, every language of the lab
    /// needs the implementation and at least one mutant, and every subdirectory must be named after a language of it.
    /// - Returns: the problem and the key it is about, or nil when the check fits the languages.
    func problem(languages: [String]) -> (message: String, key: String)? {
        let known = languages.joined(separator: ", ")
        if let stray = prepare.keys.sorted().first(where: { !languages.contains($0) }) {
            return (
                "'prepare.\(stray)' is not a language of the lab (\(known)); name each command after the language whose implementations it prepares",
                "prepare"
            )
        }
        guard perLanguage else { return nil }
        let keyed =
            (implementation.map { [($0, "implementation")] } ?? []) + equivalents.map { ($0, "equivalents") }
            + mutants.map { ($0.files, "mutants") }
        for (overlay, key) in keyed {
            if let stray = overlay.languages?.first(where: { !languages.contains($0) }) {
                return (
                    "'\(overlay.path)/\(stray)' is not named after a language of the lab (\(known)); rename or remove it",
                    key
                )
            }
        }
        for language in languages {
            if let implementation, implementation.path(for: language) == nil {
                return (
                    "'\(implementation.path)' has no '\(language)' subdirectory, so the lab's \(language) language has no implementation to test; add '\(implementation.path)/\(language)/'",
                    "implementation"
                )
            }
            if mutants(for: language).isEmpty {
                return (
                    "no mutant in '\(mutantsDirectory)' has a '\(language)' subdirectory, so a \(language) suite would have nothing to catch; port at least one mutant to \(language)",
                    "mutants"
                )
            }
        }
        return nil
    }
}
