/// Finds the issue and merge-request references of a commit message (SPEC section 2):
/// closing keywords (`close`, `closes`, `closed`, `fix`, `fixes`, `fixed`, `resolve`,
/// `resolves`, `resolved`, any case, with or without a colon) and `Refs` before `#N` or
/// `owner/name#N`, in the body or a footer; a trailing `(#N)` or `(!N)` on the header; GitLab's
/// `See merge request group/project!N` line.
enum ReferenceScanner {
    static let closingKeywords: Set<String> = ["close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved"]
    static let referringKeywords: Set<String> = ["ref", "refs", "references", "re", "see"]

    static func references(description: String, body: String?, footers: [Footer]) -> [IssueReference] {
        var found: [IssueReference] = []
        func add(_ reference: IssueReference) {
            if !found.contains(reference) { found.append(reference) }
        }
        let header = Substring(description)
        if let pullRequest = MessageText.trailingPullRequest(header) {
            add(IssueReference(kind: .pullRequest, number: pullRequest.number))
        } else if let mergeRequest = trailingMergeRequest(header) {
            add(IssueReference(kind: .mergeRequest, number: mergeRequest))
        }
        // Only a line with `#` or `!` can refer to anything: a body or footer without either
        // (most of them) is not split into lines or words at all.
        func mayRefer(_ text: some StringProtocol) -> Bool {
            TextSanitizer.containsByte(text) { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "!") }
        }
        if let body, mayRefer(body) {
            for line in MessageText.lines(of: body) where mayRefer(line) { scan(line, add) }
        }
        for footer in footers where footer.separator == " #" || mayRefer(footer.token) || mayRefer(footer.value) {
            scan(Substring(footer.token + (footer.separator == " #" ? " #" : ": ") + footer.value), add)
        }
        return found
    }

    /// `(!N)` at the end of a header.
    static func trailingMergeRequest(_ text: Substring) -> Int? {
        let trimmed = MessageText.trimmingTrailing(text)
        guard trimmed.utf8.last == UInt8(ascii: ")") else { return nil }
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return nil }
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        guard inner.first == "!" else { return nil }
        return number(inner.dropFirst())
    }

    /// One line: keywords followed by lists of `#N` / `owner/name#N`, and GitLab's
    /// `See merge request group/project!N`.
    private static func scan(_ line: Substring, _ add: (IssueReference) -> Void) {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.count >= 4, words[0].lowercased() == "see", words[1].lowercased() == "merge", words[2].lowercased() == "request" {
            let target = words[3].hasSuffix(".") ? words[3].dropLast() : words[3]
            if let bang = target.lastIndex(of: "!"), let number = number(target[target.index(after: bang)...]) {
                let repository = target[..<bang]
                add(IssueReference(kind: .mergeRequest, number: number, repository: repository.isEmpty ? nil : String(repository)))
            }
            return
        }
        var kind: IssueReference.Kind?
        for word in words {
            var keyword = Substring(word.lowercased())
            if keyword.hasSuffix(":") { keyword = keyword.dropLast() }
            if closingKeywords.contains(String(keyword)) {
                kind = .closes
                continue
            }
            if referringKeywords.contains(String(keyword)) {
                kind = .refs
                continue
            }
            guard let current = kind else { continue }
            var item = word
            while let last = item.last, last == "," || last == "." || last == ";" || last == ")" { item = item.dropLast() }
            if item.lowercased() == "and" { continue }
            guard let hash = item.lastIndex(of: "#"), let value = number(item[item.index(after: hash)...]) else {
                kind = nil
                continue
            }
            let repository = item[..<hash]
            guard repository.isEmpty || isRepositorySlug(repository) else {
                kind = nil
                continue
            }
            add(IssueReference(kind: current, number: value, repository: repository.isEmpty ? nil : String(repository)))
            if !word.hasSuffix(",") && !word.hasSuffix(";") { kind = current }
        }
    }

    /// `owner/name`: letters, digits, `-`, `_`, `.` on both sides of one `/`.
    private static func isRepositorySlug(_ text: Substring) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { MessageText.isLetter($0) || MessageText.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
        }
    }

    /// A positive decimal number of at most 18 digits, the whole of `text`.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy(MessageText.isDigit) else { return nil }
        let value = Int(text) ?? 0
        return value > 0 ? value : nil
    }
}
