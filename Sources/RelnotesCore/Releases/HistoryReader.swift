/// What relnotes needs to know about a repository's history, and nothing more.
///
/// `RelnotesGit.GitRepository` answers from a real repository through libgit2;
/// ``InMemoryHistory`` answers from a literal graph so that every rule above the git layer is
/// tested without a repository. Implementations are synchronous and may throw any
/// ``RelnotesError`` (a shallow history, an unreadable object).
public protocol HistoryReader {
    /// The commit HEAD points at, or `nil` when HEAD is unborn (a repository with no commits).
    func head() throws -> CommitID?

    /// Every tag whose target peels to a commit. Tags of trees or blobs are left out.
    func tagReferences() throws -> [TagReference]

    /// Whether `ancestor` is `descendant` or one of its ancestors.
    func isAncestor(_ ancestor: CommitID, of descendant: CommitID) throws -> Bool

    /// The commits reachable from `tips` and from none of `hidden`, newest first
    /// (children before parents; among unrelated commits, later committer time first).
    ///
    /// Implementations must throw rather than return a partial answer when history is missing
    /// (a shallow clone whose boundary the walk reaches).
    func commits(reachableFrom tips: [CommitID], hiding hidden: [CommitID]) throws -> [RawCommit]

    /// Whether `commit` changes a path that `filter` keeps, compared with its first parent (a
    /// root commit: with nothing). Only asked when a path filter is in force.
    func touches(_ commit: RawCommit, _ filter: PathFilter) throws -> Bool

    /// For a tag that exists but does not point to a commit, what it points to (`"tree"`,
    /// `"blob"`); `nil` when there is no such tag or it points to a commit. Asked only to
    /// explain why a tag the person named is not in ``tagReferences()``.
    func nonCommitTarget(ofTag name: String) throws -> String?

    /// Whether `commit` changes something, and nothing but paths among `paths` (repository-relative
    /// file paths such as `CHANGELOG.md`), compared with its first parent (a root commit: with
    /// nothing). A commit that only regenerates the changelog is never an entry nor a bump.
    func changesOnly(_ commit: RawCommit, paths: [String]) throws -> Bool

    /// The name and email under which the person a commit names is shown (the repository's
    /// mailmap, as `git shortlog` reads it). Authors of walked commits are already canonical;
    /// this is asked for `Co-authored-by:` people.
    func canonicalIdentity(name: String, email: String) -> (name: String, email: String)

    /// The commits reachable from `tip` (`tip` included), each given once, in any order, one
    /// at a time: a caller that knows what it asked stops early. Reads parents only, no
    /// messages: it answers "which tags does HEAD contain" with one walk, as
    /// `git tag --merged` does, instead of one ancestry question per tag.
    func ancestors(of tip: CommitID) throws -> any CommitCursor

    /// Every commit reachable from `tip`, in any order, as far as the shape of the history
    /// needs: id, parents and the seconds of the committer time are exact; the time's offset,
    /// the message and the author may be left empty
    /// (``completed(_:)`` reads them). A parent of a commit that is not itself given is missing
    /// history. `changelog --all` holds this for the whole history and reads each release's
    /// messages only when the release is written.
    func commitLinks(reachableFrom tip: CommitID) throws -> [RawCommit]

    /// The commits ``commitLinks(reachableFrom:)`` gives, in the same order, one at a time,
    /// until `visit` returns `false`: another thread, with a history of its own, may follow the
    /// walk while this one collects it.
    func walkLinks(reachableFrom tip: CommitID, _ visit: (RawCommit) -> Bool) throws

    /// The commits ``commitLinks(reachableFrom:)`` gives, each also handed to `observe` as the
    /// walk meets it (another thread may follow the walk: see ``WalkFeed``).
    func commitLinks(reachableFrom tip: CommitID, observing observe: (RawCommit) -> Void) throws -> [RawCommit]

    /// Whether walking from `tip` (``walkLinks(reachableFrom:_:)``) reads no object, as from
    /// git's commit-graph file: then a second walk, on another thread, costs little and does not
    /// contend with the first for the repository's locks.
    func walksWithoutReadingObjects(from tip: CommitID) -> Bool

    /// A commit given by ``commitLinks(reachableFrom:)``, with its message and author read.
    func completed(_ commit: RawCommit) throws -> RawCommit

    /// The part of ``completed(_:)`` that reads the repository: the stored bytes of a commit
    /// given by ``commitLinks(reachableFrom:)``, for ``decoded(_:text:)`` to finish, possibly
    /// on another thread with a history of its own; `nil` when the history completes a commit
    /// in one step (then ``completed(_:)`` is asked).
    func commitText(_ commit: RawCommit) throws -> CommitText?

    /// A commit given by ``commitLinks(reachableFrom:)`` made whole from its stored bytes
    /// (``commitText(_:)``, possibly read by another history of the same repository): the
    /// commit ``completed(_:)`` gives.
    func decoded(_ commit: RawCommit, text: CommitText) throws -> RawCommit

    /// Opens the same history again, for another thread: `changelog --all` reads and parses
    /// the next releases there while this thread writes the previous one. Each call of the
    /// returned function gives a reader that only the calling thread uses. `nil`: the history
    /// is read on one thread.
    func concurrentOpener() -> (@Sendable () throws -> any HistoryReader)?

