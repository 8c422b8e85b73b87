import RelnotesCore
import RelnotesFixtures
import Testing

/// One header and what it should read as.
struct HeaderExpectation: Sendable, CustomTestStringConvertible {
    var header: String
    var type: String?
    var scope: String?
    var isBreaking: Bool
    var description: String

    var testDescription: String { header.debugDescription }

    /// A conventional header.
    static func conventional(_ header: String, _ type: String, scope: String? = nil, breaking: Bool = false, _ description: String) -> HeaderExpectation {
        HeaderExpectation(header: header, type: type, scope: scope, isBreaking: breaking, description: description)
    }

    /// A header that is kept as a non-conventional commit: no type, the header as description.
    static func other(_ header: String) -> HeaderExpectation {
        HeaderExpectation(header: header, type: nil, scope: nil, isBreaking: false, description: header)
    }
}

@Suite("conventional commit parsing")
struct ConventionalCommitParserTests {
    private let parser = ConventionalCommitParser()

    private func parse(_ message: String, parents: Int = 1) -> ConventionalCommit {
        let person = Signature(name: "Ana Lima", email: "ana@example.com", time: Timestamp(seconds: 1_700_000_000))
        let id = CommitID(hex: String(repeating: "a", count: 40))!
        let parentIDs = (0..<parents).compactMap { CommitID(hex: String(repeating: String($0 + 1), count: 40)) }
        return parser.parse(RawCommit(id: id, parents: parentIDs, author: person, committer: person, message: message))
    }

    // MARK: Headers

    @Test("headers are read as type(scope)!: description, the type lower-cased, the scope as written", arguments: [
        HeaderExpectation.conventional("feat: add x", "feat", "add x"),
        .conventional("fix(parser): handle CRLF", "fix", scope: "parser", "handle CRLF"),
        .conventional("Feat(API)!: x", "feat", scope: "API", breaking: true, "x"),
        .conventional("feat!: drop node 14", "feat", breaking: true, "drop node 14"),
        .conventional("FIX: Shout", "fix", "Shout"),
        .conventional("feat(api, cli): x", "feat", scope: "api, cli", "x"),
        .conventional("feat(ui/button): x", "feat", scope: "ui/button", "x"),
        .conventional("fix(v1.2-compat): x", "fix", scope: "v1.2-compat", "x"),
        .conventional("feat( core ): x", "feat", scope: "core", "x"),
        .conventional("feat(Ünïcode): x", "feat", scope: "Ünïcode", "x"),
        .conventional("feat:   many spaces", "feat", "many spaces"),
        .conventional("feat:\ttab", "feat", "tab"),
        .conventional("build_sys: x", "build_sys", "x"),
        .conventional("ci-cd2: x", "ci-cd2", "x"),
        .conventional("docs: ünïcödé ✓ and: colons", "docs", "ünïcödé ✓ and: colons"),
        .conventional("fix: x (#123)", "fix", "x (#123)"),
        .conventional("revert: feat: add x", "revert", "feat: add x"),
        .conventional("fix(): x", "fix", "x"),
        .conventional("fix(  ): x", "fix", "x"),
    ])
    func conventionalHeaders(expected: HeaderExpectation) {
        let commit = parse(expected.header + "\n")
        #expect(commit.header == expected.header)
        #expect(commit.type == expected.type)
        #expect(commit.scope == expected.scope)
        #expect(commit.isBreaking == expected.isBreaking)
        #expect(commit.description == expected.description)
        #expect(commit.isConventional)
    }

