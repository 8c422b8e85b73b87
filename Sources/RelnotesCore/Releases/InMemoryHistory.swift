/// A history held in memory: the same answers as a repository, from a literal graph.
///
/// Core's tests describe histories with it instead of building repositories; one test checks
/// that it and `GitRepository` give identical answers on every fixture scenario.
public struct InMemoryHistory: HistoryReader, Sendable {
    private let graph: CommitGraph
    private let tags: [TagReference]
    private let headID: CommitID?
    private let changedPaths: [CommitID: [String]]

    /// Creates a history from its commits (in any order), its tags and the commit HEAD points at.
    ///
    /// Parents that are not among `commits` are treated as missing history: a walk that reaches
    /// one throws, as a shallow clone does.
    ///
    /// `changedPaths` gives the paths each commit changes, for path filters (a commit without
    /// an entry changes nothing).
    public init(commits: [RawCommit], tags: [TagReference], head: CommitID?, changedPaths: [CommitID: [String]] = [:]) {
        self.graph = CommitGraph(commits)
        self.tags = tags
        self.headID = head
        self.changedPaths = changedPaths
    }

    /// Whether the paths given for `commit` at creation pass `filter`.
    public func touches(_ commit: RawCommit, _ filter: PathFilter) throws -> Bool {
        filter.keeps(changedPaths: changedPaths[commit.id] ?? [])
    }

    /// The commit given as HEAD.
    public func head() throws -> CommitID? { headID }

    /// The tags whose target is among the commits.
    public func tagReferences() throws -> [TagReference] {
        tags.filter { graph.position[$0.target] != nil }
    }

    /// Whether `ancestor` is `descendant` or reachable from it; throws when history is missing.
    public func isAncestor(_ ancestor: CommitID, of descendant: CommitID) throws -> Bool {
        if ancestor == descendant { return true }
        let child = try position(of: descendant)
        guard let parent = graph.position[ancestor] else { return false }
        do {
            return try graph.isAncestor(parent, of: child)
        } catch {
            throw missing(error.child)
        }
    }

    /// The commits reachable from `tips` and not from `hidden`, newest first.
    public func commits(reachableFrom tips: [CommitID], hiding hidden: [CommitID]) throws -> [RawCommit] {
        let tipPositions = try tips.map(position(of:))
        let hiddenPositions = try hidden.map(position(of:))
        do {
            return try graph.range(from: tipPositions, hiding: hiddenPositions).map { graph.commits[$0] }
        } catch {
            throw missing(error.child)
        }
    }

    private func position(of id: CommitID) throws -> Int {
        guard let position = graph.position[id] else {
            throw HistoryError(
                "history is incomplete: commit \(id.abbreviated()) is missing",
                hint: "fetch the full history, e.g. git fetch --unshallow --tags"
            )
        }
        return position
    }

    private func missing(_ child: CommitID) -> HistoryError {
        HistoryError(
            "history is incomplete: a parent of commit \(child.abbreviated()) is missing",
            hint: "fetch the full history, e.g. git fetch --unshallow --tags"
        )
    }
}
