/// An issue, pull request or merge request that a commit message names.
///
/// ```text
/// fix: keep the prefix (#45)          → pull request 45
/// Closes #12, fixes acme/api#7        → closes 12, closes 7 in acme/api
/// Refs #3                             → refers to 3
/// See merge request group/app!45      → merge request 45 (GitLab)
/// ```
public struct IssueReference: Hashable, Sendable {
    /// What the message says about the issue.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// `Closes #12`, `Fixes #12`, `Resolves #12` and their other forms (GitHub's and
        /// GitLab's closing keywords): merging closes the issue.
        case closes
        /// `Refs #12`: the issue is related.
        case refs
        /// A trailing `(#12)` on the header: the pull request that brought the change.
        case pullRequest = "pull_request"
        /// GitLab's `!45`: a merge request.
        case mergeRequest = "merge_request"
    }

    /// What kind of reference this is.
    public var kind: Kind
    /// The issue, pull request or merge request number.
    public var number: Int
    /// `owner/name` (or GitLab's `group/project`) when the reference is to another repository,
    /// `nil` for this one.
    public var repository: String?

    /// Creates a reference.
    public init(kind: Kind, number: Int, repository: String? = nil) {
        self.kind = kind
        self.number = number
        self.repository = repository
    }
}
