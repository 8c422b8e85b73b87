import Dispatch
import Synchronization

/// What the repository tells of walked commits before their text is read (merge, outside the
/// path filter, changes only the changelog: ``EntryExtractor/answer(_:paths:)``), asked by a
/// thread of its own from the start of `changelog --all` until the releases' ranges are known.
///
/// Before the first release can be read, one thread lists the tags, walks the whole history
/// and works out every range (most of a second at a million commits), while the second core
/// has nothing to do. There, with a history of its own, this walks the history the same way
/// (``HistoryReader/walkLinks(reachableFrom:_:)``) and asks each commit the questions about
/// its trees, a quarter to a third of the time reading a commit takes. The thread that then
/// reads the releases, the slower of the two that follow, does not ask them again; it also
/// takes over this one's history (see ``finish()``). The questions stop when the ranges are
/// known, and this thread starts reading releases; from then on the writing thread asks them
/// while it waits (``AnswersWhileWaiting``).
///
/// Where walking reads every commit (a repository without git's commit-graph file), a second
/// walk would read each commit again and contend with the first; there this thread asks about
/// the commits the first thread's walk hands it instead (``WalkFeed``), the tree reads only.
final class AnswersAhead: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private let answers = Mutex<Answers>(Answers())
    /// The history the thread walked, for the thread that reads the releases.
    private let history = HistoryHandoff()

    /// The walk this thread follows, when it does not walk itself.
    private let feed: WalkFeed?

    private init(feed: WalkFeed? = nil) {
        self.feed = feed
    }

    /// Starts asking, on another thread, about the commits reachable from `head`, in a history
    /// `open` opens; answers are as `extractor` would give them.
    static func start(head: CommitID, extractor: EntryExtractor, open: @escaping @Sendable () throws -> any HistoryReader) -> AnswersAhead {
        start(feed: nil, open: open) { answers, history, stop in
            answers.ask(history, from: head, extractor: extractor, stop: stop)
        }
    }

    /// Starts asking, on another thread, about the commits `feed` hands over as another thread
    /// walks them, in a history `open` opens; answers are as `extractor` would give them.
    static func start(following feed: WalkFeed, extractor: EntryExtractor, open: @escaping @Sendable () throws -> any HistoryReader) -> AnswersAhead {
        start(feed: feed, open: open) { answers, history, stop in
            answers.ask(history, walk: feed.forEach, extractor: extractor, stop: stop)
        }
    }

    /// Asks, on another thread, as `ask` does in the history `open` opens, until ``finish()``.
    private static func start(feed: WalkFeed?, open: @escaping @Sendable () throws -> any HistoryReader, ask: @escaping @Sendable (inout Answers, any HistoryReader, _ stop: @escaping () -> Bool) -> Void) -> AnswersAhead {
        let ahead = AnswersAhead(feed: feed)
        DispatchQueue(label: "relnotes.answers-ahead").async {
            if let opened = try? open() {
                var answers = Answers()
                ask(&answers, opened) { ahead.stopped.load(ordering: .relaxed) }
                ahead.answers.withLock { $0 = answers }
                ahead.history.put(opened)
            }
            ahead.done.signal()
        }
        return ahead
    }

    /// Stops the questions and returns the answers given so far, and the history they were asked
    /// of (empty when it could not be opened), to be used by one thread at a time from now on.
    func finish() -> (answers: Answers, history: HistoryHandoff) {
        stopped.store(true, ordering: .relaxed)
        // A thread following a walk that ended early (an error) must not wait for more.
        feed?.end()
        done.wait()
        return (answers.withLock { $0 }, history)
    }

    /// The answers, by index in the walk of ``HistoryReader/commitLinks(reachableFrom:)``.
    struct Answers: Sendable {
        /// The commits asked about, in walk order: an answer is used only for the same commit
        /// at the same place of the walk (a walk that went another way, because the repository
        /// changed in between, gets none); `nil` for a commit the walk did not hand over.
        private var ids: [CommitID?] = []
        /// Each commit's answer; `nil`: not asked, because its first parent's tree was not
        /// known here (the parent is not walked right after it), or the question failed (it is
        /// asked again when the commit is read, which reports the error in its place).
        private var answers: [EntryExtractor.Answer?] = []

        /// The answer for `id`, the commit at `index` of the walk, when it was asked.
        subscript(index: Int, id: CommitID) -> EntryExtractor.Answer? {
            index < ids.count && ids[index] == id ? answers[index] : nil
        }

        /// Asks about each commit `history` walks from `head` once the next commit is walked
        /// (its first parent's tree is then known when that is its parent), until `stop` says so.
        mutating func ask(_ history: any HistoryReader, from head: CommitID, extractor: EntryExtractor, stop: @escaping () -> Bool) {
            ask(history, walk: { visit in try? history.walkLinks(reachableFrom: head) { visit($0) } }, extractor: extractor, stop: stop)
        }

        /// Asks about each commit `walk` gives (in the order of
        /// ``HistoryReader/commitLinks(reachableFrom:)``; `nil`: one walked but not handed over,
        /// left unanswered) once the next one is given, until `stop` says so.
        mutating func ask(_ history: any HistoryReader, walk: ((RawCommit?) -> Bool) -> Void, extractor: EntryExtractor, stop: @escaping () -> Bool) {
            // A commit is answered once the walk has met the next one (its first parent's tree
            // is known then); held in between without copies (a copy retains its arrays and
            // strings).
            var previous: RawCommit?
            func answer(_ commit: inout RawCommit, next: RawCommit?) {
                var known = true
                if commit.firstParentTree == nil, let first = commit.parents.first {
                    if let next, next.id == first, let tree = next.tree { commit.firstParentTree = tree } else { known = false }
                }
                ids.append(commit.id)
                if known {
                    answers.append(try? extractor.answer(commit, paths: history))
                } else {
                    answers.append(nil)
                }
            }
            walk { commit in
                if var held = previous.take() { answer(&held, next: commit) }
                if let commit {
                    previous = commit
                } else {
                    ids.append(nil)
                    answers.append(nil)
                }
                return !stop()
            }
            if var held = previous.take(), !stop() { answer(&held, next: nil) }
        }
    }
}

