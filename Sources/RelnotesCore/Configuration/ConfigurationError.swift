/// A configuration file that cannot be used: it does not parse, names a key relnotes does not
/// know, or gives a key a value of the wrong kind. Always names the file, the line and the key.
public struct ConfigurationError: RelnotesError, Equatable {
    /// The file, as the user named it (or as relnotes found it).
    public var file: String
    /// The 1-based line, when it is known.
    public var line: Int?
    /// The 1-based column (in characters) of a syntax error, when it is known.
    public var column: Int?
    /// The key at fault, in dotted form (`groups[2].bump`), when there is one.
    public var key: String?
    /// What is wrong, in a few words.
    public var problem: String
    /// What to do about it, when there is something to say.
    public var hint: String?
    /// A configuration error: exit status 1.
    public var category: ErrorCategory { .configuration }

    /// Creates the error.
    public init(file: String, line: Int?, column: Int? = nil, key: String?, problem: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = line == nil ? nil : column
        self.key = key
        self.problem = problem
        self.hint = hint
    }

    /// `file:line: key: problem` (`file:line:column: problem` for a syntax error), leaving out
    /// what is unknown.
    public var message: String {
        let place = line.map { line in column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)" } ?? file
        if let key { return "\(place): \(key): \(problem)" }
        return "\(place): \(problem)"
    }
}
