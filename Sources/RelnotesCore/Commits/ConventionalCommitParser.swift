/// Reads commit messages as Conventional Commits 1.0.0 (docs/lint.md).
///
/// - Header: `type(scope)!: description`. The type is `[A-Za-z][A-Za-z0-9_-]*`, the scope any
///   text in parentheses but `(`, `)` and `:` (spaces around it are dropped). The type is
///   lower-cased; the scope is kept as written (compare it in lower case). `!` before the colon marks a breaking change. The colon must be followed by
///   at least one space (more are skipped). `fix(): x` is read leniently as a `fix` without a
///   scope, although ``parseHeader(_:)`` reports the empty scope for `lint`.
/// - `Revert "<header>"` (what `git revert` writes) is a `revert` commit whose description is
///   the quoted header; `revert:` commits too name what they revert. The target is the id on a
///   `This reverts commit <id>.` line, else the quoted header (or the `revert:` description).
///   Git's `Reapply "<header>"` (a revert of a revert) stays non-conventional but names its
///   target the same way, so that it cancels the revert it undoes.
/// - Body and footers: see the rules of the footer block in the documentation of
///   ``ConventionalCommit/footers``; `BREAKING CHANGE` / `BREAKING-CHANGE` footers make the
///   commit breaking, `Release-As` (any case) forces a version.
///
/// Works on the UTF-8 bytes of the message with small consuming steps, never crashes, treats
/// `\r\n` as `\n`, and skips blank lines before the header. A message with no header at all is
/// a non-conventional commit with an empty header.
public struct ConventionalCommitParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Reads one commit.
    public func parse(_ commit: RawCommit) -> ConventionalCommit {
        let lines = MessageText.lines(of: commit.message)
        var headerIndex = lines.startIndex
        while headerIndex < lines.endIndex - 1, lines[headerIndex].utf8.isEmpty { headerIndex += 1 }
        let header = lines[headerIndex]
        let rest = lines[(headerIndex + 1)...]
        let layout = MessageLayout(lines: rest)

        var result = ConventionalCommit(
            id: commit.id,
            author: commit.author,
            committer: commit.committer,
            isMerge: commit.isMerge,
            header: String(header),
            type: nil,
            description: String(header),
            body: layout.body,
            footers: layout.footers
        )

        if let quoted = Self.quotedRevert(header) {
            let target = Self.revertedCommit(in: rest).map(RevertTarget.commit)
            switch quoted.kind {
            case .revert:
                result.type = "revert"
                result.description = String(quoted.inner)
                result.revert = target ?? .header(String(quoted.inner))
            case .reapply:
                result.revert = target ?? .header("Revert \"\(quoted.inner)\"")
            }
            result.pullRequest = quoted.pullRequest
        } else if case .parsed(let parsed, _) = Self.scanHeader(header) {
            result.type = parsed.type
            result.scope = parsed.scope
            result.isBreaking = parsed.isBreaking
            result.description = parsed.description
            if parsed.type == "revert" {
                result.revert = Self.revertedCommit(in: rest).map(RevertTarget.commit)
                    ?? .header(String(Self.unquoted(Substring(parsed.description))))
            }
        }
        // git's own line decides, whatever the header says (`chore(deps): revert execa bump`).
        if result.revert == nil, let id = Self.revertedCommit(in: rest) {
            result.revert = .commit(id)
        }
        if result.pullRequest == nil {
            result.pullRequest = MessageText.trailingPullRequest(Substring(result.description))?.number
        }
        result.isReleaseCommit = Self.isReleaseCommit(result, header: header)
        result.isSkipped = Self.isSkipMarker(header)

        var notes: [String] = []
        for footer in layout.footers {
            if footer.isBreakingChange {
                result.isBreaking = true
                if !footer.value.isEmpty { notes.append(footer.value) }
            } else if footer.hasToken("Release-As") {
                var value = Substring(footer.value)
                if let first = value.utf8.first, first | 0x20 == UInt8(ascii: "v") { value = value.dropFirst() }
                if let version = SemanticVersion(String(value)) { result.releaseAs = version }
            }
        }
        // A breaking change is never missed: `BREAKING CHANGE:` on a body line (the last line of
        // a paragraph, or a `* ` item of a squash merge) counts as conventional-changelog and
        // release-please read it; lint reports it as misplaced.
        // The same line inside the footer block, where it continues another footer's value
        // (`Refs: #1` then `BREAKING CHANGE:x`, or an indented `  BREAKING CHANGE: x`), counts
        // too: only the value's first line is not a line of the message.
        var misplaced = result.body.map(Self.breakingNotesInBody) ?? []
        for footer in layout.footers where !footer.isBreakingChange {
            guard let firstLineEnd = footer.value.utf8.firstIndex(of: MessageText.newline) else { continue }
            let continuation = footer.value.utf8[footer.value.utf8.index(after: firstLineEnd)...]
            misplaced += Self.breakingNotesInBody(String(Substring(continuation)))
        }
        if !misplaced.isEmpty {
            result.isBreaking = true
            result.hasMisplacedBreakingChange = true
            notes += misplaced.filter { !$0.isEmpty && !notes.contains($0) }
        }
        if !notes.isEmpty { result.breakingNote = notes.joined(separator: "\n\n") }
        result.references = ReferenceScanner.references(description: result.description, body: result.body, footers: layout.footers)
        return result
    }

    /// Checks one header against the grammar `type(scope)!: description`, saying where it
    /// breaks the grammar when it does (for `lint`). Unlike ``parse(_:)``, it reports an empty
    /// scope, and it knows nothing of `Revert "…"` headers.
    public func parseHeader(_ header: Substring) -> Result<ParsedHeader, HeaderSyntaxError> {
        switch Self.scanHeader(header) {
        case .parsed(let parsed, nil): .success(parsed)
        case .parsed(_, .some(let error)): .failure(error)
        case .failed(let error): .failure(error)
        }
    }
}

