import Dispatch
import Synchronization

/// Releases read (into what is handed over: `Item`) by a second thread, written by this one,
/// in order.
///
/// `changelog --all` spends its time reading each release's commits, parsing them, and
/// building and writing its section. With two cores, a second thread reads the next releases
/// (from a history of its own: libgit2 wants one repository per thread) while this thread
/// decodes, parses, builds and writes the previous ones. Only one thread reads releases:
/// splitting them between two readers measured slower than one. While this thread waits for
/// the next release it does `idle` work instead (asking ahead what the helper would ask: see
/// ``AnswersWhileWaiting``). Releases are values: nothing is shared but this object. At most
/// `capacity` releases, and releases of at most `budget` commits together (always at least
/// one), are read ahead of the one being written, so memory stays that of a few releases.
/// (Release sizes vary: with room for only four, each thread kept waiting for the other on
/// the uneven ones.)
///
/// A written release is let go on the thread that read it (when it next claims a release):
/// glibc frees a block into the allocating thread's arena under that arena's lock, so freeing
/// on this thread what the other allocated made the two wait for each other, on every commit's
/// text (about 25,000 context switches, nearly all waits for that lock, in `changelog --all` on
/// a 1,000,000-commit history; 4,000 since).
final class ReleaseReadAhead<Item: Sendable>: Sendable {
    private let capacity: Int
    private let budget: Int
    private let weight: @Sendable (Int) -> Int
    private let count: Int
    /// Signalled when a release is handed over.
    private let ready = DispatchSemaphore(value: 0)
    /// Signalled when a release has been written (room for one more) or the writer stopped.
    private let room = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let state = Mutex<State>(State())

    private struct State {
        /// The next release nobody has claimed.
        var next = 0
        /// How many releases have been written.
        var written = 0
        /// The weight of the releases claimed and not yet written.
        var inFlight = 0
        var results: [Int: Result<Item, any Error>] = [:]
        /// Releases written, for the helper to let go (see the type's documentation).
        var writtenItems: [Item] = []
        var stopped = false
        /// Whether the writer waits on ``ready`` / the helper on ``room``: each is signalled
        /// only then, once, so that neither semaphore gathers credits that would later make a
        /// wait return at once, again and again.
        var writerWaits = false
        var helperWaits = false
        /// Whether the helper has returned (every release claimed, or it could not start).
        var helperDone = false
    }

    private init(count: Int, capacity: Int, budget: Int, weight: @escaping @Sendable (Int) -> Int) {
        self.count = count
        self.capacity = capacity
        self.budget = budget
        self.weight = weight
    }

    /// Whether release `state.next` may be claimed now: within `capacity` releases and `budget`
    /// of weight ahead of the writer, or the only release ahead (so a large one still goes).
    private func mayClaim(_ state: State) -> Bool {
        guard state.next < state.written + capacity else { return false }
        return state.next == state.written || state.inFlight + weight(state.next) <= budget
    }

    /// Claims release `state.next`.
    private func claim(_ state: inout State) -> Int {
        state.inFlight += weight(state.next)
        state.next += 1
        return state.next - 1
    }

