import RelnotesCore

/// A failure of the publishing stage: a remote service that refused (exit 4), or input that
/// cannot be used (exit 2). Messages never contain the token.
public struct PublishError: RelnotesError, Equatable {
    /// Which failure it is, deciding the exit status (`ErrorCategory.remoteRefused`: exit 4).
    public var category: ErrorCategory
    /// One line saying what went wrong, never containing the token.
    public var message: String
    /// One line saying what to do about it, or `nil` when there is nothing to add.
    public var hint: String?

    /// Creates the error in `category` with its message and an optional hint.
    public init(_ category: ErrorCategory, _ message: String, hint: String? = nil) {
        self.category = category
        self.message = message
        self.hint = hint
    }
}
