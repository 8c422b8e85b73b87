/// One section of a changelog: a release (or the unreleased commits) grouped and linked, ready
/// to print. It is also the release object of the JSON document (``ChangelogDocument``), so
/// templates see exactly what `--format json` prints.
public struct ReleaseNotes: Hashable, Sendable {
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

    /// Creates a section from its parts; ``ReleaseNotesBuilder`` is the usual way to get one.
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

    /// Streams the release object; keys in sorted order, as ``json`` prints them. Entries are
    /// written in place through a buffer pointer (a `for … in` loop, or an array's subscript,
    /// copies each one: a retain and a release per field).
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("aliases"); writer.beginArray(); for alias in aliases { writer.string(alias) }; writer.endArray()
        writer.key("breaking_changes"); writer.beginArray(); breakingChanges.withUnsafeBufferPointer { for index in $0.indices { $0[index].write(to: &writer) } }; writer.endArray()
        writer.key("commits"); writer.beginArray(); commits.withUnsafeBufferPointer { for index in $0.indices { $0[index].write(to: &writer) } }; writer.endArray()
        writer.key("compare_url"); writer.string(compareURL)
        writer.key("date"); writer.string(date)
        writer.key("empty"); writer.bool(isEmpty)
        writer.key("groups"); writer.beginArray(); groups.withUnsafeBufferPointer { for index in $0.indices { $0[index].write(to: &writer) } }; writer.endArray()
        writer.key("prerelease"); writer.bool(prerelease)
        writer.key("previous_tag"); writer.string(previousTag)
        writer.key("tag"); writer.string(tag)
        writer.key("title"); writer.string(title)
        writer.key("unreleased"); writer.bool(unreleased)
        writer.key("version"); writer.string(version)
        writer.endObject()
    }

    /// The release object of the JSON document.
    public var json: JSONValue {
        .object([
            "title": .string(title), "tag": .string(tag), "version": .string(version), "date": .string(date),
            "previous_tag": .string(previousTag), "compare_url": .string(compareURL),
            "aliases": .array(aliases.map(JSONValue.string)), "unreleased": .bool(unreleased), "prerelease": .bool(prerelease),
            "empty": .bool(isEmpty), "commits": .array(commits.map(\.json)),
            "breaking_changes": .array(breakingChanges.map(\.json)), "groups": .array(groups.map(\.json)),
        ])
    }
}

/// A titled group of entries: a commit type's group (`Features`), or with `--group-by scope`
/// a scope's section holding type groups.
public struct NoteGroup: Hashable, Sendable {
    /// The group's title (`Features`), or the scope section's title.
    public var title: String
    /// The scope of a scope section (`--group-by scope`); `nil` for type groups and for the
    /// section of commits without a scope.
    public var scope: String?
    /// The group's entries; empty for a scope section, whose entries are in its ``groups``.
    public var commits: [CommitNote]
    /// Type groups inside a scope section; empty otherwise.
    public var groups: [NoteGroup]
    /// Whether the group appears in release bodies (`[[groups]] in_notes`); the changelog always
    /// shows it.
    public var inNotes: Bool

    /// Creates a group; shown in release bodies unless `inNotes` is `false`.
    public init(title: String, scope: String? = nil, commits: [CommitNote], groups: [NoteGroup] = [], inNotes: Bool = true) {
        self.inNotes = inNotes
        self.title = title
        self.scope = scope
        self.commits = commits
        self.groups = groups
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("commits"); writer.beginArray(); commits.withUnsafeBufferPointer { for index in $0.indices { $0[index].write(to: &writer) } }; writer.endArray()
        writer.key("groups"); writer.beginArray(); groups.withUnsafeBufferPointer { for index in $0.indices { $0[index].write(to: &writer) } }; writer.endArray()
        writer.key("in_notes"); writer.bool(inNotes)
        writer.key("scope"); writer.string(scope)
        writer.key("title"); writer.string(title)
        writer.endObject()
    }

    /// The group object of the JSON document.
    public var json: JSONValue {
        .object(["title": .string(title), "scope": .string(scope), "commits": .array(commits.map(\.json)), "groups": .array(groups.map(\.json)), "in_notes": .bool(inNotes)])
    }
}