// MARK: - Header

extension ConventionalCommitParser {
    enum HeaderScan {
        /// The header parses; `lenient` is a problem ``parse(_:)`` tolerates (an empty scope).
        case parsed(ParsedHeader, lenient: HeaderSyntaxError?)
        case failed(HeaderSyntaxError)
    }

    static func scanHeader(_ header: Substring) -> HeaderScan {
        let utf8 = header.utf8
        let end = utf8.endIndex
        var index = utf8.startIndex
        func column(_ position: String.Index) -> Int { utf8.distance(from: utf8.startIndex, to: position) + 1 }
        func found(_ position: String.Index) -> String {
            "'" + header.unicodeScalars[position].escaped(asASCII: false) + "'"
        }
        func fail(_ reason: HeaderSyntaxError.Reason, at position: String.Index, _ message: String) -> HeaderScan {
            .failed(HeaderSyntaxError(column: column(position), reason: reason, message: message))
        }

        // type
        guard index < end else { return fail(.emptyHeader, at: index, "the header is empty") }
        let first = utf8[index]
        guard MessageText.isLetter(first) else {
            if first == UInt8(ascii: ":") || first == UInt8(ascii: "(") || first == UInt8(ascii: "!") {
                return fail(.missingType, at: index, "expected a type at the start of the header, e.g. 'feat: add x'")
            }
            return fail(.invalidTypeCharacter, at: index, "a type starts with a letter, found \(found(index))")
        }
        let typeStart = index
        while index < end {
            let byte = utf8[index]
            guard MessageText.isLetter(byte) || MessageText.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") else { break }
            index = utf8.index(after: index)
        }
        let type = MessageText.slice(header, typeStart..<index)

        // (scope)
        var scope: String?
        var lenient: HeaderSyntaxError?
        enum Position { case type, scope, bang }
        var position = Position.type
        func missingColon(at index: String.Index) -> HeaderScan {
            let after = switch position {
            case .type: "the type '\(type)'"
            case .scope: "the scope"
            case .bang: "'!'"
            }
            return fail(.missingColon, at: index, "expected ':' after \(after)")
        }
        if index < end, utf8[index] == UInt8(ascii: "(") {
            let open = index
            index = utf8.index(after: index)
            let scopeStart = index
            while index < end, utf8[index] != UInt8(ascii: ")") {
                let byte = utf8[index]
                if byte == UInt8(ascii: ":") {
                    return fail(.unclosedScope, at: open, "the scope is not closed: expected ')' before ':'")
                }
                if byte == UInt8(ascii: "(") {
                    return fail(.invalidScopeCharacter, at: index, "'(' is not allowed in a scope")
                }
                index = utf8.index(after: index)
            }
            guard index < end else { return fail(.unclosedScope, at: open, "the scope is not closed: expected ')'") }
            let text = MessageText.trimming(MessageText.slice(header, scopeStart..<index))
            if text.isEmpty {
                lenient = HeaderSyntaxError(column: column(open), reason: .emptyScope, message: "the scope is empty: write one or leave out the parentheses")
            } else {
                scope = String(text)
            }
            index = utf8.index(after: index)
            position = .scope
        }

        // !
        var isBreaking = false
        if index < end, utf8[index] == UInt8(ascii: "!") {
            isBreaking = true
            index = utf8.index(after: index)
            position = .bang
        }

        // ": "
        guard index < end else { return missingColon(at: index) }
        guard utf8[index] == UInt8(ascii: ":") else {
            let byte = utf8[index]
            if scope == nil, lenient == nil, !isBreaking, byte != MessageText.space, byte != MessageText.tab, byte != UInt8(ascii: "(") {
                return fail(.invalidTypeCharacter, at: index, "\(found(index)) is not allowed in a type: use letters, digits, '-' and '_'")
            }
            return missingColon(at: index)
        }
        index = utf8.index(after: index)
        guard index < end else { return fail(.emptyDescription, at: index, "the description is empty") }
        guard utf8[index] == MessageText.space || utf8[index] == MessageText.tab else {
            return fail(.missingSpaceAfterColon, at: index, "expected a space after ':'")
        }
        while index < end, utf8[index] == MessageText.space || utf8[index] == MessageText.tab {
            index = utf8.index(after: index)
        }

        // description
        let description = MessageText.trimmingTrailing(MessageText.slice(header, index..<end))
        guard !description.isEmpty else { return fail(.emptyDescription, at: index, "the description is empty") }
        let parsed = ParsedHeader(type: type.lowercased(), scope: scope, isBreaking: isBreaking, description: String(description))
        return .parsed(parsed, lenient: lenient)
    }
}

