import FuzzCheck
import RelnotesCore

/// The Conventional Commit parser (and lint, and the text sanitiser, which see the same text)
/// on any message: it never traps, and what it reads is consistent with what was written.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommitParser(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let message = text(data, count)
    let raw = RawCommit(id: commitID, parents: [], author: person, committer: person, message: message)
    let parser = ConventionalCommitParser()
    let commit = parser.parse(raw)
    require(commit == parser.parse(raw), "parsing the same message twice gave different commits")
    checkHeader(commit, message: message)
    checkBreakingChange(commit, message: message)
    checkFootersAndBody(commit)
    checkReferences(commit, message: message)
    for entry in parser.parseSplitting(raw) {
        require(!entry.header.utf8.contains(newline), "a squash entry's header holds a newline: \(quoted(entry.header))")
    }

    let linter = CommitLinter(configuration: Configuration())
    let lineCount = message.utf8.split(separator: newline, omittingEmptySubsequences: false).count
    for source in [CommitLinter.Source.messageFile, .commit(commitID)] {
        for finding in linter.lint(message, source: source) {
            require((1...max(1, lineCount)).contains(finding.line), "lint finding on line \(finding.line) of a \(lineCount)-line message")
            require(finding.column.map { $0 >= 1 } ?? true, "lint finding at column \(finding.column ?? 0)")
        }
    }
    _ = linter.lint(CommitMessageFile.cleaned(message), source: .messageFile)

    checkSanitizer(commit.header)
    checkSanitizer(commit.body ?? "")
    checkSanitizer(message)
    return 0
}

private let newline = UInt8(ascii: "\n")
private let commitID = CommitID(bytes: [UInt8](repeating: 0xAB, count: 20))!
private let person = Signature(name: "Fuzz", email: "fuzz@example.com", time: Timestamp(seconds: 0))

/// Bytes relnotes trims at the end of a line: space, tab, CR, vertical tab, form feed.
private func isLineSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
}

/// The lines of the message as the documentation describes them: split at `\n`, trailing
/// whitespace dropped.
private func lines(_ message: String) -> [ArraySlice<UInt8>] {
    Array(message.utf8).split(separator: newline, omittingEmptySubsequences: false).map { line in
        var line = line
        while let last = line.last, isLineSpace(last) { line = line.dropLast() }
        return line
    }
}

private func lowercasedASCII(_ bytes: some Sequence<UInt8>) -> [UInt8] {
    bytes.map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }
}

private func isQuotedRevert(_ header: String) -> Bool {
    lowercasedASCII(header.utf8).starts(with: "revert \"".utf8)
}

/// Header, type, scope and description: the header is the first non-blank line; the description
/// is part of it; the type and scope are what the grammar allows; `parseHeader` (what lint
/// uses) agrees with `parse`.
private func checkHeader(_ commit: ConventionalCommit, message: String) {
    let all = lines(message)
    let expected = all.first { !$0.isEmpty } ?? all.last ?? []
    require(commit.header.utf8.elementsEqual(expected), "header \(quoted(commit.header)) is not the first non-blank line")
    require(containsBytes(commit.header.utf8, commit.description.utf8), "description \(quoted(commit.description)) is not part of header \(quoted(commit.header))")

    if let type = commit.type {
        let bytes = Array(type.utf8)
        require(!bytes.isEmpty && bytes[0] &- UInt8(ascii: "a") < 26, "type \(quoted(type)) does not start with a lower-case letter")
        require(bytes.allSatisfy { $0 &- UInt8(ascii: "a") < 26 || $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }, "type \(quoted(type)) has characters a type cannot have")
        require(lowercasedASCII(commit.header.utf8).starts(with: bytes), "type \(quoted(type)) is not where header \(quoted(commit.header)) starts")
        require(!commit.description.isEmpty, "a conventional commit with an empty description")
    } else {
        require(commit.description.utf8.elementsEqual(commit.header.utf8), "a non-conventional commit's description is not its header")
        require(commit.scope == nil, "a non-conventional commit has a scope")
    }
    if let scope = commit.scope {
        require(!scope.isEmpty, "an empty scope is not nil")
        require(!scope.utf8.contains { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: ":") || $0 == newline }, "scope \(quoted(scope)) holds '(', ')', ':' or a newline")
    }

    switch ConventionalCommitParser().parseHeader(Substring(commit.header)) {
    case .success(let parsed):
        require(commit.type == parsed.type, "parse gave type \(commit.type ?? "nil"), parseHeader \(parsed.type)")
        require(commit.scope == parsed.scope, "parse and parseHeader disagree on the scope")
        require(commit.description.utf8.elementsEqual(parsed.description.utf8), "parse and parseHeader disagree on the description")
        require(!parsed.isBreaking || commit.isBreaking, "a header with '!' did not make the commit breaking")
    case .failure(let error):
        require((1...(commit.header.utf8.count + 1)).contains(error.column), "header error at column \(error.column) of a \(commit.header.utf8.count)-byte header")
        require(!error.message.isEmpty, "a header error without a message")
        require(commit.type == nil || error.reason == .emptyScope || (commit.type == "revert" && isQuotedRevert(commit.header)),
                "parseHeader rejects \(quoted(commit.header)) (\(error.message)) but parse read type \(commit.type ?? "nil")")
    }
}

