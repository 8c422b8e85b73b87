import Foundation
import RelnotesCore

/// Where a tag points on GitHub: its reference, and the object reached by peeling annotated
/// tags (a commit, for every release tag).
public struct RemoteTag: Hashable, Sendable {
    /// The tag's name, without `refs/tags/`.
    public var name: String
    /// What `refs/tags/<name>` names: a tag object for an annotated tag, else the commit.
    public var referenceID: String
    /// The object reached after peeling every tag object.
    public var targetID: String
    /// `commit`, or `tree` / `blob` for an unusual tag.
    public var targetType: String
    /// Whether the reference names a tag object (an annotated tag).
    public var isAnnotated: Bool { referenceID != targetID }
}

/// `GET /repos/{owner}/{repo}/git/ref/{ref}` and `GET /repos/{owner}/{repo}/git/tags/{sha}`,
/// as GitHub's Git database API answers them.
struct GitHubReference: Decodable {
    var ref: String
    var object: GitHubObject
}

/// The `object` of a reference or of a tag object.
struct GitHubObject: Decodable {
    var sha: String
    var type: String
}

/// An annotated tag object.
struct GitHubTagObject: Decodable {
    var sha: String
    var object: GitHubObject
}

extension GitHubClient {
    /// Tags of tags are peeled this deep at most; git itself never makes more than one level.
    static let maxTagDepth = 8

    /// The address of `refs/tags/<tag>` in GitHub's Git database API: each part of a tag name
    /// with slashes (`api/v1.2.0`) escaped on its own, as GitHub reads the ref as a path.
    func tagReferenceURL(_ tag: String) -> URL {
        url("/git/ref/tags/" + tag.split(separator: "/", omittingEmptySubsequences: false).map { Self.pathEscaped(String($0)) }.joined(separator: "/"))
    }

    /// The tag `tag` on GitHub, annotated tags peeled to what they name, or `nil` when GitHub
    /// has no such tag. A repository GitHub does not show is a refusal, not a missing tag.
    public func remoteTag(_ tag: String) async throws(PublishError) -> RemoteTag? {
        let target = tagReferenceURL(tag)
        let (data, response) = try await send("GET", target, accept: [200, 404])
        if response.statusCode == 404 {
            // GitHub answers 404 for a repository it will not show too: tell the two apart.
            _ = try await send("GET", url(""))
            return nil
        }
        let reference = try decode(GitHubReference.self, data, what: "GET " + Self.redacted(target))
        var object = reference.object
        var depth = 0
        while object.type == "tag" {
            depth += 1
            guard depth <= Self.maxTagDepth else {
                throw PublishError(.remoteRefused, "the tag \(TextSanitizer.singleLine(tag)) on GitHub is a tag of a tag more than \(Self.maxTagDepth) levels deep", hint: "push a tag that names the release commit")
            }
            guard Self.isObjectID(object.sha) else {
                throw PublishError(.remoteRefused, "GitHub's answer to GET \(Self.redacted(target)) names an object \"\(TextSanitizer.singleLine(String(object.sha.prefix(80))))\" that is not a hexadecimal id", hint: "check GITHUB_API_URL: it should name GitHub's API")
            }
            let peel = url("/git/tags/\(object.sha)")
            let (body, _) = try await send("GET", peel)
            object = try decode(GitHubTagObject.self, body, what: "GET " + Self.redacted(peel)).object
        }
        return RemoteTag(name: tag, referenceID: reference.object.sha, targetID: object.sha, targetType: object.type)
    }

    /// 40 (SHA-1) or 64 (SHA-256) lower-case hexadecimal digits.
    static func isObjectID(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Publishes a draft release: `draft` false and `make_latest` as asked, nothing else changed.
    public func publishDraft(id: Int, makeLatest: Bool) async throws(PublishError) -> GitHubRelease {
        let target = url("/releases/\(id)")
        let (data, _) = try await send("PATCH", target, json: Self.publishFields(makeLatest: makeLatest))
        return try decode(GitHubRelease.self, data, what: "PATCH " + Self.redacted(target))
    }

    /// The JSON fields of the last request of a new release: it becomes public.
    static func publishFields(makeLatest: Bool) -> [String: Any] {
        ["draft": false, "make_latest": makeLatest ? "true" : "false"]
    }
}
