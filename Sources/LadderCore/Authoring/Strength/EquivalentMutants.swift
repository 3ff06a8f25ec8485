import Foundation
import LadderModel
import LadderTOML

/// The mutants of a lab's reference its author has judged equivalent: `Graders/<id>/equivalent-mutants.toml`.
///
/// An equivalent mutant changes the code but not what it does (no input tells it from the reference), so no test can
/// kill it, and counting it would lower the strength unfairly. Each is declared by its id, with the reason:
///
/// ```toml
/// [[equivalent]]
/// id = "main.py:return:8f1b2169"
/// reason = "parse's result is only compared with None, and every other return is a tuple"
/// ```
struct EquivalentMutants: Sendable, Equatable {
    static let fileName = "equivalent-mutants.toml"

    struct Declaration: Sendable, Equatable {
        let id: String
        let reason: String
        let line: Int
    }

    let file: String
    let declarations: [Declaration]

    /// No declarations: for grading mutants already known not to be equivalent.
    static let none = EquivalentMutants(file: fileName, declarations: [])

    func declaration(for id: String) -> Declaration? { declarations.first { $0.id == id } }

    /// Reads the declarations of the lab whose grader is `graderDirectory`; none when the file does not exist.
    static func load(graderDirectory: String) throws(ManifestError) -> EquivalentMutants {
        let file = graderDirectory + "/" + fileName
        guard FileManager.default.fileExists(atPath: file) else {
            return EquivalentMutants(file: file, declarations: [])
        }
        return try parse(TOMLDocument.readText(path: file), file: file)
    }

    static func parse(_ text: String, file: String) throws(ManifestError) -> EquivalentMutants {
        var reader = TOMLReader(try TOMLDocument.parse(text, file: file))
        var seen: [String: Int] = [:]
        let declarations = try reader.tables("equivalent") { table, _ throws(ManifestError) -> Declaration in
            let idField = try table.require("id") { field throws(ManifestError) in field }
            let id = try idField.nonEmptyString()
            // The file, the operator and eight hex digits, as `lab validate --strength` lists them.
            guard id.wholeMatch(of: /[^\s:][^:]*:[a-z]+:[0-9a-f]{8}/) != nil else {
                throw idField.error(
                    "`\(id)` is not a mutant id; copy it from `ladder lab validate --strength`, which lists each survivor as FILE:OPERATOR:HASH, e.g. main.py:comparison:03e7ae99"
                )
            }
            if let first = seen[id] {
                throw idField.error("`\(id)` is declared twice (first on line \(first)); keep one declaration")
            }
            seen[id] = idField.line
            let reason = try table.require("reason") { field throws(ManifestError) in try field.nonEmptyString() }
            return Declaration(id: id, reason: reason, line: idField.line)
        }
        try reader.finish()
        return EquivalentMutants(file: file, declarations: declarations)
    }
}
