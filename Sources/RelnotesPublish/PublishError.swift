import RelnotesCore

/// A failure of the publishing stage: a remote service that refused (exit 4), or input that
/// cannot be used (exit 2). Messages never contain the token.
public struct PublishError: RelnotesError, Equatable {
    public var category: ErrorCategory
    public var message: String
    public var hint: String?

    public init(_ category: ErrorCategory, _ message: String, hint: String? = nil) {
        self.category = category
        self.message = message
        self.hint = hint
    }
}
