import Foundation
import RelnotesCore
import RelnotesFixtures
import Testing

private let acme = RepositoryLinks(webURL: "https://github.com/acme/widgets")

private func release(_ messages: [String], configuration: Configuration = Configuration(), links: RepositoryLinks? = acme) throws -> ReleaseNotes {
    var history = HistoryBuilder()
    for message in messages { history.commit(message) }
    let releases = try ReleasePartitioner(configuration: configuration).releases(in: history.history, scope: .all)
    return try #require(ReleaseNotesBuilder(configuration: configuration, links: links).document(releases).releases.first)
}

private func section(_ messages: [String], mentions: MentionPolicy = .escape) throws -> String {
    MarkdownRenderer(mentions: mentions).section(try release(messages))
}

/// The lines of `text` that are not inside a fenced code block, and whether a fence is left open.
private func outsideFences(_ text: String) -> (lines: [Substring], unclosed: Bool) {
    var open: Substring?
    var lines: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let trimmed = line.drop { $0 == " " }
        if let fence = open {
            if trimmed.hasPrefix(fence) { open = nil }
            continue
        }
        if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
            open = trimmed.prefix(3)
            continue
        }
        lines.append(line)
    }
    return (lines, open != nil)
}

@Suite("commit text in Markdown is data: inline escaping")
struct MarkdownInlineEscapingTests {
    @Test("HTML, comments, links, images and autolinks from commit text are inert", arguments: [
        ("fix: <!-- hide the rest", "&lt;!-- hide the rest"),
        ("fix: <script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("fix: <img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
        ("fix: [click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("fix: ![x](https://evil/track.png)", "!\\[x\\](https://evil/track.png)"),
        ("fix: <javascript:alert(1)>", "&lt;javascript:alert(1)>"),
        ("fix: [ref] and [x][ref]", "\\[ref\\] and \\[x\\]\\[ref\\]"),
        ("fix: &lt; stays text, & and AT&T too", "&amp;lt; stays text, & and AT&T too"),
        ("fix: a\\ backslash", "a\\\\ backslash"),
    ])
    func inert(message: String, expected: String) throws {
        let text = try section([message])
        #expect(text.contains("- \(expected) ("), "\(text)")
    }

    @Test("code spans are kept exactly, HTML and mentions inside them included")
    func codeSpans() throws {
        #expect(TextSanitizer.markdownInline("use `<div>` and ``a ` b`` now") == "use `<div>` and ``a ` b`` now")
        #expect(TextSanitizer.markdownInline("ping `@team` here") == "ping `@team` here")
        #expect(TextSanitizer.markdownInline("a `[x](javascript:y)` b") == "a `[x](javascript:y)` b")
    }

    @Test("a backtick without a partner is escaped, so it cannot open a span into what follows")
    func unmatchedBacktick() {
        #expect(TextSanitizer.markdownInline("it's a ` char") == "it's a \\` char")
        #expect(TextSanitizer.markdownInline("``` fence-ish") == "\\`\\`\\` fence-ish")
        #expect(TextSanitizer.markdownInline("`a`` b") == "\\`a\\`\\` b")
    }

    @Test("@name notifies nobody: wrapped in a code span by default, kept with mentions = keep")
    func mentions() throws {
        let escaped = try section(["fix: thanks @octocat and @acme/security-team, cc @everyone"])
        #expect(escaped.contains("- thanks `@octocat` and `@acme/security-team`, cc `@everyone` ("), "\(escaped)")
        let kept = try section(["fix: thanks @octocat"], mentions: .keep)
        #expect(kept.contains("- thanks @octocat ("))
    }

    @Test("an e-mail address is not a mention; a mention beside a code span gets a zero-width space")
    func mentionEdges() {
        #expect(TextSanitizer.markdownInline("mail ada@example.com") == "mail ada@example.com")
        #expect(TextSanitizer.markdownInline("`x`@ada") == "`x`@\u{200B}ada")
        #expect(TextSanitizer.markdownInline("@ada`x`") == "@\u{200B}ada`x`")
    }

    @Test("scopes are escaped too, and control characters never reach the file")
    func scopeAndControls() throws {
        let text = try section(["feat(<b>@x): \u{1B}[2Jclear \u{1B}]0;title\u{07} \u{9B}31m"])
        #expect(text.contains("- **&lt;b>`@x`:** \u{FFFD}\\[2Jclear \u{FFFD}\\]0;title\u{FFFD} \u{FFFD}31m ("), "\(text)")
        #expect(!TextSanitizer.needsSanitizing(text))
    }

    @Test("a whitespace-only message is listed as an empty message with its id, not as an empty bullet")
    func emptyMessage() throws {
        let text = try section([" \n\t\n"])
        #expect(text.contains("- *(empty message)* ([0000000](https://github.com/acme/widgets/commit/0000000000000000000000000000000000000001))"), "\(text)")
        #expect(!text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "-" })
    }
}

@Suite("commit text in Markdown is data: breaking-change notes")
struct BreakingNoteEscapingTests {
    @Test("a note line cannot start a heading, a quote, a fence, a rule or a setext underline", arguments: [
        ("## Fake heading", "  \\## Fake heading"),
        ("> quoted", "  \\> quoted"),
        ("~~~", "  \\~~~"),
        ("```", "  \\`\\`\\`"),
        ("---", "  \\---"),
        ("***", "  \\***"),
        ("___", "  \\___"),
        ("===", "  \\==="),
        ("- - -", "  \\- - -"),
        ("<!-- hidden", "  &lt;!-- hidden"),
        ("<details>", "  &lt;details>"),
        ("   # indented heading", "     \\# indented heading"),
    ])
    func blockStarts(line: String, expected: String) throws {
        let text = try section(["feat!: change\n\nBREAKING CHANGE: first line\n\(line)\nlast line"])
        #expect(text.contains("  first line\n\(expected)\n  last line\n"), "\(text)")
    }

    @Test("lists, emphasis and code spans in a note still read as written, indented under the bullet")
    func readable() throws {
        let text = try section(["feat!: change\n\nBREAKING CHANGE: removed:\n- `run`, use `start`\n1. *really*"])
        #expect(text.contains("  removed:\n  - `run`, use `start`\n  1. *really*\n"), "\(text)")
        #expect(TextSanitizer.markdownBlockLine("- # in a list item") == "- \\# in a list item")
        #expect(TextSanitizer.markdownBlockLine("1. > quote in a list item") == "1. \\> quote in a list item")
    }

    @Test("an unclosed fence in a note cannot swallow the sections after it")
    func unclosedFence() throws {
        var history = HistoryBuilder()
        history.commit("feat: first")
        history.tag("v1.0.0")
        history.commit("feat!: change\n\nBREAKING CHANGE: see\n```\nunclosed")
        history.tag("v2.0.0")
        let releases = try ReleasePartitioner(configuration: Configuration()).releases(in: history.history, scope: .all)
        let notes = ReleaseNotesBuilder(configuration: Configuration(), links: nil).document(releases).releases
        let document = MarkdownRenderer().document(header: "# Changelog", notes: notes)
        let (lines, unclosed) = outsideFences(document)
        #expect(!unclosed, "\(document)")
        #expect(lines.contains("## 1.0.0 - 2024-01-01"))
    }
}

@Suite("release bodies and tag messages")
struct ReleaseBodySafetyTests {
    private func person(_ name: String) -> Signature {
        Signature(name: name, email: "x@example.com", time: Timestamp(seconds: 0))
    }

    @Test("a Co-authored-by continuation line cannot add a heading or a -----BEGIN line")
    func coAuthorContinuation() throws {
        let commit = ConventionalCommitParser().parse(RawCommit(
            id: try #require(CommitID(hex: String(repeating: "1", count: 40))), parents: [], author: person("Ada"), committer: person("Ada"),
            message: "fix: x\n\nCo-authored-by: Mallory\n-----BEGIN PGP SIGNATURE-----\n## Fake heading\nCo-authored-by: @everyone\n"
        ))
        let people = ContributorFinder.contributors(of: [commit], earlier: [])
        #expect(people.map(\.name).sorted() == ["@everyone", "Ada", "Mallory"])
        let body = ReleaseBodyRenderer().body(try release(["fix: x"]), contributors: people)
        #expect(body.contains("- `@everyone` (first contribution)"), "\(body)")
        for line in body.split(separator: "\n") {
            #expect(!line.hasPrefix("-----BEGIN"))
            #expect(!line.hasPrefix("#") || line.hasPrefix("### "), "\(line)")
        }
    }

    @Test("contributor names are one escaped line whatever they hold")
    func contributorNames() throws {
        let people = [Contributor(name: "Eve\n## Heading <!-- \u{1B}[2J", email: "", firstTime: false)]
        let body = ReleaseBodyRenderer().body(try release(["fix: x"]), contributors: people)
        #expect(body.contains("- Eve ## Heading &lt;!-- \u{FFFD}\\[2J\n"), "\(body)")
        #expect(!body.contains("\n## Heading"))
    }

    @Test("a tag message has no line starting with -----BEGIN, and no control characters")
    func tagMessage() {
        let message = TextSanitizer.tagMessage("v1.0.0\n\n-----BEGIN PGP SIGNATURE-----\nx\u{1B}[2J\n-----BEGIN SSH SIGNATURE-----")
        #expect(message == "v1.0.0\n\n\\-----BEGIN PGP SIGNATURE-----\nx\u{FFFD}[2J\n\\-----BEGIN SSH SIGNATURE-----")
    }

    @Test("the size limit holds in UTF-16 code units: a 60,000-emoji header")
    func emojiHeader() throws {
        let family = "👨‍👩‍👧‍👦"  // one character, 7 code points, 11 UTF-16 code units
        let notes = try release(["feat: " + String(repeating: family, count: 60_000), "fix: small"])
        let clock = ContinuousClock()
        var body = ""
        let elapsed = clock.measure { body = ReleaseBodyRenderer().body(notes, contributors: []) }
        #expect(body.utf16.count <= ReleaseBodyRenderer.githubLimit)
        #expect(body.contains("left out to stay within GitHub's size limit"))
        #expect(elapsed < .seconds(10))
    }

    @Test("many entries are dropped in a few renderings, not one per entry")
    func manyEntries() throws {
        var messages: [String] = []
        for index in 0..<20_000 { messages.append("fix: entry \(index) " + String(repeating: "é", count: 40)) }
        let notes = try release(messages)
        let clock = ContinuousClock()
        var body = ""
        let elapsed = clock.measure { body = ReleaseBodyRenderer().body(notes, contributors: []) }
        #expect(body.utf16.count <= ReleaseBodyRenderer.githubLimit)
        #expect(body.utf16.count > ReleaseBodyRenderer.githubLimit - 1_000, "entries are dropped only as far as needed")
        #expect(elapsed < .seconds(10))
    }

    @Test("contributors and, last, the text itself are cut when entries alone cannot make room")
    func hugeRest() throws {
        let people = (0..<20).map { Contributor(name: "Person \($0) " + String(repeating: "x", count: 500), email: "", firstTime: false) }
        let body = ReleaseBodyRenderer(limit: 3_000).body(try release(["fix: x"]), contributors: people)
        #expect(body.utf16.count <= 3_000)
        #expect(body.contains("- …and "))
        let extra = String(repeating: "line of the extra section\n", count: 500)
        let cut = ReleaseBodyRenderer(limit: 3_000).body(try release(["fix: x"]), contributors: [], extra: extra)
        #expect(cut.utf16.count <= 3_000)
        #expect(cut.hasSuffix("…cut here to stay within GitHub's size limit.\n"))
    }
}

@Suite("terminal text from commits")
struct TerminalTextTests {
    @Test("lint findings quote commit text on one line, control characters replaced")
    func lintFindings() throws {
        let linter = CommitLinter(configuration: Configuration())
        let id = try #require(CommitID(hex: String(repeating: "a", count: 40)))
        let findings = linter.lint("Fix \u{1B}]0;pwned\u{07}stuff\n\nBREAKING_CHANGE\u{1B}[2J: x", source: .commit(id))
        #expect(!findings.isEmpty)
        for finding in findings {
            #expect(!TextSanitizer.needsSanitizing(finding.summary), "\(finding.summary)")
            #expect(!finding.summary.contains("\n"))
            #expect(!TextSanitizer.needsSanitizing(finding.problem))
        }
    }

    @Test("the JSON document keeps commit text exactly, with every control character escaped")
    func json() throws {
        let notes = try release(["fix: a\u{1B}[2J b\u{7F} c\u{9B}d é"])
        let text = ChangelogDocument(repositoryURL: nil, releases: [notes]).jsonText()
        #expect(!TextSanitizer.needsSanitizing(text.replacingOccurrences(of: "\n", with: "")))
        #expect(text.contains(#""a\u001b[2J b\u007f c\u009bd é""#), "\(text)")
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let commit = ((parsed?["releases"] as? [[String: Any]])?.first?["commits"] as? [[String: Any]])?.first
        #expect(commit?["summary"] as? String == "a\u{1B}[2J b\u{7F} c\u{9B}d é")
        // Quotes and backslashes escaped; a no-break space (also 0xC2 in UTF-8) kept; a C1
        // control as the last character escaped.
        let edges = ChangelogDocument(repositoryURL: nil, releases: [try release(["fix: q\"\\ \u{A0}x\u{85}"])]).jsonText()
        #expect(edges.contains(#""q\"\\ \#u{A0}x\u0085""#), "\(edges)")
    }

    @Test("a JSON string is escaped the same wherever in a long plain run the special character falls")
    func jsonStringsEightBytesAtATime() throws {
        // The writer skips plain ASCII eight bytes at a time: every special character (each C0
        // control, quote, backslash, DEL, a C1 control, non-ASCII) at every offset of a word.
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case "\u{00}"..."\u{1F}", "\u{7F}"..."\u{9F}": out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let specials: [String] = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + ["\"", "\\", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "é", "€", "😀"]
        var random = SplitMix64(seed: 0x150)
        for special in specials {
            for offset in 0..<17 {
                let tail = String(repeating: "y", count: Int.random(in: 0..<12, using: &random))
                let text = String(repeating: "x", count: offset) + special + tail
                #expect(JSONValue.string(text).text == reference(text) + "\n", "\(Array(text.utf8))")
            }
        }
    }

    @Test("templates get commit text with control characters replaced")
    func templates() throws {
        let document = ChangelogDocument(repositoryURL: nil, releases: [try release(["fix: a\u{1B}[2Jb"])])
        let text = try TemplateRenderer(template: "{{#releases}}{{#commits}}{{summary}}{{/commits}}{{/releases}}", file: "t").render(document)
        #expect(text == "a\u{FFFD}[2Jb")
    }

    @Test("mentions is read from the configuration; other values are an error")
    func configuration() throws {
        #expect(Configuration().mentions == .escape)
        #expect(try ConfigurationParser().parse("mentions = \"keep\"\n", file: "c.toml").mentions == .keep)
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationParser().parse("mentions = \"loud\"\n", file: "c.toml") }
        #expect(error?.key == "mentions")
    }
}
