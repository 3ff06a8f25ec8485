import CGit2
import Foundation

// What a grader reads from a learner's history: which commits are theirs, what each changed, what a file held at a
// commit, and a private copy of the history to hand to a grader program.
extension Repository {
    /// The commits reachable from `revision` but from none of `hiding`, oldest first (parents before children).
    public func commits(from revision: String, hiding: [String] = []) throws -> [CommitInfo] {
        var start = try commitHandle(revision).id
        var out: OpaquePointer?
        try check("git_revwalk_new") { git_revwalk_new(&out, pointer) }
        let walker = RevWalkHandle(out!, repository: self)
        try check("git_revwalk_sorting") {
            git_revwalk_sorting(walker.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue)
        }
        try check("git_revwalk_push", path: revision) { git_revwalk_push(walker.pointer, &start) }
        for hidden in hiding {
            var id = try commitHandle(hidden).id
            try check("git_revwalk_hide", path: hidden) { git_revwalk_hide(walker.pointer, &id) }
        }
        var commits: [CommitInfo] = []
        while let id = try walker.next() {
            commits.append(try lookupCommit(id).info)
        }
        return commits
    }

    /// The paths (`/`-separated, sorted) a commit adds, changes or deletes compared with its first parent; every path
    /// of its tree for a root commit. A rename counts as both paths.
    public func changedPaths(of revision: String) throws -> [String] {
        let commit = try commitHandle(revision)
        let tree = try lookupTree(git_commit_tree_id(commit.pointer).pointee)
        let parent =
            try git_commit_parentcount(commit.pointer) == 0
            ? nil : lookupCommit(git_commit_parent_id(commit.pointer, 0).pointee)
        let parentTree = try parent.map { try lookupTree(git_commit_tree_id($0.pointer).pointee) }
        var out: OpaquePointer?
        _ = try withExtendedLifetime((tree, parentTree)) {
            try check("git_diff_tree_to_tree", path: revision) {
                git_diff_tree_to_tree(&out, pointer, parentTree?.pointer, tree.pointer, nil)
            }
        }
        defer { git_diff_free(out) }
        var paths: Set<String> = []
        for index in 0..<git_diff_num_deltas(out) {
            guard let delta = git_diff_get_delta(out, index)?.pointee else { continue }
            if let path = delta.old_file.path { paths.insert(String(cString: path)) }
            if let path = delta.new_file.path { paths.insert(String(cString: path)) }
        }
        return paths.sorted()
    }

    /// The bytes of the file at `path` in the tree of `revision`, or nil when the commit has no file there.
    public func fileContents(_ path: String, at revision: String) throws -> Data? {
        let commit = try commitHandle(revision)
        let tree = try lookupTree(git_commit_tree_id(commit.pointer).pointee)
        var entry: OpaquePointer?
        let code = withExtendedLifetime(tree) { git_tree_entry_bypath(&entry, tree.pointer, path) }
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check("git_tree_entry_bypath", path: path) { code }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        let blob = try lookupBlob(git_tree_entry_id(entry).pointee)
        return blob.withBytes { Data($0) }
    }

    /// Whether `ancestor` is `descendant` or one of its ancestors.
    public func isAncestor(_ ancestor: String, of descendant: String) throws -> Bool {
        var older = try commitHandle(ancestor).id
        var newer = try commitHandle(descendant).id
        if git_oid_equal(&older, &newer) == 1 { return true }
        return try check("git_graph_descendant_of") { git_graph_descendant_of(pointer, &newer, &older) } == 1
    }

    /// Copies `revision` and every commit, tree and blob it reaches into a new bare repository at `path`, with
    /// `branch` (and HEAD) pointing at it. Nothing else of this repository (other branches, configuration, hooks,
    /// the index) goes with it, and this repository is only read.
    @discardableResult
    public func exportHistory(of revision: String, to path: String, branch: String = "main") throws -> Repository {
        let copy = try Repository.create(at: path, initialBranch: branch, bare: true)
        try copyHistory(of: revision, into: copy, branch: branch)
        return copy
    }

    /// Gives `directory`, an export of `revision` (``export(commit:to:)``), the `.git` of a checkout of it: the commit
    /// and its history as ``exportHistory(of:to:branch:)`` copies them, HEAD on `branch` at it, and an index of its
    /// tree, so that `git rev-parse HEAD`, `git log` and `git status` (clean) work in it as in a clone. Nothing else
    /// of this repository goes with it, and this repository is only read.
    public func attachHistory(of revision: String, toExport directory: String, branch: String = "main") throws {
        let copy = try Repository.create(at: directory, initialBranch: branch)
        let tip = try copyHistory(of: revision, into: copy, branch: branch)
        let commit = try copy.commitHandle(tip)
        let tree = try copy.lookupTree(git_commit_tree_id(commit.pointer).pointee)
        var out: OpaquePointer?
        try check("git_repository_index", path: directory) { git_repository_index(&out, copy.pointer) }
        let index = IndexHandle(out!, repository: copy)
        _ = try withExtendedLifetime(tree) {
            try check("git_index_read_tree", path: directory) { git_index_read_tree(index.pointer, tree.pointer) }
        }
        try check("git_index_write", path: directory) { git_index_write(index.pointer) }
    }

    /// Writes `revision` and everything it reaches into `copy` as one pack, and points `branch` there; returns the
    /// commit's id.
    @discardableResult
    private func copyHistory(of revision: String, into copy: Repository, branch: String) throws -> String {
        var tip = try commitHandle(revision).id
        var out: OpaquePointer?
        try check("git_packbuilder_new") { git_packbuilder_new(&out, pointer) }
        defer { git_packbuilder_free(out) }
        var walkerOut: OpaquePointer?
        try check("git_revwalk_new") { git_revwalk_new(&walkerOut, pointer) }
        let walker = RevWalkHandle(walkerOut!, repository: self)
        try check("git_revwalk_push", path: revision) { git_revwalk_push(walker.pointer, &tip) }
        try check("git_packbuilder_insert_walk", path: revision) { git_packbuilder_insert_walk(out, walker.pointer) }
        try check("git_packbuilder_write", path: copy.gitDirectory) {
            git_packbuilder_write(out, copy.gitDirectory + "/objects/pack", 0, nil, nil)
        }
        try copy.setBranch(branch, to: tip.hex)
        return tip.hex
    }

    /// Points `refs/heads/<name>` at a commit, creating or moving the branch.
    public func setBranch(_ name: String, to revision: String) throws {
        var id = try commitHandle(revision).id
        var out: OpaquePointer?
        try check("git_reference_create", path: name) {
            git_reference_create(&out, pointer, "refs/heads/\(name)", &id, 1, nil)
        }
        git_reference_free(out)
    }

    /// Makes HEAD's branch point at another commit and rewrites the working tree and index to match it, discarding
    /// local changes (`git reset --hard`).
    public func resetHard(to revision: String) throws {
        let commit = try commitHandle(revision)
        var options = git_checkout_options()
        try check("git_checkout_options_init") {
            git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        }
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        _ = try withExtendedLifetime(commit) {
            try check("git_reset", path: revision) { git_reset(pointer, commit.pointer, GIT_RESET_HARD, &options) }
        }
    }
}
