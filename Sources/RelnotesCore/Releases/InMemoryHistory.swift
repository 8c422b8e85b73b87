/// A history held in memory: the same answers as a repository, from a literal graph.
///
/// Core's tests describe histories with it instead of building repositories; one test checks
/// that it and `GitRepository` give identical answers on every fixture scenario.
public struct InMemoryHistory: HistoryReader, Sendable {
    private let graph: CommitGraph
    private let tags: [TagReference]
    private let headID: CommitID?
    private let changedPaths: [CommitID: [String]]
    private let mailmap: [String: (name: String, email: String)]

    /// Creates a history from its commits (in any order), its tags and the commit HEAD points at.
    ///
    /// Parents that are not among `commits` are treated as missing history: a walk that reaches
    /// one throws, as a shallow clone does. So does a walk that reaches a cycle of parents
    /// (which git never writes): ``HistoryError`` names a commit on it or behind it.
    ///
    /// `changedPaths` gives the paths each commit changes, for path filters (a commit without
    /// an entry changes nothing).
    ///
    /// `mailmap` maps an email address (compared in lower case) to the canonical name and email
    /// of its owner, as a `.mailmap` would: authors of walked commits and ``canonicalIdentity(name:email:)``
    /// answer through it.
    public init(commits: [RawCommit], tags: [TagReference], head: CommitID?, changedPaths: [CommitID: [String]] = [:], mailmap: [String: (name: String, email: String)] = [:]) {
        let canonical = Dictionary(mailmap.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.mailmap = canonical
        self.graph = CommitGraph(canonical.isEmpty ? commits : commits.map { commit in
            var commit = commit
            if let person = canonical[commit.author.email.lowercased()] {
                commit.author.name = person.name
                commit.author.email = person.email
            }
            return commit
        })
        self.tags = tags
        self.headID = head
        self.changedPaths = changedPaths
    }

    /// Whether the paths given for `commit` at creation are not empty and all among `paths`.
    public func changesOnly(_ commit: RawCommit, paths: [String]) throws -> Bool {
        guard let changed = changedPaths[commit.id], !changed.isEmpty else { return false }
        return changed.allSatisfy(paths.contains)
    }

    /// The person the mailmap given at creation names for `email`; else as written.
    public func canonicalIdentity(name: String, email: String) -> (name: String, email: String) {
        mailmap[email.lowercased()] ?? (name, email)
    }

    /// Whether the paths given for `commit` at creation pass `filter`.
    public func touches(_ commit: RawCommit, _ filter: PathFilter) throws -> Bool {
        filter.keeps(changedPaths: changedPaths[commit.id] ?? [])
    }

    /// A history in memory reads nothing to walk.
    public func walksWithoutReadingObjects(from tip: CommitID) -> Bool { true }

    /// The same history (a value: any thread may read it).
    public func concurrentOpener() -> (@Sendable () throws -> any HistoryReader)? {
        { self }
    }

    /// The commit given as HEAD.
    public func head() throws -> CommitID? { headID }

    /// The tags whose target is among the commits.
    public func tagReferences() throws -> [TagReference] {
        tags.filter { graph.position(of: $0.target) != nil }
    }

    /// Whether `ancestor` is `descendant` or reachable from it; throws when history is missing.
    public func isAncestor(_ ancestor: CommitID, of descendant: CommitID) throws -> Bool {
        if ancestor == descendant { return true }
        let child = try position(of: descendant)
        guard let parent = graph.position(of: ancestor) else { return false }
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
            return try graph.range(from: tipPositions, hiding: hiddenPositions).map { graph.commit(at: $0) }
        } catch {
            throw missing(error.child)
        }
    }

    /// The positions of the commits reachable from `tip` and from none of `hidden`, in the
    /// order ``commits(reachableFrom:hiding:)`` then `CommitGraph.canonicallyOrdered` give
    /// them, computed on positions alone.
    func orderedRange(from tip: CommitID, hiding hidden: [CommitID]) throws -> [Int] {
        let tipPosition = try position(of: tip)
        let hiddenPositions = try hidden.map(position(of:))
        do {
            return graph.canonicalOrder(of: try graph.range(from: [tipPosition], hiding: hiddenPositions))
        } catch {
            throw missing(error.child)
        }
    }

    /// The id of the commit at a place of the history's topological order.
    func id(at position: Int) -> CommitID {
        graph.id(at: position)
    }

    /// How many commits the history holds.
    var count: Int { graph.count }

    /// The place of a commit in the history's topological order, when the history has it.
    func position(_ id: CommitID) -> Int? {
        graph.position(of: id)
    }

    /// The index, among the commits the history was made of, of the commit at a place of its
    /// topological order.
    func givenIndex(at position: Int) -> Int {
        graph.givenIndex(at: position)
    }

    /// A commit on a cycle of parents, or behind one, when the commits given have one (see
    /// ``CommitGraph/unordered``): the history then holds only the others.
    var unordered: CommitID? { graph.unordered }

    /// The commit at a place of the history's topological order (see ``position(_:)``).
    func commit(at position: Int) -> RawCommit {
        graph.commit(at: position)
    }

    /// The commit at a place of the history's topological order, with its first parent's root
    /// tree when the history knows it (path questions then read neither commit).
    func commitWithParentTree(at position: Int) -> RawCommit {
        var commit = graph.commit(at: position)
        if commit.firstParentTree == nil, let parent = graph.firstParent(at: position) {
            commit.firstParentTree = graph.tree(at: parent)
        }
        return commit
    }

    /// The commit with this id, when the history has it.
    func commit(_ id: CommitID) -> RawCommit? {
        graph.position(of: id).map { graph.commit(at: $0) }
    }

    private func position(of id: CommitID) throws -> Int {
        guard let position = graph.position(of: id) else {
            if let unordered = graph.unordered { throw HistoryError.cycle(at: unordered) }
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
