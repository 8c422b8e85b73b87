/// Everything `.relnotes.toml` can say, with the defaults that apply when it says nothing.
///
/// Reference with every key, its default and an example: `docs/configuration.md`.
public struct Configuration: Hashable, Sendable {
    /// `tag_prefix`: the exact prefix of release tags; `nil` accepts both `v1.2.3` and `1.2.3`.
    public var tagPrefix: String?
    /// `initial_version`: the first version of a repository without release tags.
    public var initialVersion: SemanticVersion
    /// `pre_major_breaking`: what a breaking change bumps while the major version is 0
    /// (`.major` by default; `.minor` keeps 0.x releases on 0.x, as release-please's
    /// `bump-minor-pre-major`).
    public var preMajorBreaking: BumpLevel
    /// `pre_major_features`: what a `feat` bumps while the major version is 0 (`.minor` by
    /// default; `.patch` as release-please's `bump-patch-for-minor-pre-major`). Independent of
    /// ``preMajorBreaking``.
    public var preMajorFeatures: BumpLevel
    /// `fold_prereleases`: in `--all` output, a prerelease whose stable release (same core) is
    /// reachable gets no section of its own and is listed as an alias of that release.
    public var foldPrereleases: Bool
    /// `split_squash`: a squash merge whose body lists `* type(scope): text` items becomes one
    /// entry per item, each counted for the version.
    public var splitSquash: Bool
    /// `changelog_file`: the changelog this repository commits; a commit that changes only this
    /// file is never an entry and never bumps.
    public var changelogFile: String
    /// The files the command line writes the changelog to (`changelog --output FILE`),
    /// repository-relative: like ``changelogFile``, a commit that changes only them does not
    /// count. Not read from the file.
    public var outputChangelogFiles: [String] = []
    /// `prereleases`: where a release's range starts (docs/versioning.md).
    public var prereleases: PrereleaseRanges
    /// `include_merges`: whether merge commits count and are listed.
    public var includeMerges: Bool
    /// `repository_url`: the web address used for links, instead of the one derived from `origin`.
    public var repositoryURL: String?
    /// `header`: the text above the first release in a rendered changelog.
    public var header: String
    /// `[[groups]]`: how commit types are titled, ordered, hidden, and what they bump.
    public var groups: [CommitGroup]
    /// `include_paths`: keep only commits that change a path matching one of these globs.
    public var includePaths: [String]
    /// `exclude_paths`: leave out commits whose changes all match one of these globs.
    public var excludePaths: [String]
    /// `release_date`: which time dates a release: the tagged commit's (default) or, for
    /// annotated tags, the tagger's.
    public var releaseDate: ReleaseDateSource
    /// `component`: the monorepo component whose tags (`NAME@1.2.3`, `NAME-v1.2.3`) count.
    public var component: String?
    /// `[lint]`: the rules `relnotes lint` adds to the grammar.
    public var lint: Lint
    /// `mentions`: whether `@name` in commit text is escaped in Markdown (default), so that
    /// a changelog or release body notifies nobody, or kept as written.
    public var mentions: MentionPolicy

    /// `[verify]`: who signed the release artifacts, for the "Verifying artifacts" commands.
    public var verify: Verify = Verify()

    /// `[[version_files]]`: the files whose version `relnotes release` sets, in the order
    /// written.
    public var versionFiles: [VersionFile] = []

    /// `[branches]`: release channels, in the order written (docs/versioning.md).
    public var branches: [ReleaseChannel] = []

    /// The channel of the branch `name`: the entry named exactly so, else the first glob that
    /// matches it, else `nil`.
    public func channel(forBranch name: String) -> ReleaseChannel? {
        branches.first { !$0.isGlob && $0.pattern == name } ?? branches.first { $0.isGlob && $0.matches(name) }
    }

    /// `[release]` `commit_message`: the message of the release commit, with `{tag}` and
    /// `{version}` filled in.
    public var releaseCommitMessage: String = "chore(release): {tag}"

    /// The `[[version_files]]` entries a release of ``component`` sets: those without a
    /// component, and those of this component.
    public var versionFilesInForce: [VersionFile] {
        versionFiles.filter { $0.component == nil || $0.component == component }
    }

    /// `[verify]`: the signing certificate `cosign verify` checks for.
    public struct Verify: Hashable, Sendable {
        /// `certificate_identity`: the exact identity (a workflow's URL at its ref).
        public var certificateIdentity: String?
        /// `certificate_identity_regexp`: a regular expression the identity must match.
        public var certificateIdentityRegexp: String?
        /// `certificate_oidc_issuer`: the OIDC issuer (default: GitHub Actions').
        public var certificateOIDCIssuer: String?

        /// An empty `[verify]` table: no identity, no pattern, the default issuer.
        public init() {}
    }

    /// `[lint]`: what `relnotes lint` accepts beyond the Conventional Commits grammar.
    public struct Lint: Hashable, Sendable {
        /// `types`: types accepted besides those `[[groups]]` names.
        public var extraTypes: [String] = []
        /// `scopes`: when not empty, the only scopes accepted.
        public var scopes: [String] = []
        /// `header_max_length`: the longest header, in characters (default 100, as commitlint).
        public var headerMaxLength: Int = 100
        /// `allow_fixup`: accept `fixup!`/`squash!`/`amend!` commits in ranges (a commit-msg
        /// hook accepts them always, since they are squashed before they land).
        public var allowFixup: Bool = false

