internal import CGit2
import Foundation
import RelnotesCore

extension GitRepository {
    /// The commit a revision names (`HEAD~2`, `v1.2.0`, `main`, an abbreviated id), as
    /// `git rev-parse <rev>^{commit}` would give it.
    public func resolveCommit(_ revision: String) throws(GitError) -> CommitID {
        var object: OpaquePointer?
        let result = git_revparse_single(&object, handle, revision)
        guard result >= 0 else {
            throw GitError(code: GitError.Code(rawValue: result), operation: "read revision \(revision)", detail: GitError.last(result, "").detail, hint: "name a commit, a tag or a branch, e.g. v1.2.0..HEAD")
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "read revision \(revision) as a commit")
        defer { git_object_free(commit) }
        return CommitID(git_object_id(commit).pointee)
    }

    /// The commits a range names, as git reads it:
    /// - `A..B`: reachable from B and not from A (`A..` is `A..HEAD`, `..B` is `HEAD..B`);
    /// - `A...B`: the symmetric difference, reachable from either but not from both (not
    ///   from any merge base); an empty side is HEAD;
    /// - a single revision: that one commit.
    public func commits(inRange range: String) throws(GitError) -> [RawCommit] {
        func side(_ text: Substring) throws(GitError) -> CommitID {
            try resolveCommit(text.isEmpty ? "HEAD" : String(text))
        }
        if let dots = range.range(of: "...") {
            let left = try side(range[..<dots.lowerBound]), right = try side(range[dots.upperBound...])
            return try commits(reachableFrom: [left, right], hiding: try mergeBases(left, right))
        }
        if let dots = range.range(of: "..") {
            let from = try side(range[..<dots.lowerBound]), to = try side(range[dots.upperBound...])
            return try commits(reachableFrom: [to], hiding: [from])
        }
        let id = try resolveCommit(range)
        return try commits(reachableFrom: [id], hiding: try readParents(of: id))
    }

    /// Every best common ancestor of two commits (`git merge-base --all`); none for unrelated
    /// histories.
    func mergeBases(_ one: CommitID, _ other: CommitID) throws(GitError) -> [CommitID] {
        var bases = git_oidarray()
        var first = one.oid, second = other.oid
        let result = git_merge_bases(&bases, handle, &first, &second)
        if result == GIT_ENOTFOUND.rawValue { return [] }
        try check(result, "find the merge base of \(one.abbreviated()) and \(other.abbreviated())")
        defer { git_oidarray_dispose(&bases) }
        return (0..<bases.count).map { CommitID(bases.ids[$0]) }
    }

    /// The folder git runs hooks from: `core.hooksPath` (relative to the working tree, as git
    /// reads it), else `hooks` in the common git directory (shared by linked worktrees).
    public func hooksDirectory() throws(GitError) -> String {
        if let configured = try configString("core.hooksPath"), !configured.isEmpty {
            let expanded = (configured as NSString).expandingTildeInPath
            if expanded.hasPrefix("/") { return expanded }
            return (workingDirectory ?? gitDirectory) + "/" + expanded
        }
        let common = String(cString: git_repository_commondir(handle))
        return (common.hasSuffix("/") ? String(common.dropLast()) : common) + "/hooks"
    }
}
