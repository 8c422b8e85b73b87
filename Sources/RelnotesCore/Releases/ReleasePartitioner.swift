/// Cuts a history into releases (docs/versioning.md).
///
/// A release's commits are a set difference on the commit graph: those reachable from its tag
/// and not from its previous release. They are never a cut through a linear log, so a branch
/// merged after a tag lands in the next release, however old its commits are.
public struct ReleasePartitioner: Sendable {
    /// The configuration that decides release tags, ranges and path filters.
    public var configuration: Configuration

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
        /// The version being released.
        public var version: SemanticVersion
        /// The tag it will have.
        public var tagName: String
        /// The date it is released on.
        public var date: Timestamp

        /// Creates a planned release.
        public init(version: SemanticVersion, tagName: String, date: Timestamp) {
            self.version = version
            self.tagName = tagName
            self.date = date
        }
    }

    /// Creates a partitioner for `configuration`.
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
        let releaseTags = configuration.tagNamePattern.releaseTags(in: references)
        guard scope == .all else {
            // One section: walk only its own range, and ask ancestry only of the tags that matter.
            var index = ReleaseTagIndex(reader: reader, head: head, tags: releaseTags)
            var context = Context(reader: reader, paths: reader, configuration: configuration)
            return [try unreleasedSection(head: head, index: &index, context: &context, planned: planned)]
        }
        // Every release: walk the history once and answer each range and ancestry question from
        // memory, rather than walking once per tag.
        let history = try reader.commits(reachableFrom: [head], hiding: [])
        let source = InMemoryHistory(commits: history, tags: references, head: head)
        var index = ReleaseTagIndex(reader: source, head: head, tags: releaseTags, headHistory: Set(history.map(\.id)))
        let owners = Self.owners(of: try index.reachable())
        var context = Context(reader: source, paths: reader, configuration: configuration, expectedCommits: history.count)

        var result = [try unreleasedSection(head: head, index: &index, context: &context, planned: planned)]
        let folded = Self.foldedPrereleases(owners, planned: planned, configuration: configuration)
        if let planned, let tags = folded.byStableCore[planned.version.core], !planned.version.isPrerelease {
            result[0].aliases = tags
        }

        for owner in owners.reversed() where !folded.folded.contains(owner.tag.name) {
            let previous = try context.previous(of: owner.tag.version, at: owner.tag.target, among: owners)
            let (commits, tipTime) = try context.commits(from: owner.tag.target, hiding: previous.map { [$0.tag.target] } ?? [])
            let date = configuration.releaseDate == .tagger ? owner.tag.annotation?.tagger?.time ?? tipTime : tipTime
            var aliases = owner.aliases
            if !owner.tag.version.isPrerelease { aliases += folded.byStableCore[owner.tag.version.core] ?? [] }
            result.append(Release(tag: owner.tag, version: owner.tag.version, aliases: aliases, previous: previous?.tag, date: date, commits: commits))
        }
        return result
    }

    /// `fold_prereleases = true` with cumulative ranges (docs/configuration.md): the prereleases
    /// whose stable release (same core) is reachable, or is the planned release, get no section;
    /// their tags (and aliases) are listed under that release, highest first. With
    /// `prereleases = "separate"` a stable range does not hold its prereleases' commits, so
    /// nothing is folded.
    static func foldedPrereleases(_ owners: [Owner], planned: PlannedRelease?, configuration: Configuration) -> (folded: Set<String>, byStableCore: [SemanticVersion: [ReleaseTag]]) {
        guard configuration.foldPrereleases, configuration.prereleases == .cumulative else { return ([], [:]) }
        var stableCores = Set(owners.filter { !$0.tag.version.isPrerelease }.map(\.tag.version.core))
        if let planned, !planned.version.isPrerelease { stableCores.insert(planned.version.core) }
        var folded = Set<String>()
        var byStableCore: [SemanticVersion: [ReleaseTag]] = [:]
        for owner in owners.reversed() where owner.tag.version.isPrerelease && stableCores.contains(owner.tag.version.core) {
            folded.insert(owner.tag.name)
            byStableCore[owner.tag.version.core, default: []] += [owner.tag] + owner.aliases
        }
        return (folded, byStableCore)
    }

    /// The release section of one tag (or of the higher tag on its commit, which owns the range
    /// and lists `tag` among its aliases), the same as ``releases(in:scope:planned:)`` with
    /// HEAD at the tag gives, computed from its own range: one lazy walk finds the previous
    /// release, and no other release is read.
    public func release(of tag: ReleaseTag, in reader: any HistoryReader) throws -> Release {
        let releaseTags = configuration.tagNamePattern.releaseTags(in: try reader.tagReferences())
        var index = ReleaseTagIndex(reader: reader, head: tag.target, tags: releaseTags)
        // Tags on one commit are reachable together, so owners of all tags are the owners of
        // the reachable ones.
        let owners = Self.owners(of: releaseTags)
        guard let owner = owners.first(where: { $0.tag.target == tag.target }) else {
            throw HistoryError("tag \(tag.name) has no release section", hint: "check tag_prefix and component in .relnotes.toml")
        }
        let version = owner.tag.version
        let stableOnly = !version.isPrerelease && configuration.prereleases == .cumulative
        var previous: Owner?
        for candidate in owners.reversed() where candidate.tag.version < version && !candidate.tag.version.hasSamePrecedence(as: version) {
            if stableOnly && candidate.tag.version.isPrerelease { continue }
            if try index.isReachable(candidate.tag) {
                previous = candidate
                break
            }
        }
        var context = Context(reader: reader, paths: reader, configuration: configuration)
        let (commits, tipTime) = try context.commits(from: owner.tag.target, hiding: previous.map { [$0.tag.target] } ?? [])
        let date = configuration.releaseDate == .tagger ? owner.tag.annotation?.tagger?.time ?? tipTime : tipTime
        return Release(tag: owner.tag, version: owner.tag.version, aliases: owner.aliases, previous: previous?.tag, date: date, commits: commits)
    }

    /// The Unreleased section (or the planned release): the commits HEAD has that no release
    /// tag HEAD contains. Starts by hiding the highest reachable tag, then also hides any release
    /// tag whose commit is still in the range (a back-port branch merged later), until none is:
    /// a few walks at most, and ancestry asked of one tag, not of every tag.
    private func unreleasedSection(head: CommitID, index: inout ReleaseTagIndex, context: inout Context, planned: PlannedRelease?) throws -> Release {
        if let planned {
            let stableOnly = !planned.version.isPrerelease && configuration.prereleases == .cumulative
            let previous = try index.highestReachable { candidate in
                candidate.version < planned.version && !candidate.version.hasSamePrecedence(as: planned.version)
                    && !(stableOnly && candidate.version.isPrerelease)
            }
            let (commits, _) = try context.commits(from: head, hiding: previous.map { [$0.target] } ?? [])
            return Release(tag: nil, version: planned.version, plannedTagName: planned.tagName, previous: previous, date: planned.date, commits: commits)
        }
        let (raw, latest) = try index.unreleasedCommits()
        let (commits, _) = try context.convert(raw, tip: head)
        return Release(tag: nil, version: nil, previous: latest, date: nil, commits: commits)
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
        let configuration: Configuration
        let extractor: EntryExtractor
        /// The entries of each commit seen (none for a commit that does not count).
        var entries: [CommitID: [ConventionalCommit]] = [:]

        init(reader: any HistoryReader, paths: any HistoryReader, configuration: Configuration, expectedCommits: Int = 0) {
            entries.reserveCapacity(expectedCommits)
            self.reader = reader
            self.paths = paths
            self.extractor = EntryExtractor(configuration: configuration)
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
            try convert(reader.commits(reachableFrom: [tip], hiding: hidden), tip: tip)
        }

        /// A walked range as the notes see it: canonical order, merges and reverted pairs left
        /// out, commits outside the path filter left out, each commit parsed once per run.
        mutating func convert(_ walked: [RawCommit], tip: CommitID) throws -> (commits: [ConventionalCommit], tipTime: Timestamp?) {
            let raw = CommitGraph.canonicallyOrdered(walked)
            let tipTime = raw.first { $0.id == tip }?.committer.time
            var result = [ConventionalCommit]()
            result.reserveCapacity(raw.count)
            for commit in raw {
                if let known = entries[commit.id] {
                    result += known
                } else {
                    let found = try extractor.entries(of: commit, paths: paths).entries
                    entries[commit.id] = found
                    result += found
                }
            }
            return (RevertResolver.droppingRevertedPairs(result), tipTime)
        }
    }
}
