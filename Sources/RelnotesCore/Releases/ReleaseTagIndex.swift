/// The release tags of a history as seen from HEAD: which exist, and which HEAD contains.
///
/// Which tags HEAD contains is decided by one walk of HEAD's history (parents only), as
/// `git tag --merged HEAD` does, never by an ancestry question per tag: a tag on a branch HEAD
/// never merged would cost a walk of the whole history each. The walk is lazy: it goes on only
/// as far as the questions asked need, and stops once every tag's commit has been met, so "the
/// highest release tag HEAD contains" usually reads a few commits near HEAD.
public struct ReleaseTagIndex {
    /// Every release tag under the pattern, ascending precedence.
    public let all: [ReleaseTag]
    /// The commit HEAD points at.
    public let head: CommitID
    private let marks: Marks

    /// Reads the tags of `reader` and keeps those that `pattern` recognises.
    public init(reader: any HistoryReader, head: CommitID, pattern: TagNamePattern) throws {
        self.init(reader: reader, head: head, tags: pattern.releaseTags(in: try reader.tagReferences()))
    }

    /// Uses release tags already read (ascending precedence, as `TagNamePattern.releaseTags`
    /// gives them); `reader` walks HEAD's history when a question needs it.
    public init(reader: any HistoryReader, head: CommitID, tags: [ReleaseTag]) {
        self.head = head
        self.all = tags
        self.marks = Marks(reader: reader, head: head, targets: Set(tags.map(\.target)))
    }

    /// Uses release tags already read, with HEAD's history already known: a tag is reachable
    /// exactly when its commit is one of `headHistory`, so nothing is walked.
    init(reader: any HistoryReader, head: CommitID, tags: [ReleaseTag], headHistory: Set<CommitID>) {
        self.init(reader: reader, head: head, tags: tags)
        marks.settle(reached: marks.targets.filter { headHistory.contains($0) })
    }

    /// Whether HEAD contains the tag's commit.
    public mutating func isReachable(_ tag: ReleaseTag) throws -> Bool {
        try marks.isReachable(tag.target)
    }

    /// The highest-precedence reachable tag that satisfies `condition`.
    public mutating func highestReachable(where condition: (ReleaseTag) -> Bool = { _ in true }) throws -> ReleaseTag? {
        for tag in all.reversed() where condition(tag) {
            if try isReachable(tag) { return tag }
        }
        return nil
    }

    /// Every reachable tag, ascending precedence.
    public mutating func reachable() throws -> [ReleaseTag] {
        var result = [ReleaseTag]()
        for tag in all where try isReachable(tag) { result.append(tag) }
        return result
    }

    /// The commits HEAD has that no release tag HEAD contains, as walked (newest first), and
    /// the highest release tag HEAD contains. Hides the highest reachable tag, then any release
    /// tag whose commit is still in the range (a back-port branch merged later), until none is:
    /// a few range walks, and no need to know every tag's reachability.
    public mutating func unreleasedCommits() throws -> (commits: [RawCommit], latest: ReleaseTag?) {
        let reader = marks.reader
        let latest = try highestReachable()
        var hidden = latest.map { [$0.target] } ?? []
        var raw = try reader.commits(reachableFrom: [head], hiding: hidden)
        if !hidden.isEmpty {
            while true {
                let inRange = Set(raw.map(\.id))
                let more = Set(all.map(\.target).filter { inRange.contains($0) })
                guard !more.isEmpty else { break }
                hidden += more.sorted()
                raw = try reader.commits(reachableFrom: [head], hiding: hidden)
            }
        }
        return (raw, latest)
    }

    /// The state of the one walk from HEAD, shared by copies of the index (its answers are
    /// facts about the history, so sharing them is safe).
    private final class Marks {
        let reader: any HistoryReader
        let head: CommitID
        /// The commits of every release tag.
        let targets: Set<CommitID>
        /// The tag commits the walk has met.
        private var reached: Set<CommitID> = []
        private var cursor: (any CommitCursor)?
        /// Whether the walk is over (every commit given, or every tag commit met).
        private var finished = false

        init(reader: any HistoryReader, head: CommitID, targets: Set<CommitID>) {
            self.reader = reader
            self.head = head
            self.targets = targets
        }

        func settle(reached: Set<CommitID>) {
            self.reached = reached
            finished = true
            cursor = nil
        }

        func isReachable(_ target: CommitID) throws -> Bool {
            if target == head || reached.contains(target) { return true }
            if finished || !targets.contains(target) { return false }
            let walk: any CommitCursor
            if let cursor {
                walk = cursor
            } else {
                walk = try reader.ancestors(of: head)
                cursor = walk
            }
            while let id = try walk.next() {
                guard targets.contains(id), reached.insert(id).inserted else { continue }
                if reached.count == targets.count { settle(reached: reached) }
                if id == target { return true }
            }
            settle(reached: reached)
            return false
        }
    }
}