/// One commit as the changelog shows it (the `commits` objects of the JSON schema).
public struct CommitNote: Hashable, Sendable {
    /// The full commit id.
    public var id: CommitID {
        get { storage.fields.id }
        set { update { $0.id = newValue } }
    }
    /// The abbreviated commit id (7 hexadecimal digits).
    public var shortID: String {
        get { storage.fields.shortID }
        set { update { $0.shortID = newValue } }
    }
    /// The type in lower case, or `nil` for a commit that is not conventional.
    public var type: String? {
        get { storage.fields.type }
        set { update { $0.type = newValue } }
    }
    /// The scope as written, or `nil` when the header has none.
    public var scope: String? {
        get { storage.fields.scope }
        set { update { $0.scope = newValue } }
    }
    /// The description as written, a trailing `(#123)` included.
    public var description: String {
        get { storage.fields.description }
        set { update { $0.description = newValue } }
    }
    /// The description without a trailing pull request reference: what Markdown prints.
    public var summary: String {
        get { storage.fields.summary }
        set { update { $0.summary = newValue } }
    }
    /// The first line of the message.
    public var header: String {
        get { storage.fields.header }
        set { update { $0.header = newValue } }
    }
    /// The paragraphs between the header and the footers; `nil` when there are none.
    public var body: String? {
        get { storage.fields.body }
        set { update { $0.body = newValue } }
    }
    /// Whether the commit is a breaking change (`!` or a `BREAKING CHANGE` footer).
    public var breaking: Bool {
        get { storage.fields.breaking }
        set { update { $0.breaking = newValue } }
    }
    /// The value of the `BREAKING CHANGE` footer; `nil` when there is none or `!` alone marks it.
    public var breakingNote: String? {
        get { storage.fields.breakingNote }
        set { update { $0.breakingNote = newValue } }
    }
    /// The footers, in message order.
    public var footers: [Footer] {
        get { storage.fields.footers }
        set { update { $0.footers = newValue } }
    }
    /// The commit's author.
    public var author: Person {
        get { storage.fields.author }
        set { update { $0.author = newValue } }
    }
    /// The committer time, ISO 8601 in the committer's offset.
    public var date: String {
        get { storage.fields.date.text }
        set { update { $0.date = .text(newValue) } }
    }
    /// Whether the header follows the Conventional Commits grammar.
    public var conventional: Bool {
        get { storage.fields.conventional }
        set { update { $0.conventional = newValue } }
    }
    /// `N` from a trailing `(#N)` in the description: the pull request that brought the change.
    public var pullRequest: Int? {
        get { storage.fields.pullRequest }
        set { update { $0.pullRequest = newValue } }
    }
    /// The commit's web page, when links are known.
    public var url: String? {
        get { storage.fields.url }
        set { update { $0.url = newValue } }
    }
    /// The pull request's web page, when there is one and links are known.
    public var pullRequestURL: String? {
        get { storage.fields.pullRequestURL }
        set { update { $0.pullRequestURL = newValue } }
    }
    /// The issues, pull requests and merge requests the message names, with their pages when
    /// links are known.
    public var references: [Reference] {
        get { storage.fields.references }
        set { update { $0.references = newValue } }
    }

    /// The fields, behind one reference: a note is held by its release and by its group (a
    /// breaking change by a third list) and handed to the renderers, and a copy of a dozen
    /// strings and arrays retains each of them.
    private var storage: Storage

    /// Immutable: a change makes a new one (``update(_:)``), so notes stay values.
    private final class Storage: Sendable {
        let fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    private struct Fields: Hashable, Sendable {
        var id: CommitID
        var shortID: String
        var type: String?
        var scope: String?
        var description: String
        var summary: String
        var header: String
        var body: String?
        var breaking: Bool
        var breakingNote: String?
        var footers: [Footer]
        var author: Person
        var date: NoteDate
        var conventional: Bool
        var pullRequest: Int?
        var url: String?
        var pullRequestURL: String?
        var references: [Reference]
    }

    init(
        id: CommitID, shortID: String, type: String?, scope: String?, description: String, summary: String,
        header: String, body: String?, breaking: Bool, breakingNote: String?, footers: [Footer], author: Person,
        time: Timestamp, conventional: Bool, pullRequest: Int?, url: String?, pullRequestURL: String?, references: [Reference] = []
    ) {
        storage = Storage(Fields(
            id: id, shortID: shortID, type: type, scope: scope, description: description, summary: summary,
            header: header, body: body, breaking: breaking, breakingNote: breakingNote, footers: footers, author: author,
            date: .time(time), conventional: conventional, pullRequest: pullRequest, url: url, pullRequestURL: pullRequestURL,
            references: references
        ))
    }

