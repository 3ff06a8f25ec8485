import CGit2
import Foundation

extension Repository {
    /// The commits reachable from `revision`, newest (by committer time) first and never a parent before its child (as
    /// `git log` lists them), at most `limit`.
    ///
    /// Throws `.unbornHead` for `HEAD` of a repository without commits, like `git log`.
    public func log(from revision: String = "HEAD", limit: Int? = nil) throws -> [CommitInfo] {
        var commits: [CommitInfo] = []
        try walk(from: revision) { commit in
            if let limit, commits.count >= limit { return false }
            commits.append(commit.info)
            return true
        }
        return commits
    }

    /// The newest commit reachable from `revision` whose committer time is at or before `date`;
    /// `nil` when every commit is later. Used for deadlines.
    ///
    /// Committer times are written by whoever makes the commit, so they say when a learner
    /// *claims* to have committed; a deadline that must hold against forgery needs the time
    /// the server received the push.
    public func lastCommit(atOrBefore date: Date, from revision: String = "HEAD") throws -> CommitInfo? {
        let deadline = git_time_t(date.timeIntervalSince1970.rounded(.down))
        var found: CommitInfo?
        try walk(from: revision) { commit in
            guard git_commit_time(commit.pointer) <= deadline else { return true }
            found = commit.info
            return false
        }
        return found
    }

    /// Visits the commits reachable from `revision` newest first until `visit` returns false. Children come before
    /// their parents even when they share a committer time (commits made in the same second, as a starter and a
    /// quick first fix often are): sorted by time alone, the parent could come first, and the last commit before a
    /// deadline would be the starter instead of the learner's work.
    private func walk(from revision: String, _ visit: (CommitHandle) throws -> Bool) throws {
        var start = try commitHandle(revision).id
        var out: OpaquePointer?
        try check("git_revwalk_new") { git_revwalk_new(&out, pointer) }
        let walker = RevWalkHandle(out!, repository: self)
        try check("git_revwalk_sorting") {
            git_revwalk_sorting(walker.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
        }
        try check("git_revwalk_push", path: revision) { git_revwalk_push(walker.pointer, &start) }

        while let id = try walker.next() {
            guard try visit(lookupCommit(id)) else { return }
        }
    }
}

extension RevWalkHandle {
    /// The next commit id, or `nil` when the walk is over.
    func next() throws -> git_oid? {
        var id = git_oid()
        var over = false
        try check("git_revwalk_next") {
            let code = git_revwalk_next(&id, pointer)
            over = code == GIT_ITEROVER.rawValue
            return over ? 0 : code
        }
        return over ? nil : id
    }
}
