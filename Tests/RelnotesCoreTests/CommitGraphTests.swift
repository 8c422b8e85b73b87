@testable import RelnotesCore
import Testing

@Suite("the in-memory commit graph")
struct CommitGraphTests {
    /// A random DAG: each commit has one or two earlier parents; times mostly rise, with skew.
    private func randomHistory(_ random: inout SplitMix64, size: Int) -> [RawCommit] {
        var commits: [RawCommit] = []
        for number in 1...size {
            let hex = String(number, radix: 16)
            let id = CommitID(hex: String(repeating: "0", count: 40 - hex.count) + hex)!
            var parents: [CommitID] = []
            if number > 1 {
                parents.append(commits[Int.random(in: max(0, number - 6)..<(number - 1), using: &random)].id)
                if number > 3, Int.random(in: 0..<4, using: &random) == 0 {
                    let other = commits[Int.random(in: 0..<(number - 1), using: &random)].id
                    if !parents.contains(other) { parents.append(other) }
                }
            }
            let time = Timestamp(seconds: Int64(number * 60 + Int.random(in: -300...300, using: &random)))
            let person = Signature(name: "A", email: "a@example.com", time: time)
            commits.append(RawCommit(id: id, parents: parents, author: person, committer: person, message: "c\(number)"))
        }
        return commits
    }

    /// Reachability the slow, obvious way.
    private func reachable(_ tips: [CommitID], _ byID: [CommitID: RawCommit]) -> Set<CommitID> {
        var seen = Set<CommitID>(), stack = tips
        while let id = stack.popLast() {
            guard seen.insert(id).inserted, let commit = byID[id] else { continue }
            stack += commit.parents
        }
        return seen
    }

    @Test("ranges equal the set difference of reachable sets, on random histories")
    func rangesAreSetDifferences() throws {
        var random = SplitMix64(seed: 0x5EED)
        for _ in 0..<40 {
            let commits = randomHistory(&random, size: Int.random(in: 2...60, using: &random))
            let byID = Dictionary(uniqueKeysWithValues: commits.map { ($0.id, $0) })
            let history = InMemoryHistory(commits: commits.shuffled(using: &random), tags: [], head: commits.last?.id)
            for _ in 0..<10 {
                let tips = (0..<Int.random(in: 1...2, using: &random)).map { _ in commits.randomElement(using: &random)!.id }
                let hidden = (0..<Int.random(in: 0...3, using: &random)).map { _ in commits.randomElement(using: &random)!.id }
                let expected = reachable(tips, byID).subtracting(reachable(hidden, byID))
                let range = try history.commits(reachableFrom: tips, hiding: hidden)
                #expect(Set(range.map(\.id)) == expected)
                #expect(range.count == expected.count)
                // Children before parents.
                let place = Dictionary(uniqueKeysWithValues: range.enumerated().map { ($1.id, $0) })
                for commit in range {
                    for parent in commit.parents { if let at = place[parent] { #expect(at > place[commit.id]!) } }
                }
                let a = commits.randomElement(using: &random)!.id, d = commits.randomElement(using: &random)!.id
                #expect(try history.isAncestor(a, of: d) == reachable([d], byID).contains(a))
            }
        }
    }

    @Test("the canonical order does not depend on the order commits are given in")
    func canonicalOrder() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<20 {
            let commits = randomHistory(&random, size: 50)
            let once = CommitGraph.canonicallyOrdered(commits).map(\.id)
            #expect(CommitGraph.canonicallyOrdered(commits.shuffled(using: &random)).map(\.id) == once)
            #expect(CommitGraph.canonicallyOrdered(commits.reversed()).map(\.id) == once)
        }
    }
}
