import Foundation
@testable import RelnotesCore
import RelnotesFixtures
import Synchronization
import Testing

@Suite("releases read on two threads, written in order")
struct ReleaseReadAheadTests {
    private struct Failure: Error, Equatable {
        var index: Int
    }

    /// The highest index the helper claimed.
    private final class Highest: Sendable {
        let value = Mutex<Int>(-1)
    }

    private static func release(_ index: Int) -> Release {
        Release(tag: nil, version: SemanticVersion(major: UInt64(index), minor: 0, patch: 0), previous: nil, date: nil, commits: [])
    }

    private static func index(_ release: Release) -> Int {
        Int(release.version?.major ?? .max)
    }

    @Test("every release is written once, in order, whichever thread read it", arguments: [1, 2, 7, 40])
    func order(count: Int) throws {
        var written: [Int] = []
        try ReleaseReadAhead<Release>.run(count: count, helper: { claim, hand in
            while let index = claim() { hand(index, .success(Self.release(index))) }
        }, read: { Self.release($0) }, write: { written.append(Self.index($0)) })
        #expect(written == Array(0..<count))
    }

    @Test("a helper that cannot start leaves every release to the writing thread")
    func helperGivesUp() throws {
        var written: [Int] = []
        try ReleaseReadAhead<Release>.run(count: 10, helper: { _, _ in }, read: { Self.release($0) }, write: { written.append(Self.index($0)) })
        #expect(written == Array(0..<10))
    }

