import Foundation

/// The changelog as data: the contract of `--format json` (schema 1) and the context every
/// Mustache template renders. Fields are added in later versions, never renamed or removed.
public struct ChangelogDocument: Hashable, Sendable, Encodable {
    /// The schema version; it changes only if a field is ever renamed or removed.
    public static let schemaVersion = 1

    /// The hosted repository, when its web address is known.
    public var repositoryURL: String?
    /// The sections, newest first (Unreleased, when present, first).
    public var releases: [ReleaseNotes]

    public init(repositoryURL: String?, releases: [ReleaseNotes]) {
        self.repositoryURL = repositoryURL
        self.releases = releases
    }

    enum CodingKeys: String, CodingKey { case schema, repository, releases }
    enum RepositoryKeys: String, CodingKey { case url }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaVersion, forKey: .schema)
        var repository = container.nestedContainer(keyedBy: RepositoryKeys.self, forKey: .repository)
        try repository.encode(repositoryURL, forKey: .url)
        try container.encode(releases, forKey: .releases)
    }

    /// The document as pretty-printed JSON with sorted keys, ending in a newline.
    public func jsonText() throws -> String {
        try JSONText.encode(self) + "\n"
    }
}
