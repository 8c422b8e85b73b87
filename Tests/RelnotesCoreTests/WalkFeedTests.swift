@testable import RelnotesCore
import Dispatch
import Synchronization
import Testing

@Suite("a walk handed to the thread that follows it")
struct WalkFeedTests {
    private static func commit(_ number: Int) -> RawCommit {
        let person = Signature(name: "Ada", email: "ada@example.com", time: Timestamp(seconds: 1_700_000_000))
        let hex = String(number, radix: 16)
        return RawCommit(id: CommitID(hex: String(repeating: "0", count: 40 - hex.count) + hex)!, parents: [], author: person, committer: person, message: "c\(number)")
    }

    /// What the follower is given: each commit's number, `nil` for one skipped.
    private static func followed(_ feed: WalkFeed, stoppingAfter last: Int = .max) -> [Int?] {
        var seen: [Int?] = []
        feed.forEach { commit in
            seen.append(commit.map { Int($0.message.dropFirst())! })
            return seen.count < last
        }
        return seen
    }

    @Test("commits reach the follower in walk order, in batches; past the limit a batch goes over as a count, and the follower stops when the walk ends")
    func limit() {
        let feed = WalkFeed(limit: 4, batchSize: 2)
        var walker = WalkFeed.Walker(feed)
        // Nobody follows yet: two batches wait, the next three (the last one short) are counted.
        for number in 1...9 { walker.add(Self.commit(number)) }
        walker.end()
        #expect(Self.followed(feed) == [1, 2, 3, 4, nil, nil, nil, nil, nil])
    }

    @Test("what the follower has taken no longer counts against the limit")
    func limitFreedByFollower() {
        let feed = WalkFeed(limit: 2, batchSize: 2)
        let tookFirst = DispatchSemaphore(value: 0)
        let seen = Mutex<[Int?]>([])
        let done = DispatchSemaphore(value: 0)
        DispatchQueue(label: "follower").async {
            feed.forEach { commit in
                let count = seen.withLock { seen in
                    seen.append(commit.map { Int($0.message.dropFirst())! })
                    return seen.count
                }
                if count == 2 { tookFirst.signal() }
                return true
            }
            done.signal()
        }
        var walker = WalkFeed.Walker(feed)
        walker.add(Self.commit(1))
        walker.add(Self.commit(2))
        tookFirst.wait()
        // The first batch was taken: the next fits again, the one after it does not.
        walker.add(Self.commit(3))
        walker.add(Self.commit(4))
        walker.add(Self.commit(5))
        walker.add(Self.commit(6))
        walker.end()
        done.wait()
        let followed = seen.withLock { $0 }
        // 3 and 4 had room; 5 and 6 had room only if the follower took 3 and 4 first.
        #expect(Array(followed.prefix(4)) == [1, 2, 3, 4])
        #expect(Array(followed.dropFirst(4)) == [5, 6] || Array(followed.dropFirst(4)) == [nil, nil])
    }

    @Test("the follower stops when it says so, and when the walk is ended early it is not kept waiting")
    func stopping() {
        let feed = WalkFeed(limit: 100, batchSize: 3)
        var walker = WalkFeed.Walker(feed)
        for number in 1...7 { walker.add(Self.commit(number)) }
        #expect(Self.followed(feed, stoppingAfter: 4) == [1, 2, 3, 4])
        // A walk that stopped on an error: the feed is ended without the walker's last batch.
        feed.end()
        #expect(Self.followed(feed) == [])
    }
}
