/// Finds one release of a history, for `relnotes notes`, `tag` and `publish`.
public struct ReleaseSelector: Sendable {
    /// The configuration that decides release tags and ranges.
    public var configuration: Configuration

    /// Which release.
    public enum Selection: Hashable, Sendable {
        /// The current version's release (the highest release tag HEAD contains).
        case latest
        /// The release of this tag; a tag HEAD does not contain (a back-port) is read from its own history.
        case tag(String)
        /// The unreleased commits.
        case unreleased
        /// The unreleased commits titled as the release about to be cut.
        case planned(ReleasePartitioner.PlannedRelease)
    }

    /// A release with the people who made it.
    public struct Selected: Hashable, Sendable {
        /// The release chosen.
        public var release: Release
        /// Authors and co-authors; first-time marks need an earlier release to compare with.
        public var contributors: [Contributor]
    }

    /// Creates a selector for `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Finds the release `selection` names in `reader`; throws when there is none.
    public func select(_ selection: Selection, in reader: any HistoryReader) throws -> Selected {
        let partitioner = ReleasePartitioner(configuration: configuration)
        let release: Release
        switch selection {
        case .unreleased:
            release = try partitioner.releases(in: reader, scope: .unreleased)[0]
        case .planned(let planned):
            release = try partitioner.releases(in: reader, scope: .unreleased, planned: planned)[0]
        case .latest:
            guard let current = try VersionPlanner(configuration: configuration).currentVersion(in: reader) else {
                throw HistoryError("no release tag is reachable from HEAD, so there is no latest release", hint: "name a tag, or use --unreleased or --tag V for the coming release")
            }
            release = try self.release(named: current.name, in: reader)
        case .tag(let name):
            release = try self.release(named: name, in: reader)
        }
        return Selected(release: release, contributors: try contributors(of: release, in: reader))
    }

    private func release(named name: String, in reader: any HistoryReader) throws -> Release {
        let pattern = configuration.tagNamePattern
        guard let reference = try reader.tagReferences().first(where: { $0.name == name }) else {
            if let kind = try reader.nonCommitTarget(ofTag: name) {
                throw HistoryError("tag \(name) points to a \(kind), not a commit, so it is not a release", hint: "a release tag must point to a commit (git tag -f \(name) <commit> moves it)")
            }
            throw HistoryError("there is no tag \(name)", hint: "list release tags with git tag; for the release about to be cut use --tag V")
        }
        guard pattern.match(name) != nil else {
            throw HistoryError("tag \(name) is not a release tag (\(pattern.acceptedPrefixes.map { "\($0)X.Y.Z" }.joined(separator: " or ")))", hint: "check tag_prefix and component in .relnotes.toml")
        }
        guard let tag = pattern.releaseTags(in: [reference]).first else {
            throw HistoryError("tag \(name) has no release section", hint: "check tag_prefix and component in .relnotes.toml")
        }
        // Read from the tag's own range, so a tag HEAD does not contain works too, and the rest
        // of the history is never partitioned.
        return try ReleasePartitioner(configuration: configuration).release(of: tag, in: reader)
    }

    /// Authors and co-authors of the release, first-time ones marked against the history
    /// before its previous release (nobody is marked in a first release).
    private func contributors(of release: Release, in reader: any HistoryReader) throws -> [Contributor] {
        guard let previous = release.previous else {
            return ContributorFinder.contributors(of: release.commits, earlier: [], identity: { reader.canonicalIdentity(name: $0, email: $1) }).map {
                Contributor(name: $0.name, email: $0.email, firstTime: false)
            }
        }
        // Read lazily, newest first, and only until everyone of the release has been met.
        let earlier = try reader.authorships(from: previous.target)
        return try ContributorFinder.contributors(of: release.commits, earlier: earlier, identity: { reader.canonicalIdentity(name: $0, email: $1) })
    }
}