    /// The authors and messages of the commits reachable from `tip` (`tip` included), each
    /// commit given once, newest first as far as cheaply known, one at a time: a caller that
    /// has met everyone it looks for stops early. Answers "has this person committed before
    /// this release?" without reading, or holding, the whole older history.
    ///
    /// Implementations must throw rather than end early when history is missing (a shallow
    /// clone whose boundary the walk reaches).
    func authorships(from tip: CommitID) throws -> any AuthorshipCursor
}

/// Who wrote a commit, and its message when the message may name co-authors.
public struct Authorship: Hashable, Sendable {
    /// The commit.
    public var id: CommitID
    /// The author, under their mailmap identity as walked commits show authors.
    public var author: Signature
    /// The message (a note that overrides it included); `nil` only when it cannot hold a
    /// `Co-authored-by:` trailer (the text `co-authored-by` in any case is not in it), so a
    /// reader need not decode the messages of the many commits without co-authors.
    public var message: String?

    /// Creates an authorship.
    public init(id: CommitID, author: Signature, message: String?) {
        self.id = id
        self.author = author
        self.message = message
    }

    /// Whether `message` may hold a `Co-authored-by:` trailer: it contains the token in any
    /// case (ASCII).
    public static func mayNameCoAuthors(_ message: String) -> Bool {
        var message = message
        return message.withUTF8 { mayNameCoAuthors(UnsafeRawBufferPointer($0)) }
    }

    /// Whether the bytes of a message may hold a `Co-authored-by:` trailer (a superset: a
    /// few other texts pass too). Readers use it to leave out messages that cannot.
    public static func mayNameCoAuthors(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let token = Array("co-authored-by".utf8)
        guard bytes.count >= token.count else { return false }
        var index = 0
        let last = bytes.count - token.count
        while index <= last {
            // Find the next `c` or `C`, then compare the rest case-insensitively.
            if bytes[index] | 0x20 == token[0] {
                var matched = 1
                while matched < token.count, bytes[index + matched] | 0x20 == token[matched] | 0x20 { matched += 1 }
                if matched == token.count { return true }
            }
            index += 1
        }
        return false
    }
}

/// Authorships given one at a time by ``HistoryReader/authorships(from:)``.
public protocol AuthorshipCursor: AnyObject {
    /// The next commit's authorship, or `nil` when every one has been given.
    func next() throws -> Authorship?
}

/// A cursor over authorships already known.
final class ListedAuthorships: AuthorshipCursor {
    private var remaining: IndexingIterator<[Authorship]>

    init(_ authorships: [Authorship]) { remaining = authorships.makeIterator() }

    func next() throws -> Authorship? { remaining.next() }
}

/// Commit ids given one at a time by ``HistoryReader/ancestors(of:)``.
public protocol CommitCursor: AnyObject {
    /// The next commit, or `nil` when every one has been given.
    func next() throws -> CommitID?
}

/// A cursor over ids already known.
final class ListedCommits: CommitCursor {
    private var remaining: IndexingIterator<[CommitID]>

    init(_ ids: [CommitID]) { remaining = ids.makeIterator() }

    func next() throws -> CommitID? { remaining.next() }
}

extension HistoryReader {
    /// Histories without tags of trees or blobs need not answer.
    public func nonCommitTarget(ofTag name: String) throws -> String? { nil }

    /// Histories that cannot tell what a commit changes keep every commit.
    public func changesOnly(_ commit: RawCommit, paths: [String]) throws -> Bool { false }

    /// Histories without a mailmap show people as commits name them.
    public func canonicalIdentity(name: String, email: String) -> (name: String, email: String) { (name, email) }

    /// Histories that do not say are taken to read what they walk.
    public func walksWithoutReadingObjects(from tip: CommitID) -> Bool { false }

    /// The commits of ``commitLinks(reachableFrom:)``, one at a time.
    public func walkLinks(reachableFrom tip: CommitID, _ visit: (RawCommit) -> Bool) throws {
        for commit in try commitLinks(reachableFrom: tip) where !visit(commit) { return }
    }

    /// Histories held in memory hand each commit over once they have all been walked.
    public func commitLinks(reachableFrom tip: CommitID, observing observe: (RawCommit) -> Void) throws -> [RawCommit] {
        let commits = try commitLinks(reachableFrom: tip)
        commits.forEach(observe)
        return commits
    }

    /// Histories held in memory give whole commits (a range walk from `tip`).
    public func commitLinks(reachableFrom tip: CommitID) throws -> [RawCommit] {
        try commits(reachableFrom: [tip], hiding: [])
    }

    /// Commits given by the default ``commitLinks(reachableFrom:)`` are complete already.
    public func completed(_ commit: RawCommit) throws -> RawCommit { commit }

    /// Histories that complete commits in one step have no stored bytes to hand over.
    public func commitText(_ commit: RawCommit) throws -> CommitText? { nil }

    /// Histories that complete commits in one step do so here too.
    public func decoded(_ commit: RawCommit, text: CommitText) throws -> RawCommit { try completed(commit) }

    /// Histories read on one thread only, unless they say otherwise.
    public func concurrentOpener() -> (@Sendable () throws -> any HistoryReader)? { nil }

    /// Histories held in memory answer from a range walk.
    public func ancestors(of tip: CommitID) throws -> any CommitCursor {
        ListedCommits(try commits(reachableFrom: [tip], hiding: []).map(\.id))
    }

    /// Histories held in memory answer from a range walk, every message given.
    public func authorships(from tip: CommitID) throws -> any AuthorshipCursor {
        ListedAuthorships(try commits(reachableFrom: [tip], hiding: []).map { Authorship(id: $0.id, author: $0.author, message: $0.message) })
    }
}
