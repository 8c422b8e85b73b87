import RelnotesCore
import Testing

/// A history that counts the questions asked of it.
private final class CountingHistory: HistoryReader {
    let base: InMemoryHistory
    private(set) var ancestryQuestions = 0
    private(set) var walksFromTip = 0
    private(set) var commitsGiven = 0

    init(_ base: InMemoryHistory) { self.base = base }

    func head() throws -> CommitID? { try base.head() }
    func tagReferences() throws -> [TagReference] { try base.tagReferences() }
    func isAncestor(_ ancestor: CommitID, of descendant: CommitID) throws -> Bool {
        ancestryQuestions += 1
        return try base.isAncestor(ancestor, of: descendant)
    }
    func commits(reachableFrom tips: [CommitID], hiding hidden: [CommitID]) throws -> [RawCommit] {
        try base.commits(reachableFrom: tips, hiding: hidden)
    }
    func touches(_ commit: RawCommit, _ filter: PathFilter) throws -> Bool { try base.touches(commit, filter) }
    func ancestors(of tip: CommitID) throws -> any CommitCursor {
        walksFromTip += 1
        return Counted(inner: try base.ancestors(of: tip), owner: self)
    }

    private final class Counted: CommitCursor {
        let inner: any CommitCursor
        let owner: CountingHistory
        init(inner: any CommitCursor, owner: CountingHistory) {
            self.inner = inner
            self.owner = owner
        }
        func next() throws -> CommitID? {
            let id = try inner.next()
            if id != nil { owner.commitsGiven += 1 }
            return id
        }
    }
}

/// Main with releases, and `branches` maintenance branches each carrying tags HEAD never
/// contains, with versions above every release on main.
private func manyUnreachableTags(branches: Int) -> (history: InMemoryHistory, mainTag: String) {
    var builder = HistoryBuilder()
    builder.commit("feat: first")
    builder.tag("v1.0.0")
    var forks: [CommitID] = []
    for number in 1...branches {
        forks.append(builder.commit("fix: main \(number)"))
    }
    builder.tag("v1.1.0")
    let main = builder.commit("feat: unreleased")
    for (number, fork) in forks.enumerated() {
        builder.checkout(fork)
        builder.commit("fix: maintenance \(number)")
        builder.tag("v5.\(number).1-rc.1")
        builder.commit("fix: maintenance \(number) again")
        builder.tag("v5.\(number).1")
    }
    builder.checkout(main)
    return (builder.history, "v1.1.0")
}

@Suite("which release tags HEAD contains")
struct TagReachabilityTests {
    @Test("next-version walks HEAD's history once, never asking ancestry per tag on branches HEAD does not contain")
    func oneWalkForNextVersion() throws {
        let (memory, mainTag) = manyUnreachableTags(branches: 40)
        let history = CountingHistory(memory)
        let plan = try VersionPlanner(configuration: Configuration()).plan(in: history)
        #expect(plan.base?.name == mainTag)
        #expect(plan.current?.name == mainTag)
        #expect(history.ancestryQuestions == 0)
        #expect(history.walksFromTip <= 1)
    }

    @Test("the unreleased changelog and the current version walk HEAD's history at most once")
    func oneWalkForUnreleased() throws {
        let (memory, mainTag) = manyUnreachableTags(branches: 40)
        let history = CountingHistory(memory)
        let releases = try ReleasePartitioner(configuration: Configuration()).releases(in: history, scope: .unreleased)
        #expect(releases[0].previous?.name == mainTag)
        #expect(try VersionPlanner(configuration: Configuration()).currentVersion(in: history)?.name == mainTag)
        #expect(history.ancestryQuestions == 0)
        #expect(history.walksFromTip <= 2)
    }

    @Test("the walk stops once every tag's commit has been met")
    func walkStopsEarly() throws {
        var builder = HistoryBuilder()
        for number in 1...200 { builder.commit("fix: old \(number)") }
        builder.tag("v1.0.0")
        for number in 1...5 { builder.commit("fix: new \(number)") }
        let history = CountingHistory(builder.history)
        var index = try ReleaseTagIndex(reader: history, head: try #require(try history.head()), pattern: TagNamePattern())
        #expect(try index.reachable().map(\.name) == ["v1.0.0"])
        #expect(history.commitsGiven <= 6)
    }

    @Test("notes for one tag reads its own range, not every release before it")
    func namedReleaseReadsItsRange() throws {
        var builder = HistoryBuilder()
        for release in 0..<50 {
            builder.commit("fix: work \(release)")
            builder.tag("v1.\(release).0")
        }
        let history = CountingHistory(builder.history)
        let selected = try ReleaseSelector(configuration: Configuration()).select(.tag("v1.49.0"), in: history)
        #expect(selected.release.previous?.name == "v1.48.0")
        #expect(selected.release.commits.count == 1)
        #expect(history.ancestryQuestions == 0)
        #expect(history.commitsGiven <= 2)
    }
}