// MARK: - Reverts

extension ConventionalCommitParser {
    struct QuotedRevert {
        enum Kind { case revert, reapply }
        var kind: Kind
        var inner: Substring
        var pullRequest: Int?
    }

    /// `Revert "<header>"` or `Reapply "<header>"`, optionally followed by ` (#N)` (GitHub's
    /// squash merge of a revert pull request).
    static func quotedRevert(_ header: Substring) -> QuotedRevert? {
        let kind: QuotedRevert.Kind
        let prefixLength: Int
        if MessageText.hasPrefixIgnoringCase(header, "revert \"") {
            (kind, prefixLength) = (.revert, 8)
        } else if MessageText.hasPrefixIgnoringCase(header, "reapply \"") {
            (kind, prefixLength) = (.reapply, 9)
        } else {
            return nil
        }
        let utf8 = header.utf8
        var quoted = MessageText.slice(header, utf8.index(utf8.startIndex, offsetBy: prefixLength)..<utf8.endIndex)
        var pullRequest: Int?
        if quoted.utf8.last != UInt8(ascii: "\""), let suffix = MessageText.trailingPullRequest(quoted) {
            quoted = MessageText.slice(quoted, quoted.startIndex..<suffix.start)
            pullRequest = suffix.number
        }
        guard quoted.utf8.count >= 2, quoted.utf8.last == UInt8(ascii: "\"") else { return nil }
        let inner = MessageText.slice(quoted, quoted.startIndex..<quoted.utf8.index(before: quoted.endIndex))
        guard !inner.isEmpty else { return nil }
        return QuotedRevert(kind: kind, inner: inner, pullRequest: pullRequest ?? MessageText.trailingPullRequest(inner)?.number)
    }

