/// A `[[version_files]]` entry that cannot be applied: the key or pattern matches nothing or
/// more than once, or the file is of a kind the key form does not read. Nothing is written.
public struct VersionFileError: RelnotesError, Equatable {
    /// The file, as the entry names it.
    public var path: String
    /// What is wrong, in words.
    public var problem: String
    /// One line saying what to do about it, or `nil` when there is nothing to add.
    public var hint: String?
    /// Always ``ErrorCategory/configuration`` (exit 1).
    public var category: ErrorCategory { .configuration }

    /// Creates the error for the entry naming `path`.
    public init(path: String, problem: String, hint: String? = nil) {
        self.path = path
        self.problem = problem
        self.hint = hint
    }

    /// `version file <path>: <problem>`.
    public var message: String { "version file \(path): \(problem)" }
}
