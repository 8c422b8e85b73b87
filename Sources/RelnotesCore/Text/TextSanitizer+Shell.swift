extension TextSanitizer {
    /// `text` as one POSIX shell word: in single quotes, each `'` written `'\''`. Inside single
    /// quotes the shell expands nothing (`$`, the backtick, `\`, `;`, `|` and spaces are plain
    /// characters), so a pasted command gets exactly `text` as one argument.
    ///
    /// Callers refuse control characters (newlines included) before they get here: a newline
    /// inside quotes is still one argument, but a reader of the command would not see it.
    public static func shellQuoted(_ text: some StringProtocol) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
