/// One section of a changelog: a release (or the unreleased commits) grouped and linked, ready
/// to print. It is also the release object of the JSON document (``ChangelogDocument``), so
/// templates see exactly what `--format json` prints.
public struct ReleaseNotes: Hashable, Sendable, Encodable {
    /// `Unreleased`, or the version without its prefix (`1.2.0`).
    public var title: String
    /// The release tag; the planned tag for `--tag V`; `nil` for the Unreleased section.
    public var tag: String?
    /// The version, without prefix; `nil` for the Unreleased section.
    public var version: String?
    /// The release date as `YYYY-MM-DD`; `nil` for the Unreleased section.
    public var date: String?
    /// The release this one is compared with, if any.
    public var previousTag: String?
    /// The web page comparing the previous release with this one, when links are known.
    public var compareURL: String?
    /// Other release tags on the same commit.
    public var aliases: [String]
    /// Whether this is the Unreleased section (no tag, planned or real).
    public var unreleased: Bool
    /// Whether the version is a prerelease.
    public var prerelease: Bool
    /// Every commit of the range, newest first (merges and reverted pairs already left out).
    public var commits: [CommitNote]
    /// The breaking changes, listed first, each with its note.
    public var breakingChanges: [CommitNote]
    /// The visible groups in order, with their commits (breaking changes not repeated).
    public var groups: [NoteGroup]

    public init(
        title: String, tag: String?, version: String?, date: String?, previousTag: String?, compareURL: String?,
        aliases: [String], unreleased: Bool, prerelease: Bool, commits: [CommitNote], breakingChanges: [CommitNote], groups: [NoteGroup]
    ) {
        self.title = title
        self.tag = tag
        self.version = version
        self.date = date
        self.previousTag = previousTag
        self.compareURL = compareURL
        self.aliases = aliases
        self.unreleased = unreleased
        self.prerelease = prerelease
        self.commits = commits
        self.breakingChanges = breakingChanges
        self.groups = groups
    }

    /// Whether there is nothing to show (no breaking change and no visible group).
    public var isEmpty: Bool { breakingChanges.isEmpty && groups.isEmpty }

    enum CodingKeys: String, CodingKey {
        case title, tag, version, date, aliases, unreleased, prerelease, commits, groups
        case previousTag = "previous_tag", compareURL = "compare_url", breakingChanges = "breaking_changes"
        case empty
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(tag, forKey: .tag)
        try container.encode(version, forKey: .version)
        try container.encode(date, forKey: .date)
        try container.encode(previousTag, forKey: .previousTag)
        try container.encode(compareURL, forKey: .compareURL)
        try container.encode(aliases, forKey: .aliases)
        try container.encode(unreleased, forKey: .unreleased)
        try container.encode(prerelease, forKey: .prerelease)
        try container.encode(isEmpty, forKey: .empty)
        try container.encode(commits, forKey: .commits)
        try container.encode(breakingChanges, forKey: .breakingChanges)
        try container.encode(groups, forKey: .groups)
    }
}

/// A titled group of entries: a commit type's group (`Features`), or with `--group-by scope`
/// a scope's section holding type groups.
public struct NoteGroup: Hashable, Sendable, Encodable {
    public var title: String
    /// The scope of a scope section (`--group-by scope`); `nil` for type groups and for the
    /// section of commits without a scope.
    public var scope: String?
    public var commits: [CommitNote]
    /// Type groups inside a scope section; empty otherwise.
    public var groups: [NoteGroup]

    public init(title: String, scope: String? = nil, commits: [CommitNote], groups: [NoteGroup] = []) {
        self.title = title
        self.scope = scope
        self.commits = commits
        self.groups = groups
    }

    enum CodingKeys: String, CodingKey { case title, scope, commits, groups }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(scope, forKey: .scope)
        try container.encode(commits, forKey: .commits)
        try container.encode(groups, forKey: .groups)
    }
}

/// One commit as the changelog shows it (the `commits` objects of the JSON schema).
public struct CommitNote: Hashable, Sendable, Encodable {
    public var id: CommitID
    public var shortID: String
    /// The type in lower case, or `nil` for a commit that is not conventional.
    public var type: String?
    public var scope: String?
    /// The description as written, a trailing `(#123)` included.
    public var description: String
    /// The description without a trailing pull request reference: what Markdown prints.
    public var summary: String
    public var header: String
    public var body: String?
    public var breaking: Bool
    public var breakingNote: String?
    public var footers: [Footer]
    public var author: Person
    /// The committer time, ISO 8601 in the committer's offset.
    public var date: String
    public var conventional: Bool
    public var pullRequest: Int?
    public var url: String?
    public var pullRequestURL: String?

    /// Who wrote a commit.
    public struct Person: Hashable, Sendable, Encodable {
        public var name: String
        public var email: String
    }

    enum CodingKeys: String, CodingKey {
        case id, type, scope, description, summary, header, body, breaking, footers, author, date, conventional, url
        case shortID = "short_id", breakingNote = "breaking_note", pullRequest = "pull_request", pullRequestURL = "pull_request_url"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(shortID, forKey: .shortID)
        try container.encode(type, forKey: .type)
        try container.encode(scope, forKey: .scope)
        try container.encode(description, forKey: .description)
        try container.encode(summary, forKey: .summary)
        try container.encode(header, forKey: .header)
        try container.encode(body, forKey: .body)
        try container.encode(breaking, forKey: .breaking)
        try container.encode(breakingNote, forKey: .breakingNote)
        try container.encode(footers, forKey: .footers)
        try container.encode(author, forKey: .author)
        try container.encode(date, forKey: .date)
        try container.encode(conventional, forKey: .conventional)
        try container.encode(pullRequest, forKey: .pullRequest)
        try container.encode(url, forKey: .url)
        try container.encode(pullRequestURL, forKey: .pullRequestURL)
    }
}
