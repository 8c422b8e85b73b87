@testable import RelnotesCore
import RelnotesFixtures
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

    @Test("commits given in walk order, some of them twice, answer as the history given once")
    func walkOrderAndRepeatedCommits() throws {
        // A walk gives a commit's parent right after it (the graph then finds it without its
        // table); a commit given twice is known by its last copy, whatever comes after the first.
        var random = SplitMix64(seed: 0xD0B1E)
        for round in 0..<40 {
            let commits = randomHistory(&random, size: Int.random(in: 2...60, using: &random))
            let byID = Dictionary(uniqueKeysWithValues: commits.map { ($0.id, $0) })
            var given = Array(commits.reversed())
            if round % 2 == 1 {
                for _ in 0..<3 {
                    let copy = given[Int.random(in: 0..<given.count, using: &random)]
                    given.insert(copy, at: Int.random(in: 0...given.count, using: &random))
                }
            }
            let history = InMemoryHistory(commits: given, tags: [], head: commits.last?.id)
            for commit in commits {
                let tip = commits.randomElement(using: &random)!.id
                #expect(try history.isAncestor(commit.id, of: tip) == reachable([tip], byID).contains(commit.id))
                let hidden = commits.randomElement(using: &random)!.id
                let range = try history.commits(reachableFrom: [commit.id], hiding: [hidden])
                #expect(Set(range.map(\.id)) == reachable([commit.id], byID).subtracting(reachable([hidden], byID)))
                #expect(range.count == Set(range.map(\.id)).count)
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

    @Test("a range ordered on positions comes out as its own commits ordered canonically")
    func rangeOrderedOnPositions() throws {
        var random = SplitMix64(seed: 0xC0DE)
        for _ in 0..<40 {
            let commits = randomHistory(&random, size: Int.random(in: 2...80, using: &random))
            let history = InMemoryHistory(commits: commits.shuffled(using: &random), tags: [], head: commits.last?.id)
            for _ in 0..<10 {
                let tip = commits.randomElement(using: &random)!.id
                let hidden = (0..<Int.random(in: 0...3, using: &random)).map { _ in commits.randomElement(using: &random)!.id }
                let expected = CommitGraph.canonicallyOrdered(try history.commits(reachableFrom: [tip], hiding: hidden)).map(\.id)
                #expect(try history.orderedRange(from: tip, hiding: hidden).map(history.id(at:)) == expected)
            }
        }
    }

    @Test("the table by commit id finds every id it holds, keeps the last value given, and nothing else")
    func positionTable() {
        // Ids that differ only in their last bytes: the table must not lean on their first ones.
        let ids = (1...3000).map { number in
            let hex = String(number, radix: 16)
            return CommitID(hex: String(repeating: "0", count: 40 - hex.count) + hex)!
        }
        var table = PositionTable(capacity: 2000)
        for (index, id) in ids.prefix(2000).enumerated() { table.insert(id, at: index) }
        for (index, id) in ids.prefix(2000).enumerated() { #expect(table[id] == index) }
        for id in ids.dropFirst(2000) { #expect(table[id] == nil) }
        table.insert(ids[7], at: 99)
        #expect(table[ids[7]] == 99)
        #expect(table[ids[8]] == 8)
    }

    @Test("a cycle of parents (git never writes one; a damaged commit-graph file can say so) traps no lookup, and the releases stop with an error naming a commit on it")
    func cycle() throws {
        var builder = HistoryBuilder()
        builder.commit("feat: root")
        builder.tag("v1.0.0")
        let middle = builder.commit("fix: middle")
        let top = builder.commit("fix: top")
        var commits = builder.commits
        // root → top → middle → root.
        commits[0].parents = [top]
        let history = InMemoryHistory(commits: commits, tags: builder.tags, head: top)
        let unordered = try #require(history.unordered)
        #expect(commits.map(\.id).contains(unordered))
        #expect(history.commit(middle) == nil)
        #expect(builder.history.unordered == nil)
        let error = try #require(throws: HistoryError.self) {
            try ReleasePartitioner(configuration: Configuration()).releases(in: history, scope: .all)
        }
        #expect(error.message.contains("cycle"))
        #expect(error.message.contains(unordered.abbreviated()))
    }

}
