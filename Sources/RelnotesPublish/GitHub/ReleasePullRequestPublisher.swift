import Foundation
import RelnotesCore

/// Makes the release pull request look like a ``ReleasePullRequest``, through GitHub's REST API
/// only (no push, no git credentials: the token is all it needs).
///
/// The release commit is built on GitHub from blobs and a tree on top of the default branch's
/// head (``checkBase(localHead:)`` makes sure that is the commit checked out), and the branch
/// is created or force-updated to it; a branch that already holds the same tree on the same
/// parent with the same message is left alone. Then the one open pull request from the branch
/// into the default branch is updated, or opened (a 422 because another run opened it
/// meanwhile is answered by updating that one). Running it again converges: one branch, one
/// pull request. ``close(branch:base:)`` undoes it when nothing is release-worthy.
public struct ReleasePullRequestPublisher: Sendable {
    /// The client that talks to GitHub.
    public var client: GitHubClient

    /// Creates a publisher that works through `client`.
    public init(client: GitHubClient) {
        self.client = client
    }

    /// What happened to the branch.
    public enum BranchChange: String, Hashable, Sendable {
        /// The branch did not exist and was created.
        case created
        /// The branch was force-updated to a new release commit.
        case updated
        /// The branch already held this release commit.
        case unchanged
    }

    /// What happened to the pull request.
    public enum PullRequestChange: String, Hashable, Sendable {
        /// A pull request was opened.
        case opened
        /// The open pull request got a new title or body.
        case updated
        /// The open pull request already had this title and body.
        case unchanged
    }

    /// What ``publish(_:base:)`` did.
    public struct Outcome: Hashable, Sendable {
        /// The pull request as GitHub last answered.
        public var pullRequest: GitHubPullRequest
        /// The release commit the branch names.
        public var commit: String
        /// What happened to the branch.
        public var branch: BranchChange
        /// What happened to the pull request.
        public var change: PullRequestChange
    }

    /// What ``close(branch:base:)`` did.
    public struct Closing: Hashable, Sendable {
        /// The pull requests closed.
        public var closed: [GitHubPullRequest]
        /// Whether the branch was there and was deleted.
        public var deletedBranch: Bool
    }

    /// The default branch, after checking that its head on GitHub is `localHead`: the release
    /// commit goes on the commit whose history relnotes read. Refuses (exit 4) otherwise.
    public func checkBase(localHead: String) async throws(PublishError) -> String {
        let base = try await client.defaultBranch()
        guard let remote = try await client.branchHead(base) else {
            throw PublishError(.remoteRefused, "GitHub has no branch \(TextSanitizer.singleLine(base)), the default branch of \(client.repository)", hint: "push the default branch first")
        }
        guard remote == localHead else {
            let name = TextSanitizer.singleLine(base)
            throw PublishError(.remoteRefused, "\(name) on GitHub is at \(TextSanitizer.singleLine(remote)), but the checkout is at \(localHead); the release pull request goes on \(name)'s head", hint: "run it in a checkout of \(name)'s head (git fetch origin \(ReleasePublisher.shellWord(base)) && git checkout FETCH_HEAD); in a workflow, the run for the newer push does it")
        }
        return base
    }

    /// Makes the branch hold the release commit of `request` on top of `base`'s head and the
    /// one open pull request from it into `base` carry its title and body.
    public func publish(_ request: ReleasePullRequest, base: String) async throws(PublishError) -> Outcome {
        var entries: [GitHubTreeEntry] = []
        for file in request.files {
            entries.append(GitHubTreeEntry(path: file.path, mode: file.mode, blobID: try await client.createBlob(file.text)))
        }
        let parent = try await client.commit(request.parent)
        let tree = try await client.createTree(base: parent.treeID, entries: entries)
        let (commit, branchChange) = try await placeCommit(request, tree: tree)
        do {
            let (pull, change) = try await placePullRequest(request, base: base)
            return Outcome(pullRequest: pull, commit: commit, branch: branchChange, change: change)
        } catch where error.message.contains("(403") {
            throw PublishError(.remoteRefused, error.message, hint: Self.pullRequestsHint(client.repository))
        }
    }

    /// What a refused pull request needs: the permission, and for `GITHUB_TOKEN` the setting.
    static func pullRequestsHint(_ repository: GitHubRepository) -> String {
        "the token needs pull-requests: write on \(repository); GITHUB_TOKEN also needs Settings → Actions → General → \"Allow GitHub Actions to create and approve pull requests\""
    }

    /// The release commit on the branch: the one there when it has `tree`, the parent and the
    /// message; else a new one, the branch created or forced to it.
    private func placeCommit(_ request: ReleasePullRequest, tree: String) async throws(PublishError) -> (String, BranchChange) {
        let existing = try await client.branchHead(request.branch)
        if let existing {
            let commit = try await client.commit(existing)
            if commit.treeID == tree, commit.parentIDs == [request.parent], Self.sameMessage(commit.message, request.commitMessage) {
                return (existing, .unchanged)
            }
        }
        let commit = try await client.createCommit(message: request.commitMessage, tree: tree, parents: [request.parent])
        guard existing == nil else {
            try await client.forceBranch(request.branch, to: commit)
            return (commit, .updated)
        }
        do {
            try await client.createBranch(request.branch, at: commit)
            return (commit, .created)
        } catch where error.message.contains("(422") && error.message.contains("already exists") {
            // Another run created it meanwhile: this run's commit wins, as it would by forcing.
            try await client.forceBranch(request.branch, to: commit)
            return (commit, .updated)
        }
    }

