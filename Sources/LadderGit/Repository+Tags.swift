import CGit2

extension Repository {
    /// Creates the annotated tag `name` on a commit; throws `.alreadyExists` if the tag exists.
    public func createTag(_ name: String, at revision: String, message: String, tagger: Signature) throws {
        let target = try commitHandle(revision)
        let signature = try SignatureHandle(tagger)
        let cleanMessage = try prettify(message)
        var id = git_oid()
        try check("git_tag_create", path: name, kinds: [GIT_EEXISTS.rawValue: .alreadyExists("tag \(name)")]) {
            // A git_commit is a git_object, which is what a tag targets.
            git_tag_create(&id, pointer, name, target.pointer, signature.pointer, cleanMessage, 0)
        }
    }

    /// The names of all tags, sorted.
    public func tagNames() throws -> [String] {
        var names = git_strarray()
        try check("git_tag_list") { git_tag_list(&names, pointer) }
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { names.strings[$0].map { String(cString: $0) } }.sorted()
    }

    /// The commit a tag points at (through an annotated tag), or `nil` when there is no such tag.
    public func tagTarget(_ name: String) throws -> CommitInfo? {
        let reference = "refs/tags/\(name)"
        guard try referenceTarget(reference) != nil else { return nil }
        return try resolve(reference)
    }
}