        /// The defaults: no extra types or scopes, 100 characters, no fixups in ranges.
        public init() {}
    }

    /// Which time dates a release.
    public enum ReleaseDateSource: String, Hashable, Sendable, CaseIterable {
        /// The committer time of the tagged commit.
        case commit
        /// The tagger time of an annotated tag (the commit's time for lightweight tags).
        case tagger
    }

    /// Where a release's range starts.
    public enum PrereleaseRanges: String, Hashable, Sendable, CaseIterable {
        /// A stable release looks back to the previous stable release, so it lists everything its
        /// release candidates listed; a prerelease looks back to the previous tag of any kind.
        case cumulative
        /// Every release, stable or not, starts at the previous release tag of any kind.
        case separate
    }

    /// The defaults: no prefix, `0.1.0`, breaking bumps major, cumulative ranges, no merges,
    /// `# Changelog`, the standard groups.
    public init() {
        tagPrefix = nil
        initialVersion = SemanticVersion(major: 0, minor: 1, patch: 0)
        preMajorBreaking = .major
        preMajorFeatures = .minor
        foldPrereleases = false
        splitSquash = false
        changelogFile = "CHANGELOG.md"
        prereleases = .cumulative
        includeMerges = false
        repositoryURL = nil
        header = "# Changelog"
        groups = CommitGroup.standard
        includePaths = []
        excludePaths = []
        component = nil
        releaseDate = .commit
        lint = Lint()
        mentions = .escape
    }

    /// The commits that count, from `include_paths` and `exclude_paths`.
    public var pathFilter: PathFilter {
        PathFilter(include: includePaths, exclude: excludePaths)
    }

    /// The pattern that recognises this configuration's release tags.
    public var tagNamePattern: TagNamePattern {
        TagNamePattern(configuredPrefix: tagPrefix, component: component)
    }

    /// The group a commit type belongs to, or `nil` for a type no group names (such commits go
    /// to the group marked ``CommitGroup/isCatchAll``).
    public func group(forType type: String?) -> CommitGroup? {
        groupIndex(forType: type).map { groups[$0] }
    }

    /// The place in ``groups`` of ``group(forType:)``.
    func groupIndex(forType type: String?) -> Int? {
        guard let type else { return groups.firstIndex(where: \.isCatchAll) }
        return groups.firstIndex { $0.types.contains(type) } ?? groups.firstIndex(where: \.isCatchAll)
    }

    /// What a non-breaking commit of `type` bumps: the group's `bump` when configured; else
    /// `feat` bumps minor, `fix` and `perf` bump patch, and every other type bumps nothing.
    public func bumpLevel(forType type: String?) -> BumpLevel {
        guard let type else { return .none }
        if let configured = groups.first(where: { $0.types.contains(type) })?.bump { return configured }
        switch type {
        case "feat": return .minor
        case "fix", "perf": return .patch
        default: return .none
        }
    }
}

/// A section of the changelog: the commit types it gathers, its title and place.
public struct CommitGroup: Hashable, Sendable {
    /// The commit types (lower case) that land in this group.
    public var types: [String]
    /// The section title, e.g. `Features`.
    public var title: String
    /// Where the group stands; lower comes first.
    public var order: Int
    /// Hidden groups are left out of the changelog (their commits still bump versions).
    public var hidden: Bool
    /// What a commit of these types bumps; `nil` keeps the built-in rule.
    public var bump: BumpLevel?
    /// `in_notes`: whether the group appears in release bodies (`notes`, tag messages, GitHub
    /// releases); `false` keeps it in the changelog only.
    public var inNotes: Bool
    /// Whether non-conventional commits and types no other group names land here.
    public var isCatchAll: Bool

    /// Creates a group.
    public init(types: [String], title: String, order: Int, hidden: Bool = false, bump: BumpLevel? = nil, isCatchAll: Bool = false, inNotes: Bool = true) {
        self.inNotes = inNotes
        self.types = types
        self.title = title
        self.order = order
        self.hidden = hidden
        self.bump = bump
        self.isCatchAll = isCatchAll
    }

    /// The groups of docs/formats.md, in their fixed order. Breaking changes are listed in a
    /// section of their own ahead of all groups, whatever their type.
    public static let standard: [CommitGroup] = [
        CommitGroup(types: ["feat"], title: "Features", order: 10),
        CommitGroup(types: ["fix"], title: "Bug Fixes", order: 20),
        CommitGroup(types: ["perf"], title: "Performance", order: 30),
        CommitGroup(types: ["revert"], title: "Reverts", order: 40),
        CommitGroup(types: ["docs"], title: "Documentation", order: 50),
        CommitGroup(types: ["refactor"], title: "Refactoring", order: 60),
        CommitGroup(types: ["test"], title: "Tests", order: 70),
        CommitGroup(types: ["build"], title: "Build", order: 80),
        CommitGroup(types: ["ci"], title: "CI", order: 90),
        CommitGroup(types: ["chore"], title: "Chores", order: 100),
        CommitGroup(types: [], title: "Other", order: 1_000, isCatchAll: true),
    ]
}
