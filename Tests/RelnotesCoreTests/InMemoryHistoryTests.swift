import Testing
import RelnotesCore

@Suite("in-memory history")
struct InMemoryHistoryTests {
    @Test("ranges are set differences, children before parents")
    func ranges() throws {
        var builder = HistoryBuilder()
        let root = builder.commit("a")
        let left = builder.commit("b", parents: [root])
        let right = builder.commit("c", parents: [root])
        let merge = builder.commit("d", parents: [left, right])
        let history = builder.history
        #expect(try history.commits(reachableFrom: [merge], hiding: [left]).map(\.id) == [merge, right])
        #expect(try history.commits(reachableFrom: [merge], hiding: []).first?.id == merge)
        #expect(try history.commits(reachableFrom: [merge], hiding: []).last?.id == root)
        #expect(try history.isAncestor(root, of: merge))
        #expect(try !history.isAncestor(left, of: right))
        #expect(try history.isAncestor(merge, of: merge))
    }

    @Test("a missing parent is an error, never a partial answer")
    func missingParent() throws {
        let person = Signature(name: "A", email: "a@example.com", time: Timestamp(seconds: 0))
        let missing = try #require(CommitID(hex: String(repeating: "1", count: 40)))
        let child = try #require(CommitID(hex: String(repeating: "2", count: 40)))
        let history = InMemoryHistory(commits: [RawCommit(id: child, parents: [missing], author: person, committer: person, message: "x")], tags: [], head: child)
        #expect(throws: HistoryError.self) { try history.commits(reachableFrom: [child], hiding: []) }
    }
}