    @Test("near misses are kept as non-conventional commits with the header as description", arguments: [
        HeaderExpectation.other("feat:no space"),
        .other("feat(scope: x"),
        .other("feat(scope"),
        .other("WIP"),
        .other("Merge branch 'x'"),
        .other("Merge pull request #12 from a/b"),
        .other("feat :x"),
        .other("feat x"),
        .other("feat:"),
        .other(":"),
        .other(": x"),
        .other("(api): x"),
        .other("!: x"),
        .other("[WIP] feat: x"),
        .other(" feat: x"),
        .other("feat.x: y"),
        .other("feat/x: y"),
        .other("féat: x"),
        .other("feat(a(b)): x"),
        .other("feat!(api): x"),
        .other("feat (api): x"),
        .other("123: x"),
        .other("feat(api)"),
        .other("feat!"),
        .other("Update README.md"),
        .other("Revert"),
        .other("Revert \"\""),
        .other("Revert \"unterminated"),
    ])
    func nonConventionalHeaders(expected: HeaderExpectation) {
        let commit = parse(expected.header)
        #expect(commit.header == expected.header)
        #expect(commit.type == nil)
        #expect(commit.scope == nil)
        #expect(!commit.isBreaking)
        #expect(commit.description == expected.description)
        #expect(!commit.isConventional)
        #expect(commit.revert == nil)
    }

    @Test("a header that breaks the grammar says where and why", arguments: [
        ("", HeaderSyntaxError.Reason.emptyHeader, 1, "the header is empty"),
        (":", .missingType, 1, "expected a type at the start of the header, e.g. 'feat: add x'"),
        ("(api): x", .missingType, 1, "expected a type at the start of the header, e.g. 'feat: add x'"),
        ("[WIP] x", .invalidTypeCharacter, 1, "a type starts with a letter, found '['"),
        ("ü: x", .invalidTypeCharacter, 1, "a type starts with a letter, found 'ü'"),
        ("feat.x: y", .invalidTypeCharacter, 5, "'.' is not allowed in a type: use letters, digits, '-' and '_'"),
        ("féat: x", .invalidTypeCharacter, 2, "'é' is not allowed in a type: use letters, digits, '-' and '_'"),
        ("WIP", .missingColon, 4, "expected ':' after the type 'WIP'"),
        ("Merge branch 'x'", .missingColon, 6, "expected ':' after the type 'Merge'"),
        ("feat(api) x", .missingColon, 10, "expected ':' after the scope"),
        ("feat!(api): x", .missingColon, 6, "expected ':' after '!'"),
        ("feat(scope: x", .unclosedScope, 5, "the scope is not closed: expected ')' before ':'"),
        ("feat(scope", .unclosedScope, 5, "the scope is not closed: expected ')'"),
        ("fix(): x", .emptyScope, 4, "the scope is empty: write one or leave out the parentheses"),
        ("feat(a(b)): x", .invalidScopeCharacter, 7, "'(' is not allowed in a scope"),
        ("feat:no space", .missingSpaceAfterColon, 6, "expected a space after ':'"),
        ("feat:", .emptyDescription, 6, "the description is empty"),
        ("feat:   ", .emptyDescription, 9, "the description is empty"),
    ])
    func headerErrors(header: String, reason: HeaderSyntaxError.Reason, column: Int, message: String) {
        let expected = HeaderSyntaxError(column: column, reason: reason, message: message)
        #expect(parser.parseHeader(Substring(header)) == .failure(expected))
    }

    @Test("parseHeader returns the parts of a conventional header")
    func parseHeaderParts() {
        #expect(parser.parseHeader("Feat(API)!:  add x (#12)") == .success(ParsedHeader(type: "feat", scope: "API", isBreaking: true, description: "add x (#12)")))
        #expect(parser.parseHeader("chore: tidy  ") == .success(ParsedHeader(type: "chore", description: "tidy")))
        let line = "xx feat(a): b"
        #expect(parser.parseHeader(line.dropFirst(3)) == .success(ParsedHeader(type: "feat", scope: "a", description: "b")))
    }

    // MARK: Body and footers