    @Test("a release that cannot be read stops the run at its turn: the releases before it are written")
    func readFailure() throws {
        var written: [Int] = []
        #expect(throws: Failure(index: 5)) {
            try ReleaseReadAhead<Release>.run(count: 20, helper: { claim, hand in
                while let index = claim() { hand(index, index == 5 ? .failure(Failure(index: 5)) : .success(Self.release(index))) }
            }, read: { index in
                if index == 5 { throw Failure(index: 5) }
                return Self.release(index)
            }, write: { written.append(Self.index($0)) })
        }
        #expect(written == Array(0..<5))
    }

    @Test("a failed write stops both threads: the helper reads no further than the releases read ahead")
    func writeFailure() {
        let highest = Highest()
        #expect(throws: Failure(index: 2)) {
            try ReleaseReadAhead<Release>.run(count: 1_000, capacity: 4, helper: { claim, hand in
                while let index = claim() {
                    highest.value.withLock { $0 = max($0, index) }
                    hand(index, .success(Self.release(index)))
                }
            }, read: { Self.release($0) }, write: { release in
                if Self.index(release) == 2 { throw Failure(index: 2) }
            })
        }
        // Returned only once the helper stopped; it never ran more than `capacity` ahead.
        #expect(highest.value.withLock { $0 } < 2 + 4 + 1)
    }

    @Test("the helper reads ahead at most the budget of commits, or one release when that alone is more")
    func budget() throws {
        // Releases of uneven sizes; the writer is slow, so the helper would run far ahead.
        let sizes = (0..<120).map { $0 % 9 == 0 ? 70 : 3 }
        let written = Mutex<Int>(0)
        let overruns = Mutex<[Int]>([])
        try ReleaseReadAhead<Release>.run(count: sizes.count, capacity: 32, budget: 60, weight: { sizes[$0] }, helper: { claim, hand in
            while let index = claim() {
                // Whatever the writer wrote since the claim only lowers what is ahead.
                let first = written.withLock { $0 }
                if index > first, sizes[first...index].reduce(0, +) > 60 { overruns.withLock { $0.append(index) } }
                hand(index, .success(Self.release(index)))
            }
        }, read: { Self.release($0) }, write: { release in
            usleep(300)
            written.withLock { $0 = Self.index(release) + 1 }
        })
        #expect(overruns.withLock { $0 } == [])
        #expect(written.withLock { $0 } == sizes.count)
    }

    /// The releases let go on the helper's thread.
    private final class FreedOnHelper: Sendable {
        let indices = Mutex<[Int]>([])
    }

    /// Read by the helper; records, when let go, whether that happened on the helper's thread.
    private final class Tracked: Sendable {
        let index: Int
        let helperThread: pthread_t
        let freedOnHelper: FreedOnHelper

        init(index: Int, helperThread: pthread_t, freedOnHelper: FreedOnHelper) {
            (self.index, self.helperThread, self.freedOnHelper) = (index, helperThread, freedOnHelper)
        }

        deinit {
            if pthread_equal(pthread_self(), helperThread) != 0 { freedOnHelper.indices.withLock { $0.append(index) } }
        }
    }

    @Test("a written release is let go on the thread that read it (freeing across threads contends for the allocator's lock)")
    func writtenReleasesFreedByHelper() throws {
        let count = 300, capacity = 4
        let freedOnHelper = FreedOnHelper()
        var written: [Int] = []
        // The writer is slow, so the helper keeps claiming releases while others are written.
        try ReleaseReadAhead<Tracked>.run(count: count, capacity: capacity, helper: { claim, hand in
            let thread = pthread_self()
            while let index = claim() { hand(index, .success(Tracked(index: index, helperThread: thread, freedOnHelper: freedOnHelper))) }
        }, read: { _ in Issue.record("the helper reads every release"); throw Failure(index: -1) }, write: { item in
            usleep(50)
            written.append(item.index)
        })
        #expect(written == Array(0..<count))
        // All but those written after the helper's last claim (at most `capacity` and the one
        // being written then) are let go on the helper's thread.
        let freed = freedOnHelper.indices.withLock { $0 }
        #expect(freed.count >= count - capacity - 1, "freed on the helper: \(freed.count) of \(count)")
    }

    @Test("while it waits for the helper, the writing thread does idle work, until that says nothing is left")
    func idleWork() throws {
        var written: [Int] = []
        var calls = 0
        // The helper hands nothing over until the writing thread has run out of idle work (or
        // ten seconds passed, when it is never asked to do any: then the count below fails).
        let idleDone = DispatchSemaphore(value: 0)
        try ReleaseReadAhead<Release>.run(count: 5, helper: { claim, hand in
            _ = idleDone.wait(timeout: .now() + 10)
            while let index = claim() { hand(index, .success(Self.release(index))) }
        }, read: { Self.release($0) }, idle: {
            calls += 1
            if calls == 3 { idleDone.signal() }
            return calls < 3
        }, write: { written.append(Self.index($0)) })
        #expect(written == Array(0..<5))
        #expect(calls == 3, "called until it said nothing is left, and never after")
    }

    @Test("answers asked while waiting go release by release, a batch at a time, from the first release not started; a release takes them when it starts, and what is asked of it later is dropped")
    func answersWhileWaiting() {
        let store = AnswersWhileWaiting()
        var asked: [[Int]] = []
        func answer(_ release: Int, _ offset: Int) -> EntryExtractor.Answer? {
            asked.append([release, offset])
            return offset == 1 ? .excluded(.merge) : .counts(changelogOnly: offset == 0)
        }
        func ask() -> Bool { store.askNext(sizes: [3, 0, 5, 2], batch: 2, answer) }
        #expect(store.start(0) == [])
        #expect(ask() && ask())
        #expect(asked == [[2, 0], [2, 1], [2, 2], [2, 3]], "release 0 was started, release 1 is empty")
        #expect(store.start(1) == [])
        #expect(store.start(2) == [.counts(changelogOnly: true), .excluded(.merge), .counts(changelogOnly: false), .counts(changelogOnly: false)])
        #expect(store.start(2) == [], "taken once")
        #expect(ask())
        #expect(asked.suffix(2) == [[3, 0], [3, 1]], "the rest of a started release is not asked")
        #expect(!ask() && !ask())
        #expect(store.start(3) == [.counts(changelogOnly: true), .excluded(.merge)])

        // A release started while its batch is asked keeps nothing of it.
        let racing = AnswersWhileWaiting()
        #expect(racing.askNext(sizes: [4], batch: 2) { _, offset in
            if offset == 1 { _ = racing.start(0) }
            return .counts(changelogOnly: false)
        })
        #expect(racing.start(0) == [])
        #expect(!racing.askNext(sizes: [4], batch: 2) { _, _ in .counts(changelogOnly: false) })
    }

    /// The same history, read on one thread only.
    private struct OneThread: HistoryReader {
        let history: InMemoryHistory
        func head() throws -> CommitID? { try history.head() }
        func tagReferences() throws -> [TagReference] { try history.tagReferences() }
        func isAncestor(_ ancestor: CommitID, of descendant: CommitID) throws -> Bool { try history.isAncestor(ancestor, of: descendant) }
        func commits(reachableFrom tips: [CommitID], hiding hidden: [CommitID]) throws -> [RawCommit] { try history.commits(reachableFrom: tips, hiding: hidden) }
        func touches(_ commit: RawCommit, _ filter: PathFilter) throws -> Bool { try history.touches(commit, filter) }
    }

    @Test("changelog --all gives the same releases read on two threads as on one, cumulative prereleases and all", arguments: [UInt64(1), 2, 3])
    func sameAsOneThread(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var history = HistoryBuilder()
        var minor = 0
        var nightly = 0
        for step in 0..<400 {
            let kind = ["feat", "fix", "docs", "chore"][Int(random.next() % 4)]
            history.commit("\(kind): change \(step)")
            switch random.next() % 20 {
            case 0:
                minor += 1
                nightly = 0
                history.tag("v1.\(minor).0")
            case 1, 2:
                nightly += 1
                history.tag("v1.\(minor + 1).0-nightly.\(nightly)")
            default:
                break
            }
        }
        var folding = Configuration()
        folding.foldPrereleases = true
        for configuration in [Configuration(), folding] {
            let partitioner = ReleasePartitioner(configuration: configuration)
            let twoThreads = try partitioner.releases(in: history.history, scope: .all)
            #expect(twoThreads.count > 10)
            #expect(try partitioner.releases(in: OneThread(history: history.history), scope: .all) == twoThreads)
        }
    }
}
