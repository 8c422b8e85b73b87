internal import CGit2
import Foundation
import RelnotesCore

/// The branch HEAD points at, and the commit at its tip.
public struct HeadBranch: Hashable, Sendable {
    /// The full reference name, e.g. `refs/heads/main`.
    public var reference: String
    /// The commit at the tip.
    public var commit: CommitID

    /// The short branch name, e.g. `main`.
    public var name: String {
        reference.hasPrefix("refs/heads/") ? String(reference.dropFirst("refs/heads/".count)) : reference
    }
}

extension GitRepository {
    /// The branch HEAD points at; a detached HEAD, an unborn branch or a bare repository is
    /// refused, since a release commit must go on a branch with history.
    public func headBranch() throws(GitError) -> HeadBranch {
        if git_repository_head_unborn(handle) == 1 {
            throw GitError(code: .unbornBranch, operation: "find the branch to release on", detail: "the branch HEAD names has no commits yet", hint: "make a first commit, then run relnotes again")
        }
        if git_repository_head_detached(handle) == 1 {
            throw GitError(code: .generic, operation: "find the branch to release on", detail: "HEAD is detached (not on a branch)", hint: "check out the branch to release, e.g. git switch main")
        }
        var head: OpaquePointer?
        try check(git_repository_head(&head, handle), "read HEAD")
        defer { git_reference_free(head) }
        guard let name = git_reference_name(head), let target = git_reference_target(head) else {
            throw GitError(code: .generic, operation: "read HEAD", detail: "HEAD does not point at a commit")
        }
        return HeadBranch(reference: String(cString: name), commit: CommitID(target.pointee))
    }

    /// The short name of the branch HEAD points at (born or not), or `nil` when HEAD is
    /// detached, as in most CI checkouts.
    public func headBranchName() throws(GitError) -> String? {
        if git_repository_head_detached(handle) == 1 { return nil }
        var head: OpaquePointer?
        let found = git_reference_lookup(&head, handle, "HEAD")
        if found == GIT_ENOTFOUND.rawValue { return nil }
        try check(found, "read HEAD")
        defer { git_reference_free(head) }
        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(head) else { return nil }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : nil
    }

    /// The author git would write: `GIT_AUTHOR_NAME`, `GIT_AUTHOR_EMAIL`, `GIT_AUTHOR_DATE`,
    /// else `user.name`, `user.email` and `now`.
    public func author(environment: [String: String], now: Date = Date()) throws -> Signature {
        try person(variablePrefix: "GIT_AUTHOR", role: "author", environment: environment, now: now)
    }

    /// The committer git would write: `GIT_COMMITTER_NAME`, `GIT_COMMITTER_EMAIL`,
    /// `GIT_COMMITTER_DATE`, else `user.name`, `user.email` and `now`.
    public func committer(environment: [String: String], now: Date = Date()) throws -> Signature {
        try person(variablePrefix: "GIT_COMMITTER", role: "committer", environment: environment, now: now)
    }

    /// The release date git would give a commit made now: `GIT_COMMITTER_DATE` when set (in
    /// the forms git accepts), else `now` in the local time zone. Unlike
    /// ``committer(environment:now:)`` it needs no identity: for a commit that another party
    /// (GitHub) authors.
    public static func commitDate(environment: [String: String], now: Date = Date()) throws -> Timestamp {
        if let date = environment["GIT_COMMITTER_DATE"] {
            guard let parsed = TaggerDate.parse(date) else {
                throw UsageError("GIT_COMMITTER_DATE=\(TextSanitizer.singleLine(date)) is not a date git accepts", hint: "use \"@<seconds> +0200\", \"2024-05-01T12:00:00+02:00\" or \"Wed, 01 May 2024 12:00:00 +0200\" (offsets below 24 hours)")
            }
            return parsed
        }
        return Timestamp(seconds: Int64(now.timeIntervalSince1970), offsetMinutes: TimeZone.current.secondsFromGMT(for: now) / 60)
    }

