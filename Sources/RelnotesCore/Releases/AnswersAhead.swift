import Dispatch
import Synchronization

/// What the repository tells of walked commits before their text is read (merge, outside the
/// path filter, changes only the changelog: ``EntryExtractor/answer(_:paths:)``), asked on
/// this thread while another thread works out the releases' ranges.
///
/// Working out every range of a long history takes a while (a third of a second at a million
/// commits) and needs no repository, while the question about a commit's trees is a quarter of
/// the time reading it takes. Asked here, on a core that would otherwise wait, those answers
/// are not asked again by the thread that reads the releases, which is the slower of the two
/// that follow. The answers stop when the ranges are ready: two threads reading objects at once
/// contend for libgit2's pack locks.
struct AnswersAhead: Sendable {
    /// By index in the walked commits; `nil`: not asked (or the question failed, and is asked
    /// again when the commit is read, which reports the error in its place).
    private let answers: [EntryExtractor.Answer?]

    /// The answer for the commit at `index` in the walked commits, when it was asked.
    subscript(index: Int) -> EntryExtractor.Answer? {
        index < answers.count ? answers[index] : nil
    }

    private init(_ answers: [EntryExtractor.Answer?]) {
        self.answers = answers
    }

    /// Runs `work` on another thread and meanwhile answers `extractor`'s questions about
    /// `walked` (commits as ``HistoryReader/commitLinks(reachableFrom:)`` gives them, children
    /// before their first parent as often as not), in order, asking `paths`, until `work`
    /// returns. Returns what `work` returned (or throws what it threw) and the answers.
    ///
    /// A commit's first parent's tree is known when the parent is the next commit walked (or the
    /// walk gave it); other commits are left to the reading thread, which finds it in the
    /// history's graph, rather than read the parent here.
    static func answering<Result: Sendable>(
        _ walked: [RawCommit],
        extractor: EntryExtractor,
        paths: any HistoryReader,
        while work: @escaping @Sendable () throws -> Result
    ) throws -> (result: Result, answers: AnswersAhead) {
        let done = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
        let outcome = Mutex<Swift.Result<Result, any Error>?>(nil)
        DispatchQueue(label: "relnotes.ranges").async {
            let result = Swift.Result { () throws(any Error) -> Result in try work() }
            outcome.withLock { $0 = result }
            done.store(true, ordering: .releasing)
            finished.signal()
        }
        var answers = [EntryExtractor.Answer?](repeating: nil, count: walked.count)
        for index in walked.indices {
            if done.load(ordering: .acquiring) { break }
            var commit = walked[index]
            if commit.firstParentTree == nil, let first = commit.parents.first {
                guard index + 1 < walked.count, walked[index + 1].id == first, let tree = walked[index + 1].tree else { continue }
                commit.firstParentTree = tree
            }
            answers[index] = try? extractor.answer(commit, paths: paths)
        }
        finished.wait()
        // Set before the semaphore was signalled.
        guard let result = outcome.withLock({ $0 }) else { preconditionFailure("the ranges' thread signalled without a result") }
        return (try result.get(), AnswersAhead(answers))
    }
}
