/// A `[[version_files]]` entry that cannot be applied: the key or pattern matches nothing or
/// more than once, or the file is of a kind the key form does not read. Nothing is written.
public struct VersionFileError: RelnotesError, Equatable {
    /// The file, as the entry names it.
    public var path: String
    /// What is wrong, in words.
    public var problem: String
    public var hint: String?
    public var category: ErrorCategory { .configuration }

    public init(path: String, problem: String, hint: String? = nil) {
        self.path = path
        self.problem = problem
        self.hint = hint
    }

    public var message: String { "version file \(path): \(problem)" }
}