    public static func == (lhs: CommitNote, rhs: CommitNote) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        storage.fields.hash(into: &hasher)
    }

    /// A note's date: the committer time, made text only when it is asked for (Markdown never
    /// asks, and the JSON writer writes its digits itself: a string made for every commit was
    /// a twentieth of writing a changelog), or text set in its place. Dates compare as their text.
    private enum NoteDate: Hashable, Sendable {
        case time(Timestamp)
        case text(String)

        var text: String {
            switch self {
            case .time(let time): time.iso8601
            case .text(let text): text
            }
        }

        static func == (lhs: NoteDate, rhs: NoteDate) -> Bool { lhs.text == rhs.text }

        func hash(into hasher: inout Hasher) { hasher.combine(text) }
    }

    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = storage.fields
        change(&fields)
        storage = Storage(fields)
    }

    /// One reference of ``references``.
    public struct Reference: Hashable, Sendable {
        /// Whether it names an issue, a pull request or a merge request.
        public var kind: IssueReference.Kind
        /// The number after `#` or `!`.
        public var number: Int
        /// `owner/name` for another repository, else `nil`.
        public var repository: String?
        /// The reference's web page, when links are known.
        public var url: String?

        /// `#12`, or `acme/api#7` in another repository, `!45` for a merge request.
        public var label: String {
            (repository ?? "") + (kind == .mergeRequest ? "!" : "#") + String(number)
        }

        var json: JSONValue {
            .object(["kind": .string(kind.rawValue), "number": .integer(number), "repository": .string(repository), "url": .string(url)])
        }
    }

    /// Who wrote a commit.
    public struct Person: Hashable, Sendable {
        /// The author's name, as the commit records it.
        public var name: String
        /// The author's email address, as the commit records it.
        public var email: String
    }

    /// Streams the commit object; keys in sorted order, as ``json`` prints them.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("author"); writer.beginObject()
        writer.key("email"); writer.string(author.email)
        writer.key("name"); writer.string(author.name)
        writer.endObject()
        writer.key("body"); writer.string(body)
        writer.key("breaking"); writer.bool(breaking)
        writer.key("breaking_note"); writer.string(breakingNote)
        writer.key("conventional"); writer.bool(conventional)
        writer.key("date")
        switch storage.fields.date {
        case .time(let time): writer.string(time)
        case .text(let text): writer.string(text)
        }
        writer.key("description"); writer.string(description)
        writer.key("footers"); writer.beginArray()
        for footer in footers {
            writer.beginObject()
            writer.key("separator"); writer.string(footer.separator)
            writer.key("token"); writer.string(footer.token)
            writer.key("value"); writer.string(footer.value)
            writer.endObject()
        }
        writer.endArray()
        writer.key("header"); writer.string(header)
        writer.key("id"); writer.string(id)
        writer.key("pull_request"); writer.integer(pullRequest)
        writer.key("pull_request_url"); writer.string(pullRequestURL)
        writer.key("references"); writer.beginArray()
        for reference in references {
            writer.beginObject()
            writer.key("kind"); writer.string(reference.kind.rawValue)
            writer.key("number"); writer.integer(reference.number)
            writer.key("repository"); writer.string(reference.repository)
            writer.key("url"); writer.string(reference.url)
            writer.endObject()
        }
        writer.endArray()
        writer.key("scope"); writer.string(scope)
        writer.key("short_id"); writer.string(shortID)
        writer.key("summary"); writer.string(summary)
        writer.key("type"); writer.string(type)
        writer.key("url"); writer.string(url)
        writer.endObject()
    }

    /// The commit object of the JSON document.
    public var json: JSONValue {
        .object([
            "id": .string(id.description), "short_id": .string(shortID), "type": .string(type), "scope": .string(scope),
            "description": .string(description), "summary": .string(summary), "header": .string(header), "body": .string(body),
            "breaking": .bool(breaking), "breaking_note": .string(breakingNote),
            "footers": .array(footers.map { .object(["token": .string($0.token), "separator": .string($0.separator), "value": .string($0.value)]) }),
            "author": .object(["name": .string(author.name), "email": .string(author.email)]),
            "date": .string(date), "conventional": .bool(conventional), "pull_request": .integer(pullRequest),
            "url": .string(url), "pull_request_url": .string(pullRequestURL),
            "references": .array(references.map(\.json)),
        ])
    }
}
