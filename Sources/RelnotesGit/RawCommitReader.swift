internal import CGit2
import RelnotesCore

/// Reads commits straight from the object database, one at a time, looking only at the headers
/// a walk needs: no `git_commit` is parsed or cached, so a walk over a large history allocates
/// little beyond the ids it keeps.
final class RawCommitReader {
    /// The commits the repository's shallow clone was cut at (none: a full clone).
    let shallowBoundary: Set<CommitID>
    private let odb: OpaquePointer
    /// libgit2's reader of the repository's packs: most objects are read through it, without
    /// the object database's lock, cache lookup and object wrapper (a twentieth of each read);
    /// `nil` when it cannot be opened. The repository's own (``GitRepository/ownPacks``, owned
    /// by the object database held here) when it has one, else this reader's, over the pack
    /// handles the process shares.
    private let packs: UnsafeMutablePointer<git_odb_backend>?
    /// Whether ``packs`` is this reader's, to free.
    private let ownsPacks: Bool

    /// Opens the object database of `repository` (held here, not the repository: a repository
    /// may keep its reader).
    init(repository: GitRepository) throws(GitError) {
        shallowBoundary = repository.shallowBoundary
        var database: OpaquePointer?
        try check(git_repository_odb(&database, repository.handle), "read the history")
        guard let database else {
            throw GitError(code: .generic, operation: "read the history", detail: "libgit2 gave no object database")
        }
        odb = database
        if let own = repository.ownPacks {
            (packs, ownsPacks) = (own, false)
        } else {
            (packs, ownsPacks) = (Self.packBackend(of: repository), true)
        }
    }

    /// Whether the reader's pack backend alone holds object `id` (nothing asked of the rest of
    /// the object database); false when there is no backend.
    func packsHold(_ id: CommitID) -> Bool {
        guard let packs else { return false }
        var oid = id.oid
        var data: UnsafeMutableRawPointer?
        var size = 0
        var type = GIT_OBJECT_INVALID
        guard relnotes_git_pack_read(&data, &size, &type, packs, &oid) == 0, let data else { return false }
        git_odb_backend_data_free(packs, data)
        return true
    }

    deinit {
        if let packs, ownsPacks { relnotes_git_backend_free(packs) }
        git_odb_free(odb)
    }

    /// A pack backend over the repository's object folder; the pack files' handles are shared
    /// with the object database's, and every other repository's of the process (libgit2 keeps
    /// one handle per pack path).
    private static func packBackend(of repository: GitRepository) -> UnsafeMutablePointer<git_odb_backend>? {
        guard let objects = repository.objectFolder() else { return nil }
        var backend: UnsafeMutablePointer<git_odb_backend>?
        guard git_odb_backend_pack(&backend, objects) == 0 else { return nil }
        return backend
    }

    /// Calls `body` with the raw bytes of commit `id` (headers, an empty line, the message).
    func withCommit<Result>(_ id: CommitID, _ body: (UnsafeRawBufferPointer) throws(GitError) -> Result) throws(GitError) -> Result {
        try withObject(id, GIT_OBJECT_COMMIT, named: "commit", body)
    }

    /// Calls `body` with the bytes of object `id`, which must be of `type`. In a shallow
    /// clone a commit that cannot be read is past the boundary.
    private func withObject<Result>(_ id: CommitID, _ type: git_object_t, named kind: String, _ body: (UnsafeRawBufferPointer) throws(GitError) -> Result) throws(GitError) -> Result {
        // Built only for an error: formatting the id for every object read was 3% of a long run.
        func operation() -> String { "read \(kind) \(id.abbreviated())" }
        var oid = id.oid
        if let packs {
            var data: UnsafeMutableRawPointer?
            var size = 0
            var found = GIT_OBJECT_INVALID
            // Anything the packs do not give (a loose object, an alternate's, a damaged pack) is
            // asked of the whole object database below, which reports its errors.
            if relnotes_git_pack_read(&data, &size, &found, packs, &oid) == 0, let data {
                defer { git_odb_backend_data_free(packs, data) }
                guard found == type else {
                    throw GitError(code: .generic, operation: operation(), detail: "the object is not a \(kind)")
                }
                return try body(UnsafeRawBufferPointer(start: data, count: size))
            }
        }
        var object: OpaquePointer?
        let result = git_odb_read(&object, odb, &oid)
        if result < 0, type == GIT_OBJECT_COMMIT, !shallowBoundary.isEmpty { throw GitError.shallow(operation: operation()) }
        try check(result, operation())
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == type, let data = git_odb_object_data(object) else {
            throw GitError(code: .generic, operation: operation(), detail: "the object is not a \(kind)")
        }
        return try body(UnsafeRawBufferPointer(start: data, count: Int(git_odb_object_size(object))))
    }

