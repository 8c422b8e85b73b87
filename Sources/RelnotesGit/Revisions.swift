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
