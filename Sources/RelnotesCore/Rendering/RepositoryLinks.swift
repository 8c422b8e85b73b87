/// The web addresses of a hosted repository: commits, pull requests and comparisons.
///
/// Built from the `origin` remote (`git@github.com:o/r.git`, `https://github.com/o/r.git`,
/// `ssh://git@github.com/o/r`) or from `repository_url` in the configuration. GitLab hosts get
/// GitLab's paths (`/-/commit/…`, `/-/merge_requests/…`); every other host GitHub's.
public struct RepositoryLinks: Hashable, Sendable {
    /// The repository's web page, e.g. `https://github.com/o/r`, with no trailing slash.
    public let webURL: String

    /// Uses `webURL` as given (a configured `repository_url`), without a trailing slash or `.git`.
    public init(webURL: String) {
        var url = Substring(webURL)
        while url.hasSuffix("/") { url = url.dropLast() }
        if url.hasSuffix(".git") { url = url.dropLast(4) }
        self.webURL = String(url)
    }

    /// Derives the web page from a remote URL; `nil` when the remote is a local path or cannot
    /// be read as `host/owner/name`.
    public init?(remote: String) {
        var text = MessageText.trimming(Substring(remote))
        var host: Substring
        if let scheme = text.range(of: "://") {
            let name = text[..<scheme.lowerBound].lowercased()
            guard ["https", "http", "ssh", "git", "git+ssh", "ssh+git"].contains(name) else { return nil }
            text = text[scheme.upperBound...]
            guard let slash = text.firstIndex(of: "/") else { return nil }
            host = text[..<slash]
            text = text[text.index(after: slash)...]
            if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
            // A port belongs to the transport (ssh://host:2222/…), not to the web address.
            if name != "https" && name != "http", let colon = host.firstIndex(of: ":") { host = host[..<colon] }
        } else if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") {
            // scp-like syntax: [user@]host:owner/name.git
            host = text[..<colon]
            if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
            text = text[text.index(after: colon)...]
        } else {
            return nil
        }
        while text.hasPrefix("/") { text = text.dropFirst() }
        while text.hasSuffix("/") { text = text.dropLast() }
        if text.hasSuffix(".git") { text = text.dropLast(4) }
        guard !host.isEmpty, text.split(separator: "/").count >= 2 else { return nil }
        self.webURL = "https://\(host.lowercased())/\(text)"
    }

    private var isGitLab: Bool { webURL.contains("gitlab") }

    /// The page of one commit.
    public func commit(_ id: CommitID) -> String {
        isGitLab ? "\(webURL)/-/commit/\(id)" : "\(webURL)/commit/\(id)"
    }

    /// The page of pull request (merge request) `number`.
    public func pullRequest(_ number: Int) -> String {
        isGitLab ? "\(webURL)/-/merge_requests/\(number)" : "\(webURL)/pull/\(number)"
    }

    /// The page of an issue, pull request or merge request a commit message names; in another
    /// repository of the same host when the reference names one (`acme/api#7`).
    public func reference(_ reference: IssueReference) -> String {
        var base = webURL
        if let repository = reference.repository, let scheme = webURL.range(of: "://") {
            let host = webURL[scheme.upperBound...].prefix { $0 != "/" }
            base = "\(webURL[..<scheme.upperBound])\(host)/\(repository)"
        }
        switch reference.kind {
        case .pullRequest, .mergeRequest:
            return isGitLab ? "\(base)/-/merge_requests/\(reference.number)" : "\(base)/pull/\(reference.number)"
        case .closes, .refs:
            // GitHub redirects /issues/N to /pull/N when N is a pull request.
            return isGitLab ? "\(base)/-/issues/\(reference.number)" : "\(base)/issues/\(reference.number)"
        }
    }

    /// The comparison of two revisions (`v1.1.0...v1.2.0`, `v1.2.0...HEAD`).
    public func compare(_ from: String, _ to: String) -> String {
        isGitLab ? "\(webURL)/-/compare/\(from)...\(to)" : "\(webURL)/compare/\(from)...\(to)"
    }

    /// The history up to a tag, for a first release that has nothing to compare with.
    public func history(upTo tag: String) -> String {
        isGitLab ? "\(webURL)/-/commits/\(tag)" : "\(webURL)/commits/\(tag)"
    }
}
