/// A tag as the repository lists it, before deciding whether it names a release.
public struct TagReference: Hashable, Sendable {
    /// The short name, without `refs/tags/`.
    public var name: String
    /// The commit the tag points at, after peeling annotated tags (tags of tags included).
    public var target: CommitID
    /// The tagger and the message, for an annotated tag; `nil` for a lightweight tag.
    public var annotation: Annotation?

    /// What an annotated tag adds to the commit it points at.
    public struct Annotation: Hashable, Sendable {
        /// Who made the tag, and when (absent in some old tags).
        public var tagger: Signature?
        /// The tag's message.
        public var message: String

        /// Creates an annotation.
        public init(tagger: Signature?, message: String) {
            self.tagger = tagger
            self.message = message
        }
    }

    /// Creates a tag reference.
    public init(name: String, target: CommitID, annotation: Annotation? = nil) {
        self.name = name
        self.target = target
        self.annotation = annotation
    }

    /// Whether the tag is an annotated tag object rather than a bare reference.
    public var isAnnotated: Bool { annotation != nil }
}
