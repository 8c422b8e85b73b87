/// A release and the commits it introduced (docs/versioning.md), or the unreleased commits.
public struct Release: Hashable, Sendable {
    /// The release tag that owns the range; `nil` for the unreleased commits.
    public var tag: ReleaseTag?
    /// The version the section is titled with: the tag's, or the one given with `--tag V` for
    /// unreleased commits about to be released; `nil` for a plain Unreleased section.
    public var version: SemanticVersion?
    /// The name the section is titled with when it differs from `tag` (`--tag V`): `v1.3.0`.
    public var plannedTagName: String?
    /// Other release tags on the same commit (lower precedence than ``tag``).
    public var aliases: [ReleaseTag]
    /// The release this range starts from, if any.
    public var previous: ReleaseTag?
    /// The release date: the tagged commit's committer time (or the tagger's time, when
    /// configured); for unreleased commits titled with `--tag`, the time of the run.
    public var date: Timestamp?
    /// The commits that count, newest first: merges (unless `include_merges`) and reverted
    /// pairs already left out.
    public var commits: [ConventionalCommit]

    /// Creates a release.
    public init(tag: ReleaseTag?, version: SemanticVersion?, plannedTagName: String? = nil, aliases: [ReleaseTag] = [], previous: ReleaseTag?, date: Timestamp?, commits: [ConventionalCommit]) {
        self.tag = tag
        self.version = version
        self.plannedTagName = plannedTagName
        self.aliases = aliases
        self.previous = previous
        self.date = date
        self.commits = commits
    }

    /// Whether this is the Unreleased section (possibly titled with `--tag`).
    public var isUnreleased: Bool { tag == nil }

    /// The tag name the section refers to: the tag's, the planned one, or `nil`.
    public var tagName: String? { tag?.name ?? plannedTagName }
}
