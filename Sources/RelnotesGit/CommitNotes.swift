internal import CGit2
import RelnotesCore

extension GitRepository {
    /// The notes reference whose notes override commit messages: maintainers fix a bad message
    /// after the fact with `git notes --ref=relnotes add -m "fix(api): clearer text" <commit>`.
    public static let messageNotesReference = "refs/notes/relnotes"

    /// Every note under `reference`, by the commit it annotates; empty when the reference does
    /// not exist. Notes are few, so they are read once, not looked up per commit.
    public func notes(reference: String = GitRepository.messageNotesReference) throws(GitError) -> [CommitID: String] {
        let operation = "read the notes of \(reference)"
        final class Collected {
            var pairs: [(note: git_oid, annotated: git_oid)] = []
        }
        let collected = Collected()
        let result = withExtendedLifetime(collected) { () -> Int32 in
            git_note_foreach(handle, reference, { noteID, annotatedID, payload in
                guard let noteID, let annotatedID, let payload else { return 0 }
                Unmanaged<Collected>.fromOpaque(payload).takeUnretainedValue().pairs.append((noteID.pointee, annotatedID.pointee))
                return 0
            }, Unmanaged.passUnretained(collected).toOpaque())
        }
        if result == GIT_ENOTFOUND.rawValue { return [:] }
        try check(result, operation)
        var notes: [CommitID: String] = [:]
        notes.reserveCapacity(collected.pairs.count)
        for pair in collected.pairs {
            var blobID = pair.note
            var blob: OpaquePointer?
            guard git_blob_lookup(&blob, handle, &blobID) == 0, let blob else {
                throw GitError(code: .notFound, operation: operation, detail: "the note object \(CommitID(pair.note)) for commit \(CommitID(pair.annotated)) is missing", hint: "fetch the notes again: git fetch origin \(reference):\(reference)")
            }
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            let bytes = git_blob_rawcontent(blob).map { UnsafeRawBufferPointer(start: $0, count: size) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
            notes[CommitID(pair.annotated)] = String(decoding: bytes, as: UTF8.self)
        }
        return notes
    }
}

/// The repository's mailmap (`.mailmap`, `mailmap.file`, `mailmap.blob`) as git reads it, for
/// showing each person under one name and address.
///
/// Owns a `git_mailmap` and frees it in `deinit`.
public final class GitMailmap {
    let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        git_mailmap_free(handle)
    }

    /// The canonical name and email for a person as a commit names them; the same person when
    /// the mailmap has no entry.
    public func resolve(name: String, email: String) -> (name: String, email: String) {
        // libgit2: "the lifetime of these strings are tied to the mailmap, name, and email
        // parameters": without an entry it hands back the very `name` and `email` pointers, so
        // they must outlive the copies (a temporary C string did not: `make sanitize` caught
        // the use after free).
        name.withCString { namePointer in
            email.withCString { emailPointer in
                var realName: UnsafePointer<CChar>?
                var realEmail: UnsafePointer<CChar>?
                guard git_mailmap_resolve(&realName, &realEmail, handle, namePointer, emailPointer) == 0 else { return (name, email) }
                return (realName.map { String(cString: $0) } ?? name, realEmail.map { String(cString: $0) } ?? email)
            }
        }
    }

    /// `signature` under its canonical name and email.
    public func resolve(_ signature: Signature) -> Signature {
        let (name, email) = resolve(name: signature.name, email: signature.email)
        return Signature(name: name, email: email, time: signature.time)
    }
}

// libgit2 mailmaps are not documented as thread-safe; one owner at a time, like the repository.
@available(*, unavailable)
extension GitMailmap: Sendable {}

extension GitRepository {
    /// The mailmap git would use for this repository (`git shortlog`, `%aN`).
    public func mailmap() throws(GitError) -> GitMailmap {
        var pointer: OpaquePointer?
        try check(git_mailmap_from_repository(&pointer, handle), "read the mailmap")
        guard let pointer else {
            throw GitError(code: .generic, operation: "read the mailmap", detail: "libgit2 returned no mailmap")
        }
        return GitMailmap(handle: pointer)
    }
}