/// A history handed from the thread that asked ahead to the thread that reads the releases.
///
/// `@unchecked Sendable`: a history is used by one thread at a time (libgit2's rule), and this
/// one is: the asking thread leaves it here when it has stopped using it, before
/// ``AnswersAhead/finish()`` returns (a semaphore orders the two), and ``take()`` gives it out
/// once, under a lock.
final class HistoryHandoff: @unchecked Sendable {
    private let lock = Mutex(())
    private var history: (any HistoryReader)?

    /// Leaves `history` here, once its thread is done with it.
    func put(_ history: any HistoryReader) {
        lock.withLock { _ in self.history = history }
    }

    /// The history, the first time; `nil` after that (or when there was none).
    func take() -> (any HistoryReader)? {
        lock.withLock { _ in
            defer { history = nil }
            return history
        }
    }
}

/// The questions of ``AnswersAhead``, asked by the thread that writes the releases of
/// `changelog --all` while it waits for the thread that reads them, the slower of the two: for
/// the releases not started yet, from the next one on, a few commits at a time. The reading
/// thread takes a release's answers when it starts the release, and asks what is missing
/// itself; what is asked of a release after that is dropped.
///
/// Each thread reads through a repository of its own, and the reading thread's has pack
/// handles of its own too, so the two never wait for each other's pack lock (see
/// ``HistoryReader/concurrentOpener()``).
final class AnswersWhileWaiting: Sendable {
    private struct State {
        /// The last release started, in order (-1: none yet).
        var started = -1
        /// The answers of the releases not started, by offset in their ranges.
        var answers: [Int: [EntryExtractor.Answer?]] = [:]
        /// Where the asking goes on: a release, and an offset in its range.
        var next = (release: 0, offset: 0)
    }

    private let state = Mutex<State>(State())

    /// Asks `answer` about the next `batch` commits (fewer at the end of a release), from where
    /// the last call stopped or from the first release not started, whichever is later, in
    /// releases of `sizes` commits; keeps the answers unless the release was started meanwhile.
    /// False when no release is left to ask about.
    func askNext(sizes: [Int], batch: Int = 64, _ answer: (_ release: Int, _ offset: Int) -> EntryExtractor.Answer?) -> Bool {
        var (release, offset) = state.withLock { state in
            if state.next.release <= state.started { state.next = (state.started + 1, 0) }
            return state.next
        }
        while release < sizes.count, offset >= sizes[release] { (release, offset) = (release + 1, 0) }
        guard release < sizes.count else { return false }
        let end = min(offset + batch, sizes[release])
        let answered = (offset..<end).map { answer(release, $0) }
        state.withLock { state in
            state.next = (release, end)
            guard release > state.started, state.answers[release, default: []].count == offset else { return }
            state.answers[release, default: []] += answered
        }
        return true
    }

    /// Starts `release` (releases start in order): the answers asked of its commits, by offset
    /// in its range (fewer than its commits, or none, when the asking had not gone so far).
    func start(_ release: Int) -> [EntryExtractor.Answer?] {
        state.withLock { state in
            state.started = max(state.started, release)
            return state.answers.removeValue(forKey: release) ?? []
        }
    }
}
