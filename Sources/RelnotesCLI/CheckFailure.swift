import RelnotesCore

/// A check that ran and failed: exit 3.
struct CheckFailure: RelnotesError {
    var message: String
    var hint: String?
    var category: ErrorCategory { .checkFailed }

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
