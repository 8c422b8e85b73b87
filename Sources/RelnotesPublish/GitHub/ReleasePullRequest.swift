import RelnotesCore

/// What relnotes wants the release pull request to be: the branch holding the release commit
/// (the changed files on top of `parent`, with the release commit's message), and the pull
/// request's title and body.
public struct ReleasePullRequest: Hashable, Sendable {
    /// The branch, `relnotes/release` or `relnotes/release-<component>`.
    public var branch: String
    /// The commit the release commit goes on: the default branch's head, as checked out.
    public var parent: String
    /// The files the release commit changes.
    public var files: [File]
    /// The release commit's message.
    public var commitMessage: String
    /// The pull request's title, `chore(release): <tag>`.
    public var title: String
    /// The pull request's body: the release notes.
    public var body: String

    /// GitHub's limit on a pull request's body, in characters.
    public static let bodyLimit = 65_536

    /// Creates the request.
    public init(branch: String, parent: String, files: [File], commitMessage: String, title: String, body: String) {
        self.branch = branch
        self.parent = parent
        self.files = files
        self.commitMessage = commitMessage
        self.title = title
        self.body = body
    }

    /// One file of the release commit.
    public struct File: Hashable, Sendable {
        /// The path relative to the repository root, with `/` separators.
        public var path: String
        /// The text the release commit holds.
        public var text: String
        /// `100644`, or `100755` for an executable.
        public var mode: String

        /// Creates a file; `mode` is git's file mode (`0o100644` or `0o100755`).
        public init(path: String, text: String, mode: Int = 0o100644) {
            self.path = path
            self.text = text
            self.mode = String(mode, radix: 8)
        }
    }

    /// `relnotes/release`, or `relnotes/release-<component>` for a monorepo component.
    public static func branchName(component: String?) -> String {
        guard let component, !component.isEmpty else { return "relnotes/release" }
        return "relnotes/release-\(component)"
    }

    /// `chore(release): <tag>`.
    public static func title(tag: String) -> String {
        "chore(release): \(tag)"
    }
}
