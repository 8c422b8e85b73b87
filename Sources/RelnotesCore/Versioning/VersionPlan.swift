/// The answer to "what is the next version, and why": the result of ``VersionPlanner``.
public struct VersionPlan: Hashable, Sendable {
    /// The highest-precedence release tag reachable from HEAD, if any.
    public var current: ReleaseTag?
    /// The latest stable release tag reachable from HEAD: where the commits are counted from.
    public var base: ReleaseTag?
    /// The next version.
    public var next: SemanticVersion
    /// The next version's tag name, with the prefix of ``current`` (or the default prefix).
    public var nextTagName: String
    /// The bump the commits (or the request) call for; `.none` when nothing is release-worthy.
    public var bump: BumpLevel
    /// What decided ``next``.
    public var reason: Reason
    /// Every commit since ``base`` that counts, newest first, with what it bumps. Merge commits
    /// (unless `include_merges`) and reverted pairs are not among them.
    public var commits: [AssessedCommit]
    /// How many commits since the base were left out, and why.
    public var leftOut: LeftOut
    /// Things the person should know that do not stop the answer (printed on stderr).
    public var warnings: [String]
    /// The `[branches]` release channel that applied, if the branch matched one.
    public var channel: ChannelDecision?

    /// Creates a plan.
    public init(current: ReleaseTag?, base: ReleaseTag?, next: SemanticVersion, nextTagName: String, bump: BumpLevel, reason: Reason, commits: [AssessedCommit], leftOut: LeftOut, warnings: [String], channel: ChannelDecision? = nil) {
        self.channel = channel
        self.current = current
        self.base = base
        self.next = next
        self.nextTagName = nextTagName
        self.bump = bump
        self.reason = reason
        self.commits = commits
        self.leftOut = leftOut
        self.warnings = warnings
    }

    /// What decided the next version.
    public enum Reason: Hashable, Sendable {
        /// No release tag is reachable: the configured initial version.
        case initialVersion
        /// The commits since the base: the highest bump among them.
        case commits
        /// A `Release-As:` footer in this commit (the newest one since the base).
        case releaseAsFooter(CommitID)
        /// `--release-as` on the command line.
        case releaseAsRequest
        /// `--bump` on the command line.
        case bumpRequest
        /// Nothing since the base bumps anything: the current version, unchanged.
        case nothingToRelease
        /// The commits call for less than a prerelease already tagged: that prerelease's core.
        case graduation(ReleaseTag)
        /// `--pre` with no commit since the newest matching prerelease: that prerelease, unchanged.
        case nothingSincePrerelease(ReleaseTag)
    }

    /// Commits left out of the computation, by reason.
    public struct LeftOut: Hashable, Sendable {
        /// Merge commits left out (`include_merges = false`).
        public var merges: Int
        /// Pairs of a commit and its revert in the same range, both left out.
        public var revertedPairs: Int
        /// Commits that change no path the path filter keeps.
        public var outsidePaths: Int
        /// Commits dropped by a `relnotes: skip` note.
        public var skipped: Int
        /// Commits that change only the changelog file.
        public var changelogOnly: Int
        /// Creates the counts.
        public init(merges: Int = 0, revertedPairs: Int = 0, outsidePaths: Int = 0, skipped: Int = 0, changelogOnly: Int = 0) {
            self.merges = merges
            self.revertedPairs = revertedPairs
            self.outsidePaths = outsidePaths
            self.skipped = skipped
            self.changelogOnly = changelogOnly
        }
    }

    /// Whether a new release would be created: `relnotes tag` refuses when this is false.
    public var isReleaseWorthy: Bool {
        switch reason {
        case .nothingToRelease, .nothingSincePrerelease: false
        default: true
        }
    }

    /// The 0.x keys that decided the bump (`pre_major_breaking`, `pre_major_features`), once
    /// each, from the deciding commits; empty when the major version is not 0 or no such commit
    /// decided.
    public var decidingPreMajorRules: [PreMajorRule] {
        guard reason == .commits || isGraduation else { return [] }
        var rules: [PreMajorRule] = []
        for rule in decidingCommits.compactMap(\.preMajorRule) where !rules.contains(rule) { rules.append(rule) }
        return rules
    }

    private var isGraduation: Bool {
        if case .graduation = reason { true } else { false }
    }

    /// The commits that decided the answer: the `Release-As` commit, or those whose bump equals
    /// the overall bump. Empty when a request or the initial version decided.
    public var decidingCommits: [AssessedCommit] {
        switch reason {
        case .releaseAsFooter(let id): commits.filter { $0.commit.id == id }
        case .commits, .graduation: bump == .none ? [] : commits.filter { $0.bump == bump }
        default: []
        }
    }
}

/// A commit together with what it bumps under the configuration in force.
public struct AssessedCommit: Hashable, Sendable {
    /// The commit.
    public var commit: ConventionalCommit
    /// What it bumps on its own.
    public var bump: BumpLevel
    /// The 0.x key that decided ``bump`` (`pre_major_breaking` or `pre_major_features`), when the
    /// major version is 0 and the commit is breaking or a feature.
    public var preMajorRule: PreMajorRule?

    /// Creates an assessed commit.
    public init(commit: ConventionalCommit, bump: BumpLevel, preMajorRule: PreMajorRule? = nil) {
        self.commit = commit
        self.bump = bump
        self.preMajorRule = preMajorRule
    }
}

/// A 0.x rule that decided what a commit bumps (docs/versioning.md).
public struct PreMajorRule: Hashable, Sendable {
    /// The configuration key.
    public enum Key: String, Hashable, Sendable {
        /// `pre_major_breaking`: what a breaking change bumps on 0.x.
        case preMajorBreaking = "pre_major_breaking"
        /// `pre_major_features`: what a feature bumps on 0.x.
        case preMajorFeatures = "pre_major_features"
    }

    /// Which key decided.
    public var key: Key
    /// The level it gave (its value in the configuration).
    public var level: BumpLevel

    /// Creates a rule.
    public init(key: Key, level: BumpLevel) {
        self.key = key
        self.level = level
    }

    /// `breaking change on 0.x: minor (pre_major_breaking = "minor")`.
    public var explanation: String {
        let what = key == .preMajorBreaking ? "breaking change" : "feature"
        return "\(what) on 0.x: \(level) (\(key.rawValue) = \"\(level)\")"
    }
}
