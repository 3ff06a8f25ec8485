import CGit2

extension Repository {
    /// Attaches a note to a commit under `notesRef` (e.g. a grade), like `git notes add`;
    /// the message is stored exactly as given.
    ///
    /// Replaces an existing note when `overwrite`; otherwise throws `.alreadyExists`.
    public func addNote(
        to revision: String,
        message: String,
        author: Signature,
        notesRef: String = "refs/notes/ladder",
        overwrite: Bool = true
    ) throws {
        var target = try commitHandle(revision).id
        let signature = try SignatureHandle(author)
        var id = git_oid()
        try check(
            "git_note_create", path: notesRef,
            kinds: [GIT_EEXISTS.rawValue: .alreadyExists("note on \(revision) in \(notesRef)")]
        ) {
            git_note_create(
                &id, pointer, notesRef, signature.pointer, signature.pointer, &target, message, overwrite ? 1 : 0)
        }
    }

    /// The note attached to a commit under `notesRef`, or `nil` when it has none.
    public func note(for revision: String, notesRef: String = "refs/notes/ladder") throws -> String? {
        var target = try commitHandle(revision).id
        var out: OpaquePointer?
        do {
            try check("git_note_read", path: notesRef) { git_note_read(&out, pointer, notesRef, &target) }
        } catch let error as GitError where error.code == GIT_ENOTFOUND.rawValue {
            return nil
        }
        let note = NoteHandle(out!, repository: self)
        return git_note_message(note.pointer).map { String(cString: $0) }
    }
}
