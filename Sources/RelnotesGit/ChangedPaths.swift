internal import CGit2
import Foundation
import RelnotesCore

extension GitRepository {
    /// Whether `commit` changes a path `filter` keeps, compared with its first parent.
    ///
    /// Cheap first: for each folder the include globs start with (`packages/a` for
    /// `packages/a/**`), the tree ids of that folder in the commit and its parent are compared;
    /// when none differs the commit is skipped without computing any diff. Only commits that
    /// touch a folder are compared further, only within those folders, by tree entry ids (as
    /// `git log -- <path>` does; libgit2's diff would read the configuration on every call).
    public func touches(_ commit: RawCommit, _ filter: PathFilter) throws(GitError) -> Bool {
        guard !filter.isEmpty else { return true }
        // Asked of every commit: the text is made only on failure, and from the id
        // alone (capturing the whole commit would copy it into every closure that may fail).
        let id = commit.id
        var operation: String { "read the changes of \(id.abbreviated())" }
        let prefixes = filterPrefixes(filter)
        // A commit git's Bloom filters say changes none of the folders changes nothing kept.
        if !prefixes.contains(""), filtersRuleOut(prefixes, in: commit.id) { return false }
        let (treeID, parentTreeID) = try trees(of: commit, operation: operation)
        if treeID == parentTreeID { return false }
        let entries = try folderEntryIDs(inTree: treeID, prefixes, operation: operation)
        let parentEntries = try parentTreeID.map { tree throws(GitError) in try folderEntryIDs(inTree: tree, prefixes, operation: operation) }
        var touched: [String] = []
        for (index, prefix) in prefixes.enumerated() where prefix.isEmpty || entries[index] != parentEntries?[index] {
            touched.append(prefix)
        }
        guard !touched.isEmpty else { return false }
        let tree = try borrowedTree(treeID, operation: operation)
        let parentTree = try parentTreeID.map { id throws(GitError) in try borrowedTree(id, operation: operation) }
        var changed: [String] = []
        for prefix in touched {
            try collectChanges(from: parentTree, to: tree, at: prefix, into: &changed, operation: operation)
        }
        return filter.keeps(changedPaths: changed)
    }

    /// The folders `filter`'s include globs start with, remembered for the next call (the same
    /// filter is asked of every commit of a long history).
    private func filterPrefixes(_ filter: PathFilter) -> [String] {
        if let known = prefixesCache, known.filter == filter { return known.prefixes }
        let prefixes = filter.prefixes
        prefixesCache = (filter, prefixes)
        return prefixes
    }

    /// Whether git's changed-path Bloom filters (in the commit-graph file, when written with
    /// `--changed-paths`) say that `commit` certainly changes none of `paths` against its first
    /// parent, as `git log -- <path>` asks them; `false` whenever they cannot tell (no filter
    /// for the commit, a path that is not ASCII), and the trees are compared instead.
    private func filtersRuleOut(_ paths: [String], in commit: CommitID) -> Bool {
        guard let graph = commitGraph, graph.hasChangedPathFilters, !paths.isEmpty,
              let position = graph.position(of: commit) else { return false }
        for path in paths {
            let key: ChangedPathKey
            if let known = changedPathKeys[path] {
                key = known
            } else {
                guard let made = ChangedPathKey(path) else { return false }
                changedPathKeys[path] = made
                key = made
            }
            guard graph.mayChange(key, at: position) == false else { return false }
        }
        return true
    }

    /// The root trees of `commit` and of its first parent (`nil`: a root commit): those the
    /// walk gave with the commit, else looked up.
    private func trees(of commit: RawCommit, operation: @autoclosure () -> String) throws(GitError) -> (tree: CommitID, parentTree: CommitID?) {
        let tree: CommitID
        if let known = commit.tree { tree = known } else { tree = try treeID(of: commit.id, operation: operation()) }
        guard let parent = commit.parents.first else { return (tree, nil) }
        if let known = commit.firstParentTree { return (tree, known) }
        return (tree, try treeID(of: parent, operation: operation()))
    }

