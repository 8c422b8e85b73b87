/// The release tags of a history as seen from HEAD: which exist, and which HEAD contains.
///
/// Ancestry is asked lazily and remembered, so that answering "the highest stable tag HEAD
/// contains" costs a few ancestry checks, not one per tag.
public struct ReleaseTagIndex {
    /// Every release tag under the pattern, ascending precedence.
    public let all: [ReleaseTag]
    /// The commit HEAD points at.
    public let head: CommitID
    private let reader: any HistoryReader
    private var containedByHead: [CommitID: Bool] = [:]

    /// Reads the tags of `reader` and keeps those that `pattern` recognises.
    public init(reader: any HistoryReader, head: CommitID, pattern: TagNamePattern) throws {
        self.init(reader: reader, head: head, tags: pattern.releaseTags(in: try reader.tagReferences()))
    }

    /// Uses release tags already read (ascending precedence, as `TagNamePattern.releaseTags`
    /// gives them); `reader` answers ancestry.
    public init(reader: any HistoryReader, head: CommitID, tags: [ReleaseTag]) {
        self.reader = reader
        self.head = head
        self.all = tags
    }

    /// Uses release tags already read, with HEAD's history already known: a tag is reachable
    /// exactly when its commit is one of `headHistory`, so no ancestry question is asked.
    init(reader: any HistoryReader, head: CommitID, tags: [ReleaseTag], headHistory: Set<CommitID>) {
        self.init(reader: reader, head: head, tags: tags)
        for tag in tags { containedByHead[tag.target] = headHistory.contains(tag.target) }
    }

    /// Whether HEAD contains the tag's commit.
    public mutating func isReachable(_ tag: ReleaseTag) throws -> Bool {
        if let known = containedByHead[tag.target] { return known }
        let answer = try reader.isAncestor(tag.target, of: head)
        containedByHead[tag.target] = answer
        return answer
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
}
