internal import CGit2
import RelnotesCore

extension GitRepository {
    /// The authors (under the mailmap) and the messages that may name co-authors of the commits
    /// reachable from `tip`, one at a time, breadth first from `tip`. Each commit is read from
    /// the object database as it comes and only its headers are looked at, as
    /// `git log --format=%ae` does: no commit object is parsed or kept, and a message is decoded
    /// only when it contains `co-authored-by` (or a note replaces it).
    ///
    /// A shallow clone's boundary commits count as having no parents; a walk that would have
    /// gone past one fails with the unshallow hint when it runs out, never before (a caller that
    /// has what it needs has stopped by then).
    public func authorships(from tip: CommitID) throws -> any AuthorshipCursor {
        try RawAuthorshipCursor(repository: self, tip: tip)
    }
}

/// Reads commits straight from the object database, one at a time, looking only at the headers
/// a walk needs: no `git_commit` is parsed or cached, so a walk over a large history allocates
/// little beyond the ids it keeps.
final class RawCommitReader {
    let repository: GitRepository
    private let odb: OpaquePointer

    init(repository: GitRepository) throws(GitError) {
        self.repository = repository
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
        if result < 0, repository.isShallow { throw GitError.shallow(operation: "read commit \(id.abbreviated())") }
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
        guard starts(header, with: "parent "), header.count == 7 + 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        for index in 0..<20 {
            guard let high = hexValue(header[7 + 2 * index]), let low = hexValue(header[8 + 2 * index]) else { return nil }
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

/// The walk behind ``GitRepository/authorships(from:)``.
final class RawAuthorshipCursor: AuthorshipCursor {
    private let reader: RawCommitReader
    private let mailmap: GitMailmap
    private let notes: [CommitID: String]
    private var seen = Set<CommitID>()
    private var queue: [CommitID] = []
    private var position = 0
    /// A boundary commit of a shallow clone whose parents the walk would have needed.
    private var cutAt: CommitID?
    /// The `author` line, copied with a terminating NUL for `git_signature_from_buffer`.
    private var line: [CChar] = []

    init(repository: GitRepository, tip: CommitID) throws(GitError) {
        reader = try RawCommitReader(repository: repository)
        mailmap = try repository.authorMailmap()
        notes = try repository.overridingNotes()
        seen.insert(tip)
        queue.append(tip)
    }

    func next() throws -> Authorship? {
        guard position < queue.count else {
            if let cutAt { throw GitError.shallow(operation: "read the history before \(cutAt.abbreviated())") }
            return nil
        }
        let id = queue[position]
        position += 1
        // Keep the queue from growing with the history: drop what has been given.
        if position > 4096, position * 2 > queue.count {
            queue.removeFirst(position)
            position = 0
        }
        return try reader.withCommit(id) { bytes throws(GitError) in try read(id, bytes) }
    }

    private func read(_ id: CommitID, _ bytes: UnsafeRawBufferPointer) throws(GitError) -> Authorship {
        let boundary = reader.repository.shallowBoundary.contains(id)
        var author: Signature?
        // Parents come before the author, as libgit2 reads them.
        let messageStart = try RawCommitReader.headers(of: bytes) { header throws(GitError) in
            if author == nil, let parent = RawCommitReader.parent(in: header) {
                if boundary {
                    cutAt = cutAt ?? id
                } else if seen.insert(parent).inserted {
                    queue.append(parent)
                }
            } else if author == nil, RawCommitReader.starts(header, with: "author ") {
                author = try signature(header.dropFirst(7), of: id)
            }
        }
        guard let author else {
            throw GitError(code: .generic, operation: "read commit \(id.abbreviated())", detail: "the commit has no author")
        }
        let message: String?
        if let note = notes[id] {
            message = Authorship.mayNameCoAuthors(note) ? note : nil
        } else {
            // As when commits are read in full, the message ends at a NUL and invalid UTF-8
            // is repaired.
            let text = UnsafeRawBufferPointer(rebasing: bytes[messageStart...])
            let stored = UnsafeRawBufferPointer(rebasing: text[..<(text.firstIndex(of: 0) ?? text.endIndex)])
            message = Authorship.mayNameCoAuthors(stored) ? String(decoding: stored, as: UTF8.self) : nil
        }
        return Authorship(id: id, author: author, message: message)
    }

    /// Reads `Name <email> time zone` as libgit2 reads a commit's author, under the mailmap.
    private func signature(_ text: Slice<UnsafeRawBufferPointer>, of id: CommitID) throws(GitError) -> Signature {
        line.removeAll(keepingCapacity: true)
        for byte in text where byte != 0 { line.append(CChar(bitPattern: byte)) }
        line.append(0)
        var parsed: UnsafeMutablePointer<git_signature>?
        try check(git_signature_from_buffer(&parsed, line), "read the author of commit \(id.abbreviated())")
        defer { git_signature_free(parsed) }
        return Signature(parsed.map { UnsafePointer($0) }, mailmap: mailmap)
    }
}
