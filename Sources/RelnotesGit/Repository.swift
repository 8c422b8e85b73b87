internal import CGit2
import Foundation
import RelnotesCore

/// A git repository opened through libgit2: the only door relnotes has to git.
///
/// It owns one `git_repository` handle and frees it when released. Use one instance from one
/// thread at a time (see the `Sendable` note below); what it returns are plain `Sendable` values.
public final class GitRepository {
    let handle: OpaquePointer
    /// The commits a shallow clone was cut at (`.git/shallow`): the walk must not pass them.
    let shallowBoundary: Set<CommitID>

    /// The `.git` directory (or the bare repository's directory), with no trailing slash.
    public let gitDirectory: String
    /// The working tree's top directory, or `nil` for a bare repository.
    public let workingDirectory: String?

    /// The notes under `refs/notes/relnotes`, read once on the first commit read: they replace
    /// the messages of the commits they annotate.
    var messageNotes: [CommitID: String]?
    /// The mailmap, read once on the first commit read: authors are shown under it.
    var cachedMailmap: GitMailmap?
    /// The path filter last asked about, with the folders its include globs start with.
    var prefixesCache: (filter: PathFilter, prefixes: [String])?
    /// The changelog paths last asked about, split into components, and joined again (as the
    /// changed-path filters take them).
    var splitPathsCache: (paths: [String], components: [[Substring]], joined: [String])?
    /// git's commit-graph (its file, or the chain of files `--split` writes), opened on the
    /// first walk of parents: the first of the object folders that has one, this repository's
    /// own, then those it borrows objects from, as git looks (see ``objectFolders()``). `nil`
    /// when there is none, when `core.commitGraph` is false, or when the clone is shallow: git
    /// does not read it then either.
    lazy var commitGraph: CommitGraphChain? = isShallow || configFlag("core.commitGraph") == false ? nil
        : objectFolders().lazy.compactMap { CommitGraphChain.open(objects: $0) }.first
    /// Reads raw commits, made on first use.
    var rawReader: RawCommitReader?
    /// The pack backend this repository reads through before any other, over pack handles of
    /// its own (see ``readThroughOwnPacks()``); owned by the object database. `nil`: the packs
    /// are read through the handles every repository of the process shares.
    private(set) var ownPacks: UnsafeMutablePointer<git_odb_backend>?
    /// The object folders whose packs this repository reads through handles of its own: its
    /// own folder, then those it borrows objects from (empty until ``readThroughOwnPacks()``).
    private(set) var ownPackFolders: [String] = []
    /// The trees path questions read last, most recent last (see `borrowedTree`).
    var recentTrees: [(id: CommitID, tree: OpaquePointer)] = []
    /// The raw root trees the changelog-only question read last (see `rawTree`).
    var recentRawTrees: [(id: CommitID, bytes: [UInt8])] = []
    /// The Bloom filter keys of the paths asked (the same few are asked of every commit).
    var changedPathKeys: [String: ChangedPathKey] = [:]
    /// For path filters: the ids and modes of the entries at `paths` in the last few root
    /// trees asked (a commit's tree is asked again at once as its child's parent tree).
    var folderEntries: (paths: [String], recent: [(tree: CommitID, entries: [TreeEntryKey?])]) = ([], [])

    private init(handle: OpaquePointer) {
        self.handle = handle
        gitDirectory = Self.trimmingSlash(String(cString: git_repository_path(handle)))
        if let workdir = git_repository_workdir(handle) {
            workingDirectory = Self.trimmingSlash(String(cString: workdir))
        } else {
            workingDirectory = nil
        }
        let common = Self.trimmingSlash(String(cString: git_repository_commondir(handle)))
        shallowBoundary = Self.readShallowBoundary(commonDirectory: common)
    }

    deinit {
        for entry in recentTrees { git_tree_free(entry.tree) }
        git_repository_free(handle)
    }

    /// From now on, reads the packs through handles of its own, for a repository read on
    /// another thread than others of the same repository (see ``concurrentOpener()``).
    ///
    /// libgit2 keeps one handle per pack file per process, found by the file's path, and
    /// searches a pack's index holding that handle's lock (a cache miss per step in a large
    /// history), so two threads reading at once spend their time waiting for each other. The
    /// object database is given a pack backend over each object folder (``objectFolders()``:
    /// its own, then those it borrows objects from) named with a trailing `./`: the same files
    /// under another path, so handles, locks, mapped windows and delta caches of its own, for
    /// every read (raw, or through libgit2's trees and commits). Left as it was from the first
    /// folder whose backend cannot be made.
    func readThroughOwnPacks() {
        guard ownPacks == nil else { return }
        var database: OpaquePointer?
        guard git_repository_odb(&database, handle) == 0, let database else { return }
        defer { git_odb_free(database) }
        // The repository's own folder, then those it borrows objects from (a clone made with
        // --shared or --reference keeps nearly all of its packs there).
        for (index, objects) in objectFolders().enumerated() {
            var backend: UnsafeMutablePointer<git_odb_backend>?
            guard git_odb_backend_pack(&backend, objects + "/./") == 0, let backend else { return }
            // Asked before the default backends (loose objects: 1, packs: 2), which still
            // answer for what these do not hold (a loose object).
            guard git_odb_add_backend(database, backend, Int32(100 - index)) == 0 else {
                relnotes_git_backend_free(backend)
                return
            }
            if index == 0 { ownPacks = backend }
            ownPackFolders.append(objects)
        }
    }

