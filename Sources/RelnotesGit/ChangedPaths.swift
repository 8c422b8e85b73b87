internal import CGit2
import Foundation
import RelnotesCore

extension GitRepository {
    /// Whether `commit` changes a path `filter` keeps, compared with its first parent.
    ///
    /// Cheap first: for each folder the include globs start with (`packages/a` for
    /// `packages/a/**`), the tree ids of that folder in the commit and its parent are compared;
    /// when none differs the commit is skipped without computing any diff. Only commits that
    /// touch a folder get a diff, and it is limited to those folders.
    public func touches(_ commit: RawCommit, _ filter: PathFilter) throws(GitError) -> Bool {
        guard !filter.isEmpty else { return true }
        let operation = "read the changes of \(commit.id.abbreviated())"
        let tree = try self.tree(of: commit.id, operation: operation)
        defer { git_tree_free(tree) }
        var parentTree: OpaquePointer?
        if let parent = commit.parents.first {
            parentTree = try self.tree(of: parent, operation: operation)
        }
        defer { if let parentTree { git_tree_free(parentTree) } }

        var touched: [String] = []
        for prefix in filter.prefixes {
            if prefix.isEmpty || entryID(in: tree, path: prefix) != parentTree.flatMap({ entryID(in: $0, path: prefix) }) {
                touched.append(prefix)
            }
        }
        guard !touched.isEmpty else { return false }
        return filter.keeps(changedPaths: try diffPaths(from: parentTree, to: tree, within: touched.filter { !$0.isEmpty }, operation: operation))
    }

    private func tree(of id: CommitID, operation: String) throws(GitError) -> OpaquePointer? {
        var oid = id.oid
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, handle, &oid), operation)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), operation)
        return tree
    }

    /// The object id of the entry at `path` in `tree`, or `nil` when there is none.
    private func entryID(in tree: OpaquePointer?, path: String) -> CommitID? {
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, path) == 0 else { return nil }
        defer { git_tree_entry_free(entry) }
        return git_tree_entry_id(entry).map { CommitID($0.pointee) }
    }

    /// The paths (old and new) of every change between two trees, limited to `folders` (all
    /// when empty). No rename detection: a move is a deletion and an addition, as for
    /// `git log -- <path>`.
    private func diffPaths(from old: OpaquePointer?, to new: OpaquePointer?, within folders: [String], operation: String) throws(GitError) -> [String] {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), operation)
        // libgit2 only reads the pathspec during the call; the copies are freed after it.
        let specs: [UnsafeMutablePointer<CChar>?] = folders.map { strdup($0) }
        defer { specs.forEach { free($0) } }
        var pointers = specs
        var diff: OpaquePointer?
        let result: Int32 = pointers.withUnsafeMutableBufferPointer { buffer in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return git_diff_tree_to_tree(&diff, handle, old, new, &options)
        }
        try check(result, operation)
        defer { git_diff_free(diff) }
        var paths: [String] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            if let path = delta.old_file.path { paths.append(String(cString: path)) }
            if let path = delta.new_file.path { paths.append(String(cString: path)) }
        }
        return paths
    }
}
