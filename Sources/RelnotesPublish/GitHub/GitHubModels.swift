/// A release as GitHub's REST API returns it (the fields relnotes reads).
public struct GitHubRelease: Hashable, Sendable, Decodable {
    /// GitHub's id of the release.
    public var id: Int
    /// `tag_name`: the tag the release is for.
    public var tagName: String
    /// The release's title, if it has one.
    public var name: String?
    /// The release's Markdown body, if it has one.
    public var body: String?
    /// Whether the release is a draft (not public yet).
    public var draft: Bool
    /// Whether GitHub marks the release as a prerelease.
    public var prerelease: Bool
    /// `upload_url`: the URI template assets are uploaded to.
    public var uploadURL: String
    /// `html_url`: the release's web page.
    public var htmlURL: String?

    enum CodingKeys: String, CodingKey {
        case id, name, body, draft, prerelease
        case tagName = "tag_name", uploadURL = "upload_url", htmlURL = "html_url"
    }
}

/// A release asset as GitHub's REST API returns it.
public struct GitHubAsset: Hashable, Sendable, Decodable {
    /// GitHub's id of the asset.
    public var id: Int
    /// The asset's file name.
    public var name: String
    /// The asset's size in bytes.
    public var size: Int
    /// `sha256:<hex>`, which GitHub computes for uploaded assets (absent on older servers).
    public var digest: String?
}

/// What relnotes wants a release to look like.
public struct ReleaseDraft: Hashable, Sendable {
    /// The tag the release is for.
    public var tagName: String
    /// The release's title.
    public var name: String
    /// The release's Markdown body.
    public var body: String
    /// Whether the release stays a draft.
    public var draft: Bool
    /// Whether the release is marked as a prerelease.
    public var prerelease: Bool
    /// Whether GitHub should show it as the repository's latest release.
    public var makeLatest: Bool
    /// The commit the tag names, so that GitHub never creates the tag elsewhere when it has not
    /// been pushed yet.
    public var targetCommitish: String?

    /// Creates a draft; without `targetCommitish`, GitHub is not told which commit the tag names.
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