    @Test("body paragraphs and trailing footers are told apart")
    func bodyAndFooters() {
        let commit = parse("""
            feat(api): add pagination

            The list endpoint now pages.
            It returns 50 items.

            Second paragraph.

            Reviewed-by: Ana
            Refs #123
            BREAKING CHANGE: the list endpoint
              returns a page object
            Co-authored-by: Bo <bo@example.com>
            """)
        #expect(commit.body == "The list endpoint now pages.\nIt returns 50 items.\n\nSecond paragraph.")
        #expect(commit.footers == [
            Footer(token: "Reviewed-by", separator: ": ", value: "Ana"),
            Footer(token: "Refs", separator: " #", value: "123"),
            Footer(token: "BREAKING CHANGE", separator: ": ", value: "the list endpoint\n  returns a page object"),
            Footer(token: "Co-authored-by", separator: ": ", value: "Bo <bo@example.com>"),
        ])
        #expect(commit.isBreaking)
        #expect(commit.breakingNote == "the list endpoint\n  returns a page object")
    }

    @Test("a multi-line BREAKING CHANGE note keeps its lines and ends at the next footer")
    func multiLineBreakingNote() {
        let commit = parse("fix: x\n\nBREAKING CHANGE: the flag --old is gone;\nuse --new instead.\n  Details in the guide.\nRefs: #1\n")
        #expect(commit.breakingNote == "the flag --old is gone;\nuse --new instead.\n  Details in the guide.")
        #expect(commit.footers.map(\.token) == ["BREAKING CHANGE", "Refs"])
        #expect(commit.footers[1].value == "#1")
        #expect(commit.body == nil)
    }

    @Test("a BREAKING CHANGE note may run over several paragraphs and is never read as body")
    func multiParagraphBreakingNote() {
        let commit = parse("feat: x\n\nIntro.\n\nBREAKING CHANGE: config moved.\n\nMigrate by running y.\n\nRefs #4")
        #expect(commit.body == "Intro.")
        #expect(commit.isBreaking)
        #expect(commit.breakingNote == "config moved.\n\nMigrate by running y.")
        #expect(commit.footers.map(\.token) == ["BREAKING CHANGE", "Refs"])
    }

    @Test("a BREAKING CHANGE token may carry its note on the following lines")
    func breakingNoteOnNextLine() {
        let commit = parse("feat: x\n\nBREAKING CHANGE:\n  the flag is gone")
        #expect(commit.isBreaking)
        #expect(commit.breakingNote == "the flag is gone")
    }

    @Test("BREAKING-CHANGE is a synonym of BREAKING CHANGE")
    func breakingChangeSynonym() {
        let commit = parse("fix: x\n\nBREAKING-CHANGE: gone")
        #expect(commit.isBreaking)
        #expect(commit.breakingNote == "gone")
        #expect(commit.footers == [Footer(token: "BREAKING-CHANGE", separator: ": ", value: "gone")])
    }

    @Test("several breaking-change footers are joined into one note")
    func severalBreakingFooters() {
        let commit = parse("feat!: x\n\nBREAKING CHANGE: one\nBREAKING-CHANGE: two")
        #expect(commit.breakingNote == "one\n\ntwo")
    }

    @Test("! alone marks a breaking change without a note")
    func bangWithoutNote() {
        let commit = parse("feat(api)!: remove v1\n\nWhy it goes.")
        #expect(commit.isBreaking)
        #expect(commit.breakingNote == nil)
        #expect(commit.body == "Why it goes.")
    }

    @Test("breaking-change tokens are recognised in upper case only", arguments: [
        "fix: x\n\nbreaking change: nope",
        "fix: x\n\nbreaking-change: nope",
        "fix: x\n\nBreaking Change: nope",
        "fix: x\n\nBREAKING CHANGES: nope",
        "fix: x\n\nBREAKING CHANGE nope",
    ])
    func breakingCaseSensitive(message: String) {
        let commit = parse(message)
        #expect(!commit.isBreaking)
        #expect(commit.breakingNote == nil)
    }

    @Test("a BREAKING CHANGE footer makes even a non-conventional commit breaking")
    func breakingNonConventional() {
        let commit = parse("Rework the CLI\n\nBREAKING CHANGE: flags renamed")
        #expect(!commit.isConventional)
        #expect(commit.isBreaking)
        #expect(commit.breakingNote == "flags renamed")
    }

    @Test("a footer-like first line followed by a prose paragraph stays body", arguments: [
        "docs: x\n\nNote: this is prose\n\nand more prose.",
        "docs: x\n\nRefs #12 explain it\n\nand more prose.",
    ])
    func proseStaysBody(message: String) {
        let commit = parse(message)
        #expect(commit.footers.isEmpty)
        #expect(commit.body == String(message.dropFirst("docs: x\n\n".count)))
    }

    @Test("lines that only look like footers are body", arguments: [
        "feat: x\n\nChanges:\n- a\n- b",
        "fix: x\n\nSee https://example.com/a",
        "fix: x\n\nhttps://example.com/a",
        "fix: x\n\nTwo words: are not a token",
        "fix: x\n\nToken:no-space",
        "fix: x\n\nRefs #",
        "fix: x\n\nRefs#12",
    ])
    func notFooters(message: String) {
        let commit = parse(message)
        #expect(commit.footers.isEmpty)
        #expect(commit.body != nil)
    }

    @Test("a line in a footer paragraph that starts no footer continues the previous value")
    func continuationLines() {
        let commit = parse("fix: x\n\nReviewed-by: Ana\n  and Bo\nSigned-off-by: Cy <cy@example.com>")
        #expect(commit.footers == [
            Footer(token: "Reviewed-by", value: "Ana\n  and Bo"),
            Footer(token: "Signed-off-by", value: "Cy <cy@example.com>"),
        ])
    }

    @Test("Refs #123 is a footer with the # separator")
    func hashFooter() {
        let commit = parse("fix: x\n\nRefs #123\nCloses #7")
        #expect(commit.footers == [Footer(token: "Refs", separator: " #", value: "123"), Footer(token: "Closes", separator: " #", value: "7")])
        #expect(commit.footers.map(\.text) == ["Refs #123", "Closes #7"])
        #expect(commit.body == nil)
    }

    // MARK: Release-As

    @Test("a Release-As footer forces a version; its token is read in any case and its value may start with v", arguments: [
        ("chore: release\n\nRelease-As: 2.0.0", "2.0.0"),
        ("chore: release\n\nrelease-as: v3.1.0", "3.1.0"),
        ("chore: release\n\nRELEASE-AS: 1.0.0-rc.1", "1.0.0-rc.1"),
        ("chore: release\n\nRelease-As: 1.0.0\nRelease-As: 2.0.0", "2.0.0"),
        ("chore: release\n\nRelease-As: 1.0.0\nRelease-As: banana", "1.0.0"),
        ("release things\n\nRelease-As: 4.0.0", "4.0.0"),
    ])
    func releaseAs(message: String, version: String) {
        #expect(parse(message).releaseAs == SemanticVersion(version))
    }

    @Test("a Release-As footer that is not a version, or Release-As in the body, forces nothing", arguments: [
        "chore: x\n\nRelease-As: banana",
        "chore: x\n\nRelease-As: 1.2",
        "chore: x\n\nRelease-As: 2.0.0\n\nmore prose",
        "chore: x",
    ])
    func noReleaseAs(message: String) {
        #expect(parse(message).releaseAs == nil)
    }

    @Test("a Release-As footer keeps its token as written")
    func releaseAsTokenAsWritten() {
        #expect(parse("chore: x\n\nrelease-as: v3.1.0").footers == [Footer(token: "release-as", value: "v3.1.0")])
    }

    // MARK: Pull requests

    @Test("a trailing (#N) is the pull request; the description keeps it", arguments: [
        ("fix: x (#123)", 123),
        ("fix: x(#7)", 7),
        ("Update docs (#45)", 45),
        ("feat(api)!: big (#1)", 1),
        ("fix: see (#1) and (#2)", 2),
    ])
    func pullRequest(header: String, number: Int) {
        let commit = parse(header)
        #expect(commit.pullRequest == number)
        #expect(commit.description.hasSuffix("(#\(number))"))
    }

    @Test("anything but a trailing (#N) is no pull request", arguments: [
        "fix: issue #12", "fix: x (#)", "fix: x (#12", "fix: x #12)", "fix: x (#12) done", "fix: x (12)",
        "fix: x (#1234567890123456789012)", "fix: x (#a1)",
    ])
    func noPullRequest(header: String) {
        #expect(parse(header).pullRequest == nil)
    }

    // MARK: Reverts

    @Test("Revert \"…\" with git's id line is a revert of that commit")
    func revertWithID() {
        let commit = parse("Revert \"feat: add x\"\n\nThis reverts commit 0123456789ABCDEF0123456789abcdef01234567.\n")
        #expect(commit.type == "revert")
        #expect(commit.isConventional)
        #expect(commit.description == "feat: add x")
        #expect(commit.revert == .commit("0123456789abcdef0123456789abcdef01234567"))
        #expect(commit.body == "This reverts commit 0123456789ABCDEF0123456789abcdef01234567.")
    }

    @Test("Revert \"…\" without an id line names its target by the quoted header")
    func revertWithoutID() {
        let commit = parse("Revert \"feat: add x\"")
        #expect(commit.type == "revert")
        #expect(commit.scope == nil)
        #expect(!commit.isBreaking)
        #expect(commit.description == "feat: add x")
        #expect(commit.revert == .header("feat: add x"))
    }

    @Test("a revert of a revert names the quoted revert header")
    func revertOfRevert() {
        let commit = parse("Revert \"Revert \"feat: x\"\"")
        #expect(commit.description == "Revert \"feat: x\"")
        #expect(commit.revert == .header("Revert \"feat: x\""))
    }

    @Test("a squash-merged Revert \"…\" (#N) takes N as its pull request")
    func revertPullRequest() {
        let commit = parse("Revert \"feat: add x (#12)\" (#13)")
        #expect(commit.type == "revert")
        #expect(commit.description == "feat: add x (#12)")
        #expect(commit.revert == .header("feat: add x (#12)"))
        #expect(commit.pullRequest == 13)
        #expect(parse("Revert \"feat: add x (#12)\"").pullRequest == 12)
    }

    @Test("revert: commits name their target by the id line, else by their description", arguments: [
        ("revert: feat: add x", RevertTarget.header("feat: add x")),
        ("revert(api): \"feat(api): add x\"", .header("feat(api): add x")),
        ("revert: undo x\n\nThis reverts commit ABCDEF1.", .commit("abcdef1")),
        ("Revert: undo x\n\nWhy.\n\nThis reverts commit abcdef1234, reversing\nchanges made to 1234567.", .commit("abcdef1234")),
        ("revert: undo x\n\nThis reverts commit abc12.", .header("undo x")),
        ("revert: undo x\n\nThis reverts commit abcdefg1234.", .header("undo x")),
    ])
    func conventionalRevert(message: String, target: RevertTarget) {
        let commit = parse(message)
        #expect(commit.type == "revert")
        #expect(commit.revert == target)
    }

    @Test("git's Reapply \"…\" stays non-conventional but names the revert it undoes")
    func reapply() {
        let withID = parse("Reapply \"feat: x\"\n\nThis reverts commit bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.")
        #expect(withID.type == nil)
        #expect(withID.description == "Reapply \"feat: x\"")
        #expect(withID.revert == .commit("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"))
        #expect(parse("Reapply \"feat: x\"").revert == .header("Revert \"feat: x\""))
    }

    @Test("git's revert line names the target whatever the header; without it only revert headers revert")
    func revertTargets() {
        #expect(parse("fix: x\n\nThis reverts commit abcdef1234567.").revert == .commit("abcdef1234567"))
        #expect(parse("Reverted the thing").revert == nil)
        #expect(parse("fix: the revert of x").revert == nil)
    }

    // MARK: Robustness

    @Test("CRLF line endings read as LF")
    func crlf() {
        let commit = parse("feat(api): x  \r\n\r\nbody line\r\nsecond line\r\n\r\nRefs #1\r\nBREAKING CHANGE: a\r\n  b\r\n")
        #expect(commit.header == "feat(api): x")
        #expect(commit.description == "x")
        #expect(commit.scope == "api")
        #expect(commit.body == "body line\nsecond line")
        #expect(commit.footers == [Footer(token: "Refs", separator: " #", value: "1"), Footer(token: "BREAKING CHANGE", value: "a\n  b")])
        #expect(commit.breakingNote == "a\n  b")
    }

    @Test("U+FFFD from a lossily decoded message is kept as text")
    func replacementCharacter() {
        let commit = parse("fix: caf\u{FFFD} crash\n\nbody \u{FFFD}\u{FFFD}")
        #expect(commit.type == "fix")
        #expect(commit.description == "caf\u{FFFD} crash")
        #expect(commit.body == "body \u{FFFD}\u{FFFD}")
        #expect(parse("\u{FFFD}\u{FFFD}: x").type == nil)
    }

    @Test("empty and blank messages give an empty non-conventional commit", arguments: ["", " ", "\n", "\n\n\n", "  \n\t\n", "\r\n\r\n"])
    func emptyMessages(message: String) {
        let commit = parse(message)
        #expect(commit.header == "")
        #expect(commit.description == "")
        #expect(commit.type == nil)
        #expect(commit.body == nil)
        #expect(commit.footers.isEmpty)
        #expect(!commit.isBreaking)
    }

    @Test("blank lines before the header are skipped")
    func leadingBlankLines() {
        let commit = parse("\n\n  \nfeat: x\n\nbody")
        #expect(commit.header == "feat: x")
        #expect(commit.type == "feat")
        #expect(commit.body == "body")
    }

    @Test("a merge commit is marked and read like any other")
    func mergeCommit() {
        let commit = parse("Merge branch 'x'\n\n* x:\n  feat: y", parents: 2)
        #expect(commit.isMerge)
        #expect(commit.type == nil)
        #expect(!parse("feat: x").isMerge)
    }

    @Test("the id, author and committer are carried over")
    func identity() {
        let commit = parse("feat: x")
        #expect(commit.id.description == String(repeating: "a", count: 40))
        #expect(commit.author.name == "Ana Lima")
        #expect(commit.committer.time.seconds == 1_700_000_000)
    }

    @Test("huge lines parse without trouble")
    func hugeLines() {
        let long = String(repeating: "a", count: 1_000_000)
        #expect(parse(long).description == long)
        let commit = parse("feat: " + long + "\n\n" + long + "\n\nRefs: " + long)
        #expect(commit.description == long)
        #expect(commit.body == long)
        #expect(commit.footers.first?.value == long)
    }

    @Test("random messages built from tricky pieces never crash and keep the invariants")
    func fuzz() {
        let pieces = [
            "feat", "fix", "(", ")", "!", ":", " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "#", "\"", "a", "é", "e\u{301}",
            "\u{FFFD}", "👩‍👩‍👧", "BREAKING CHANGE: ", "BREAKING-CHANGE:", "Refs #", "Release-As: v1.2.3", "Revert \"",
            "Reapply \"", "This reverts commit ", "abcdef1234567", "(#12)", "revert: ", "Token: value", "\u{0}",
        ]
        var generator = SplitMix64(seed: 42)
        for _ in 0..<3_000 {
            let message = (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let commit = parse(message)
            #expect(!commit.header.contains("\n"), "\(message.debugDescription)")
            #expect(commit.header.utf8.last.map { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") } ?? true)
            #expect(commit.body.map { !$0.isEmpty && !$0.hasPrefix("\n") && !$0.hasSuffix("\n") } ?? true)
            #expect(commit.footers.allSatisfy { footer in
                !footer.token.isEmpty && footer.value.utf8.last.map { ![0x20, 0x09, 0x0D, 0x0A].contains($0) } ?? true
            })
            if commit.type != nil && commit.type != "revert" {
                #expect(commit.scope.map { $0 == $0.lowercased() } ?? true)
                #expect(commit.type == commit.type?.lowercased())
            } else if commit.type == nil {
                #expect(commit.description == commit.header)
            }
            if case .success(let parsed) = parser.parseHeader(Substring(commit.header)) {
                #expect(commit.type == parsed.type && commit.description == parsed.description, "\(message.debugDescription)")
            }
        }
    }
}
