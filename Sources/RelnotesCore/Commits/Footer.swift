/// One footer (git trailer) of a commit message: `Token: value` or `Token #value`
/// (Conventional Commits 1.0.0, items 8–16).
public struct Footer: Hashable, Sendable, Codable {
    /// The token as written: `Reviewed-by`, `Refs`, `BREAKING CHANGE`.
    public var token: String
    /// What separates token and value: `": "` or `" #"`.
    public var separator: String
    /// The value; a footer that runs over several lines keeps them, joined with `"\n"`, each
    /// without trailing whitespace.
    public var value: String

    /// Creates a footer from its parts.
    public init(token: String, separator: String = ": ", value: String) {
        self.token = token
        self.separator = separator
        self.value = value
    }

    /// Whether the footer announces a breaking change: its token is `BREAKING CHANGE` or
    /// `BREAKING-CHANGE`, in upper case as the specification requires.
    public var isBreakingChange: Bool {
        token == "BREAKING CHANGE" || token == "BREAKING-CHANGE"
    }

    /// Whether the token is `token`, ignoring ASCII case (`release-as` is `Release-As`).
    public func hasToken(_ token: String) -> Bool {
        self.token.utf8.count == token.utf8.count
            && zip(self.token.utf8, token.utf8).allSatisfy { MessageText.lowercased($0) == MessageText.lowercased($1) }
    }

    /// The footer as it would be written in a message (`Refs #12`, `Reviewed-by: Ana`).
    public var text: String { token + separator + value }
}
