/// A tag that names a release: `<prefix><semver>` whose target is a commit (docs/versioning.md).
public struct ReleaseTag: Hashable, Sendable {
    /// The tag's name as it is in the repository, e.g. `v1.2.0` or `api@1.2.0`.
    public var name: String
    /// Everything in front of the version: `v`, the empty string, `api@`, `api-v`, or the
    /// configured `tag_prefix`.
    public var prefix: String
    /// The version the name spells.
    public var version: SemanticVersion
    /// The commit the tag points at (annotated tags peeled).
    public var target: CommitID
    /// The tagger and message of an annotated tag; `nil` for a lightweight tag.
    public var annotation: TagReference.Annotation?

    /// Creates a release tag.
    public init(name: String, prefix: String, version: SemanticVersion, target: CommitID, annotation: TagReference.Annotation? = nil) {
        self.name = name
        self.prefix = prefix
        self.version = version
        self.target = target
        self.annotation = annotation
    }

    /// Orders tags by version precedence, then by name, so that every list of tags sorts the
    /// same way (`v1.2.0` and `1.2.0` on different commits have equal precedence).
    public static func precedes(_ lhs: ReleaseTag, _ rhs: ReleaseTag) -> Bool {
        if lhs.version != rhs.version { return lhs.version < rhs.version }
        return lhs.name < rhs.name
    }
}
