/// A commit message as git hands it to a `commit-msg` hook, before git's own clean-up.
public enum CommitMessageFile {
    /// The scissors line `git commit --verbose` writes; everything from it on is not message.
    public static let scissors = "------------------------ >8 ------------------------"

    /// The message git will store: comment lines (starting with `commentCharacter`) removed,
    /// everything from the scissors line on removed, trailing blank lines removed.
    public static func cleaned(_ text: String, commentCharacter: Character = "#") -> String {
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let content = line.hasSuffix("\r") ? line.dropLast() : line
            if content.first == commentCharacter {
                if content.contains(scissors) { break }
                continue
            }
            kept.append(content)
        }
        while let last = kept.last, last.allSatisfy(\.isWhitespace) { kept.removeLast() }
        while let first = kept.first, first.allSatisfy(\.isWhitespace) { kept.removeFirst() }
        return kept.joined(separator: "\n")
    }
}