/// A breaking change is never missed: a `BREAKING CHANGE:` / `BREAKING-CHANGE:` line anywhere
/// after the header (also after a `* ` or `- ` bullet, also indented) makes the commit
/// breaking; a note implies a breaking commit.
private func checkBreakingChange(_ commit: ConventionalCommit, message: String) {
    if let note = commit.breakingNote {
        require(commit.isBreaking, "a breaking note on a commit that is not breaking")
        require(!note.isEmpty, "an empty breaking note")
    }
    let all = lines(message)
    guard let headerLine = all.firstIndex(where: { !$0.isEmpty }) else { return }
    for line in all[(headerLine + 1)...] {
        var text = line.drop { isLineSpace($0) }
        if text.starts(with: "* ".utf8) || text.starts(with: "- ".utf8) { text = text.dropFirst(2).drop { isLineSpace($0) } }
        if text.starts(with: "BREAKING CHANGE:".utf8) || text.starts(with: "BREAKING-CHANGE:".utf8) {
            require(commit.isBreaking, "the line \(quoted(String(decoding: line, as: UTF8.self))) did not make the commit breaking")
        }
    }
}

private func checkFootersAndBody(_ commit: ConventionalCommit) {
    for footer in commit.footers {
        require(!footer.token.isEmpty, "a footer without a token")
        require(!footer.token.utf8.contains(newline), "footer token \(quoted(footer.token)) holds a newline")
        require(footer.separator == ": " || footer.separator == " #", "footer separator \(quoted(footer.separator))")
        let last = footer.value.utf8.last
        require(!(last.map(isLineSpace) ?? false) && last != newline, "footer value \(quoted(footer.value)) ends in whitespace")
    }
    if let body = commit.body {
        let first = body.utf8.first, last = body.utf8.last
        require(first != nil, "an empty body is not nil")
        // The first line keeps its indentation (an indented code block stays one).
        require(first != newline && !(last.map(isLineSpace) ?? false) && last != newline, "body \(quoted(body)) is not trimmed")
    }
    if let version = commit.releaseAs {
        require(SemanticVersion(version.description) == version, "Release-As version \(version) does not round-trip")
        require(commit.footers.contains { $0.hasToken("Release-As") }, "Release-As version without a Release-As footer")
    }
    if commit.type == "revert" { require(commit.revert != nil, "a revert commit that reverts nothing") }
    switch commit.revert {
    case .commit(let id):
        require((7...40).contains(id.utf8.count), "reverted id \(quoted(id)) is not 7 to 40 digits")
        require(id.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 || $0 &- UInt8(ascii: "a") < 6 }, "reverted id \(quoted(id)) is not lower-case hex")
    case .header(let header):
        require(!header.isEmpty, "a revert of an empty header")
    case nil:
        break
    }
}

/// Numbers the parser reads from the text are written in it.
private func checkReferences(_ commit: ConventionalCommit, message: String) {
    if let number = commit.pullRequest {
        require(number >= 0, "pull request number \(number)")
        require(containsBytes(commit.header.utf8, String(number).utf8), "pull request \(number) is not in header \(quoted(commit.header))")
    }
    require(Set(commit.references).count == commit.references.count, "a reference is listed twice")
    for reference in commit.references {
        require(reference.number >= 0, "reference number \(reference.number)")
        require(containsBytes(message.utf8, String(reference.number).utf8), "reference number \(reference.number) is not in the message")
    }
}

/// The one sanitiser: what it gives back has no control characters, it changes nothing twice,
/// and it says whether it would change anything.
private func checkSanitizer(_ text: String) {
    let clean = TextSanitizer.printable(text)
    require(!clean.unicodeScalars.contains(where: TextSanitizer.isControl), "printable(\(quoted(text))) keeps a control character")
    require(!TextSanitizer.needsSanitizing(clean), "printable output still needs sanitising: \(quoted(clean))")
    require(sameBytes(TextSanitizer.printable(clean), clean), "printable is not idempotent on \(quoted(text))")
    require(TextSanitizer.needsSanitizing(text) || sameBytes(clean, text), "needsSanitizing said no, but printable changed \(quoted(text))")
    let line = TextSanitizer.singleLine(text)
    require(!line.utf8.contains { $0 == newline || $0 == 0x09 || $0 == 0x0D }, "singleLine(\(quoted(text))) keeps a line break")
}
