import LadderModel

/// Looking labs up by what a person typed, with errors that say what exists.
extension Catalog {
    /// Resolves a lab id, or an error that suggests the closest ids.
    public func requireLab(_ id: String) throws(LadderError) -> Lab {
        if let lab = lab(id: id) {
            return lab
        }
        let close = suggestions(for: id)
        let hint =
            close.isEmpty
            ? "run `ladder list` to see the catalog"
            : "did you mean \(close.map { "`\($0)`" }.joined(separator: ", "))?"
        throw LadderError(.unknownLab, "unknown lab `\(id)`; \(hint)")
    }

    /// Resolves the language to start in: the one asked for, or the lab's first.
    public func requireLanguage(_ requested: String?, for lab: Lab) throws(LadderError) -> LabLanguage {
        guard let requested else {
            guard let first = lab.languages.first else {
                throw LadderError(.unknownLanguage, "lab `\(lab.id)` offers no language")
            }
            return first
        }
        if let match = lab.languages.first(where: { $0.id == requested.lowercased() }) {
            return match
        }
        let offered = lab.languages.map(\.id).joined(separator: ", ")
        throw LadderError(
            .unknownLanguage, "lab `\(lab.id)` is not offered in `\(requested)`; it is offered in: \(offered)")
    }
}
