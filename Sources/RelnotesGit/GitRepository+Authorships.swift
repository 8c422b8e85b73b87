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
        let boundary = reader.shallowBoundary.contains(id)
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
        let value = UnsafeRawBufferPointer(rebasing: text)
        if let plain = PlainSignature(value) { return plain.signature(in: value, mailmap: mailmap) }
        line.removeAll(keepingCapacity: true)
        for byte in text where byte != 0 { line.append(CChar(bitPattern: byte)) }
        line.append(0)
        var parsed: UnsafeMutablePointer<git_signature>?
        try check(git_signature_from_buffer(&parsed, line), "read the author of commit \(id.abbreviated())")
        defer { git_signature_free(parsed) }
        return Signature(parsed.map { UnsafePointer($0) }, mailmap: mailmap)
    }
}
