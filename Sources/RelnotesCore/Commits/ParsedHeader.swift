/// A header that follows the Conventional Commits grammar `type(scope)!: description`.
public struct ParsedHeader: Hashable, Sendable {
    /// The type, lower-cased (`feat`).
    public var type: String
    /// The scope as written, without surrounding spaces; `nil` when absent.
    public var scope: String?
    /// Whether a `!` stands before the colon.
    public var isBreaking: Bool
    /// The text after `": "` (and any further spaces), without trailing whitespace.
    public var description: String

    /// Creates a parsed header from its parts.
    public init(type: String, scope: String? = nil, isBreaking: Bool = false, description: String) {
        self.type = type
        self.scope = scope
        self.isBreaking = isBreaking
        self.description = description
    }
}