    /// The git file mode of the file at `path` in `commit`'s tree (`0o100644`, or `0o100755`
    /// for an executable), or `nil` when the tree has no such file. A symbolic link, a
    /// submodule or a folder is refused, as ``writeCommit(parent:files:message:author:committer:signer:)``
    /// refuses to replace one.
    public func fileMode(_ path: String, in commit: CommitID) throws(GitError) -> Int? {
        try withTreeEntry(path, in: commit) { entry throws(GitError) in
            let mode = git_tree_entry_filemode(entry)
            guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE else {
                throw GitError(code: .generic, operation: "change \(path)", detail: "it is not a regular file in commit \(commit.abbreviated()) (a symbolic link, a submodule or a folder)", hint: "name the file itself in the configuration")
            }
            return Int(mode.rawValue)
        }
    }

    /// The text of the file at `path` in `commit`'s tree, or `nil` when the tree has no such
    /// file. A file that is not UTF-8 is an error: relnotes does not rewrite such files.
    public func fileText(_ path: String, in commit: CommitID) throws(GitError) -> String? {
        try withTreeEntry(path, in: commit) { entry throws(GitError) in
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else {
                throw GitError(code: .generic, operation: "read \(path) in commit \(commit.abbreviated())", detail: "it is not a file", hint: "name a file in the configuration")
            }
            var blob: OpaquePointer?
            try check(git_blob_lookup(&blob, handle, git_tree_entry_id(entry)), "read \(path) in commit \(commit.abbreviated())")
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            let bytes: [UInt8] = size == 0 ? [] : Array(UnsafeRawBufferPointer(start: git_blob_rawcontent(blob), count: size))
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw GitError(code: .generic, operation: "read \(path) in commit \(commit.abbreviated())", detail: "it is not valid UTF-8, so relnotes will not rewrite it", hint: "convert it to UTF-8 first")
            }
            return text
        }
    }

    /// Runs `body` on the tree entry at `path` in `commit`; `nil` when the tree has none.
    private func withTreeEntry<T>(_ path: String, in commit: CommitID, _ body: (OpaquePointer?) throws(GitError) -> T) throws(GitError) -> T? {
        let tree = try commitTree(commit)
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let found = git_tree_entry_bypath(&entry, tree, path)
        if found == GIT_ENOTFOUND.rawValue { return nil }
        try check(found, "find \(path) in commit \(commit.abbreviated())")
        defer { git_tree_entry_free(entry) }
        return try body(entry)
    }

    /// Writes one commit object on top of `parent` whose tree is `parent`'s with `files`
    /// (path relative to the root, new text) replaced or added, and returns its id. No
    /// reference moves: until ``moveBranch(_:from:to:message:)`` the commit is unreachable.
    ///
    /// A replaced file keeps its mode (an executable stays executable); a new file is 0644.
    /// With a `signer` the commit is signed as `git commit -S` signs it (a `gpgsig` header).
    public func writeCommit(parent: CommitID, files: [(path: String, text: String)], message: String, author: Signature, committer: Signature, signer: TagSigner? = nil) throws -> CommitID {
        let parentTree = try commitTree(parent)
        defer { git_tree_free(parentTree) }
        // An index in memory, not the repository's: building the tree touches no file.
        var index: OpaquePointer?
        try check(git_index_new(&index), "build the release commit's tree")
        defer { git_index_free(index) }
        try check(git_index_read_tree(index, parentTree), "build the release commit's tree")
        for file in files {
            var entry = git_index_entry()
            var mode = UInt32(GIT_FILEMODE_BLOB.rawValue)
            if let existing = git_index_get_bypath(index, file.path, 0) {
                guard existing.pointee.mode == UInt32(GIT_FILEMODE_BLOB.rawValue) || existing.pointee.mode == UInt32(GIT_FILEMODE_BLOB_EXECUTABLE.rawValue) else {
                    throw GitError(code: .generic, operation: "change \(file.path)", detail: "it is not a regular file in HEAD (a symbolic link or a submodule)", hint: "name the file itself in the configuration")
                }
                mode = existing.pointee.mode
            }
            entry.mode = mode
            let bytes = Array(file.text.utf8)
            var blob = git_oid()
            try check(bytes.withUnsafeBytes { git_blob_create_from_buffer(&blob, handle, $0.baseAddress, $0.count) }, "write \(file.path) for the release commit")
            entry.id = blob
            let result = file.path.withCString { path -> Int32 in
                entry.path = path
                return git_index_add(index, &entry)
            }
            try check(result, "add \(file.path) to the release commit")
        }
        var treeID = git_oid()
        try check(git_index_write_tree_to(&treeID, index, handle), "write the release commit's tree")
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &treeID), "read the release commit's tree")
        defer { git_tree_free(tree) }

        var parentCommit: OpaquePointer?
        var parentID = parent.oid
        try check(git_commit_lookup(&parentCommit, handle, &parentID), "read commit \(parent.abbreviated())")
        defer { git_commit_free(parentCommit) }
        let authorSignature = try Self.signature(author)
        defer { git_signature_free(authorSignature) }
        let committerSignature = try Self.signature(committer)
        defer { git_signature_free(committerSignature) }

        var parents: [OpaquePointer?] = [parentCommit]
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check(git_commit_create_buffer(&buffer, handle, authorSignature, committerSignature, nil, message, tree, 1, &parents), "write the release commit")
        guard let pointer = buffer.ptr else {
            throw GitError(code: .generic, operation: "write the release commit", detail: "libgit2 returned no commit text")
        }
        let content = String(cString: pointer)
        var commitID = git_oid()
        if let signer {
            // git writes the signature without its final newline: each line of it continues
            // the `gpgsig` header, and the header ends where the signature ends.
            let signature = try signer.sign(content).trimmingTrailingNewlines()
            try check(git_commit_create_with_signature(&commitID, handle, content, signature, nil), "write the signed release commit")
        } else {
            var odb: OpaquePointer?
            try check(git_repository_odb(&odb, handle), "write the release commit")
            defer { git_odb_free(odb) }
            let bytes = Array(content.utf8)
            try check(bytes.withUnsafeBytes { git_odb_write(&commitID, odb, $0.baseAddress, $0.count, GIT_OBJECT_COMMIT) }, "write the release commit")
        }
        return CommitID(commitID)
    }

    /// Writes the annotated tag object (as ``createAnnotatedTag(name:target:tagger:message:signer:)``
    /// would, signed by `signer` when given) without creating its reference, and returns its
    /// id; ``createTagReference(name:object:)`` publishes it.
    public func writeAnnotatedTagObject(name: String, target: CommitID, tagger: Signature, message: String, signer: TagSigner? = nil) throws -> CommitID {
        guard isValidTagName(name) else {
            throw GitError(code: .generic, operation: "create tag \(name)", detail: "not a valid tag name", hint: "tag names follow git check-ref-format: no spaces, `..`, `~`, `^`, `:` or a trailing `.lock`")
        }
        let text = try Self.annotatedTagText(name: name, target: target, tagger: tagger, message: message, signer: signer)
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "write tag \(name)")
        defer { git_odb_free(odb) }
        var oid = git_oid()
        let bytes = Array(text.utf8)
        try check(bytes.withUnsafeBytes { git_odb_write(&oid, odb, $0.baseAddress, $0.count, GIT_OBJECT_TAG) }, "write tag \(name)")
        return CommitID(oid)
    }

    /// Creates `refs/tags/<name>` pointing at the tag object `object`; never replaces a tag.
    public func createTagReference(name: String, object: CommitID) throws(GitError) {
        var reference: OpaquePointer?
        var oid = object.oid
        let result = git_reference_create(&reference, handle, "refs/tags/\(name)", &oid, 0, nil)
        if result == GIT_EEXISTS.rawValue {
            throw GitError(code: .exists, operation: "create tag \(name)", detail: "the tag already exists; relnotes never moves or replaces a tag", hint: "pick another version, or delete the tag yourself if it was a mistake")
        }
        try check(result, "create tag \(name)")
        git_reference_free(reference)
    }

    /// Deletes `refs/tags/<name>` when it points at `object` (undoing
    /// ``createTagReference(name:object:)``); a tag that points elsewhere is left alone.
    public func deleteTagReference(name: String, ifAt object: CommitID) throws(GitError) {
        var reference: OpaquePointer?
        let result = git_reference_lookup(&reference, handle, "refs/tags/\(name)")
        if result == GIT_ENOTFOUND.rawValue { return }
        try check(result, "read tag \(name)")
        defer { git_reference_free(reference) }
        guard let target = git_reference_target(reference), CommitID(target.pointee) == object else { return }
        try check(git_reference_delete(reference), "delete tag \(name)")
    }

    /// Moves the branch `reference` from `old` to `new`, only if it still points at `old`
    /// (compare and swap: a commit made meanwhile by someone else is never lost). The reflog
    /// gets `message`.
    public func moveBranch(_ reference: String, from old: CommitID, to new: CommitID, message: String) throws(GitError) {
        var moved: OpaquePointer?
        var newID = new.oid, oldID = old.oid
        let result = git_reference_create_matching(&moved, handle, reference, &newID, 1, &oldID, message)
        if result == GIT_EMODIFIED.rawValue {
            throw GitError(code: .generic, operation: "move \(reference) to \(new.abbreviated())", detail: "the branch moved meanwhile (it no longer points at \(old.abbreviated()))", hint: "run relnotes again on the new tip")
        }
        try check(result, "move \(reference) to \(new.abbreviated())")
        git_reference_free(moved)
    }

    /// The repository index file (`.git/index`, per worktree), whose bytes a failed release
    /// puts back.
    public var indexFilePath: String {
        get throws(GitError) {
            var index: OpaquePointer?
            try check(git_repository_index(&index, handle), "open the index")
            defer { git_index_free(index) }
            guard let path = git_index_path(index) else {
                throw GitError(code: .generic, operation: "open the index", detail: "the repository has no index file")
            }
            return String(cString: path)
        }
    }

    /// Makes the index entries of `paths` those of `commit`'s tree, with the file status of
    /// the working-tree files (already written with the same content), so that `git status`
    /// is clean afterwards without rehashing them.
    public func stageFiles(_ paths: [String], from commit: CommitID) throws(GitError) {
        guard let root = workingDirectory else {
            throw GitError(code: .generic, operation: "update the index", detail: "the repository has no working tree")
        }
        let tree = try commitTree(commit)
        defer { git_tree_free(tree) }
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "open the index")
        defer { git_index_free(index) }
        // Read what is on disk now, not what libgit2 cached when the repository was opened.
        try check(git_index_read(index, 1), "read the index")
        for path in paths {
            var treeEntry: OpaquePointer?
            try check(git_tree_entry_bypath(&treeEntry, tree, path), "find \(path) in the release commit")
            defer { git_tree_entry_free(treeEntry) }
            var entry = git_index_entry()
            entry.id = git_tree_entry_id(treeEntry).pointee
            entry.mode = git_tree_entry_filemode(treeEntry).rawValue
            var status = stat()
            if lstat(root + "/" + path, &status) == 0 {
                entry.ctime.seconds = Int32(truncatingIfNeeded: status.st_ctim.tv_sec)
                entry.ctime.nanoseconds = UInt32(truncatingIfNeeded: status.st_ctim.tv_nsec)
                entry.mtime.seconds = Int32(truncatingIfNeeded: status.st_mtim.tv_sec)
                entry.mtime.nanoseconds = UInt32(truncatingIfNeeded: status.st_mtim.tv_nsec)
                entry.dev = UInt32(truncatingIfNeeded: status.st_dev)
                entry.ino = UInt32(truncatingIfNeeded: status.st_ino)
                entry.uid = UInt32(truncatingIfNeeded: status.st_uid)
                entry.gid = UInt32(truncatingIfNeeded: status.st_gid)
                entry.file_size = UInt32(truncatingIfNeeded: status.st_size)
            }
            let result = path.withCString { pointer -> Int32 in
                entry.path = pointer
                return git_index_add(index, &entry)
            }
            try check(result, "stage \(path)")
        }
        try check(git_index_write(index), "write the index")
    }

    private func commitTree(_ commit: CommitID) throws(GitError) -> OpaquePointer? {
        var object: OpaquePointer?
        var id = commit.oid
        try check(git_commit_lookup(&object, handle, &id), "read commit \(commit.abbreviated())")
        defer { git_commit_free(object) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, object), "read the tree of commit \(commit.abbreviated())")
        return tree
    }

    private static func signature(_ person: Signature) throws(GitError) -> UnsafeMutablePointer<git_signature>? {
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&signature, person.name, person.email, git_time_t(person.time.seconds), Int32(person.time.offsetMinutes)), "write the identity \(person.name) <\(person.email)>")
        return signature
    }
}
