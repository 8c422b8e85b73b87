/// A commit with its message read as a Conventional Commit (docs/lint.md).
///
/// A message whose header does not follow the grammar is still a `ConventionalCommit`, with a
/// `nil` ``type`` (``isConventional`` is `false`): it shows under "Other" and bumps nothing,
/// but its body and footers are read all the same (a `BREAKING CHANGE` footer still counts).
public struct ConventionalCommit: Hashable, Sendable {
    /// The commit's id.
    public var id: CommitID
    /// Who wrote the change, and when.
    public var author: Signature
    /// Who committed it, and when.
    public var committer: Signature
    /// Whether the commit has more than one parent.
    public var isMerge: Bool
    /// The first line of the message as written, without trailing whitespace.
    public var header: String
    /// The type, lower-cased (`feat`, `fix`, `revert`); `nil` when the header is not
    /// conventional.
    public var type: String?
    /// The scope as written (`API`, `api,cli`); `nil` when the header has none (or an empty
    /// one). Scopes compare in lower case; ``scopes`` splits several.
    public var scope: String?
    /// The text after `": "`, as written (a trailing `(#123)` included, see ``pullRequest``);
    /// for a `Revert "…"` header the quoted header; for a non-conventional commit the whole
    /// header.
    public var description: String
    /// The paragraphs between the header and the footers, trimmed; `nil` when there are none.
    public var body: String?
    /// The footers, in message order.
    ///
    /// Footers are the trailing paragraphs (separated by blank lines) of the message that each
    /// start with a footer line, `Token: value` or `Token #value` (token `[A-Za-z0-9-]+`, or
    /// `BREAKING CHANGE`); inside them, a line that starts no footer continues the previous
    /// footer's value. So `Note: this is prose` followed by another prose paragraph stays
    /// body. A `BREAKING CHANGE` note may also run over several paragraphs: paragraphs after it
    /// that start no footer continue it, so that a breaking change is never read as body.
    public var footers: [Footer]
    /// Whether the commit is a breaking change: `!` before the header's colon, or a
    /// `BREAKING CHANGE` / `BREAKING-CHANGE` footer.
    public var isBreaking: Bool
    /// The breaking-change note: the value of the `BREAKING CHANGE` footer (several such
    /// footers are joined with a blank line); `nil` when there is none or the breaking change
    /// is marked by `!` alone.
    public var breakingNote: String?
    /// The version a `Release-As: X.Y.Z` footer forces (a leading `v` is allowed; when several
    /// footers parse, the last wins).
    public var releaseAs: SemanticVersion?
    /// What the commit reverts, for `revert:` commits and `Revert "…"` headers (and git's
    /// `Reapply "…"` headers, which revert a revert); `nil` for every other commit.
    public var revert: RevertTarget?
    /// `N` from a trailing `(#N)` at the end of the description: the pull request that
    /// brought the change.
    public var pullRequest: Int?

    /// Whether a `BREAKING CHANGE:` line stands in the body rather than in the footer block
    /// (it still makes the commit breaking; `lint` reports where it should go).
    public var hasMisplacedBreakingChange: Bool = false
    /// The issues, pull requests and merge requests the message names (`Closes #12`,
    /// `Refs #3`, `(#45)`, GitLab's `!45`), in message order, each once.
    public var references: [IssueReference] = []
    /// Whether the commit only records a release (`chore(release): v1.2.0`, or a header that
    /// is a bare version): it is never an entry of the notes.
    public var isReleaseCommit: Bool = false
    /// Whether the message's first line is `relnotes: skip` (as a maintainer writes it in a git
    /// note under `refs/notes/relnotes`): the commit is never an entry and never bumps.
    public var isSkipped: Bool = false

    /// The scopes a header names: `feat(api,cli)` and `feat(api;cli)` name two; `/` belongs to
    /// one scope. Empty when there is no scope.
    public var scopes: [String] {
        guard let scope else { return [] }
        return scope.split(whereSeparator: { $0 == "," || $0 == ";" })
            .map { String(MessageText.trimming($0)) }
            .filter { !$0.isEmpty }
    }

    /// Whether the header follows the Conventional Commits grammar (or is a `Revert "…"`
    /// header).
    public var isConventional: Bool { type != nil }

    /// Creates a commit from its parts; ``ConventionalCommitParser`` makes them from a
    /// ``RawCommit``.
    public init(
        id: CommitID,
        author: Signature,
        committer: Signature,
        isMerge: Bool = false,
        header: String,
        type: String?,
        scope: String? = nil,
        description: String,
        body: String? = nil,
        footers: [Footer] = [],
        isBreaking: Bool = false,
        breakingNote: String? = nil,
        releaseAs: SemanticVersion? = nil,
        revert: RevertTarget? = nil,
        pullRequest: Int? = nil
    ) {
        self.id = id
        self.author = author
        self.committer = committer
        self.isMerge = isMerge
        self.header = header
        self.type = type
        self.scope = scope
        self.description = description
        self.body = body
        self.footers = footers
        self.isBreaking = isBreaking
        self.breakingNote = breakingNote
        self.releaseAs = releaseAs
        self.revert = revert
        self.pullRequest = pullRequest
    }
}
