import RelnotesCore

/// A repository on GitHub, as `owner/name`.
public struct GitHubRepository: Hashable, Sendable, CustomStringConvertible {
    /// The owning user or organisation.
    public var owner: String
    /// The repository's name.
    public var name: String

    /// Creates the repository `owner/name`.
    public init(owner: String, name: String) {
        self.owner = owner
        self.name = name
    }

    /// Reads `owner/name` (the form of `GITHUB_REPOSITORY`).
    public init?(slug: String) {
        let parts = slug.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(owner: String(parts[0]), name: String(parts[1]))
    }

    /// Reads the last two path components of a remote URL (`git@github.com:o/r.git`, …).
    public init?(remote: String) {
        guard let web = RepositoryLinks(remote: remote)?.webURL else { return nil }
        let parts = web.split(separator: "/")
        guard parts.count >= 4 else { return nil }
        self.init(owner: String(parts[parts.count - 2]), name: String(parts[parts.count - 1]))
    }

    /// `owner/name`.
    public var description: String { "\(owner)/\(name)" }
}