    /// The type of object `id`, from its header in the object database (a packed object's
    /// bytes are not inflated), or `nil` when there is no such object.
    func objectType(_ id: CommitID) -> git_object_t? {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        guard git_odb_read_header(&size, &type, odb, &oid) == 0 else { return nil }
        return type
    }

    /// Calls `body` with the raw bytes of tree `id` (its entries, see ``RawTree``): no
    /// `git_tree` is parsed, allocated or cached, for questions about one or two entries.
    func withTree<Result>(_ id: CommitID, _ body: (UnsafeRawBufferPointer) throws(GitError) -> Result) throws(GitError) -> Result {
        try withObject(id, GIT_OBJECT_TREE, named: "tree", body)
    }

    /// Calls `visit` with each header line of `bytes` (without its newline; continuation
    /// lines, which start with a space, included) and returns where the message starts.
    static func headers(of bytes: UnsafeRawBufferPointer, _ visit: (UnsafeRawBufferPointer) throws(GitError) -> Void) throws(GitError) -> Int {
        var index = 0
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            let end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            try visit(UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
            index = end + 1
        }
        return min(index + 1, bytes.count)
    }

    /// The id a `parent <hex>` header names, or `nil` when `header` is not one.
    static func parent(in header: UnsafeRawBufferPointer) -> CommitID? {
        id(in: header, after: "parent ")
    }

    /// The id a `<prefix><hex>` header (`tree `, `parent `) names, or `nil` when `header` is
    /// not one.
    static func id(in header: UnsafeRawBufferPointer, after prefix: StaticString) -> CommitID? {
        let start = prefix.utf8CodeUnitCount
        guard starts(header, with: prefix), header.count == start + 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        for index in 0..<20 {
            guard let high = hexValue(header[start + 2 * index]), let low = hexValue(header[start + 1 + 2 * index]) else { return nil }
            bytes[index] = high << 4 | low
        }
        return bytes.withUnsafeBytes { CommitID(raw: $0) }
    }

