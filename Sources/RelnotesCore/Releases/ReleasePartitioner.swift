/// Cuts a history into releases (SPEC.md section 4).
///
/// A release's commits are a set difference on the commit graph: those reachable from its tag
/// and not from its previous release. They are never a cut through a linear log, so a branch
/// merged after a tag lands in the next release, however old its commits are.
public struct ReleasePartitioner: Sendable {
    public var configuration: Configuration
    private let parser = ConventionalCommitParser()

    /// Which sections to produce.
    public enum Scope: Hashable, Sendable {
        /// Only the unreleased commits.
        case unreleased
        /// Every release reachable from HEAD, newest first, after the unreleased commits.
        case all
    }

    /// The release about to be cut (`--tag V`): the unreleased commits are titled with it and
    /// counted from the release before it, as its tag would count them.
    public struct PlannedRelease: Hashable, Sendable {
        public var version: SemanticVersion
        public var tagName: String
        public var date: Timestamp

        public init(version: SemanticVersion, tagName: String, date: Timestamp) {
            self.version = version
            self.tagName = tagName
            self.date = date
        }
    }

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The releases of `scope`, newest first; the unreleased (or planned) section comes first
    /// and is present even when it has no commits.
    public func releases(in reader: any HistoryReader, scope: Scope, planned: PlannedRelease? = nil) throws -> [Release] {
        guard let head = try reader.head() else {
            throw HistoryError("the repository has no commits yet, so there is no changelog to write", hint: "make a first commit, then run relnotes again")
        }
        let references = try reader.tagReferences()
        if let planned, let clash = references.first(where: { $0.name == planned.tagName }) {
            throw HistoryError("tag \(clash.name) already exists", hint: "choose another version, or leave out --tag to render its section from the tag")
        }
        // Every release: walk the history once and answer each range and ancestry question from
        // memory, rather than walking once per tag. One section: one walk of its own range.
        let source: any HistoryReader = scope == .all
            ? InMemoryHistory(commits: try reader.commits(reachableFrom: [head], hiding: []), tags: references, head: head)
            : reader
        var index = ReleaseTagIndex(reader: source, head: head, tags: configuration.tagNamePattern.releaseTags(in: references))
        let owners = Self.owners(of: try index.reachable())
        var context = Context(reader: source, paths: reader, parser: parser, configuration: configuration)

        var result = [Release]()
        if let planned {
            let previous = try context.previous(of: planned.version, at: head, among: owners)
            let (commits, _) = try context.commits(from: head, hiding: previous.map { [$0.tag.target] } ?? [])
            result.append(Release(tag: nil, version: planned.version, plannedTagName: planned.tagName, previous: previous?.tag, date: planned.date, commits: commits))
        } else {
            let (commits, _) = try context.commits(from: head, hiding: owners.map(\.tag.target))
            let latest = owners.last?.tag
            result.append(Release(tag: nil, version: nil, previous: latest, date: nil, commits: commits))
        }
        guard scope == .all else { return result }

        for owner in owners.reversed() {
            let previous = try context.previous(of: owner.tag.version, at: owner.tag.target, among: owners)
            let (commits, tipTime) = try context.commits(from: owner.tag.target, hiding: previous.map { [$0.tag.target] } ?? [])
            let date = configuration.releaseDate == .tagger ? owner.tag.annotation?.tagger?.time ?? tipTime : tipTime
            result.append(Release(tag: owner.tag, version: owner.tag.version, aliases: owner.aliases, previous: previous?.tag, date: date, commits: commits))
        }
        return result
    }

    /// Several tags on one commit: the highest version owns the range, the others are aliases.
    /// Ascending precedence.
    static func owners(of tags: [ReleaseTag]) -> [Owner] {
        var byTarget = [CommitID: [ReleaseTag]]()
        for tag in tags { byTarget[tag.target, default: []].append(tag) }
        return byTarget.values.map { group in
            let sorted = group.sorted(by: ReleaseTag.precedes)
            return Owner(tag: sorted[sorted.count - 1], aliases: Array(sorted.dropLast().reversed()))
        }
        .sorted { ReleaseTag.precedes($0.tag, $1.tag) }
    }

    struct Owner {
        var tag: ReleaseTag
        var aliases: [ReleaseTag]
    }

    /// The per-run state: parsed commits are remembered, since cumulative ranges overlap.
    private struct Context {
        let reader: any HistoryReader
        /// Answers path questions: the repository itself, even when ranges come from memory.
        let paths: any HistoryReader
        let parser: ConventionalCommitParser
        let configuration: Configuration
        let filter: PathFilter
        var parsed: [CommitID: ConventionalCommit] = [:]
        var kept: [CommitID: Bool] = [:]

        init(reader: any HistoryReader, paths: any HistoryReader, parser: ConventionalCommitParser, configuration: Configuration) {
            self.reader = reader
            self.paths = paths
            self.filter = configuration.pathFilter
            self.parser = parser
            self.configuration = configuration
        }

        /// The release a range that ends at `commit` (version `version`) starts from: the
        /// highest-precedence release of lower precedence that is an ancestor; a stable version
        /// looks back to stable releases only, unless `prereleases = "separate"`.
        mutating func previous(of version: SemanticVersion, at commit: CommitID, among owners: [Owner]) throws -> Owner? {
            let stableOnly = !version.isPrerelease && configuration.prereleases == .cumulative
            for candidate in owners.reversed() where candidate.tag.version < version && !candidate.tag.version.hasSamePrecedence(as: version) {
                if stableOnly && candidate.tag.version.isPrerelease { continue }
                if try reader.isAncestor(candidate.tag.target, of: commit) { return candidate }
            }
            return nil
        }

        /// The commits of a range, and the committer time of its tip (the release date, even
        /// when the tip is a merge that is left out).
        mutating func commits(from tip: CommitID, hiding hidden: [CommitID]) throws -> (commits: [ConventionalCommit], tipTime: Timestamp?) {
            let raw = CommitGraph.canonicallyOrdered(try reader.commits(reachableFrom: [tip], hiding: hidden))
            let tipTime = raw.first { $0.id == tip }?.committer.time
            var result = [ConventionalCommit]()
            result.reserveCapacity(raw.count)
            for commit in raw where configuration.includeMerges || !commit.isMerge {
                if !filter.isEmpty {
                    let keep: Bool
                    if let known = kept[commit.id] {
                        keep = known
                    } else {
                        keep = try paths.touches(commit, filter)
                        kept[commit.id] = keep
                    }
                    guard keep else { continue }
                }
                if let known = parsed[commit.id] {
                    result.append(known)
                } else {
                    let parsedCommit = parser.parse(commit)
                    parsed[commit.id] = parsedCommit
                    result.append(parsedCommit)
                }
            }
            return (RevertResolver.droppingRevertedPairs(result), tipTime)
        }
    }
}
