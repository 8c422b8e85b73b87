/// A history held in memory: the same answers as a repository, from a literal graph.
///
/// Core's tests describe histories with it instead of building repositories; one test checks
/// that it and `GitRepository` give identical answers on every fixture scenario.
public struct InMemoryHistory: HistoryReader, Sendable {
    private let commitsByID: [CommitID: RawCommit]
    private let tags: [TagReference]
    private let headID: CommitID?

    /// Creates a history from its commits, its tags and the commit HEAD points at.
    ///
    /// Parents that are not among `commits` are treated as missing history: a walk that reaches
    /// one throws, as a shallow clone does.
    public init(commits: [RawCommit], tags: [TagReference], head: CommitID?) {
        var byID = [CommitID: RawCommit](minimumCapacity: commits.count)
        for commit in commits { byID[commit.id] = commit }
        self.commitsByID = byID
        self.tags = tags
        self.headID = head
    }

    public func head() throws -> CommitID? { headID }

    public func tagReferences() throws -> [TagReference] {
        tags.filter { commitsByID[$0.target] != nil }
    }

    public func isAncestor(_ ancestor: CommitID, of descendant: CommitID) throws -> Bool {
        if ancestor == descendant { return true }
        return try reachable(from: [descendant]).contains(ancestor)
    }

    public func commits(reachableFrom tips: [CommitID], hiding hidden: [CommitID]) throws -> [RawCommit] {
        let excluded = try reachable(from: hidden)
        let included = try reachable(from: tips).subtracting(excluded)
        return try topologicallyOrdered(included)
    }

    /// Every commit reachable from `tips`, the tips included.
    private func reachable(from tips: [CommitID]) throws -> Set<CommitID> {
        var seen = Set<CommitID>()
        var stack = tips
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            guard let commit = commitsByID[id] else { throw missing(id) }
            stack.append(contentsOf: commit.parents)
        }
        return seen
    }

    /// Children before parents; among commits that are ready at the same time, the later
    /// committer time first (ties by id, so the order is deterministic).
    private func topologicallyOrdered(_ ids: Set<CommitID>) throws -> [RawCommit] {
        var pendingChildren = [CommitID: Int]()
        for id in ids {
            guard let commit = commitsByID[id] else { throw missing(id) }
            for parent in commit.parents where ids.contains(parent) {
                pendingChildren[parent, default: 0] += 1
            }
        }
        var ready = ids.filter { pendingChildren[$0, default: 0] == 0 }.compactMap { commitsByID[$0] }
        var result = [RawCommit]()
        result.reserveCapacity(ids.count)
        while !ready.isEmpty {
            ready.sort { ($0.committer.time.seconds, $0.id) < ($1.committer.time.seconds, $1.id) }
            let commit = ready.removeLast()
            result.append(commit)
            for parent in commit.parents where ids.contains(parent) {
                pendingChildren[parent, default: 0] -= 1
                if pendingChildren[parent] == 0, let parentCommit = commitsByID[parent] {
                    ready.append(parentCommit)
                }
            }
        }
        return result
    }

    private func missing(_ id: CommitID) -> HistoryError {
        HistoryError(
            "history is incomplete: commit \(id.abbreviated()) is missing",
            hint: "fetch the full history, e.g. git fetch --unshallow --tags"
        )
    }
}