    /// The seconds of a `committer Name <email> 1700000000 +0000` header (0 when unreadable:
    /// the time only orders a walk).
    static func committerTime(in header: UnsafeRawBufferPointer) -> Int64? {
        guard starts(header, with: "committer ") else { return nil }
        guard let close = header.lastIndex(of: UInt8(ascii: ">")) else { return 0 }
        var index = close + 1
        while index < header.count, header[index] == UInt8(ascii: " ") { index += 1 }
        var value: Int64 = 0
        while index < header.count, header[index] >= UInt8(ascii: "0"), header[index] <= UInt8(ascii: "9"), value < Int64.max / 10 - 9 {
            value = value * 10 + Int64(header[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    static func starts(_ header: UnsafeRawBufferPointer, with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard header.count >= count else { return false }
        let start = prefix.utf8Start
        for offset in 0..<count where header[offset] != start[offset] { return false }
        return true
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// A tree object's raw bytes: entries of `<mode in octal> <name>NUL<20-byte id>`, sorted as
/// git sorts them, read without libgit2 parsing them into a `git_tree`. A damaged tree is an
/// error, as libgit2 would refuse to parse it.
enum RawTree {
    /// The mode of a folder entry (`40000`).
    static let folderMode: UInt32 = 0o040000

    /// One entry: where its name is, and what it holds (mode as libgit2 normalises it).
    struct Entry {
        var name: Range<Int>
        var key: TreeEntryKey
        var isFolder: Bool { key.mode == RawTree.folderMode }
    }

    /// The entry at byte `offset` of `tree` and where the next one starts; `nil` at the end.
    static func entry(at offset: Int, in tree: UnsafeRawBufferPointer) throws(GitError) -> (entry: Entry, next: Int)? {
        guard offset < tree.count else { return nil }
        var index = offset
        var mode: UInt32 = 0
        while index < tree.count, tree[index] != UInt8(ascii: " ") {
            let digit = tree[index] &- UInt8(ascii: "0")
            guard digit < 8, mode < 0o1_000_000 else { throw damaged }
            mode = mode << 3 | UInt32(digit)
            index += 1
        }
        let nameStart = index + 1
        guard nameStart < tree.count, let nameEnd = tree[nameStart...].firstIndex(of: 0), nameEnd > nameStart,
              nameEnd + 21 <= tree.count else { throw damaged }
        let id = CommitID(raw: UnsafeRawBufferPointer(rebasing: tree[(nameEnd + 1)..<(nameEnd + 21)]))
        return (Entry(name: nameStart..<nameEnd, key: TreeEntryKey(id: id, mode: normalized(mode))), nameEnd + 21)
    }

    /// The id and mode of the entry called `name` in `tree`, or `nil` when there is none.
    static func entry(named name: some Collection<UInt8>, in tree: UnsafeRawBufferPointer) throws(GitError) -> TreeEntryKey? {
        var offset = 0
        while let (entry, next) = try entry(at: offset, in: tree) {
            if entry.name.count == name.count, tree[entry.name].elementsEqual(name) { return entry.key }
            offset = next
        }
        return nil
    }

    /// Calls `accept` with the name of each entry that differs between two trees (`nil`: the
    /// empty tree) and what each side holds there (`nil`: nothing), pairing entries in the
    /// order both are sorted in; `false` as soon as `accept` returns `false`, else `true`.
    static func differences(_ old: UnsafeRawBufferPointer?, _ new: UnsafeRawBufferPointer?, allAccepted accept: (UnsafeRawBufferPointer, TreeEntryKey?, TreeEntryKey?) throws(GitError) -> Bool) throws(GitError) -> Bool {
        let old = old ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let new = new ?? UnsafeRawBufferPointer(start: nil, count: 0)
        var left = try entry(at: 0, in: old)
        var right = try entry(at: 0, in: new)
        while left != nil || right != nil {
            let order: Int
            if let left, let right {
                order = compare(old, left.entry, new, right.entry)
            } else {
                order = left == nil ? 1 : -1
            }
            if order == 0, let (oldEntry, oldNext) = left, let (newEntry, newNext) = right {
                if oldEntry.key != newEntry.key, !(try accept(UnsafeRawBufferPointer(rebasing: new[newEntry.name]), oldEntry.key, newEntry.key)) { return false }
                left = try entry(at: oldNext, in: old)
                right = try entry(at: newNext, in: new)
            } else if order < 0, let (oldEntry, oldNext) = left {
                guard try accept(UnsafeRawBufferPointer(rebasing: old[oldEntry.name]), oldEntry.key, nil) else { return false }
                left = try entry(at: oldNext, in: old)
            } else if let (newEntry, newNext) = right {
                guard try accept(UnsafeRawBufferPointer(rebasing: new[newEntry.name]), nil, newEntry.key) else { return false }
                right = try entry(at: newNext, in: new)
            }
        }
        return true
    }

    /// git's order of tree entries: by name, a folder's name as if it ended in `/`.
    private static func compare(_ a: UnsafeRawBufferPointer, _ first: Entry, _ b: UnsafeRawBufferPointer, _ second: Entry) -> Int {
        let common = min(first.name.count, second.name.count)
        for offset in 0..<common {
            let x = a[first.name.lowerBound + offset], y = b[second.name.lowerBound + offset]
            if x != y { return x < y ? -1 : 1 }
        }
        let x = first.name.count > common ? a[first.name.lowerBound + common] : (first.isFolder ? UInt8(ascii: "/") : 0)
        let y = second.name.count > common ? b[second.name.lowerBound + common] : (second.isFolder ? UInt8(ascii: "/") : 0)
        return x == y ? 0 : x < y ? -1 : 1
    }

    /// A mode as libgit2 normalises it (`git_tree_entry_filemode`): a folder, an executable
    /// file, a submodule, a link, or a file.
    private static func normalized(_ mode: UInt32) -> UInt32 {
        switch mode & 0o170000 {
        case 0o040000: return 0o040000
        case _ where mode & 0o100 != 0: return 0o100755
        case 0o160000: return 0o160000
        case 0o120000: return 0o120000
        default: return 0o100644
        }
    }

    private static var damaged: GitError {
        GitError(code: .generic, operation: "read a tree", detail: "the tree object is damaged")
    }
}