    /// The path of the repository's object folder (a linked worktree's is the main one's).
    func objectFolder() -> String? {
        var folder = git_buf()
        defer { git_buf_dispose(&folder) }
        guard git_repository_item_path(&folder, handle, GIT_REPOSITORY_ITEM_OBJECTS) == 0, let path = folder.ptr else { return nil }
        return String(cString: path)
    }

    /// Opens the repository that contains `path`, searching upward as git does (a working tree,
    /// a `.git` directory, a bare repository, or a linked worktree).
    ///
    /// - Throws: ``GitError`` with code `notARepository` when no repository encloses `path`.
    public static func discover(from path: String) throws(GitError) -> GitRepository {
        Library.ensureInitialized()
        var pointer: OpaquePointer?
        let result = git_repository_open_ext(&pointer, path, 0, nil)
        guard result >= 0, let pointer else {
            let last = GitError.last(result, "open the repository at \(path)")
            // libgit2 1.5.1 reports an unsafe owner as GIT_EOWNER when safe.directory is set to
            // other paths, and as GIT_ENOTFOUND "config value 'safe.directory' was not found"
            // when it is not set at all.
            if result == GIT_EOWNER.rawValue || last.detail.contains("safe.directory") {
                throw ownershipError(from: path)
            }
            if result == GIT_ENOTFOUND.rawValue {
                throw GitError(
                    code: .notARepository,
                    operation: "open a repository",
                    detail: "not a git repository (or any parent up to the root): \(path)",
                    hint: "run relnotes inside a repository, or pass --repo PATH"
                )
            }
            throw last
        }
        return GitRepository(handle: pointer)
    }

    /// git's refusal of a repository owned by another user, with git's own hint.
    private static func ownershipError(from path: String) -> GitError {
        // The repository git would have opened: the nearest folder upward holding `.git`, or
        // the path itself (a bare repository).
        var folder = URL(fileURLWithPath: path).standardizedFileURL
        var found = folder.path
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
                found = folder.path
                break
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return GitError(
            code: .unsafeOwnership,
            operation: "open the repository at \(found)",
            detail: "detected dubious ownership: it is owned by another user, and git refuses such a repository unless safe.directory allows it",
            hint: "if you trust it, run: git config --global --add safe.directory \(found)"
        )
    }

    /// Whether the repository has no working tree.
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// Whether the repository is a shallow clone (its history is cut at some commits).
    public var isShallow: Bool { !shallowBoundary.isEmpty }

    /// The value of a configuration key as git would read it (repository, global, system), or
    /// `nil` when unset.
    public func configString(_ key: String) throws(GitError) -> String? {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, handle), "read the git configuration")
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let result = git_config_get_string(&value, config, key)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "read git configuration key \(key)")
        guard let value else { return nil }
        return String(cString: value)
    }

    /// This repository's object folder, then the folders it borrows objects from
    /// (`objects/info/alternates`, written by `git clone --shared` or `--reference`, and theirs
    /// in turn, five deep as in git), in git's order. A relative path is relative to the folder
    /// whose list names it; a line git would have to unquote (`"…"`) is passed over, so that
    /// folder's commit-graph is not read (the commits are read from its objects instead).
    func objectFolders() -> [String] {
        guard let own = objectFolder() else { return [] }
        var folders = [URL(fileURLWithPath: own).standardizedFileURL.path]
        var next = 0
        var depth = [0]
        while next < folders.count {
            defer { next += 1 }
            guard depth[next] < 5, let list = FileManager.default.contents(atPath: folders[next] + "/info/alternates") else { continue }
            for line in String(decoding: list, as: UTF8.self).split(whereSeparator: \.isNewline) {
                guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("\"") else { continue }
                let path = line.hasPrefix("/") ? String(line) : folders[next] + "/" + line
                let folder = URL(fileURLWithPath: path).standardizedFileURL.path
                guard !folders.contains(folder) else { continue }
                folders.append(folder)
                depth.append(depth[next] + 1)
            }
        }
        return folders
    }

    /// A boolean configuration key as git reads it (`true`, `yes`, `on`, a non-zero number…),
    /// or `nil` when it is unset or is not a boolean.
    func configFlag(_ key: String) -> Bool? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0 else { return nil }
        defer { git_config_free(config) }
        var value: Int32 = 0
        guard git_config_get_bool(&value, config, key) == 0 else { return nil }
        return value != 0
    }

    /// The URL of a remote as written in the configuration (`remote.<name>.url`), before any
    /// `url.<base>.insteadOf` rewriting, or `nil` when there is no such remote.
    public func remoteURL(named name: String = "origin") throws(GitError) -> String? {
        try configString("remote.\(name).url")
    }

    private static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    private static func readShallowBoundary(commonDirectory: String) -> Set<CommitID> {
        // libgit2 1.5 does not read `.git/shallow` for us during a walk; git writes one id per line.
        guard let data = FileManager.default.contents(atPath: commonDirectory + "/shallow") else { return [] }
        var ids = Set<CommitID>()
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            if let id = CommitID(hex: line) { ids.insert(id) }
        }
        return ids
    }
}

// libgit2: "a repository object is not thread-safe; use one per thread" — so is this wrapper.
@available(*, unavailable)
extension GitRepository: Sendable {}

extension CommitID {
    init(_ oid: git_oid) {
        // A git_oid is always 20 bytes in libgit2 1.5 (SHA-1 only).
        self = withUnsafeBytes(of: oid.id) { CommitID(raw: $0) }
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { write(to: $0) }
        return oid
    }
}
