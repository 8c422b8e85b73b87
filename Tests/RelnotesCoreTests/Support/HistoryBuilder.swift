import RelnotesCore

/// Builds an ``InMemoryHistory`` from a literal graph, one commit at a time.
///
/// Ids are the commit's number in hex, padded to 40 digits; times advance one hour a commit
/// from 2024-01-01T00:00:00Z, so every history is deterministic.
struct HistoryBuilder {
    private(set) var commits: [RawCommit] = []
    private(set) var tags: [TagReference] = []
    private(set) var head: CommitID?

    /// Adds a commit whose parents default to the current HEAD, and moves HEAD to it.
    @discardableResult
    mutating func commit(_ message: String, parents: [CommitID]? = nil) -> CommitID {
        let number = commits.count + 1
        let hex = String(number, radix: 16)
        let id = CommitID(hex: String(repeating: "0", count: 40 - hex.count) + hex)!
        let time = Timestamp(seconds: 1_704_067_200 + Int64(number) * 3_600)
        let person = Signature(name: "Fixture Author", email: "author@example.com", time: time)
        commits.append(RawCommit(id: id, parents: parents ?? head.map { [$0] } ?? [], author: person, committer: person, message: message))
        head = id
        return id
    }

    /// Tags `commit` (default: HEAD).
    mutating func tag(_ name: String, at commit: CommitID? = nil, annotated: Bool = false) {
        let target = commit ?? head!
        let annotation = annotated ? TagReference.Annotation(tagger: nil, message: "Release \(name)\n") : nil
        tags.append(TagReference(name: name, target: target, annotation: annotation))
    }

    /// Moves HEAD without committing (checking out another branch).
    mutating func checkout(_ commit: CommitID) {
        head = commit
    }

    var history: InMemoryHistory {
        InMemoryHistory(commits: commits, tags: tags, head: head)
    }
}
