import Dispatch
import Synchronization

/// The commits one thread's walk meets, handed to another thread that follows the walk
/// (``AnswersAhead``) while it goes on, in batches; the walking thread never waits for it.
///
/// When more than ``limit`` commits wait for the following thread to take them, the walk's
/// next batches are handed over as a count only (`nil`s to the follower, which leaves those
/// commits unanswered): what waits here, and what the follower has taken but not yet asked
/// about, stay within twice the limit, however long the history.
final class WalkFeed: Sendable {
    private enum Part {
        case commits([RawCommit])
        case skipped(Int)
    }

    private struct State {
        var parts: [Part] = []
        /// The commits in ``parts`` (skipped ones not counted).
        var waiting = 0
        var ended = false
    }

    private let state = Mutex<State>(State())
    private let arrived = DispatchSemaphore(value: 0)
    /// How many commits may wait for the follower.
    let limit: Int
    /// How many commits the walking thread hands over at a time.
    let batchSize: Int

    init(limit: Int = 8_192, batchSize: Int = 256) {
        self.limit = limit
        self.batchSize = batchSize
    }

    /// What the walking thread holds: the commits of its current batch.
    struct Walker: ~Copyable {
        let feed: WalkFeed
        private var batch: [RawCommit] = []

        init(_ feed: WalkFeed) {
            self.feed = feed
        }

        /// The next commit of the walk.
        mutating func add(_ commit: RawCommit) {
            batch.append(commit)
            if batch.count >= feed.batchSize { hand() }
        }

        /// The walk is over: the last batch is handed over, and the follower stops after it.
        consuming func end() {
            hand()
            feed.end()
        }

        private mutating func hand() {
            guard !batch.isEmpty else { return }
            let count = batch.count
            // The batch is moved into the feed, or dropped for a count when the follower is
            // behind; either way this thread starts a new one.
            var handed: [RawCommit] = []
            swap(&handed, &batch)
            feed.state.withLock { state in
                if state.waiting + count > feed.limit {
                    if case .skipped(let earlier) = state.parts.last {
                        state.parts[state.parts.count - 1] = .skipped(earlier + count)
                    } else {
                        state.parts.append(.skipped(count))
                    }
                } else {
                    state.parts.append(.commits(handed))
                    state.waiting += count
                }
            }
            feed.arrived.signal()
        }
    }

    /// Ends the walk for the follower (also when the walk stopped on an error): it returns once
    /// it has been given what was handed over.
    func end() {
        state.withLock { $0.ended = true }
        arrived.signal()
    }

    /// Gives the follower each commit handed over, in walk order (`nil` for each one skipped),
    /// waiting for more until the walk ends or `visit` returns false.
    func forEach(_ visit: (RawCommit?) -> Bool) {
        while true {
            let (parts, ended) = state.withLock { state in
                defer {
                    state.parts = []
                    state.waiting = 0
                }
                return (state.parts, state.ended)
            }
            for part in parts {
                switch part {
                case .commits(let commits):
                    for commit in commits where !visit(commit) { return }
                case .skipped(let count):
                    for _ in 0..<count where !visit(nil) { return }
                }
            }
            if parts.isEmpty {
                if ended { return }
                arrived.wait()
            }
        }
    }
}
