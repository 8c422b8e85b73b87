/// What `relnotes release` will do, decided before anything is written: the version and its
/// tag, the new text of every file it changes, the release commit's message and the tag's
/// message. The command line carries it out all or nothing; `--dry-run` prints it.
public struct ReleasePlan: Hashable, Sendable {
    /// The version released.
    public var version: SemanticVersion
    /// The release tag's name, e.g. `v1.3.0`.
    public var tagName: String
    /// When the release is dated: the release commit's committer time and the tagger time.
    public var date: Timestamp
    /// The files the release commit changes, the changelog first, then the version files in
    /// the order configured (a file named by several entries appears once, all edits applied).
    public var files: [FileChange]
    /// The release commit's message, ending in a newline.
    public var commitMessage: String
    /// The annotated tag's message (the same text `relnotes tag` writes).
    public var tagMessage: String

    /// Creates a plan.
    public init(version: SemanticVersion, tagName: String, date: Timestamp, files: [FileChange], commitMessage: String, tagMessage: String) {
        self.version = version
        self.tagName = tagName
        self.date = date
        self.files = files
        self.commitMessage = commitMessage
        self.tagMessage = tagMessage
    }

    /// One file of the release commit: its text before (`nil` when it does not exist yet) and
    /// after.
    public struct FileChange: Hashable, Sendable {
        /// The path relative to the repository root, with `/` separators.
        public var path: String
        /// The text before the release; `nil` for a file the release creates.
        public var oldText: String?
        /// The text the release commit holds.
        public var newText: String

        /// Creates a change.
        public init(path: String, oldText: String?, newText: String) {
            self.path = path
            self.oldText = oldText
            self.newText = newText
        }

        /// Whether the release changes the file at all.
        public var isChanged: Bool { oldText != newText }
    }

    /// The files whose text the release changes.
    public var changedFiles: [FileChange] { files.filter(\.isChanged) }
}
