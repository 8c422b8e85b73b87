/// A release as GitHub's REST API returns it (the fields relnotes reads).
public struct GitHubRelease: Hashable, Sendable, Decodable {
    public var id: Int
    public var tagName: String
    public var name: String?
    public var body: String?
    public var draft: Bool
    public var prerelease: Bool
    public var uploadURL: String
    public var htmlURL: String?

    enum CodingKeys: String, CodingKey {
        case id, name, body, draft, prerelease
        case tagName = "tag_name", uploadURL = "upload_url", htmlURL = "html_url"
    }
}

/// A release asset as GitHub's REST API returns it.
public struct GitHubAsset: Hashable, Sendable, Decodable {
    public var id: Int
    public var name: String
    public var size: Int
    /// `sha256:<hex>`, which GitHub computes for uploaded assets (absent on older servers).
    public var digest: String?
}

/// What relnotes wants a release to look like.
public struct ReleaseDraft: Hashable, Sendable {
    public var tagName: String
    public var name: String
    public var body: String
    public var draft: Bool
    public var prerelease: Bool
    /// Whether GitHub should show it as the repository's latest release.
    public var makeLatest: Bool
    /// The commit the tag names, so that GitHub never creates the tag elsewhere when it has not
    /// been pushed yet.
    public var targetCommitish: String?

    public init(tagName: String, name: String, body: String, draft: Bool, prerelease: Bool, makeLatest: Bool, targetCommitish: String? = nil) {
        self.targetCommitish = targetCommitish
        self.tagName = tagName
        self.name = name
        self.body = body
        self.draft = draft
        self.prerelease = prerelease
        self.makeLatest = makeLatest
    }
}