    /// The root tree of a commit the walk did not give it for: from the commit-graph file, else
    /// read.
    private func treeID(of commit: CommitID, operation: @autoclosure () -> String) throws(GitError) -> CommitID {
        if let graph = commitGraph, let position = graph.position(of: commit), let record = graph.tree(at: position) { return record }
        var oid = commit.oid
        var object: OpaquePointer?
        try check(git_commit_lookup(&object, handle, &oid), operation())
        defer { git_commit_free(object) }
        guard let tree = git_commit_tree_id(object) else { throw GitError(code: .generic, operation: operation(), detail: "commit \(commit.abbreviated()) has no tree", hint: nil) }
        return CommitID(tree.pointee)
    }

    /// The ids of the entries at `paths` in the tree `treeID` (`nil` where there is none),
    /// remembered for the last few trees: a commit's tree is asked again as its child's parent tree.
    private func folderEntryIDs(inTree treeID: CommitID, _ paths: [String], operation: @autoclosure () -> String) throws(GitError) -> [TreeEntryKey?] {
        if folderEntries.paths != paths { folderEntries = (paths, []) }
        if let known = folderEntries.recent.first(where: { $0.tree == treeID }) { return known.entries }
        let reader = try rawCommitReader()
        let entries = try reader.withTree(treeID) { root throws(GitError) in
            try paths.map { path throws(GitError) in try entryKey(inRawTree: root, path: path, reader: reader) }
        }
        if folderEntries.recent.count == 8 { folderEntries.recent.removeFirst() }
        folderEntries.recent.append((treeID, entries))
        return entries
    }