    /// The one open pull request from the branch into `base`, with the request's title and body.
    private func placePullRequest(_ request: ReleasePullRequest, base: String) async throws(PublishError) -> (GitHubPullRequest, PullRequestChange) {
        if let open = try await client.openPullRequests(from: request.branch, into: base).first {
            return try await update(open, to: request)
        }
        do {
            return (try await client.createPullRequest(title: request.title, body: request.body, from: request.branch, into: base), .opened)
        } catch where error.message.contains("(422") {
            // "A pull request already exists": another run opened it meanwhile; update that one.
            guard let open = try await client.openPullRequests(from: request.branch, into: base).first else { throw error }
            return try await update(open, to: request)
        }
    }

    private func update(_ open: GitHubPullRequest, to request: ReleasePullRequest) async throws(PublishError) -> (GitHubPullRequest, PullRequestChange) {
        if open.title == request.title, Self.sameMessage(open.body ?? "", request.body) {
            return (open, .unchanged)
        }
        return (try await client.updatePullRequest(open.number, fields: ["title": request.title, "body": request.body]), .updated)
    }

    /// Closes every open pull request from `branch` into `base` and deletes the branch: what
    /// is left when nothing is release-worthy any more.
    public func close(branch: String, base: String) async throws(PublishError) -> Closing {
        var closed: [GitHubPullRequest] = []
        for open in try await client.openPullRequests(from: branch, into: base) {
            closed.append(try await client.updatePullRequest(open.number, fields: ["state": "closed"]))
        }
        let exists = try await client.branchHead(branch) != nil
        if exists { try await client.deleteBranch(branch) }
        return Closing(closed: closed, deletedBranch: exists)
    }

    /// Texts equal but for trailing line breaks, which GitHub may trim.
    static func sameMessage(_ one: String, _ other: String) -> Bool {
        func trimmed(_ text: String) -> Substring {
            var text = Substring(text)
            while text.last == "\n" || text.last == "\r" { text.removeLast() }
            return text
        }
        return trimmed(one) == trimmed(other)
    }

    /// The requests ``checkBase(localHead:)`` and ``publish(_:base:)`` would make, in order,
    /// for `--dry-run`: method, address, what is sent; never the token. What only GitHub knows
    /// (the default branch's name, the ids it assigns) is a placeholder.
    public func plan(_ request: ReleasePullRequest) -> [String] {
        var lines = baseLines(localHead: request.parent)
        for file in request.files {
            lines.append("POST \(client.url("/git/blobs")) (\(file.path), \(file.text.utf8.count) bytes, encoding utf-8)")
        }
        lines.append("GET \(client.url("/git/commits/\(request.parent)")), for its tree")
        let entries = request.files.map { GitHubTreeEntry(path: $0.path, mode: $0.mode, blobID: "<blob>") }
        lines.append("POST \(client.url("/git/trees")) with base_tree <its tree> and:")
        for entry in entries { lines.append("  \(entry.mode) blob \(entry.path)") }
        let branch = request.branch
        lines.append("GET \(client.branchReferenceURL(branch)); when it exists, GET \(client.url("/git/commits/"))<sha>: the same tree, parent and message leave it alone")
        lines.append("POST \(client.url("/git/commits")) with parents [\(request.parent)], message:")
        for text in request.commitMessage.split(separator: "\n", omittingEmptySubsequences: false).prefix(5) where !text.isEmpty { lines.append("  | " + text) }
        lines.append("POST \(client.url("/git/refs")) (refs/heads/\(branch)) when the branch is new, else PATCH \(client.branchReferenceURL(branch, kind: "refs")) with force: true")
        lines.append("GET \(listing(branch))")
        lines.append("POST \(client.url("/pulls")) when none is open (head \(branch), base <default branch>), else PATCH \(client.url("/pulls/"))<number> when its title or body differ; title:")
        lines.append("  " + request.title)
        let body = request.body.split(separator: "\n", omittingEmptySubsequences: false)
        lines.append("  the body, \(request.body.utf8.count) bytes, begins:")
        for text in body.prefix(5) { lines.append("  | " + text) }
        if body.count > 5 { lines.append("  | …") }
        lines.append(tokenLine)
        return lines.map(client.redactor.line)
    }

    /// The requests ``close(branch:base:)`` would make, for `--dry-run`.
    public func closingPlan(branch: String, localHead: String) -> [String] {
        var lines = baseLines(localHead: localHead)
        lines.append("GET \(listing(branch))")
        lines.append("PATCH \(client.url("/pulls/"))<number> with state closed, for each")
        lines.append("GET \(client.branchReferenceURL(branch)), then DELETE \(client.branchReferenceURL(branch, kind: "refs")) when it exists")
        lines.append(tokenLine)
        return lines.map(client.redactor.line)
    }

    /// The listing of open pull requests from `branch`, the base a readable placeholder.
    private func listing(_ branch: String) -> String {
        client.pullsListURL(from: branch, into: "BASE").absoluteString.replacingOccurrences(of: "base=BASE", with: "base=<default branch>")
    }

    private func baseLines(localHead: String) -> [String] {
        [
            "GET \(client.url("")), for the default branch",
            "GET \(client.url("/git/ref/heads/"))<default branch>: it must be at \(localHead), the commit checked out; when it is not, stop here",
        ]
    }

    private var tokenLine: String {
        let origins = client.scope.map { $0.origins.map(\.description).sorted().joined(separator: " and ") } ?? "nowhere"
        return "each request carries Authorization: Bearer \(SecretRedactor.mark), sent only to \(origins)"
    }
}