    /// The id on the first `This reverts commit <id>` line (7 to 40 hex digits), lower-cased.
    static func revertedCommit(in lines: ArraySlice<Substring>) -> String? {
        for line in lines {
            let text = MessageText.trimmingLeading(line)
            guard MessageText.hasPrefixIgnoringCase(text, "this reverts commit ") else { continue }
            let utf8 = text.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: 20)
            var index = start
            while index < utf8.endIndex, MessageText.isHexDigit(utf8[index]) { index = utf8.index(after: index) }
            let count = utf8.distance(from: start, to: index)
            guard (7...40).contains(count) else { continue }
            if index < utf8.endIndex, MessageText.isLetter(utf8[index]) || MessageText.isDigit(utf8[index]) { continue }
            return String(decoding: utf8[start..<index].lazy.map(MessageText.lowercased), as: UTF8.self)
        }
        return nil
    }

    /// The notes of `BREAKING CHANGE:` / `BREAKING-CHANGE:` lines inside the body, also after
    /// a `* ` or `- ` bullet; a note runs on over the following lines of its paragraph until a
    /// line that starts another item.
    static func breakingNotesInBody(_ body: String) -> [String] {
        // Every note starts with `BREAKING CHANGE:` or `BREAKING-CHANGE:`: most bodies have neither.
        guard MessageText.contains("BREAKING", in: body) else { return [] }
        var notes: [String] = []
        var current: String?
        func finish() {
            if let note = current { notes.append(String(MessageText.trimming(Substring(note)))) }
            current = nil
        }
        for line in MessageText.lines(of: body) {
            var text = MessageText.trimmingLeading(line)
            let isItem = text.utf8.starts(with: "* ".utf8) || text.utf8.starts(with: "- ".utf8)
            if isItem { text = MessageText.trimmingLeading(text.dropFirst(2)) }
            if text.utf8.starts(with: "BREAKING CHANGE:".utf8) || text.utf8.starts(with: "BREAKING-CHANGE:".utf8) {
                finish()
                current = String(text.dropFirst(16))
            } else if line.isEmpty || isItem {
                finish()
            } else if current != nil {
                current! += "\n" + text
            }
        }
        finish()
        return notes
    }

    /// Whether the commit only records a release, as release tools and projects write them:
    /// `chore(release): …`, a `release:` commit, a header that is nothing but a version
    /// (`v3.5.41`), or a `chore` (any scope) whose description names only a version, after
    /// `release`, `prepare for`, `bump version to` or `version` (`chore(main): release 17.11.1
    /// (#2864)`, `chore: release 13.4.5`, `chore(version): 7.0.0`). Such commits are no entries.
    static func isReleaseCommit(_ commit: ConventionalCommit, header: Substring) -> Bool {
        if commit.type == "release" { return true }
        if commit.type == "chore", let scope = commit.scope, scope.lowercased() == "release" { return true }
        // Trimmed only when it may be a version: most headers start with a letter other than v.
        if let first = header.utf8.first, !MessageText.isLetter(first) || first | 0x20 == UInt8(ascii: "v"),
           isBareVersion(MessageText.trimming(header)) { return true }
        guard commit.type == "chore" else { return false }
        var text = Substring(commit.description)
        if let suffix = MessageText.trailingPullRequest(text) { text = text[..<suffix.start] }
        text = MessageText.trimming(text)
        let lowercased = text.lowercased()
        for lead in ["release ", "prepare for ", "prepare release ", "bump version to ", "version "] where lowercased.hasPrefix(lead) {
            text = MessageText.trimmingLeading(text.dropFirst(lead.count))
            break
        }
        return isBareVersion(text)
    }

    /// Whether a first line is `relnotes: skip` (any case, surrounding blanks ignored): the
    /// note that drops a commit from notes and versions.
    public static func isSkipMarker(_ header: Substring) -> Bool {
        let text = MessageText.trimming(header)
        return text.utf8.count == 14 && text.lowercased() == "relnotes: skip"
    }

    /// `1.2.3` or `v1.2.3` (with any prerelease or build), nothing else.
    private static func isBareVersion(_ text: Substring) -> Bool {
        var text = text
        if let first = text.utf8.first, first | 0x20 == UInt8(ascii: "v") { text = text.dropFirst() }
        // A version starts with a digit: any other text is not parsed (asked of every header).
        guard let first = text.utf8.first, MessageText.isDigit(first) else { return false }
        return SemanticVersion(String(text)) != nil
    }

    /// `text` without one pair of surrounding double quotes.
    static func unquoted(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        guard utf8.count >= 3, utf8.first == UInt8(ascii: "\""), utf8.last == UInt8(ascii: "\"") else { return text }
        return MessageText.slice(text, utf8.index(after: utf8.startIndex)..<utf8.index(before: utf8.endIndex))
    }
}