    /// The tree with this id, owned by the repository: valid until three more trees are
    /// borrowed. The last few are kept because a commit's tree is asked again at once as its
    /// parent's (walks go from children to parents), and by the next question on the commit.
    private func borrowedTree(_ id: CommitID, operation: @autoclosure () -> String) throws(GitError) -> OpaquePointer {
        if let index = recentTrees.firstIndex(where: { $0.id == id }) {
            let entry = recentTrees.remove(at: index)
            recentTrees.append(entry)
            return entry.tree
        }
        var oid = id.oid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &oid), operation())
        guard let tree else { throw GitError(code: .generic, operation: operation(), detail: "tree \(id.abbreviated()) could not be read", hint: nil) }
        if recentTrees.count == 4 { git_tree_free(recentTrees.removeFirst().tree) }
        recentTrees.append((id, tree))
        return tree
    }

    /// Whether `commit` changes something, and nothing but files among `paths` (such as
    /// `CHANGELOG.md`), compared with its first parent (a root commit: with the empty tree).
    ///
    /// Cheap: no diff. The two root trees are compared entry by entry (ids only); a differing
    /// entry must be one of the paths, or a folder on the way to one, which is compared the same
    /// way. Unchanged folders are never opened.
    public func changesOnly(_ commit: RawCommit, paths: [String]) throws(GitError) -> Bool {
        let (wanted, joined) = splitPaths(paths)
        guard !wanted.isEmpty else { return false }
        // Asked of (nearly) every commit: the text is made only on failure, and from the id
        // alone (capturing the whole commit would copy it into every closure that may fail).
        let id = commit.id
        var operation: String { "read the changes of \(id.abbreviated())" }
        // A commit git's Bloom filters say changes none of the paths does not change only them.
        if filtersRuleOut(joined, in: commit.id) { return false }
        // Tree ids from the history walk when it met the commits; else from the commits.
        let (treeID, parentTreeID) = try trees(of: commit, operation: operation)
        // Same tree: the commit changes nothing, so it does not change only the changelog.
        if treeID == parentTreeID { return false }
        let tree = try rawTree(treeID)
        let parentTree = try parentTreeID.map { id throws(GitError) in try rawTree(id) }
        // withUnsafeBytes rethrows untyped: the typed error goes through a Result.
        return try tree.withUnsafeBytes { new in
            (parentTree ?? []).withUnsafeBytes { old in
                Result { () throws(GitError) in try differsOnly(old: parentTree == nil ? nil : old, new: new, within: wanted) }
            }
        }.get()
    }

    /// `paths` as path components, and those joined by `/` again, remembered for the next call
    /// (the same list is asked of every commit).
    private func splitPaths(_ paths: [String]) -> (components: [[Substring]], joined: [String]) {
        if let cached = splitPathsCache, cached.paths == paths { return (cached.components, cached.joined) }
        let components = paths.map { $0.split(separator: "/", omittingEmptySubsequences: true) }.filter { !$0.isEmpty }
        let joined = components.map { $0.joined(separator: "/") }
        splitPathsCache = (paths, components, joined)
        return (components, joined)
    }

    /// The raw bytes of a root tree, remembered for the next question: a commit's tree is asked
    /// again at once as its parent's (ranges go from children to parents).
    private func rawTree(_ id: CommitID) throws(GitError) -> [UInt8] {
        if let known = recentRawTrees.first(where: { $0.id == id }) { return known.bytes }
        let bytes = try rawCommitReader().withTree(id) { Array($0) }
        if recentRawTrees.count == 2 { recentRawTrees.removeFirst() }
        recentRawTrees.append((id, bytes))
        return bytes
    }

    /// Whether every entry that differs between two raw trees (either may be absent) lies on
    /// one of `paths` (path components, relative to these trees). Entries are paired by name,
    /// in the order git sorts them (a folder as if its name ended in `/`).
    private func differsOnly(old: UnsafeRawBufferPointer?, new: UnsafeRawBufferPointer?, within paths: [[Substring]]) throws(GitError) -> Bool {
        try RawTree.differences(old, new) { name, oldEntry, newEntry throws(GitError) in
            // Nearly always an entry on no path's way: told without making any list.
            guard paths.contains(where: { $0[0].utf8.elementsEqual(name) }) else { return false }
            let matching = paths.filter { $0[0].utf8.elementsEqual(name) }
            // The changelog itself, a file on both sides (a folder of that name holds other files).
            if matching.contains(where: { $0.count == 1 }), oldEntry?.mode != RawTree.folderMode, newEntry?.mode != RawTree.folderMode { return true }
            let deeper = matching.filter { $0.count > 1 }.map { Array($0.dropFirst()) }
            // A file replaced by a folder (or the reverse) changes more than the changelog.
            guard !deeper.isEmpty, oldEntry.map({ $0.mode == RawTree.folderMode }) ?? true,
                  newEntry.map({ $0.mode == RawTree.folderMode }) ?? true else { return false }
            let reader = try rawCommitReader()
            func within(_ entry: TreeEntryKey?, _ body: (UnsafeRawBufferPointer?) throws(GitError) -> Bool) throws(GitError) -> Bool {
                guard let entry else { return try body(nil) }
                return try reader.withTree(entry.id) { folder throws(GitError) in try body(folder) }
            }
            return try within(oldEntry) { oldFolder throws(GitError) in
                try within(newEntry) { newFolder throws(GitError) in try differsOnly(old: oldFolder, new: newFolder, within: deeper) }
            }
        }
    }

    /// The tree an entry points to; `nil` when there is no entry or it is not a folder.
    private func subtree(_ entry: OpaquePointer?, operation: @autoclosure () -> String) throws(GitError) -> OpaquePointer? {
        guard let entry, git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, git_tree_entry_id(entry)), operation())
        return tree
    }

    /// The object id and mode of the entry at `path` (components joined by `/`) in the raw
    /// root tree `root`, reading the folders on the way (a change of mode alone, such as
    /// `chmod +x`, changes a file); `nil` when there is none.
    private func entryKey(inRawTree root: UnsafeRawBufferPointer, path: String, reader: RawCommitReader) throws(GitError) -> TreeEntryKey? {
        let components = path.utf8.split(separator: UInt8(ascii: "/"))
        guard let first = components.first, var entry = try RawTree.entry(named: first, in: root) else { return nil }
        for component in components.dropFirst() {
            guard entry.mode == RawTree.folderMode else { return nil }
            guard let next = try reader.withTree(entry.id, { folder throws(GitError) in try RawTree.entry(named: component, in: folder) }) else { return nil }
            entry = next
        }
        return entry
    }

    /// Appends the path of every file that differs between two root trees (either may be
    /// absent) at `path` or below it (`""`: everywhere), as a diff without rename detection
    /// lists them: a move is a deletion and an addition, a file replaced by a folder is the file
    /// and the folder's files, a change of mode alone is a change.
    private func collectChanges(from old: OpaquePointer?, to new: OpaquePointer?, at path: String, into paths: inout [String], operation: @autoclosure () -> String) throws(GitError) {
        guard !path.isEmpty else {
            return try collectChanges(inside: old, new, base: "", into: &paths, operation: operation())
        }
        var oldEntry: OpaquePointer?
        if let old, git_tree_entry_bypath(&oldEntry, old, path) != 0 { oldEntry = nil }
        defer { if let oldEntry { git_tree_entry_free(oldEntry) } }
        var newEntry: OpaquePointer?
        if let new, git_tree_entry_bypath(&newEntry, new, path) != 0 { newEntry = nil }
        defer { if let newEntry { git_tree_entry_free(newEntry) } }
        try compare(oldEntry, newEntry, path: path, into: &paths, operation: operation())
    }

    /// Two tree entries at `path` (either may be absent): nothing when they are the same object
    /// with the same mode; a folder on either side is compared entry by entry.
    private func compare(_ old: OpaquePointer?, _ new: OpaquePointer?, path: String, into paths: inout [String], operation: @autoclosure () -> String) throws(GitError) {
        if let old, let new, git_oid_equal(git_tree_entry_id(old), git_tree_entry_id(new)) == 1,
           git_tree_entry_filemode(old) == git_tree_entry_filemode(new) {
            return
        }
        let oldTree = try subtree(old, operation: operation())
        defer { if let oldTree { git_tree_free(oldTree) } }
        let newTree = try subtree(new, operation: operation())
        defer { if let newTree { git_tree_free(newTree) } }
        if old != nil && oldTree == nil || new != nil && newTree == nil { paths.append(path) }
        if oldTree != nil || newTree != nil {
            try collectChanges(inside: oldTree, newTree, base: path + "/", into: &paths, operation: operation())
        }
    }

    /// Every entry of two trees (either may be absent), paired by name and compared.
    private func collectChanges(inside old: OpaquePointer?, _ new: OpaquePointer?, base: String, into paths: inout [String], operation: @autoclosure () -> String) throws(GitError) {
        if let new {
            for index in 0..<git_tree_entrycount(new) {
                guard let entry = git_tree_entry_byindex(new, index), let name = git_tree_entry_name(entry) else { continue }
                let counterpart = old.flatMap { git_tree_entry_byname($0, name) }
                try compare(counterpart, entry, path: base + String(cString: name), into: &paths, operation: operation())
            }
        }
        if let old {
            for index in 0..<git_tree_entrycount(old) {
                guard let entry = git_tree_entry_byindex(old, index), let name = git_tree_entry_name(entry) else { continue }
                if let new, git_tree_entry_byname(new, name) != nil { continue }
                try compare(entry, nil, path: base + String(cString: name), into: &paths, operation: operation())
            }
        }
    }
}

/// What identifies a tree entry's content: its object and its mode.
struct TreeEntryKey: Hashable {
    var id: CommitID
    var mode: UInt32
}
