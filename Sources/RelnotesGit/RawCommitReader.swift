internal import CGit2
import RelnotesCore

/// Reads commits straight from the object database, one at a time, looking only at the headers
/// a walk needs: no `git_commit` is parsed or cached, so a walk over a large history allocates
/// little beyond the ids it keeps.
final class RawCommitReader {
    /// The commits the repository's shallow clone was cut at (none: a full clone).
    let shallowBoundary: Set<CommitID>
    private let odb: OpaquePointer

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
    }

    deinit {
        git_odb_free(odb)
    }

    /// Calls `body` with the raw bytes of commit `id` (headers, an empty line, the message).
    func withCommit<Result>(_ id: CommitID, _ body: (UnsafeRawBufferPointer) throws(GitError) -> Result) throws(GitError) -> Result {
        var oid = id.oid
        var object: OpaquePointer?
        let result = git_odb_read(&object, odb, &oid)
        if result < 0, !shallowBoundary.isEmpty { throw GitError.shallow(operation: "read commit \(id.abbreviated())") }
        try check(result, "read commit \(id.abbreviated())")
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == GIT_OBJECT_COMMIT, let data = git_odb_object_data(object) else {
            throw GitError(code: .generic, operation: "read commit \(id.abbreviated())", detail: "the object is not a commit")
        }
        return try body(UnsafeRawBufferPointer(start: data, count: Int(git_odb_object_size(object))))
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
