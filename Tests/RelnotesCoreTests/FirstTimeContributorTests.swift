import RelnotesCore
import Testing

/// A history that counts the older commits the first-time check is given.
private final class CountingAuthorships: HistoryReader {
    let base: InMemoryHistory
    private(set) var given = 0

    init(_ base: InMemoryHistory) { self.base = base }

    func head() throws -> CommitID? { try base.head() }
    func tagReferences() throws -> [TagReference] { try base.tagReferences() }
    func isAncestor(_ ancestor: CommitID, of descendant: CommitID) throws -> Bool { try base.isAncestor(ancestor, of: descendant) }
    func commits(reachableFrom tips: [CommitID], hiding hidden: [CommitID]) throws -> [RawCommit] {
        try base.commits(reachableFrom: tips, hiding: hidden)
    }
    func touches(_ commit: RawCommit, _ filter: PathFilter) throws -> Bool { try base.touches(commit, filter) }
    func authorships(from tip: CommitID) throws -> any AuthorshipCursor {
        Counted(inner: try base.authorships(from: tip), owner: self)
    }

    private final class Counted: AuthorshipCursor {
        let inner: any AuthorshipCursor
        let owner: CountingAuthorships
        init(inner: any AuthorshipCursor, owner: CountingAuthorships) {
            self.inner = inner
            self.owner = owner
        }
        func next() throws -> Authorship? {
            let authorship = try inner.next()
            if authorship != nil { owner.given += 1 }
            return authorship
        }
    }
}

@Suite("first-time contributors")
struct FirstTimeContributorTests {
    /// 40 commits, `v1.0.0`, then one commit co-authored by `coAuthor` (if any), `v1.1.0`.
    private func history(coAuthor: String?) -> InMemoryHistory {
        var builder = HistoryBuilder()
        for index in 0..<40 { builder.commit("fix: step \(index)") }
        builder.tag("v1.0.0")
        builder.commit("feat: more" + (coAuthor.map { "\n\nCo-authored-by: \($0)" } ?? ""))
        builder.tag("v1.1.0")
        return builder.history
    }

    @Test("the older history is read only until every contributor of the release has been met")
    func stopsOnceEveryoneIsMet() throws {
        let reader = CountingAuthorships(history(coAuthor: nil))
        let selected = try ReleaseSelector(configuration: Configuration()).select(.tag("v1.1.0"), in: reader)
        #expect(selected.contributors.map(\.firstTime) == [false])
        #expect(reader.given == 1)
    }

    @Test("a first-time contributor is decided by the whole older history")
    func newcomerReadsEverything() throws {
        let reader = CountingAuthorships(history(coAuthor: "Grace Hopper <grace@example.com>"))
        let selected = try ReleaseSelector(configuration: Configuration()).select(.tag("v1.1.0"), in: reader)
        #expect(selected.contributors.map { "\($0.name) \($0.firstTime)" } == ["Fixture Author false", "Grace Hopper true"])
        #expect(reader.given == 40)
    }

    @Test("someone who was only a co-author before, under any spelling of the trailer, is returning", arguments: ["Co-authored-by", "CO-AUTHORED-BY", "co-authored-by"])
    func earlierCoAuthorIsReturning(token: String) throws {
        var builder = HistoryBuilder()
        builder.commit("feat: base")
        builder.commit("fix: pairing\n\n\(token): Grace Hopper <GRACE@example.com>")
        for index in 0..<5 { builder.commit("fix: step \(index)") }
        builder.tag("v1.0.0")
        builder.commit("feat: again\n\nCo-authored-by: Grace Hopper <grace@example.com>")
        builder.tag("v1.1.0")
        let selected = try ReleaseSelector(configuration: Configuration()).select(.tag("v1.1.0"), in: builder.history)
        #expect(selected.contributors.map { "\($0.name) \($0.firstTime)" } == ["Fixture Author false", "Grace Hopper false"])
    }

    @Test("only messages that contain the co-author token, in any case, may name co-authors", arguments: [
        ("fix: x\n\nCo-authored-by: A <a@example.com>", true),
        ("fix: x\n\nCO-AUTHORED-BY: A <a@example.com>", true),
        ("fix: x\n\nco-authored-by A", true),
        ("fix: x\n\nCo-authored: A <a@example.com>", false),
        ("fix: x\n\nReviewed-by: A <a@example.com>", false),
        ("", false),
    ])
    func coAuthorToken(message: String, may: Bool) {
        #expect(Authorship.mayNameCoAuthors(message) == may)
    }
}
