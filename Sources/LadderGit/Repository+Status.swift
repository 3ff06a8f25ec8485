import CGit2

extension Repository {
    /// The uncommitted changes of the working tree, staged and not, and its untracked files
    /// (each file, not just its directory), sorted by path; ignored files are left out.
    ///
    /// A file changed both in the index and after that in the working tree appears twice:
    /// once with `staged` true and once with `staged` false.
    public func status() throws -> [StatusEntry] {
        var options = git_status_options()
        try check("git_status_options_init") { git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)) }
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        // Set in full: the defaults would include ignored files.
        options.flags =
            GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX.rawValue
            | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY.rawValue
        var out: OpaquePointer?
        try check("git_status_list_new", path: workdir) { git_status_list_new(&out, pointer, &options) }
        let list = StatusListHandle(out!, repository: self)

        return (0..<git_status_list_entrycount(list.pointer)).flatMap { index in
            git_status_byindex(list.pointer, index).map { StatusEntry.entries(of: $0.pointee) } ?? []
        }
    }
}

extension StatusEntry {
    private static let stagedChanges: [(git_status_t, Change)] = [
        (GIT_STATUS_INDEX_NEW, .added), (GIT_STATUS_INDEX_MODIFIED, .modified), (GIT_STATUS_INDEX_DELETED, .deleted),
        (GIT_STATUS_INDEX_RENAMED, .renamed), (GIT_STATUS_INDEX_TYPECHANGE, .typeChanged),
    ]
    private static let workdirChanges: [(git_status_t, Change)] = [
        (GIT_STATUS_WT_NEW, .untracked), (GIT_STATUS_WT_MODIFIED, .modified), (GIT_STATUS_WT_DELETED, .deleted),
        (GIT_STATUS_WT_RENAMED, .renamed), (GIT_STATUS_WT_TYPECHANGE, .typeChanged),
    ]

    /// The staged and the unstaged change of one libgit2 status entry (none, one or both).
    static func entries(of entry: git_status_entry) -> [StatusEntry] {
        let flags = entry.status.rawValue
        func has(_ flag: git_status_t) -> Bool { flags & flag.rawValue != 0 }
        func paths(_ delta: UnsafeMutablePointer<git_diff_delta>?) -> (new: String, old: String)? {
            guard let delta, let new = delta.pointee.new_file.path, let old = delta.pointee.old_file.path else {
                return nil
            }
            return (String(cString: new), String(cString: old))
        }

        if has(GIT_STATUS_CONFLICTED) {
            let path = paths(entry.index_to_workdir) ?? paths(entry.head_to_index)
            return path.map { [StatusEntry(path: $0.new, change: .conflicted, staged: false)] } ?? []
        }
        var result: [StatusEntry] = []
        if let change = stagedChanges.first(where: { has($0.0) })?.1, let path = paths(entry.head_to_index) {
            result.append(
                StatusEntry(path: path.new, change: change, staged: true, oldPath: change == .renamed ? path.old : nil))
        }
        if let change = workdirChanges.first(where: { has($0.0) })?.1, let path = paths(entry.index_to_workdir) {
            result.append(
                StatusEntry(path: path.new, change: change, staged: false, oldPath: change == .renamed ? path.old : nil)
            )
        }
        return result
    }
}
