/// The commit a revert undoes, as the revert names it.
public enum RevertTarget: Hashable, Sendable {
    /// A lower-case hexadecimal commit id, or a prefix of at least 7 digits, from the body line
    /// `This reverts commit <id>.` that `git revert` writes.
    case commit(String)
    /// The reverted commit's header, from `Revert "<header>"` (or the description of a
    /// `revert:` commit) when the message names no id.
    case header(String)

    /// Whether `commit` is the commit this target names: by id prefix for ``commit(_:)``, by
    /// exact header for ``header(_:)``.
    public func names(_ commit: ConventionalCommit) -> Bool {
        switch self {
        case .commit(let prefix): commit.id.description.utf8.starts(with: prefix.utf8)
        case .header(let header): Self.sameHeader(commit.header, header)
        }
    }

    /// Whether two headers are the same once a trailing ` (#N)` is left out of each: GitHub
    /// titles the revert of `fix: x (#12)` as `Revert "fix: x"` and appends the revert's own
    /// pull request number, so neither side's number may decide.
    public static func sameHeader(_ lhs: String, _ rhs: String) -> Bool {
        withoutPullRequest(lhs) == withoutPullRequest(rhs)
    }

    static func withoutPullRequest(_ header: String) -> Substring {
        let text = Substring(header)
        guard let suffix = MessageText.trailingPullRequest(text) else { return text }
        return text[..<suffix.start]
    }
}