    /// Reads and writes releases `0..<count` in order: `helper` runs on another thread and reads
    /// the releases `claim` gives it (`nil`: no more), handing each over; `read` reads one on
    /// this thread, for the releases the helper left (all of them when it could not start);
    /// `write` writes each, in order, on this thread. Instead of waiting for the helper, this
    /// thread calls `idle`, a short piece of work at a time, until it returns false (nothing
    /// more to do, for the rest of the run). An error reading a release is
    /// thrown when its turn to be written comes (the releases before it are written); an error
    /// writing stops both. A helper that cannot start (it returns at once) leaves every release
    /// to this thread. `weight` tells how much of `budget` a release takes (its commits).
    /// Returns only when the helper has stopped.
    static func run(
        count: Int,
        capacity: Int = 32,
        budget: Int = 16_384,
        weight: @escaping @Sendable (Int) -> Int = { _ in 1 },
        helper: @escaping @Sendable (_ claim: () -> Int?, _ hand: (Int, Result<Item, any Error>) -> Void) -> Void,
        read: (Int) throws -> Item,
        idle: () -> Bool = { false },
        write: (Item) throws -> Void
    ) throws {
        let queue = ReleaseReadAhead(count: count, capacity: capacity, budget: budget, weight: weight)
        DispatchQueue(label: "relnotes.read-ahead").async {
            helper({ queue.claimWaiting() }, { queue.hand($0, $1) })
            let wake = queue.state.withLock { state in
                state.helperDone = true
                defer { state.writerWaits = false }
                return state.writerWaits
            }
            if wake { queue.ready.signal() }
            queue.finished.signal()
        }
        defer {
            queue.state.withLock { $0.stopped = true }
            // One credit for good measure: a helper about to wait finds it.
            queue.room.signal()
            queue.finished.wait()
        }
        var idleWorkLeft = true
        for index in 0..<count {
            let result: Result<Item, any Error>
            while true {
                let (found, claimed, idles) = queue.state.withLock { state -> (Result<Item, any Error>?, Int?, Bool) in
                    if let found = state.results.removeValue(forKey: index) { return (found, nil, false) }
                    // Releases are read here only once the helper has stopped (it could not
                    // open the history): two threads reading releases measured slower than one.
                    guard state.helperDone, state.next < count, queue.mayClaim(state) else {
                        if idleWorkLeft, !state.helperDone { return (nil, nil, true) }
                        state.writerWaits = true
                        return (nil, nil, false)
                    }
                    return (nil, queue.claim(&state), false)
                }
                if let found {
                    result = found
                    break
                }
                if idles {
                    idleWorkLeft = idle()
                    continue
                }
                if let claimed {
                    let own = Result { () throws(any Error) -> Item in try read(claimed) }
                    queue.state.withLock { $0.results[claimed] = own }
                    continue
                }
                queue.ready.wait()
            }
            // No copy left here once it is handed back, or it would be freed here after all.
            var item = Optional(try (consume result).get())
            try write(item!)
            let wake = queue.state.withLock { state in
                // Once the helper has stopped, what is written is let go here.
                if !state.helperDone, let written = item.take() { state.writtenItems.append(written) }
                state.written += 1
                state.inFlight -= queue.weight(index)
                defer { state.helperWaits = false }
                return state.helperWaits
            }
            if wake { queue.room.signal() }
        }
    }

    /// The helper's next release, waiting while `capacity` releases (or `budget`) are read
    /// ahead; `nil` when every release is claimed or the writer has stopped. Lets go of the
    /// releases written since the last call.
    private func claimWaiting() -> Int? {
        while true {
            var spent: [Item] = []
            let claimed = state.withLock { state -> Int?? in
                swap(&spent, &state.writtenItems)
                if state.stopped || state.next >= count { return .some(nil) }
                guard mayClaim(state) else {
                    state.helperWaits = true
                    return nil
                }
                return .some(claim(&state))
            }
            // Freed here, on this thread: after the lock, before any wait.
            spent.removeAll()
            if let claimed { return claimed }
            room.wait()
        }
    }

    private func hand(_ index: Int, _ result: Result<Item, any Error>) {
        let wake = state.withLock { state in
            state.results[index] = result
            defer { state.writerWaits = false }
            return state.writerWaits
        }
        if wake { ready.signal() }
    }
}

/// The commits two threads share while reading releases: a commit in several ranges (cumulative
/// prereleases) is read once, by whichever thread meets it first, and let go when no range still
/// to be read holds it.
final class ReadCommits: Sendable {
    private let state: Mutex<(reads: [CommitID: EntryExtractor.Read], uses: [UInt8])>

    /// `uses`: how many ranges hold each commit, by position (255: kept to the end).
    init(uses: [UInt8]) {
        state = Mutex(([:], uses))
    }

    /// Counts one use of the commit `id` at `position`: what was read of it when a thread has
    /// read it already, and how many ranges still to be read hold it after this one.
    func take(_ id: CommitID, at position: Int) -> (known: EntryExtractor.Read?, remaining: UInt8) {
        state.withLock { state in
            guard position < state.uses.count else { return (nil, 0) }
            let count = state.uses[position]
            // Saturated at 255: the commit is simply kept to the end.
            let left = count == .max ? count : max(count, 1) - 1
            state.uses[position] = left
            guard let known = state.reads[id] else { return (nil, left) }
            if left == 0 { state.reads[id] = nil }
            return (known, left)
        }
    }

    /// Keeps what was read of a commit that later ranges hold.
    func keep(_ id: CommitID, _ read: EntryExtractor.Read) {
        state.withLock { $0.reads[id] = read }
    }
}
