extension ConventionalCommitParser {
    /// Reads one commit as the entries of a squash merge (`split_squash = true`, SPEC section
    /// 2): a body line `* type(scope): text` (or `- …`) is an entry of its own, with the lines
    /// below it up to the next item or blank line as its body; each counts for the version.
    ///
    /// The commit's own header stays an entry when it is conventional (a pull request's title)
    /// and is not repeated by an item; a header that is not conventional (`Merge pull request
    /// #9`, `Big update (#9)`) is replaced by the items. Items take the commit's pull request
    /// number when they name none. Without items, the answer is `[parse(commit)]`.
    public func parseSplitting(_ commit: RawCommit) -> [ConventionalCommit] {
        let whole = parse(commit)
        guard let body = whole.body, TextSanitizer.containsByte(body, where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "-") }) else {
            return [whole]
        }
        var items: [(header: Substring, body: [Substring])] = []
        var current: (header: Substring, body: [Substring])?
        for line in MessageText.lines(of: body) {
            let text = MessageText.trimmingLeading(line)
            if text.utf8.starts(with: "* ".utf8) || text.utf8.starts(with: "- ".utf8) {
                if let done = current { items.append(done) }
                let header = MessageText.trimmingLeading(text.dropFirst(2))
                if case .parsed = Self.scanHeader(header) {
                    current = (header, [])
                } else {
                    current = nil
                }
            } else if line.isEmpty {
                if let done = current { items.append(done) }
                current = nil
            } else if current != nil {
                current!.body.append(text)
            }
        }
        if let done = current { items.append(done) }
        guard !items.isEmpty else { return [whole] }

        var entries: [ConventionalCommit] = whole.isConventional ? [whole] : []
        for item in items {
            let message = String(item.header) + (item.body.isEmpty ? "" : "\n\n" + item.body.joined(separator: "\n"))
            var entry = parse(RawCommit(id: commit.id, parents: commit.parents, author: commit.author, committer: commit.committer, message: message))
            if entries.contains(where: { RevertTarget.sameHeader($0.header, entry.header) }) { continue }
            if entry.pullRequest == nil, let number = whole.pullRequest {
                entry.pullRequest = number
                entry.references.insert(IssueReference(kind: .pullRequest, number: number), at: 0)
            }
            entries.append(entry)
        }
        return entries
    }
}
