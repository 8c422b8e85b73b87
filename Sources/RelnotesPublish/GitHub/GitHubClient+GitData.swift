import Foundation
import RelnotesCore

/// `GET /repos/{owner}/{repo}`: the fields relnotes reads.
struct GitHubRepositoryDocument: Decodable {
    var defaultBranch: String

    enum CodingKeys: String, CodingKey {
        case defaultBranch = "default_branch"
    }
}

/// Something GitHub's Git database API made or found, named by its id (a blob, a tree, a
/// commit).
struct GitHubCreatedObject: Decodable {
    var sha: String
}

/// A commit as `GET /repos/{owner}/{repo}/git/commits/{sha}` answers it (the fields relnotes
/// compares).
public struct GitHubCommit: Hashable, Sendable, Decodable {
    /// The commit's id.
    public var sha: String
    /// The commit's message.
    public var message: String
    /// The id of the commit's tree.
    public var treeID: String
    /// The ids of the commit's parents, in order.
    public var parentIDs: [String]

    enum CodingKeys: String, CodingKey {
        case sha, message, tree, parents
    }

    private struct Named: Decodable {
        var sha: String
    }

    /// Decodes GitHub's `tree.sha` and `parents[].sha`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sha = try container.decode(String.self, forKey: .sha)
        message = try container.decode(String.self, forKey: .message)
        treeID = try container.decode(Named.self, forKey: .tree).sha
        parentIDs = try container.decode([Named].self, forKey: .parents).map(\.sha)
    }
}

/// One entry of a tree to write: a file at `path` with `mode` and the blob `blobID`.
public struct GitHubTreeEntry: Hashable, Sendable {
    /// The path relative to the repository root, with `/` separators.
    public var path: String
    /// `100644`, or `100755` for an executable.
    public var mode: String
    /// The blob's id.
    public var blobID: String

    /// Creates an entry.
    public init(path: String, mode: String, blobID: String) {
        self.path = path
        self.mode = mode
        self.blobID = blobID
    }
}

extension GitHubClient {
    /// The repository's default branch (`default_branch` of `GET /repos/{owner}/{repo}`).
    public func defaultBranch() async throws(PublishError) -> String {
        let target = url("")
        let (data, _) = try await send("GET", target)
        return try decode(GitHubRepositoryDocument.self, data, what: "GET " + Self.redacted(target)).defaultBranch
    }

    /// The address of `refs/heads/<branch>` under `git/ref` (one reference) or `git/refs` (to
    /// change or delete it), each part of a branch with slashes escaped on its own.
    func branchReferenceURL(_ branch: String, kind: String = "ref") -> URL {
        url("/git/\(kind)/heads/" + branch.split(separator: "/", omittingEmptySubsequences: false).map { Self.pathEscaped(String($0)) }.joined(separator: "/"))
    }

    /// The commit `refs/heads/<branch>` names on GitHub, or `nil` when there is no such branch.
    /// A repository GitHub does not show is a refusal, not a missing branch.
    public func branchHead(_ branch: String) async throws(PublishError) -> String? {
        let target = branchReferenceURL(branch)
        let (data, response) = try await send("GET", target, accept: [200, 404])
        if response.statusCode == 404 {
            // GitHub answers 404 for a repository it will not show too: tell the two apart.
            _ = try await send("GET", url(""))
            return nil
        }
        let reference = try decode(GitHubReference.self, data, what: "GET " + Self.redacted(target))
        try checkObjectID(reference.object.sha, what: "GET " + Self.redacted(target))
        return reference.object.sha
    }

    /// Stores `text` as a blob (`POST git/blobs`, UTF-8) and returns its id.
    public func createBlob(_ text: String) async throws(PublishError) -> String {
        let target = url("/git/blobs")
        let (data, _) = try await send("POST", target, json: ["content": text, "encoding": "utf-8"], accept: [201])
        return try createdID(data, what: "POST " + Self.redacted(target))
    }

    /// Writes the tree `baseTree` with `entries` replaced or added (`POST git/trees`) and
    /// returns its id.
    public func createTree(base baseTree: String, entries: [GitHubTreeEntry]) async throws(PublishError) -> String {
        let target = url("/git/trees")
        let (data, _) = try await send("POST", target, json: Self.treeFields(base: baseTree, entries: entries), accept: [201])
        return try createdID(data, what: "POST " + Self.redacted(target))
    }

    static func treeFields(base: String, entries: [GitHubTreeEntry]) -> [String: Any] {
        ["base_tree": base, "tree": entries.map { ["path": $0.path, "mode": $0.mode, "type": "blob", "sha": $0.blobID] }]
    }

    /// The commit `sha` (`GET git/commits/{sha}`).
    public func commit(_ sha: String) async throws(PublishError) -> GitHubCommit {
        let target = url("/git/commits/\(Self.pathEscaped(sha))")
        let (data, _) = try await send("GET", target)
        return try decode(GitHubCommit.self, data, what: "GET " + Self.redacted(target))
    }

    /// Writes a commit of `tree` on `parents` with `message` (`POST git/commits`); GitHub makes
    /// the token's owner its author and committer. Returns its id.
    public func createCommit(message: String, tree: String, parents: [String]) async throws(PublishError) -> String {
        let target = url("/git/commits")
        let (data, _) = try await send("POST", target, json: ["message": message, "tree": tree, "parents": parents], accept: [201])
        return try createdID(data, what: "POST " + Self.redacted(target))
    }

    /// Creates `refs/heads/<branch>` at `sha` (`POST git/refs`). GitHub answers 422 when the
    /// branch exists: that is thrown, for the caller to update it instead.
    public func createBranch(_ branch: String, at sha: String) async throws(PublishError) {
        _ = try await send("POST", url("/git/refs"), json: ["ref": "refs/heads/\(branch)", "sha": sha], accept: [201])
    }

    /// Points `refs/heads/<branch>` at `sha`, whatever it pointed at (`PATCH git/refs/…`
    /// with `force: true`).
    public func forceBranch(_ branch: String, to sha: String) async throws(PublishError) {
        _ = try await send("PATCH", branchReferenceURL(branch, kind: "refs"), json: ["sha": sha, "force": true])
    }

    /// Deletes `refs/heads/<branch>`; a branch that is already gone (422 "Reference does not
    /// exist") is not an error.
    public func deleteBranch(_ branch: String) async throws(PublishError) {
        _ = try await send("DELETE", branchReferenceURL(branch, kind: "refs"), accept: [204, 422])
    }

    private func createdID(_ data: Data, what: String) throws(PublishError) -> String {
        let sha = try decode(GitHubCreatedObject.self, data, what: what).sha
        try checkObjectID(sha, what: what)
        return sha
    }

    /// Refuses an object id that is not hexadecimal: it goes into later addresses and bodies.
    func checkObjectID(_ sha: String, what: String) throws(PublishError) {
        guard Self.isObjectID(sha) else {
            throw PublishError(.remoteRefused, "GitHub's answer to \(what) names an object \"\(TextSanitizer.singleLine(String(sha.prefix(80))))\" that is not a hexadecimal id", hint: "check GITHUB_API_URL: it should name GitHub's API")
        }
    }
}
