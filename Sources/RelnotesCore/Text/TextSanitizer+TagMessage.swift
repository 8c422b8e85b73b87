extension TextSanitizer {
    /// A tag message in which no line starts with `-----BEGIN`: git reads the first such line as
    /// the start of the tag's signature, so one taken from commit text would cut the message
    /// short for `git tag -v` and `git cat-file`, and break the verification of a signed tag.
    /// Such a line gets a leading `\`, which Markdown does not show. Control characters are
    /// replaced as by ``printable(_:)``.
    public static func tagMessage(_ message: some StringProtocol) -> String {
        let text = printable(message)
        guard text.contains("-----BEGIN") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("-----BEGIN") ? "\\" + $0 : String($0) }
            .joined(separator: "\n")
    }
}
