/// One violation of the commit message rules: where, what, and what to write instead.
public struct LintFinding: Hashable, Sendable {
    /// The commit, or `nil` for a message file.
    public var commit: CommitID?
    /// The header as written.
    public var header: String
    /// The 1-based line of the message the problem is on (1: the header).
    public var line: Int
    /// The 1-based column (UTF-8 bytes), when the problem has a place on the line.
    public var column: Int?
    /// One lower-case line saying what is wrong (printable: quoted commit text is sanitised).
    public var problem: String
    /// A corrected header, when one can be guessed.
    public var suggestion: String?
    /// What to do otherwise.
    public var hint: String?

    /// Creates a finding.
    public init(commit: CommitID?, header: String, line: Int = 1, column: Int? = nil, problem: String, suggestion: String? = nil, hint: String? = nil) {
        self.commit = commit
        self.header = header
        self.line = line
        self.column = column
        self.problem = problem
        self.suggestion = suggestion
        self.hint = hint
    }

    /// `abc1234: "Fix stuff": no type; did you mean "fix: stuff"?`, on one line with control
    /// characters replaced (the header is commit text).
    public var summary: String {
        var text = commit.map { "\($0.abbreviated()): " } ?? ""
        text += "\"\(header)\": \(problem)"
        if let suggestion { text += "; did you mean \"\(suggestion)\"?" }
        return TextSanitizer.singleLine(text)
    }
}
